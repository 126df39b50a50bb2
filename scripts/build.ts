// Atomic, clean, offline build. Framework deletes dist/ when a build fails and reuses cached loader output whose
// own file did not change, so we: validate all inputs first, delete the loader cache, build into .build/, check the
// result, and only then swap it into dist/. A failed or interrupted build leaves the last good dist/ untouched.
import {spawnSync} from "node:child_process";
import {existsSync, mkdirSync, renameSync, rmSync} from "node:fs";
import {join, resolve} from "node:path";
import {ROOT} from "../loaders/paths.ts";
import config from "../observablehq.config.ts";

// --no-validate skips the fast pre-check (the loaders still validate inside the build); tests use it to prove
// that a failure in the middle of Framework's build leaves dist/ untouched too.
const validate = !process.argv.includes("--no-validate");
const cache = join(ROOT, "src/.observablehq/cache");
const staging = join(ROOT, ".build", `dist-${process.pid}`);
// --out <dir> builds into another folder instead of dist/ (the benchmark's full-scale build); same atomic swap.
const outArg = process.argv.indexOf("--out");
const dist = outArg > 0 && process.argv[outArg + 1] ? resolve(process.argv[outArg + 1]!) : join(ROOT, "dist");

function run(cmd: string, args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(cmd, args, {cwd: ROOT, stdio: "inherit", env: {...process.env, ...env}});
  if (r.status !== 0) {
    rmSync(staging, {recursive: true, force: true});
    console.error(`\nbuild failed at: ${cmd} ${args.join(" ")} (exit ${r.status ?? r.signal}). dist/ was left as it was.`);
    process.exit(1);
  }
}

const started = performance.now();
if (validate) run(process.execPath, ["--import", "tsx", "scripts/validate.ts"]);
// Always clean: Framework judges a cached loader output fresh by the loader file's own mtime, not by the data and
// modules it reads, so a reused cache can publish stale numbers.
rmSync(cache, {recursive: true, force: true});
run(process.execPath, ["scripts/prepare-npm-cache.mjs"]);
mkdirSync(join(ROOT, ".build"), {recursive: true});
run(process.execPath, [join(ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js"), "build"], {
  RE_BUILD_OUTPUT: staging,
  OBSERVABLE_TELEMETRY_DISABLE: "1",
  NODE_OPTIONS: `--import ${join(ROOT, "scripts/offline-guard.mjs")}`
});

// Framework may report a failing loader and still exit 0: every page must exist before we publish.
const missing = ["/index", ...config.pages.map((p) => p.path)].filter((p) => !existsSync(join(staging, `${p}.html`)));
if (missing.length) {
  rmSync(staging, {recursive: true, force: true});
  console.error(`build incomplete: no HTML for ${missing.join(", ")}. dist/ was left as it was.`);
  process.exit(1);
}
const old = join(ROOT, ".build", `dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(staging, dist);
rmSync(old, {recursive: true, force: true});
console.error(`build ok in ${((performance.now() - started) / 1000).toFixed(1)} s → ${dist}`);
