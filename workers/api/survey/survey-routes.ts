import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { hit, SURVEY_POSTS_PER_CLIENT } from "../../core/auth/rate-limit";
import { openDb } from "../../core/db";
import { randomSecret } from "../../core/ids";
import { verifySurveyLink } from "../../core/surveys/survey-link";
import { readAnswerContext, recordAnswer } from "../../core/surveys/survey-answer";
import { parseRating, ratingAnswer } from "../../core/surveys/survey-rules";
import { findLinkedSurvey, linkedSurveyFrom, optOutOfSurveys } from "../../core/surveys/survey-store";
import { SURVEY_TEXT } from "../../core/surveys/survey-text";
import { logoPath } from "../../core/tenancy/logo-rules";
import { getTenant } from "../../core/tenancy/tenant";
import { readLogo } from "../../core/tenancy/workspace-logo";
import { clientOf } from "../client-address";
import { liveHub, waitUntilOf } from "../../live/live-publisher";
import { answerPage, messagePage, optOutPage, type SurveyBrand } from "./survey-page";
import { toMultiLine } from "../schemas/common";

export const MAX_COMMENT_LENGTH = 2000;

type SurveyEnv = { Bindings: Env; Variables: { nonce: string } };

/**
 * The public pages a survey email links to (`/survey/<signed link>`). No session: the signed
 * link is the credential. Reading a page never changes anything; answers and opt-outs are POSTs.
 */
export const surveyPages = new Hono<SurveyEnv>().basePath("/survey");

surveyPages.use("*", async (c, next) => {
  c.set("nonce", randomSecret(16));
  await next();
  const nonce = c.get("nonce");
  c.header("Content-Security-Policy", `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'self' https:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`);
  // A page is never cached; a logo (content-addressed, public) sets its own caching.
  if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  // The link is a credential: never leak it in a Referer, never let a search engine keep it.
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Robots-Tag", "noindex");
  c.header("X-Content-Type-Options", "nosniff");
});
surveyPages.use("*", bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.html(messagePage("both", "413", "Too large / 内容过长", c.get("nonce"), true), 413) }));

/** The survey a link names, or the page explaining why the link does not work. */
async function linked(c: Context<SurveyEnv>) {
  const check = await verifySurveyLink(c.env.JWT_SECRET, c.req.param("token")!, new Date());
  if (check.ok) {
    const db = openDb(c.env.DB);
    // The workspace (its name and logo head every page) is read beside the survey, not after it.
    const [survey, tenant] = await Promise.all([findLinkedSurvey(db, check.claims), getTenant({ db, tenantId: check.claims.tenantId }).catch(() => null)]);
    if (survey && tenant) return { db, link: check.claims, survey, brand: brandOf(tenant) };
  }
  return notLinked(c, check);
}

/** For an answer: the same, read in one batch with what recording it needs (`answerReads`). */
async function linkedForAnswer(c: Context<SurveyEnv>) {
  const check = await verifySurveyLink(c.env.JWT_SECRET, c.req.param("token")!, new Date());
  if (check.ok) {
    const db = openDb(c.env.DB);
    const read = await readAnswerContext(db, check.claims);
    const survey = linkedSurveyFrom(read.survey);
    const [tenant] = read.tenant;
    if (survey && tenant) return { db, link: check.claims, survey, brand: brandOf(tenant), read };
  }
  return notLinked(c, check);
}

const brandOf = (tenant: { name: string; logoKey: string | null; logoUrl: string | null }): SurveyBrand => ({ name: tenant.name, logoUrl: tenant.logoKey ? logoPath(tenant.logoKey) : tenant.logoUrl });

function notLinked(c: Context<SurveyEnv>, check: Awaited<ReturnType<typeof verifySurveyLink>>) {
  const expired = !check.ok && check.reason === "expired";
  const text = expired
    ? "This survey link has expired. 此问卷链接已过期。"
    : "This survey link is not valid. Please use the link from your email. 此问卷链接无效，请使用邮件中的链接。";
  return c.html(messagePage("both", expired ? "Link expired / 链接已过期" : "Link not valid / 链接无效", text, c.get("nonce"), true), expired ? 410 : 404);
}

type Linked = Exclude<Awaited<ReturnType<typeof linked>>, Response>;

/** Answers and opt-outs come without a session: each client gets a bounded number; null when within it. */
async function overLimit(c: Context<SurveyEnv>) {
  const state = await hit(openDb(c.env.DB), SURVEY_POSTS_PER_CLIENT, clientOf(c));
  if (state.remaining >= 0) return null;
  c.header("Retry-After", String(state.retryAfterSeconds));
  return c.html(messagePage("both", "Too many answers / 提交过于频繁", "Please try again in a few minutes. 请几分钟后再试。", c.get("nonce"), true), 429);
}

function renderAnswerPage(c: Context<SurveyEnv>, found: Linked, selected: string | null, message: { text: string; error: boolean } | null, status: 200 | 400 = 200) {
  const { survey } = found;
  return c.html(
    answerPage({
      language: survey.language,
      scale: survey.scale,
      question: survey.question,
      action: `/survey/${c.req.param("token")}`,
      nonce: c.get("nonce"),
      selected,
      recorded: survey.rating === null ? null : ratingAnswer(survey.scale, survey.rating),
      allowComment: survey.allowComment,
      message,
      brand: found.brand,
    }),
    status,
  );
}

/**
 * A workspace's uploaded logo, public (survey pages and emails show it) and cached for ever: its id
 * is a hash of the workspace and the bytes, so a new image is a new address. An unknown,
 * removed or malformed id is 404 and names no workspace.
 */
surveyPages.get("/logo/:id", async (c) => {
  const logo = await readLogo(c.env.BLOBS, c.req.param("id"));
  if (!logo) return c.body("Not found", 404, { "Content-Type": "text/plain; charset=utf-8" });
  return c.body(logo.body, 200, {
    "Content-Type": logo.httpMetadata?.contentType ?? "application/octet-stream",
    "Content-Length": String(logo.size),
    "Cache-Control": "public, max-age=31536000, immutable",
    ETag: logo.httpEtag,
  });
});

surveyPages.get("/:token", async (c) => {
  const found = await linked(c);
  if (found instanceof Response) return found;
  const answer = c.req.query("answer");
  const selected = answer !== undefined && parseRating(found.survey.scale, answer) !== null ? answer : null;
  return renderAnswerPage(c, found, selected, null);
});

surveyPages.post("/:token", async (c) => {
  const limited = await overLimit(c);
  if (limited) return limited;
  const found = await linkedForAnswer(c);
  if (found instanceof Response) return found;
  const t = SURVEY_TEXT[found.survey.language].page;
  const form = await formOf(c);
  const answer = typeof form.answer === "string" ? form.answer : "";
  const rating = parseRating(found.survey.scale, answer);
  if (rating === null) return renderAnswerPage(c, found, null, { text: t.badAnswer, error: true }, 400);
  const comment = typeof form.comment === "string" && found.survey.allowComment ? toMultiLine(form.comment).trim() : undefined;
  if (comment !== undefined && comment.length > MAX_COMMENT_LENGTH) return renderAnswerPage(c, found, answer, { text: t.commentTooLong, error: true }, 400);
  await recordAnswer(found.db, found.link, found.read, rating, comment, new Date(), liveHub(c.env.LIVE, waitUntilOf(c))?.(found.link.tenantId));
  if (comment) return c.html(messagePage(found.survey.language, t.title, `${t.thanks} ${t.commentThanks}`, c.get("nonce"), false, found.brand));
  return renderAnswerPage(c, { ...found, survey: { ...found.survey, rating } }, null, { text: t.thanks, error: false });
});

surveyPages.get("/:token/opt-out", async (c) => {
  const found = await linked(c);
  if (found instanceof Response) return found;
  return c.html(optOutPage(found.survey.language, found.brand, `/survey/${c.req.param("token")}/opt-out`, c.get("nonce")));
});

// Also the target of RFC 8058 one-click unsubscribe (a POST with `List-Unsubscribe=One-Click`).
surveyPages.post("/:token/opt-out", async (c) => {
  const limited = await overLimit(c);
  if (limited) return limited;
  const found = await linked(c);
  if (found instanceof Response) return found;
  await optOutOfSurveys(found.db, found.link.tenantId, found.survey.customerId, new Date());
  const t = SURVEY_TEXT[found.survey.language].page;
  return c.html(messagePage(found.survey.language, t.title, t.optedOut(found.brand.name), c.get("nonce"), false, found.brand));
});

surveyPages.all("*", (c) => c.html(messagePage("both", "Not found / 未找到", "There is no such page. 没有这个页面。", c.get("nonce"), true), 404));

async function formOf(c: Context<SurveyEnv>) {
  try {
    return await c.req.parseBody();
  } catch {
    return {};
  }
}

