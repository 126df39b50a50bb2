// Atomic, clean, offline build. Framework deletes dist/ when a build fails and reuses cached loader output whose
// own file did not change, so we: validate all inputs and build every loader output in one process
// (scripts/build-data.ts, into a staging folder), delete every cached loader output, put the fresh ones where
// Framework looks for them (so it runs no loader process), build into .build/, check the result, add the
// Content-Security-Policy, and only then swap it into dist/. A failed or interrupted build leaves the last good dist/
// untouched (SIGINT/SIGTERM stop the child and delete the staging folders; after a SIGKILL, the next build deletes
// the dead build's staging folders, and restores dist/ if the kill fell between the two renames).
// --case <id-or-path> (scripts/case-arg.ts, imported first: it sets RE_DATA_DIR before anything reads the case) builds
// another case, by default into dist-cases/<case id>/ (never into dist/, the default case's site): docs/cases.md.
import {CASE_ARG, siteDir} from "./case-arg.ts";
import {spawn, type ChildProcess} from "node:child_process";
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {delimiter, dirname, join, relative, resolve} from "node:path";
import {defaultCasePath, ROOT} from "../loaders/paths.ts";
import {CASE} from "../src/lib/case.ts";
import {stopChildren} from "./stop-children.ts";
import {SITE_PATHS, stageTitle} from "../observablehq.config.ts";
import {htmlFiles} from "./html-files.ts";
import {preloadAnswers} from "./preload.ts";
import {buildVendor} from "./vendor.ts";
import {precompress} from "./precompress.ts";
import {libraryCacheKey, prepareCache, writeLibraryManifest} from "./library-cache.ts";

// --no-validate skips the fast pre-check (the loaders still validate while they build); tests use it to prove that a
// loader failing (in the data step, or with --framework-loaders inside Framework's build) leaves dist/ untouched too.
const validate = !process.argv.includes("--no-validate");
// --framework-loaders: Framework runs every loader entrypoint itself, one process each (as `npm run dev` does), instead
// of publishing the outputs scripts/build-data.ts built in one process; for debugging, and for the test of a loader
// failing inside Framework's build.
const frameworkLoaders = process.argv.includes("--framework-loaders");
// --cold also drops the library cache (the benchmark's cold-cache figure; or when in doubt).
const cold = process.argv.includes("--cold");
const cache = join(ROOT, "src/.observablehq/cache");
const build = join(ROOT, ".build");
const staging = join(build, `dist-${process.pid}`);
// Loader outputs built before Framework runs (scripts/build-data.ts), moved into Framework's cache once it is emptied.
const dataStaging = join(build, `data-${process.pid}`);
const guard = () => ["--import", join(ROOT, "scripts/offline-guard.mjs")];
// --out <dir> builds into another folder instead of dist/ (the benchmark's full-scale build); same atomic swap.
const outArg = process.argv.indexOf("--out");
const dist = outArg > 0 && process.argv[outArg + 1] ? resolve(process.argv[outArg + 1]!) : siteDir(CASE.id);
if (CASE_ARG && dist === join(ROOT, "dist") && resolve(CASE_ARG) !== resolve(ROOT, defaultCasePath())) {
  console.error(`build: dist/ is the default case's site; build the case "${CASE.id}" into its own folder (leave out --out: dist-cases/${CASE.id}/).`);
  process.exit(2);
}
mkdirSync(dirname(dist), {recursive: true}); // the swap renames into it

function removeStaging(): void {
  rmSync(staging, {recursive: true, force: true});
  rmSync(dataStaging, {recursive: true, force: true});
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
    const m = /^(?:dist-(old-)?|data-)(\d+)$/.exec(name);
    if (!m || alive(Number(m[2]))) continue;
    // The site it held goes back where that build was writing (its .target file; dist/ before there was one).
    const target = m[1] && existsSync(join(build, `${name}.target`)) ? readFileSync(join(build, `${name}.target`), "utf8") : join(ROOT, "dist");
    if (m[1] && !existsSync(target)) {
      renameSync(join(build, name), target);
      console.error(`build: restored ${relative(ROOT, target) || "."}/ from ${name} (a build was killed while swapping)`);
    } else rmSync(join(build, name), {recursive: true, force: true});
    rmSync(join(build, `${name}.target`), {force: true});
  }
}

// A failure or a signal stops every running step (the data step and Framework run side by side) and waits for them,
// so none can write into staging after the delete; then the staging folders are deleted. dist/ is only ever
// replaced by the final renames.
const children = new Set<ChildProcess>();
let stopping = false;

async function stop(code: number, message: string): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  await stopChildren(children, 5000);
  removeStaging();
  console.error(`\n${message} ${CASE_ARG ? `${relative(ROOT, dist)}/` : "dist/"} was left as it was.`);
  process.exit(code);
}

const fail = (message: string) => stop(1, message);

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => void stop(signal === "SIGINT" ? 130 : 143, `build interrupted (${signal}).`));
}

/** Run a step; its failure fails the build. `onMessage`: IPC messages from the child. */
function run(cmd: string, args: string[], env: Record<string, string> = {}, onMessage?: (m: unknown) => void): Promise<void> {
  return new Promise((done) => {
    const c = spawn(cmd, args, {cwd: ROOT, stdio: ["inherit", "inherit", "inherit", ...(onMessage ? ["ipc" as const] : [])], env: {...process.env, ...env}});
    children.add(c);
    if (onMessage) c.on("message", onMessage);
    c.on("exit", (code, signal) => {
      children.delete(c);
      if (stopping) return;
      if (code === 0) done();
      else void fail(`build failed at: ${cmd} ${args.join(" ")} (exit ${code ?? signal}).`);
    });
  });
}

const started = performance.now();
// Where the build's time goes (issue 23's build profile), printed with "build ok" and read by the bench: seconds from
// the start to the end of each step. The data step and Framework run side by side, so theirs overlap.
const ends: Record<string, number> = {};
const mark = (step: string) => (ends[step] = (performance.now() - started) / 1000);
cleanStale();
mkdirSync(build, {recursive: true});
let data: Promise<void> = Promise.resolve();
if (frameworkLoaders) {
  if (validate) await run(process.execPath, ["--import", "tsx", "scripts/validate.ts"]);
} else {
  // Validation, then every loader output in one process (each table built once, one DuckDB-WASM), beside Framework:
  // Framework starts once the inputs are valid (so a bad file stops the build before Framework touches its cache, and
  // the library bundles stay warm), and its loader command waits for each output (scripts/await-output.mjs).
  mkdirSync(dataStaging, {recursive: true});
  let validated!: () => void;
  const valid = new Promise<void>((done) => (validated = done));
  data = run(process.execPath, [...guard(), "--import", "tsx", "scripts/build-data.ts", "--out", dataStaging, ...(validate ? [] : ["--no-validate"])], {}, (m) => m === "validated" && validated());
  void data.then(() => mark("data"));
  await Promise.race([valid, data]);
}
mark("validate");
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
mark("prepare");
const framework = run(process.execPath, [join(ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js"), "build"], {
  RE_BUILD_OUTPUT: staging,
  // Framework runs .ts loaders with `tsx` from PATH (also when this script is run without npm), or, when the data
  // step builds them, waits for their outputs (observablehq.config.ts).
  ...(frameworkLoaders ? {} : {RE_PREBUILT_DIR: dataStaging}),
  PATH: `${join(ROOT, "node_modules/.bin")}${delimiter}${process.env.PATH ?? ""}`,
  OBSERVABLE_TELEMETRY_DISABLE: "1",
  NODE_OPTIONS: guard().join(" ")
});
// The CSP step needs Plot and jsdom, whose import alone takes seconds (and blocks this process's event loop): load
// them while Framework works, not before the children start.
const csp = import("./csp.ts");
csp.catch(() => {}); // awaited (and its error reported) at the CSP step
const prerender = import("./prerender.ts"); // Playwright, for the prerendered charts
prerender.catch(() => {});
void framework.then(() => mark("framework"));
await Promise.all([data, framework]);
mark("staged");
rmSync(dataStaging, {recursive: true, force: true});

// Framework may report a failing loader and still exit 0: every page must exist before we publish.
// (SITE_PATHS: the site map's pages and the stage pages of the parameterized route, src/stage/[stage].md.)
const missing = SITE_PATHS.map((p) => (p === "/" ? "/index" : p)).filter((p) => !existsSync(join(staging, `${p}.html`)));
if (missing.length) await fail(`build incomplete: no HTML for ${missing.join(", ")}.`);
try {
  preloadAnswers(staging);
  await (await prerender).prerenderCharts(staging, SITE_PATHS);
} catch (e) {
  await fail(`answers preload / prerendered charts: ${(e as Error).message}.`);
}
mark("prerender");
// The pages are in English (Framework writes a bare <html>): screen readers and translators read the language from it.
// A stage page's <title> names its stage (the one template has one front-matter title).
for (const f of htmlFiles(staging)) {
  const path = join(staging, f);
  const title = stageTitle(`/${f.replace(/\.html$/, "")}`);
  let html = readFileSync(path, "utf8").replace(/<html>/, '<html lang="en">');
  if (title) html = html.replace(/<title>Value-chain stage \|/, () => `<title>${title.replace(/&/g, "&amp;")} |`);
  writeFileSync(path, html);
}
try {
  (await csp).applyCsp(staging);
} catch (e) {
  await fail(`Content-Security-Policy: ${(e as Error).message}.`);
}
mark("csp");
// Precompressed .br/.gz copies beside the larger files (the wasm, the big tables), served as such by npm run serve.
try {
  const c = await precompress(staging);
  console.error(`build: precompressed ${c.files} files: ${(c.raw / 1e6).toFixed(1)} MB → brotli ${(c.br / 1e6).toFixed(1)} MB, gzip ${(c.gzip / 1e6).toFixed(1)} MB`);
} catch (e) {
  await fail(`precompressed copies: ${(e as Error).message}.`);
}
mark("precompress");
// Framework finished and the result is complete: its library bundles can serve the next build.
writeLibraryManifest(cache, libraryKey);
const old = join(build, `dist-old-${process.pid}`);
writeFileSync(`${old}.target`, dist); // where a build killed between the renames puts it back (cleanStale)
if (existsSync(dist)) renameSync(dist, old);
renameSync(staging, dist);
rmSync(old, {recursive: true, force: true});
rmSync(`${old}.target`, {force: true});
console.error(`build ok in ${((performance.now() - started) / 1000).toFixed(1)} s (library cache ${warm ? "warm" : "cold"}) → ${dist}${CASE_ARG ? ` (the case "${CASE.id}")` : ""}`);
const took = (from: string, to: string) => ((ends[to] ?? 0) - (ends[from] ?? 0)).toFixed(1);
ends.start = 0;
console.error(
  `build steps: validation ${took("start", "validate")} s; npm cache and library bundle ${took("validate", "prepare")} s; Framework ${took("prepare", "framework")} s ` +
    `beside the data step (which ended ${took("start", "data")} s after the start); prerender ${took("staged", "prerender")} s; lang, titles and CSP ${took("prerender", "csp")} s; ` +
    `precompressed copies ${took("csp", "precompress")} s`
);
