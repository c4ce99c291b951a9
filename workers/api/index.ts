import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { AppError } from "../core/errors";
import { auditAdminActions } from "./audit-middleware";
import { authenticate, keepSettings } from "./auth-middleware";
import { problem, onError } from "./problem";
import { referencePage } from "./reference-page";
import { createRouter } from "./router";
import { audit } from "./routes/audit";
import { backgroundFailures } from "./routes/background-failures";
import { publicAuth, sessionAuth } from "./routes/auth";
import { passwordReset } from "./routes/password-reset";
import { profile } from "./routes/profile";
import { notificationRoutes } from "./routes/notifications";
import { customers } from "./routes/customers";
import { devOutbox } from "./routes/dev-outbox";
import { emailChannel } from "./routes/email-channel";
import { groups } from "./routes/groups";
import { assignmentRoutes } from "./routes/assignment";
import { holidayImports } from "./routes/holiday-imports";
import { reports } from "./routes/reports";
import { sla } from "./routes/sla";
import { surveys } from "./routes/surveys";
import { customerSatisfaction } from "./routes/customer-satisfaction";
import { standardReplies } from "./routes/standard-replies";
import { macroRoutes } from "./routes/macros";
import { team } from "./routes/team";
import { tickets } from "./routes/tickets";
import { ticketMerge } from "./routes/ticket-merge";
import { ticketCounts } from "./routes/ticket-counts";
import { customerContextRoutes } from "./routes/customer-context";
import { ticketBulk } from "./routes/ticket-bulk";
import { savedViewRoutes } from "./routes/saved-views";
import { triggerRoutes } from "./routes/triggers";
import { automationRoutes } from "./routes/automations";
import { webhooks } from "./routes/webhooks";
import { live } from "./routes/live";
import { fileLinks } from "./routes/file-links";
import { UPLOAD_PATH, uploadRoutes } from "./routes/uploads";
import { workspaceLogo } from "./routes/workspace-logo";

const MAX_BODY_BYTES = 1024 * 1024;

/** Everything under /api/v1 that needs a credential; the tenant scope is set by `authenticate`. */
const workspace = createRouter();
for (const path of ["/tickets", "/tickets/*", "/bulk/tickets", "/bulk/tickets/*"]) workspace.use(path, keepSettings((request, env, ctx) => api.fetch(request, env, ctx)));
workspace.use("*", authenticate);
// Successful admin actions go to the audit log; "before" is read through the whole API with the caller's credential.
workspace.use("*", auditAdminActions((request, env) => api.fetch(request, env)));
const workspaceRoutes = workspace.route("/", tickets).route("/", ticketBulk).route("/", ticketMerge).route("/", savedViewRoutes).route("/", ticketCounts).route("/", customers).route("/", team).route("/", groups).route("/", assignmentRoutes).route("/", standardReplies).route("/", macroRoutes).route("/", emailChannel).route("/", sla).route("/", triggerRoutes).route("/", automationRoutes).route("/", holidayImports).route("/", surveys).route("/", customerSatisfaction).route("/", customerContextRoutes).route("/", webhooks).route("/", reports).route("/", devOutbox).route("/", audit).route("/", backgroundFailures).route("/", live).route("/", uploadRoutes).route("/", workspaceLogo);

const v1 = createRouter();
v1.use("*", requestId({ generator: () => crypto.randomUUID() }));
v1.use("*", secureHeaders());
// An upload's body is the file (its own type and limit, checked by the route).
const isUpload = (c: { req: { method: string; path: string } }) => c.req.method === "POST" && c.req.path === `/api/v1${UPLOAD_PATH}`;
const jsonBodyLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new AppError(413, "payload_too_large", "The request body is larger than 1 MiB"); } });
v1.use("*", (c, next) => (isUpload(c) ? next() : jsonBodyLimit(c, next)));
v1.use("*", async (c, next) => {
  const type = c.req.header("Content-Type");
  if (["POST", "PUT", "PATCH"].includes(c.req.method) && type && !isUpload(c) && !/^application\/([\w.-]+\+)?json\b/i.test(type))
    throw new AppError(415, "unsupported_media_type", "Send the request body as application/json");
  await next();
});

v1.openAPIRegistry.registerComponent("securitySchemes", "Bearer", {
  type: "http",
  scheme: "bearer",
  description: "A session token from /auth/login, or an API token (`kefu_…`)",
});
v1.openAPIRegistry.registerComponent("securitySchemes", "Cookie", { type: "apiKey", in: "cookie", name: "kefu_session" });

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Kefu API",
    version: "1.0.0",
    description:
      "The helpdesk API. Every error is an RFC 9457 problem document with a stable `code` and the `requestId`. Lists use keyset pagination: pass `nextCursor` back as `cursor`.",
  },
  servers: [{ url: "/api/v1" }],
};

// Order matters: the document and the reference page are public, so they are mounted before
// the workspace routes, whose `authenticate` middleware covers every path registered after it.
v1.doc31("/openapi.json", OPENAPI_INFO);
v1.get("/docs", (c) => c.html(referencePage));
const routes = v1.route("/", publicAuth).route("/", passwordReset).route("/", sessionAuth).route("/", profile).route("/", notificationRoutes).route("/", fileLinks).route("/", workspaceRoutes);

export const api = createRouter({ matching: true });
api.route("/api/v1", v1);
api.notFound((c) => problem(c, 404, "not_found", `No route ${c.req.method} ${c.req.path}`));
api.onError(onError);

/** The API's type, for the web app's typed client (`hc<AppType>`). */
export type AppType = typeof routes;
