/**
 * Loads of one resource where only the latest one started may answer: a reload after a change and
 * an older one still in flight can finish in either order, and the older answer arriving last must
 * not put the page back to how it was (on a ticket page, a reply's assignment and status vanished
 * and the agent's unsaved edit was shown as a conflict with the stale ticket).
 */
export function latestLoad() {
  let latest = 0;
  return <T>(load: Promise<T>, answer: (outcome: { data: T } | { error: Error }) => void) => {
    const call = ++latest;
    load.then(
      (data) => call === latest && answer({ data }),
      (error: Error) => call === latest && answer({ error }),
    );
  };
}
