// A V8 CPU profile of a Worker's isolate through `wrangler dev --inspector-port` (the Chrome
// DevTools Protocol's Profiler domain), and how it is read: self time per function, grouped by the
// bundle's modules. Used by run-js-profile.mjs (per request) and run-cron-bench.mjs --profile (per tick).

/** The sampling interval asked of V8, µs. */
export const SAMPLING_US = 100;
/** A sample delta longer than this (10 sampling intervals) is time the isolate was not seen running. */
const GAP_US = 1000;

// ---------------------------------------------------------------------------------------------
// The Chrome DevTools Protocol, just enough to take a CPU profile
// ---------------------------------------------------------------------------------------------

async function inspector(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl, { headers: { origin: "http://localhost" } }); // the inspector proxy wants a local Origin
  await new Promise((ok, fail) => {
    ws.onopen = ok;
    ws.onerror = () => fail(new Error("inspector: cannot connect"));
  });
  let next = 1;
  const waiting = new Map();
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.error) pending.fail(new Error(`${pending.method}: ${JSON.stringify(message.error)}`));
    else pending.ok(message.result);
  };
  const send = (method, params = {}) =>
    new Promise((ok, fail) => {
      const id = next++;
      waiting.set(id, { ok, fail, method });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

// ---------------------------------------------------------------------------------------------
// Reading a profile: self time per node, grouped by the bundle's modules
// ---------------------------------------------------------------------------------------------

/** For each line of the bundle (0-based), the module it belongs to, from esbuild's `// path` markers. */
export function moduleLines(bundleText) {
  const owner = [];
  let current = "(bundle prelude)";
  for (const line of bundleText.split("\n")) {
    const marker = /^\/\/ (?:\.\.\/)*((?:node_modules|workers|schema|web|bench)\/\S+)$/.exec(line); // paths are relative to the config's folder
    if (marker) current = marker[1];
    owner.push(current);
  }
  return owner;
}

/** A module path → the group it is reported in: the npm package, or our folder. */
function groupOf(path) {
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  const ours = /^(workers\/[^/]+(?:\/[^/]+)?)\//.exec(path);
  return ours ? ours[1] : path;
}

/**
 * Each sample's time: its delta from the sample before, except that a gap (a delta over GAP_US:
 * the isolate awaited I/O, unsampled) counts as the typical delta. Returns the weights and the gap
 * time left out, both in µs.
 */
function sampleWeights(profile) {
  const deltas = profile.timeDeltas;
  const steady = deltas.filter((d) => d <= GAP_US).sort((a, b) => a - b);
  const typical = steady[Math.floor(steady.length / 2)] ?? SAMPLING_US;
  let gapUs = 0;
  const weights = deltas.map((d) => {
    if (d <= GAP_US) return d;
    gapUs += d - typical;
    return typical;
  });
  return { weights, gapUs };
}

export function analyse(profile, owner, bundleUrlPart) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const { weights, gapUs } = sampleWeights(profile);
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + weights[i]);
  const groups = new Map();
  const functions = new Map();
  let busyUs = 0;
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName;
    if (name === "(idle)") continue;
    busyUs += us;
    let group;
    if (name.startsWith("(")) group = name; // (program), (garbage collector)
    else if (callFrame.url.includes(bundleUrlPart)) group = groupOf(owner[callFrame.lineNumber] ?? "?");
    else group = callFrame.url ? `other: ${callFrame.url.split("/").pop()}` : "(native)";
    groups.set(group, (groups.get(group) ?? 0) + us);
    const fn = `${name || "(anonymous)"} ${group}:${callFrame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { busyUs, gapUs, groups: top(groups, 12), functions: top(functions, 12) };
}

/** Connects to the isolate's inspector and enables the sampling profiler; `start()` then `stop()` give a profile. */
export async function profiler(port) {
  const cdp = await inspector(port);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: SAMPLING_US });
  return {
    start: () => cdp.send("Profiler.start"),
    stop: async () => (await cdp.send("Profiler.stop")).profile,
    close: () => cdp.close(),
  };
}
