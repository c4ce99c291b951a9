import type { AppRoute } from "../../routes";
import { ProfilePage } from "./profile-page";
import { profileText } from "./profile-text";

/** Every signed-in user's own page (reached from their name in the top bar, and in the navigation). */
export const profileRoutes: AppRoute[] = [{ path: "/profile", component: ProfilePage, nav: { label: () => profileText().nav, section: "admin", order: 990 } }];
