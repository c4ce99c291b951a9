// Finds a Chromium-family browser for the browser tests, or gets one, so that
// `npm install && npm test` needs nothing installed by hand. In order:
//   1. $CHROMIUM_PATH or $PUPPETEER_EXECUTABLE_PATH, when set (an error if it is not a file);
//   2. an installed Chromium, Chrome or Edge: chromium, chromium-browser, google-chrome(-stable),
//      microsoft-edge on PATH, or the usual install folders on macOS and Windows;
//   3. on Debian or Ubuntu as root (CI, containers): Debian's `chromium` and a CJK font, with apt-get;
//   4. on Linux x64: the Chromium that the dev dependency @sparticuz/chromium ships (a
//      self-contained headless build; it unpacks itself to the temp folder on first use);
//   5. otherwise a clear error saying what to install.
// Chinese pages need a CJK font for readable screenshots: on Linux, as root, it is installed with
// the browser; otherwise a warning says which package to install (the checks read the DOM and
// pass either way).
//   node test/browser/find-browser.mjs     prints the browser it would use
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

const CJK_FONT_PACKAGE = "fonts-wqy-microhei";

/** The places an installed browser is looked for, in order: command names (searched on PATH) and absolute paths. */
function installedCandidates(platform = process.platform, env = process.env) {
  if (platform === "darwin")
    return ["Google Chrome", "Chromium", "Microsoft Edge", "Google Chrome Canary"].flatMap((app) => [
      `/Applications/${app}.app/Contents/MacOS/${app}`,
      ...(env.HOME ? [`${env.HOME}/Applications/${app}.app/Contents/MacOS/${app}`] : []),
    ]);
  if (platform === "win32")
    return [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA]
      .filter(Boolean)
      .flatMap((base) => [join(base, "Google", "Chrome", "Application", "chrome.exe"), join(base, "Chromium", "Application", "chrome.exe"), join(base, "Microsoft", "Edge", "Application", "msedge.exe")]);
  return ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "/snap/bin/chromium"];
}

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** An absolute path as is; a bare command name looked up on PATH. */
function locate(candidate, env = process.env) {
  if (candidate.includes("/") || candidate.includes("\\")) return isExecutableFile(candidate) ? candidate : null;
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const path = join(dir, candidate);
    if (isExecutableFile(path)) return path;
  }
  return null;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const hasAptGet = () => process.platform === "linux" && locate("apt-get") !== null;

function aptInstall(packages) {
  console.log(`Installing ${packages.join(" ")} with apt-get for the browser tests (root, Debian/Ubuntu) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-qq"], ["install", "-y", "-qq", ...packages]]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) {
      console.warn(`! apt-get ${args[0]} failed (exit ${result.status ?? result.signal}); trying the next way to get a browser.`);
      return false;
    }
  }
  return true;
}

/** True when fontconfig knows a Chinese font (Linux); true elsewhere (macOS and Windows ship one). */
function hasCjkFont() {
  if (process.platform !== "linux") return true;
  const result = spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
  return result.status === 0 && result.stdout.trim() !== "";
}

function ensureCjkFont() {
  if (hasCjkFont()) return;
  if (isRoot() && hasAptGet() && aptInstall([CJK_FONT_PACKAGE]) && hasCjkFont()) return;
  console.warn(`! No Chinese font found: Chinese text in the screenshots will show as boxes (the checks still pass). Install one, e.g. \`sudo apt-get install ${CJK_FONT_PACKAGE}\` or fonts-noto-cjk.`);
}

/** Linux x64 only: the self-contained Chromium of @sparticuz/chromium, unpacked on first use. */
async function bundledChromium() {
  if (process.platform !== "linux" || process.arch !== "x64") return null;
  let chromium;
  try {
    chromium = (await import("@sparticuz/chromium")).default;
  } catch {
    return null; // not installed (e.g. npm install --omit=dev)
  }
  const path = await chromium.executablePath();
  // Without a system fontconfig it would find no fonts at all; its own (Latin) fonts then serve.
  const env = existsSync("/etc/fonts/fonts.conf") ? {} : { FONTCONFIG_PATH: join(path, "..", "fonts") };
  return { path, env };
}

const HOW_TO_INSTALL = {
  darwin: "Install Google Chrome (https://www.google.com/chrome/) or Chromium (`brew install --cask chromium`), or set CHROMIUM_PATH to a Chromium-family browser.",
  win32: "Install Google Chrome or use Microsoft Edge (installed with Windows), or set CHROMIUM_PATH to chrome.exe or msedge.exe.",
  linux: "Install Chromium (Debian/Ubuntu: `sudo apt-get install chromium fonts-wqy-microhei`), or set CHROMIUM_PATH to a Chromium-family browser.",
};

/**
 * The browser to launch: `{ path, source, env }` (`env`: variables the browser process needs).
 * Throws with instructions when there is none and none can be installed.
 */
export async function findBrowser() {
  const explicit = process.env.CHROMIUM_PATH || process.env.PUPPETEER_EXECUTABLE_PATH;
  if (explicit) {
    if (!isExecutableFile(explicit)) throw new Error(`CHROMIUM_PATH / PUPPETEER_EXECUTABLE_PATH is set to ${explicit}, which is not an executable file.`);
    ensureCjkFont();
    return { path: explicit, source: "CHROMIUM_PATH", env: {} };
  }
  const installed = () => installedCandidates().map((candidate) => locate(candidate)).find(Boolean);
  let path = installed();
  if (path) {
    ensureCjkFont();
    return { path, source: "installed", env: {} };
  }
  if (isRoot() && hasAptGet() && aptInstall(["chromium", CJK_FONT_PACKAGE]) && (path = installed())) return { path, source: "apt-get", env: {} };
  const bundled = await bundledChromium();
  if (bundled) {
    ensureCjkFont();
    return { ...bundled, source: "@sparticuz/chromium" };
  }
  throw new Error(`No Chromium-family browser found for the browser tests. ${HOW_TO_INSTALL[process.platform] ?? HOW_TO_INSTALL.linux}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { path, source } = await findBrowser();
  console.log(`${path}  (${source})`);
}
