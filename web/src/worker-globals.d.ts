// The Worker sources this app type-checks (for AppType) name a few Workers-only globals. The
// browser never runs that code; these declarations only let its types resolve beside the DOM.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare global {
  type Env = any;
  type D1Database = any;
  type D1PreparedStatement = any;
  type R2Bucket = any;
  type SendEmail = any;
  type Fetcher = any;
  type ExecutionContext = any;
  type ForwardableEmailMessage = any;
  type ScheduledController = any;
  type ExportedHandler<E = any> = any;
  type ExportedHandlerFetchHandler<E = any> = any;
  type ExportedHandlerScheduledHandler<E = any> = any;
  type EmailExportedHandler<E = any> = any;
}
export {};
