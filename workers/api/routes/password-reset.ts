import { createRoute, z } from "@hono/zod-openapi";
import { requestPasswordReset, resetPassword } from "../../core/accounts/password-reset";
import { openDb } from "../../core/db";
import { sendEmailBindingMailer } from "../../core/mail/mailer";
import { clientOf } from "../client-address";
import { createRouter, errors, json, jsonBody } from "../router";
import { Email, Password, Slug } from "../schemas/common";
import { LanguageSchema } from "../schemas/users";

/** "Forgot password?": no credential needed; the workspace comes from the slug, then from the link. */
export const passwordReset = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/password-reset",
      tags: ["Auth"],
      summary: "Email a password reset link (valid 1 hour, once) to an account of the workspace",
      description:
        "Answers 202 whether or not the workspace has an account with that address (nothing is revealed). Rate-limited per client and per workspace and address (429 `rate_limited`). The email is in the user's language, else `language`.",
      request: { body: jsonBody(z.object({ workspace: Slug, email: Email, language: LanguageSchema.default("en") }).strict()) },
      responses: { 202: json(z.object({ accepted: z.literal(true) }), "If the account exists, the link is on its way"), 422: errors[422], 429: errors[429] },
    }),
    async (c) => {
      const { workspace, email, language } = c.req.valid("json");
      const mail = { mailer: sendEmailBindingMailer(c.env.EMAIL), mailDomain: c.env.MAIL_DOMAIN, appUrl: c.env.APP_URL };
      const { send } = await requestPasswordReset(openDb(c.env.DB), mail, { workspace, email, language, client: clientOf(c) });
      // Sent after the answer (the mail is already recorded; the cron retries a failed send).
      c.executionCtx.waitUntil(send());
      return c.json({ accepted: true as const }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/password-reset/confirm",
      tags: ["Auth"],
      summary: "Choose a new password with a reset link's token (signs the user out everywhere)",
      request: { body: jsonBody(z.object({ token: z.string().min(1).max(200), password: Password }).strict()) },
      responses: { 204: { description: "The password is changed; sign in with it" }, 404: errors[404], 422: errors[422] },
    }),
    async (c) => {
      await resetPassword(openDb(c.env.DB), c.req.valid("json"));
      return c.body(null, 204);
    },
  );
