import type { ComponentType } from "preact";

/** A page of the signed-in app; with `nav`, it also appears in the navigation. */
export interface AppRoute {
  path: string;
  component: ComponentType<any>;
  nav?: { label: () => string; section: "work" | "admin" | "dev"; order: number };
  /** Only owners and admins see it. */
  adminOnly?: boolean;
}
