import { useEffect, useRef } from "preact/hooks";
import { liveConnected, onLiveEvents, type LiveEvent } from "./live-client";

/** Changes arrive in bursts: the first change of a burst schedules one reload this much later, and the rest join it. */
const GATHER_MS = 750;
/** While the live socket is down, the page polls. */
export const POLL_MS = 20_000;

/**
 * Keeps a page current: `reload` soon after a change that `matters` arrives (at most one reload
 * per GATHER_MS — or `gatherMs` — however busy the workspace, and never postponed by further changes); every
 * POLL_MS while the live socket is down; and once when it comes back (changes made meanwhile
 * were not heard). Nothing depends on the socket: without it the page is at most 20 s old.
 */
export function useLiveReload(reload: () => void, matters: (event: LiveEvent) => boolean = () => true, gatherMs = GATHER_MS) {
  const latest = useRef({ reload, matters });
  latest.current = { reload, matters };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onLiveEvents((events) => {
      if (timer !== undefined || !events.some((e) => latest.current.matters(e))) return;
      timer = setTimeout(() => {
        timer = undefined;
        latest.current.reload();
      }, gatherMs);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, []);
  const connected = liveConnected.value;
  const wasConnected = useRef(connected);
  useEffect(() => {
    if (connected && !wasConnected.current) latest.current.reload();
    wasConnected.current = connected;
    if (connected) return;
    const poll = setInterval(() => latest.current.reload(), POLL_MS);
    return () => clearInterval(poll);
  }, [connected]);
}
