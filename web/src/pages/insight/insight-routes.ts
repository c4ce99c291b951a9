import type { AppRoute } from "../../routes";
import { isAdmin } from "../../session";
import { outboxAvailable } from "./outbox-availability";
import { OutboxPage, outboxText } from "./outbox-page";
import { ReportsPage } from "./reports-page";
import { reportsText } from "./reports-text";

const outboxNav = { label: () => outboxText().nav, section: "dev", order: 900 } as const;

export const insightRoutes: AppRoute[] = [
  // Owners and admins read the workspace's report (or one agent's); agents read their own numbers.
  { path: "/reports", component: ReportsPage, nav: { label: () => (isAdmin() ? reportsText().nav : reportsText().myNav), section: "work", order: 800 } },
  {
    path: "/outbox",
    component: OutboxPage,
    // The API answers owners and admins only (the outbox holds pending invitation links).
    adminOnly: true,
    // In the navigation only where the Worker runs with DEV_OUTBOX=on (asked once after sign-in;
    // reading the signal here re-renders the navigation when the answer comes). The page itself
    // stays reachable and says when the outbox is off.
    get nav() {
      return outboxAvailable.value ? outboxNav : undefined;
    },
  },
];
