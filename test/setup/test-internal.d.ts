// The one export of @cloudflare/vitest-plugin's internal module that test/setup/fresh-storage.ts
// uses (checked there at run time too): awaits every ctx.waitUntil promise registered so far.
declare module "cloudflare:test-internal" {
  export function waitForGlobalWaitUntil(): Promise<void>;
}
