import { useEffect, useState } from "preact/hooks";
import { LocationProvider, Route, Router, useLocation } from "preact-iso";
import { appText } from "./app-text";
import { AcceptInvitationPage } from "./pages/auth/accept-invitation-page";
import { ForgotPasswordPage } from "./pages/auth/forgot-password-page";
import { LoginPage } from "./pages/auth/login-page";
import { ResetPasswordPage } from "./pages/auth/reset-password-page";
import { profileRoutes } from "./pages/profile/profile-routes";
import { SignupPage } from "./pages/auth/signup-page";
import { adminRoutes } from "./pages/admin/admin-routes";
import { agentRoutes } from "./pages/agent/agent-routes";
import { macroRoutes } from "./pages/macros/macros-routes";
import { insightRoutes } from "./pages/insight/insight-routes";
import type { AppRoute } from "./routes";
import { AvailabilityToggle } from "./assignment/availability-toggle";
import { isAdmin, restoreSession, session, signOut } from "./session";
import { profileText } from "./pages/profile/profile-text";
import { uiText } from "./ui/text";
import { LanguageSwitch } from "./ui/language-switch";
import { NotificationBell } from "./notifications/notification-bell";

const ROUTES: AppRoute[] = [...agentRoutes, ...insightRoutes, ...macroRoutes, ...adminRoutes, ...profileRoutes];
const PUBLIC = ["/login", "/signup", "/accept-invitation", "/forgot-password", "/reset-password"];

export function App() {
  useEffect(() => void restoreSession(), []);
  return (
    <LocationProvider>
      <Gate />
    </LocationProvider>
  );
}

/** Signed out: the sign-in pages; signed in: the app. */
function Gate() {
  const { path, route } = useLocation();
  const me = session.value;
  const isPublic = PUBLIC.includes(path);
  useEffect(() => {
    if (me === null && !isPublic) route("/login", true);
    // A new workspace's owner lands on the setup checklist (the sign-up page also goes there;
    // this effect runs after it with the path it rendered, so it must agree).
    if (me && path === "/signup") route(isAdmin() ? "/setup" : "/", true);
    if (me && path === "/login") route("/", true);
  }, [me, path]);
  if (me === undefined) return <p class="loading">{uiText().loading}</p>;
  if (!me || isPublic)
    return (
      <Router>
        <Route path="/signup" component={SignupPage} />
        <Route path="/accept-invitation" component={AcceptInvitationPage} />
        <Route path="/forgot-password" component={ForgotPasswordPage} />
        <Route path="/reset-password" component={ResetPasswordPage} />
        <Route default component={LoginPage} />
      </Router>
    );
  return <Shell />;
}

function Shell() {
  const t = appText();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const me = session.value!;
  const visible = ROUTES.filter((r) => !r.adminOnly || isAdmin());
  const nav = visible.filter((r) => r.nav).sort((a, b) => a.nav!.order - b.nav!.order);
  const sections = (["work", "admin", "dev"] as const).map((section) => ({ section, items: nav.filter((r) => r.nav!.section === section) })).filter((s) => s.items.length);
  return (
    <div class={`shell${menuOpen ? " menu-open" : ""}`}>
      <a class="skip" href="#main">
        {t.skip}
      </a>
      <header class="topbar">
        <button type="button" class="menu-button" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          {t.menu}
        </button>
        <span class="brand">Kefu 客服</span>
        <span class="workspace-name">{me.workspace.name}</span>
        <LanguageSwitch />
        <AvailabilityToggle userId={me.user.id} />
        <NotificationBell />
        <a class="user-name" href="/profile" title={profileText().nav}>
          {me.user.name}
        </a>
        <button type="button" onClick={() => void signOut()}>
          {t.signOut}
        </button>
      </header>
      <nav id="nav" aria-label={t.menu} onClick={() => setMenuOpen(false)}>
        {sections.map(({ section, items }) => (
          <section key={section}>
            <h2>{t[section]}</h2>
            <ul>
              {items.map((r) => (
                <li key={r.path}>
                  <a href={r.path} aria-current={path === r.path || path.startsWith(`${r.path}/`) ? "page" : undefined}>
                    {r.nav!.label()}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        <Router>
          {[
            ...visible.map((r) => <Route key={r.path} path={r.path} component={r.component} />),
            <Route key="home" path="/" component={Home} />,
            <Route key="missing" default component={NotFound} />,
          ]}
        </Router>
      </main>
    </div>
  );
}

/** The first page of the navigation is home. */
function Home() {
  const { route } = useLocation();
  const first = ROUTES.find((r) => r.nav && (!r.adminOnly || isAdmin()));
  useEffect(() => {
    if (first) route(first.path, true);
  }, []);
  return null;
}

function NotFound() {
  return <p class="empty">{appText().notFound}</p>;
}
