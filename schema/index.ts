export * from "./tables/tenancy";
export * from "./tables/helpdesk";
export * from "./tables/email";
