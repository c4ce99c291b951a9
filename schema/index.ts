export * from "./tables/tenancy";
export * from "./tables/helpdesk";
export * from "./tables/email";
export * from "./tables/sla";
export * from "./tables/surveys";
export * from "./tables/webhooks";
export * from "./tables/audit";
export * from "./tables/work";
