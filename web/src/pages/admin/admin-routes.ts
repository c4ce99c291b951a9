import { messages } from "../../i18n";
import type { AppRoute } from "../../routes";
import { AddressesPage } from "./addresses-page";
import { AdminOnlyPage } from "./admin-only-page";
import { AuditPage } from "./audit-page";
import { CalendarsPage } from "./calendars-page";
import { settingsLabel } from "./settings-layout";
import { SettingsIndexPage } from "./settings-index-page";
import { SlaPage } from "./sla-page";
import { SpamPage } from "./spam-page";
import { SurveysPage } from "./surveys-page";
import { TeamPage } from "./team-page";
import { TokensPage } from "./tokens-page";
import { TriggersPage } from "./triggers-page";
import { AutomationsPage } from "./automations-page";
import { WebhooksPage } from "./webhooks-page";
import { SetupPage } from "./setup-page";

const text = messages({ en: { setup: "Setup checklist" }, "zh-CN": { setup: "设置向导" } });

const admin = (path: string, component: AppRoute["component"], nav?: AppRoute["nav"]): AppRoute => ({ path, component, adminOnly: true, ...(nav ? { nav } : {}) });

export const adminRoutes: AppRoute[] = [
  admin("/setup", SetupPage, { label: () => text().setup, section: "admin", order: 100 }),
  admin("/settings", SettingsIndexPage, { label: settingsLabel, section: "admin", order: 110 }),
  admin("/settings/addresses", AddressesPage),
  admin("/settings/calendars", CalendarsPage),
  admin("/settings/sla", SlaPage),
  admin("/settings/triggers", TriggersPage),
  admin("/settings/automations", AutomationsPage),
  admin("/settings/surveys", SurveysPage),
  admin("/settings/team", TeamPage),
  admin("/settings/tokens", TokensPage),
  admin("/settings/webhooks", WebhooksPage),
  admin("/settings/spam", SpamPage),
  admin("/settings/audit", AuditPage),
  // Agents do not get the pages above; on their URLs they read why instead of "no such page".
  { path: "/setup", component: AdminOnlyPage },
  { path: "/settings", component: AdminOnlyPage },
  { path: "/settings/*", component: AdminOnlyPage },
];
