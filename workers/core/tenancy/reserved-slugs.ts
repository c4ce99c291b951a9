/**
 * Workspace slugs nobody may sign up with. A slug is the local part of the workspace's built-in
 * support address (`<slug>@MAIL_DOMAIN`) and may one day be a path or host name, so it must not
 * be a mailbox that mail systems or certificate authorities treat as the domain's own, nor a
 * path Kefu serves. `test/api/auth.test.ts` signs up with each one.
 */

/**
 * Role mailboxes: RFC 2142 §§4–5 (network operations and support services), the CA/Browser
 * Forum's domain-validation addresses (admin, administrator, webmaster, hostmaster, postmaster:
 * whoever reads them can get a TLS certificate for the domain) and the senders mail systems
 * reserve. RFC 2142's business names (info, marketing, sales) stay free: they are ordinary
 * names a business could choose; "support" is reserved below as a name that looks official.
 */
const MAIL_ROLES = [
  "abuse", "noc", "security", "postmaster", "hostmaster", "usenet", "news", "webmaster", "www", "uucp", "ftp",
  "admin", "administrator", "root", "mailer-daemon", "noreply", "no-reply", "bounce", "bounces",
];

/**
 * Every path prefix Kefu serves: the Worker's (`wrangler.toml` run_worker_first: api, survey;
 * the runtime's cdn-cgi), the built web app's files (assets, vendor) and the web app's own
 * top-level routes (web/src/app.tsx and web/src/pages/*\/…-routes.ts).
 */
const PATHS = [
  "api", "survey", "cdn-cgi", "assets", "vendor", "static",
  "login", "logout", "signup", "accept-invitation", "forgot-password", "reset-password", "profile", "tickets", "customers", "reports", "outbox", "setup", "settings",
];

/** Names that would look like Kefu's own. */
const OFFICIAL = ["app", "mail", "support", "help", "kefu", "status", "dev"];

export const RESERVED_SLUGS: ReadonlySet<string> = new Set([...MAIL_ROLES, ...PATHS, ...OFFICIAL]);
