// Checks that package-lock.json records every dependency of every locked package — including the
// optional platform packages (workerd, esbuild, rolldown, lightningcss for macOS, Windows and
// Linux) that `npm install` on one platform may leave out. `npm ci` refuses such a lockfile on
// every platform ("package.json and package-lock.json are not in sync"). Offline; run by `npm test`.
//   node scripts/check-lockfile.mjs [path/to/package-lock.json]
import { readFileSync } from "node:fs";

/** The lock entry Node would load for `name` from the package at `from` (walking up node_modules folders). */
function resolve(packages, from, name) {
  for (let base = from; ; ) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent < 0 ? "" : base.slice(0, parent);
  }
}

/** Every `[package path, dependency name]` the lock lists but does not contain. */
function missingFromLock(lock) {
  const packages = lock.packages ?? {};
  const missing = [];
  for (const [path, entry] of Object.entries(packages)) {
    if (entry.link) continue;
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional);
    const wanted = [...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...(path === "" ? entry.devDependencies : {}) }), ...peers];
    for (const name of wanted) if (!resolve(packages, path, name)) missing.push([path || "(root)", name]);
  }
  return missing;
}

const file = process.argv[2] ?? "package-lock.json";
const missing = missingFromLock(JSON.parse(readFileSync(file, "utf8")));
if (missing.length) {
  console.error(`✘ ${file} lacks ${missing.length} package(s); \`npm ci\` will refuse it:`);
  for (const [from, name] of missing) console.error(`  ${name}  (needed by ${from})`);
  console.error("Fix: `npm install --package-lock-only` (it records every platform's optional packages), then commit the lockfile.");
  process.exit(1);
}
console.log(`✓ ${file} records every dependency of every platform (npm ci will accept it)`);
