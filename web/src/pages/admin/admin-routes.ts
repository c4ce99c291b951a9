import type { AppRoute } from "../../routes";

export const adminRoutes: AppRoute[] = [];
