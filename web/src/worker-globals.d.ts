// The API's types, which this app's typed client uses (AppType), reach this program as the
// Worker program's declaration output (web/tsconfig.json `references`), so the Worker code is
// checked once, against the Workers runtime, never against the DOM. Those declarations and the
// generated Env (../worker-env.d.ts) name Workers globals; here they are the real types from
// @cloudflare/workers-types' module entry: its exports shadow nothing, while its global entry
// would clash with the DOM library this program needs.
import type * as Workers from "@cloudflare/workers-types";

declare global {
  type D1Database = Workers.D1Database;
  type D1Response = Workers.D1Response;
  type D1Result<T = unknown> = Workers.D1Result<T>;
  type R2Bucket = Workers.R2Bucket;
  type SendEmail = Workers.SendEmail;
  type Fetcher = Workers.Fetcher;
  type ExecutionContext<Props = unknown> = Workers.ExecutionContext<Props>;
  type ScheduledController = Workers.ScheduledController;
  type ForwardableEmailMessage = Workers.ForwardableEmailMessage;
  type ExportedHandlerFetchHandler<E = unknown, CfHostMetadata = unknown, Props = unknown> = Workers.ExportedHandlerFetchHandler<E, CfHostMetadata, Props>;
  type ExportedHandlerScheduledHandler<E = unknown, Props = unknown> = Workers.ExportedHandlerScheduledHandler<E, Props>;
  type EmailExportedHandler<E = unknown, Props = unknown> = Workers.EmailExportedHandler<E, Props>;
}
export {};
