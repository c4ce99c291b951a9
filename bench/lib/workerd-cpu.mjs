// CPU time of the workerd processes that `wrangler dev` starts, read from /proc (Linux only).
// Shared by the benchmarks in bench/.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const TICK_MS = 10; // /proc times are in clock ticks of 1/100 s on Linux

/** Every process below `pid` (children, grandchildren, …). */
export function descendants(pid) {
  const children = spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** CPU time (utime + stime) of the workerd processes under `rootPid`, in ms (10 ms resolution). */
export function workerdCpuMs(rootPid) {
  let ticks = 0;
  for (const pid of descendants(rootPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("workerd")) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process is gone
    }
  }
  return ticks * TICK_MS;
}

/** CPU time (ms) per workerd process under `rootPid`: compare two samples with `cpuSince`, which survives processes coming and going. */
export function workerdCpuByPid(rootPid) {
  const byPid = new Map();
  for (const pid of descendants(rootPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("workerd")) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      byPid.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // the process is gone
    }
  }
  return byPid;
}

/** CPU ms the workerd processes under `rootPid` used since the `before` sample (new processes count whole; ended ones are lost). */
export function cpuSince(rootPid, before) {
  let ms = 0;
  for (const [pid, now] of workerdCpuByPid(rootPid)) ms += now - (before.get(pid) ?? 0);
  return ms;
}
