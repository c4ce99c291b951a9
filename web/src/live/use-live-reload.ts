import { useEffect, useRef } from "preact/hooks";
import { liveConnected, onLiveEvents, type LiveEvent } from "./live-client";

/** Changes arrive in bursts (a reply is a message and a status): one reload per burst. */
const DEBOUNCE_MS = 400;
/** While the live socket is down, the page polls. */
export const POLL_MS = 20_000;

/**
 * Keeps a page current: `reload` (debounced) when a change that `matters` arrives; every
 * POLL_MS while the live socket is down; and once when it comes back (changes made meanwhile
 * were not heard). Nothing depends on the socket: without it the page is at most 20 s old.
 */
export function useLiveReload(reload: () => void, matters: (event: LiveEvent) => boolean = () => true) {
  const latest = useRef({ reload, matters });
  latest.current = { reload, matters };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onLiveEvents((events) => {
      if (!events.some((e) => latest.current.matters(e))) return;
      clearTimeout(timer);
      timer = setTimeout(() => latest.current.reload(), DEBOUNCE_MS);
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
