import type { AppRoute } from "../../routes";
import { macroText } from "./macro-words";
import { MacrosPage } from "./macros-page";

/**
 * The macros page, for everyone (agents keep their own macros there; admins the shared ones too).
 * Listed before the admin routes so that an agent's `/settings/macros` is not the admin-only page;
 * `/settings/replies`, where standard replies were, shows it too.
 */
export const macroRoutes: AppRoute[] = [
  { path: "/settings/macros", component: MacrosPage, nav: { label: () => macroText().nav, section: "work", order: 30 } },
  { path: "/settings/replies", component: MacrosPage },
];
