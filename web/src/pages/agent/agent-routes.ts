import type { AppRoute } from "../../routes";

export const agentRoutes: AppRoute[] = [];
