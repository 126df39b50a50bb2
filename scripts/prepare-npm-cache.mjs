// Framework's client bundle references ~25 libraries as `npm:name` and asks the npm registry for each one's
// "latest" version on every build, even when no page uses them. Pre-creating Framework's version cache folders
// (src/.observablehq/cache/_npm/<name>@<version>/, empty) answers those look-ups locally, so the build never needs
// a network. Versions come from node_modules where installed; others get a placeholder that is never fetched
// (the offline guard would fail the build if a page really used one).
import {mkdirSync, readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";

const root = new URL("..", import.meta.url).pathname;

/** Prepare the Framework project `target` (default: this one; the benchmark prepares its baseline). */
export function prepareNpmCache(target = root) {
  const clientDir = join(root, "node_modules/@observablehq/framework/dist/client");
  const names = new Set();
  for (const file of readdirSync(clientDir, {recursive: true})) {
    if (!String(file).endsWith(".js")) continue;
    const text = readFileSync(join(clientDir, String(file)), "utf8");
    for (const m of text.matchAll(/npm:((?:@[\w.-]+\/)?[\w.-]+)/g)) names.add(m[1]);
  }
  for (const name of [...names].sort()) {
    let version = "0.0.0-offline";
    try {
      version = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
    } catch {}
    mkdirSync(join(target, "src/.observablehq/cache/_npm", `${name}@${version}`), {recursive: true});
  }
  return names.size;
}

// Run as a script: `node scripts/prepare-npm-cache.mjs [DIR]` (`npm run dev` imports it instead: no extra process).
if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  console.error(`prepare-npm-cache: ${prepareNpmCache(process.argv[2] ?? root)} library versions pinned offline`);
}
