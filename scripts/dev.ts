// `npm run dev [-- --verbose]`: Framework's preview on 127.0.0.1 (PORT, default 3000) with live reload, offline-guarded
// like the build, beside the data step (scripts/dev-data.ts), which builds every loader output in one process and
// rebuilds, on each save, only the outputs that read the saved file; the open page then redraws by itself. A save
// under loaders/, src/lib/ or src/queries/ (code the loaders run) restarts the data step, which rebuilds everything and
// publishes only what changed. An invalid input is shown above every page (scripts/dev-banner.ts) and printed here,
// last. Framework's request and loader lines are hidden unless --verbose. Ctrl-C, or a kill of this process (or of
// `npm run dev`), stops both and leaves nothing listening. Design: docs/analyst.md "How the loop works".
// --case <id-or-path>: preview another case folder (scripts/case-arg.ts; first, before anything reads the case).
import "./case-arg.ts";
import {spawn, type ChildProcess} from "node:child_process";
import {mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, watch, writeFileSync, type FSWatcher} from "node:fs";
import {basename, join, relative, sep} from "node:path";
import {createInterface} from "node:readline";
import {dataDir, ROOT} from "../loaders/paths.ts";
import {keepFreshOutputs} from "./dev-cache.ts";
// @ts-expect-error: a plain .mjs script without type declarations
import {prepareNpmCache} from "./prepare-npm-cache.mjs";
import {stopChildren} from "./stop-children.ts";
import {buildVendor, vendorUpToDate} from "./vendor.ts";

const port = process.env.PORT ?? "3000";
const verbose = process.argv.includes("--verbose");
const out = join(ROOT, ".build/dev");
const statusFile = join(ROOT, "src/_dev/status.json");
const guard = join(ROOT, "scripts/offline-guard.mjs");
/** One page update per save, not one per file the page loads (scripts/framework-watch.mjs). */
const coalesceWatch = join(ROOT, "scripts/framework-watch.mjs");
/** Inputs: a save re-runs the outputs that read the file. Code: a save restarts the data step (fresh modules). */
const CODE_DIRS = ["loaders", "src/lib", "src/queries"];
// The case's folder too when it lies outside data/ (`--case test/fixtures/cases/<id>`).
const INPUT_DIRS = [join(ROOT, "data"), ...(relative(join(ROOT, "data"), dataDir()).startsWith("..") ? [dataDir()] : [])];

const children = new Set<ChildProcess>();
const watchers: FSWatcher[] = [];
let stopping = false;

function start(args: string[], env: Record<string, string>, stdio: "inherit" | "pipe" | "ignore", ipc = false): ChildProcess {
  const child = spawn(process.execPath, args, {cwd: ROOT, stdio: ["ignore", stdio, stdio, ...(ipc ? ["ipc" as const] : [])], env: {...process.env, ...env}});
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

/** Stop every child and wait for it (SIGKILL after 3 s), so nothing is left listening; then exit. */
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const w of watchers) w.close();
    await stopChildren(children, 3000);
    rmSync(statusFile, {force: true});
    process.exit(code);
  }
  return new Promise<never>(() => {});
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(signal === "SIGINT" ? 130 : 143));
// `npm run dev` runs this under `sh -c`, which does not pass a kill of npm on: npm and sh die and this process is
// re-parented. Seeing that is the signal to stop too.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void stop(143), 250).unref();

// The outputs of the previous run whose inputs and code are unchanged (content hashes, scripts/dev-cache.ts) are
// served at once; the others are deleted, so Framework waits for the data step to rebuild them. Framework's own cache
// goes (it judges a cached output fresh by the entrypoint's mtime alone, so it could serve old figures): it copies
// the kept outputs again in milliseconds (scripts/await-output.mjs).
const kept = keepFreshOutputs(out);
rmSync(join(ROOT, "src/.observablehq/cache/data"), {recursive: true, force: true});
mkdirSync(join(ROOT, "src/_dev"), {recursive: true});
const entrypoints = readdirSync(join(ROOT, "src/data")).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3));
const allKept = kept !== null && entrypoints.every((p) => p in kept.outputs);
writeFileSync(statusFile, JSON.stringify({state: "ok", built: allKept ? kept.built : null}));
if (kept) console.error(`data: ${allKept ? "every output" : `${Object.keys(kept.outputs).length} of ${entrypoints.length} outputs`} unchanged since the last run (inputs and code hash the same): served at once, checked again in the background`);

// The data step: one long-lived process; restarted (fresh modules) when loader code changes.
let data: ChildProcess | null = null;
function startData(): void {
  dataStarted = true;
  const child = start(["--import", guard, "--import", "tsx", "scripts/dev-data.ts", "--out", out, "--status", statusFile], {}, "inherit", true);
  data = child;
  child.on("exit", (code, signal) => {
    if (data === child) data = null;
    if (!stopping && signal !== "SIGTERM") console.error(`data step stopped (exit ${code ?? signal}); it restarts on the next save`);
  });
}
let dataStarted = false;

// Framework starts as soon as its npm look-ups are answered locally (scripts/prepare-npm-cache.mjs, ~0.1 s) and the
// library bundle is there; it is rebuilt only when older than the installed packages.
// (In this process: a node process of its own cost as much again as the work, on the first page's path.)
prepareNpmCache();
if (!vendorUpToDate()) await buildVendor().catch((e: Error) => console.error(`bundling the browser libraries (scripts/vendor.ts): ${e.message}`));

// Framework's own lines: the start-up banner and errors stay; request, socket and loader lines only with --verbose,
// and so are the loader failures that an input invalid from the start causes (the data step prints the message).
const NOISE = /^(socket (open|close)|[↑↓] |load \S|GET |\[(fresh|stale|missing|using stale)\] |success .* in \d+ms$|\s*$|error in \d+ms|Error: loader exited|\s+at |.*: the data step ended without building it)/;
// eslint-disable-next-line no-control-regex
const plain = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, "");
const framework = start(
  [join(ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js"), "preview", "--host", "127.0.0.1", "--port", port, "--no-open"],
  {RE_PREBUILT_DIR: out, RE_DEV_STATUS: statusFile, OBSERVABLE_TELEMETRY_DISABLE: "1", NODE_OPTIONS: `--import ${guard} --import ${coalesceWatch}`},
  "pipe"
);
for (const [stream, sink] of [[framework.stdout!, process.stdout], [framework.stderr!, process.stderr]] as const) {
  let inMessage = false; // a socket message object printed over several lines ("↓ {" ... "}")
  createInterface({input: stream}).on("line", (line) => {
    const text = plain(line);
    // The data step starts once the first page is answered (its browser asks for the client script or a file), or
    // 3 s after Framework listens: on 2 cores, both starting at once slows that first answer.
    if (!dataStarted && /^GET \/_(observablehq\/client\.js|file\/)/.test(text)) startData();
    if (text.startsWith("↳ http")) setTimeout(() => dataStarted || stopping || startData(), 3000).unref();
    const hide = inMessage || NOISE.test(text);
    if (/^[↑↓] \{$/.test(text)) inMessage = true;
    else if (inMessage && text === "}") inMessage = false;
    if (verbose || !hide) sink.write(`${line}\n`);
  });
}
framework.on("exit", (code) => void stop(code ?? 1));

// Saves: collected for 150 ms (an editor writes a file in several steps), then handed to the data step.
const pending = new Set<string>();
let timer: NodeJS.Timeout | undefined;
const ignored = (name: string) => /(^|[/\\])\.|~$|\.sw[a-p]$|\.tmp-\d+$/.test(name);
function saved(file: string): void {
  if (ignored(relative(ROOT, file).replace(/^(\.\.[/\\])+/, ""))) return;
  pending.add(file);
  clearTimeout(timer);
  timer = setTimeout(() => {
    const files = [...pending];
    pending.clear();
    caseTextSaved(files);
    const code = files.filter((f) => CODE_DIRS.some((d) => f.startsWith(join(ROOT, d) + sep)));
    if (code.length) {
      console.error(`data: ${code.map((f) => relative(ROOT, f)).join(", ")} changed: restarting the data step`);
      data?.kill("SIGTERM");
      startData();
    } else if (data?.connected) data.send({changed: files});
    else startData();
  }, 150);
}
/** Every page's Markdown under src/ (not Framework's cache). */
function pageFiles(dir = join(ROOT, "src")): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.name.startsWith(".") ? [] : e.isDirectory() ? pageFiles(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : []
  );
}

/** A saved text of the case (text/<key>.md) goes into the pages when Framework parses them (loaders/case-text.ts), and
 * Framework parses a page again only when the page's own file changes: so touch the pages that use the key, and the
 * open page redraws with the new text. case.json is read once per process: say that a restart shows it. */
function caseTextSaved(files: readonly string[]): void {
  const textDir = join(dataDir(), "text") + sep;
  const keys = files.filter((f) => f.startsWith(textDir) && f.endsWith(".md")).map((f) => basename(f, ".md"));
  if (keys.length) {
    const now = new Date();
    for (const page of pageFiles()) {
      const source = readFileSync(page, "utf8");
      if (keys.some((k) => source.includes(`{{case:${k}}}`))) utimesSync(page, now, now);
    }
  }
  if (files.includes(join(dataDir(), "case.json"))) {
    console.error(`dev: ${relative(ROOT, join(dataDir(), "case.json"))} changed: stop and start npm run dev to see it (the case's stages, tiers and words are read once)`);
  }
}

for (const dir of [...INPUT_DIRS, ...CODE_DIRS.map((d) => join(ROOT, d))]) {
  watchers.push(watch(dir, {recursive: true}, (_event, name) => name && saved(join(dir, name))));
}
