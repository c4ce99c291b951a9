export * from "./tables/tenancy";
export * from "./tables/helpdesk";
