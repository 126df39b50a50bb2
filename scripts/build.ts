// Atomic, clean, offline build. Framework deletes dist/ when a build fails and reuses cached loader output whose
// own file did not change, so we: validate all inputs first, delete every cached loader output, build into .build/,
// check the result, add the Content-Security-Policy, and only then swap it into dist/. A failed or interrupted build leaves
// the last good dist/ untouched (SIGINT/SIGTERM stop the child and delete the staging folder; after a SIGKILL, the
// next build deletes the dead build's staging folder, and restores dist/ if the kill fell between the two renames).
import {spawn} from "node:child_process";
import {existsSync, mkdirSync, readdirSync, renameSync, rmSync} from "node:fs";
import {delimiter, join, resolve} from "node:path";
import {ROOT} from "../loaders/paths.ts";
import config from "../observablehq.config.ts";
import {applyCsp} from "./csp.ts";
import {preloadAnswers} from "./preload.ts";
import {prerenderCharts} from "./prerender.ts";
import {buildVendor} from "./vendor.ts";
import {libraryCacheKey, prepareCache, writeLibraryManifest} from "./library-cache.ts";

// --no-validate skips the fast pre-check (the loaders still validate inside the build); tests use it to prove
// that a failure in the middle of Framework's build leaves dist/ untouched too.
const validate = !process.argv.includes("--no-validate");
// --cold also drops the library cache (the benchmark's cold-cache figure; or when in doubt).
const cold = process.argv.includes("--cold");
const cache = join(ROOT, "src/.observablehq/cache");
const build = join(ROOT, ".build");
const staging = join(build, `dist-${process.pid}`);
// --out <dir> builds into another folder instead of dist/ (the benchmark's full-scale build); same atomic swap.
const outArg = process.argv.indexOf("--out");
const dist = outArg > 0 && process.argv[outArg + 1] ? resolve(process.argv[outArg + 1]!) : join(ROOT, "dist");

function fail(message: string): never {
  rmSync(staging, {recursive: true, force: true});
  console.error(`\n${message} dist/ was left as it was.`);
  process.exit(1);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Folders left by builds that were killed (SIGKILL, power loss): never output, so delete them; put back a dist/ that
 * a kill between the two renames of the swap left in .build/dist-old-<pid>. */
function cleanStale(): void {
  if (!existsSync(build)) return;
  for (const name of readdirSync(build).sort()) {
    const m = /^dist-(old-)?(\d+)$/.exec(name);
    if (!m || alive(Number(m[2]))) continue;
    if (m[1] && !existsSync(dist)) {
      renameSync(join(build, name), dist);
      console.error(`build: restored dist/ from ${name} (a build was killed while swapping)`);
    } else rmSync(join(build, name), {recursive: true, force: true});
  }
}

// Signals stop the running step (and wait for it, so it cannot write into staging after the delete), then delete
// the staging folder; dist/ is only ever replaced by the final renames.
let child: ReturnType<typeof spawn> | null = null;
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    interrupted = true;
    const stop = () => {
      rmSync(staging, {recursive: true, force: true});
      console.error(`\nbuild interrupted (${signal}). dist/ was left as it was.`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    };
    if (!child || child.exitCode !== null || child.signalCode !== null) return stop();
    child.once("exit", stop);
    child.kill("SIGTERM");
    setTimeout(() => child?.kill("SIGKILL"), 5000).unref();
  });
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((done) => {
    const c = spawn(cmd, args, {cwd: ROOT, stdio: "inherit", env: {...process.env, ...env}});
    child = c;
    c.on("exit", (code, signal) => {
      if (interrupted) return;
      child = null;
      if (code === 0) done();
      else fail(`build failed at: ${cmd} ${args.join(" ")} (exit ${code ?? signal}).`);
    });
  });
}

const started = performance.now();
cleanStale();
if (validate) await run(process.execPath, ["--import", "tsx", "scripts/validate.ts"]);
// Always clean: Framework judges a cached loader output fresh by the loader file's own mtime, not by the data and
// modules it reads, so a reused cache can publish stale numbers. Only the library bundles survive (cache/_node,
// ~40 s of rollup on 2 cores), and only if the last build that wrote them succeeded with the same dependency tree
// (scripts/library-cache.ts).
const libraryKey = libraryCacheKey();
const library = prepareCache(cache, cold ? null : libraryKey);
const warm = library.kept > 0;
console.error(
  warm
    ? `build: library cache warm: ${library.kept} bundled library files kept${library.dropped ? `, ${library.dropped} not from the last good build deleted` : ""}`
    : "build: library cache cold: Framework bundles every library"
);
await run(process.execPath, ["scripts/prepare-npm-cache.mjs"]);
await buildVendor().catch((e) => fail(`bundling the browser libraries (scripts/vendor.ts): ${(e as Error).message}`));
mkdirSync(build, {recursive: true});
await run(process.execPath, [join(ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js"), "build"], {
  RE_BUILD_OUTPUT: staging,
  // Framework runs .ts loaders with `tsx` from PATH: also when this script is run without npm.
  PATH: `${join(ROOT, "node_modules/.bin")}${delimiter}${process.env.PATH ?? ""}`,
  OBSERVABLE_TELEMETRY_DISABLE: "1",
  NODE_OPTIONS: `--import ${join(ROOT, "scripts/offline-guard.mjs")}`
});

// Framework may report a failing loader and still exit 0: every page must exist before we publish.
const missing = ["/index", ...config.pages.map((p) => p.path)].filter((p) => !existsSync(join(staging, `${p}.html`)));
if (missing.length) fail(`build incomplete: no HTML for ${missing.join(", ")}.`);
try {
  preloadAnswers(staging);
  await prerenderCharts(staging, ["/", ...config.pages.map((p) => p.path)]);
} catch (e) {
  fail(`answers preload / prerendered charts: ${(e as Error).message}.`);
}
try {
  applyCsp(staging);
} catch (e) {
  fail(`Content-Security-Policy: ${(e as Error).message}.`);
}
// Framework finished and the result is complete: its library bundles can serve the next build.
writeLibraryManifest(cache, libraryKey);
const old = join(build, `dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(staging, dist);
rmSync(old, {recursive: true, force: true});
console.error(`build ok in ${((performance.now() - started) / 1000).toFixed(1)} s (library cache ${warm ? "warm" : "cold"}) → ${dist}`);
