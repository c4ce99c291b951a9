import type { AppRoute } from "../../routes";

export const insightRoutes: AppRoute[] = [];
