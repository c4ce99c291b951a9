import type { LiveEvent, LiveHub, LivePublisher } from "../core/live/live-events";

/**
 * The entry points' live publishers: a workspace's events go to its Durable Object at once, the
 * call kept alive past the response by `waitUntil` and never awaited by the write. A failure is
 * logged and forgotten — the app polls while its socket is down, and nothing depends on the object
 * for correctness.
 */
export function liveHub(namespace: Env["LIVE"] | undefined, waitUntil: (promise: Promise<unknown>) => void): LiveHub | undefined {
  if (!namespace) return undefined;
  return (tenantId) => ({
    publish(events: LiveEvent[]) {
      const sent = liveRoom(namespace, tenantId)
        .publish(events)
        .catch((error: unknown) => console.log(JSON.stringify({ event: "live_publish_failed", tenant: tenantId, error: String(error) })));
      waitUntil(sent);
    },
  }) satisfies LivePublisher;
}

/** The live room of the caller's workspace; the tenant comes from the verified principal only. */
export function liveRoom(namespace: Env["LIVE"], tenantId: string) {
  return namespace.get(namespace.idFromName(tenantId));
}

/** The request's `waitUntil`; a context without one (a test calling the app directly) awaits nothing. */
export function waitUntilOf(c: { executionCtx: { waitUntil(promise: Promise<unknown>): void } }): (promise: Promise<unknown>) => void {
  return (promise) => {
    try {
      c.executionCtx.waitUntil(promise);
    } catch {
      // no execution context: the promise runs on its own
    }
  };
}
