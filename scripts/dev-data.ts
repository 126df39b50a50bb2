// The data step of `npm run dev` (started and restarted by scripts/dev.ts; docs/analyst.md "How the loop works"): it
// builds every loader output in this one process, as the build's data step does (loaders/build-all.ts), into --out
// DIR, where Framework's loader command (scripts/await-output.mjs) copies them from. For each output it records the
// input files it read (loaders/reads.ts). On a message {changed: [files]} from dev.ts it drops the shared results
// that read one of them (loaders/site.ts invalidate), rebuilds the outputs that read one (and any that failed last
// time), writes those whose bytes changed and touches their entrypoints in src/data/: Framework's preview then sees
// the loader newer than its cache, runs it again, and the open page redraws through its live reload.
// Bad input: the outputs in DIR stay the last good ones, and --status FILE (polled by the page, see
// observablehq.config.ts) carries the message (file, row, column, value, fix) until a save fixes it.
//   node --import tsx scripts/dev-data.ts --out DIR --status FILE
import {existsSync, mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {DataError, formatIssue} from "../loaders/errors.ts";
import {ENTRYPOINTS} from "../loaders/outputs.ts";
import {ROOT} from "../loaders/paths.ts";
import {allReads, newReadSet, readsAny, recordingReads, type ReadSet} from "../loaders/reads.ts";
import {devSite} from "../loaders/native-db.ts";
import {invalidate} from "../loaders/site.ts";
import {codeKey, hashReads, readManifest, writeManifest, type DevManifest} from "./dev-cache.ts";

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? resolve(process.argv[at + 1]!) : undefined;
};
const out = arg("--out");
const statusFile = arg("--status");
if (!out || !statusFile) {
  console.error("usage: node --import tsx scripts/dev-data.ts --out DIR --status FILE");
  process.exit(2);
}

/** What the page shows (observablehq.config.ts polls it): "ok", or the validation message with the last good build. */
export interface DevStatus {
  state: "ok" | "error";
  /** When the outputs the page shows were built (ISO time); null before the first good build. */
  built: string | null;
  /** The message's first line and its problems, one per line (file, row, column, value, fix). */
  title?: string;
  issues?: string[];
}

function writeAtomic(file: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(file), {recursive: true});
  writeFileSync(`${file}.tmp-${process.pid}`, bytes);
  renameSync(`${file}.tmp-${process.pid}`, file);
}

const site = devSite();
/** What each output in DIR read and its hash (scripts/dev-cache.ts): the next `npm run dev` serves those unchanged. */
const manifest: DevManifest = {key: codeKey(), built: "", outputs: {}};
const kept = readManifest(out);
if (kept && kept.key === manifest.key) Object.assign(manifest, {built: kept.built, outputs: kept.outputs});
/** Output path (e.g. "china.zip") → the input files it read when last built. */
const reads = new Map<string, ReadSet>();
const failed = new Set<string>(Object.keys(ENTRYPOINTS));
/** The outputs `npm run dev` kept from its previous run date from that run's last good build. */
let lastGood: string | null = Object.keys(manifest.outputs).length ? manifest.built : null;
let lastMessage: string | null = null;

const entrypoint = (path: string) => join(ROOT, "src/data", `${path}.ts`);
const log = (line: string) => process.stderr.write(`${line}\n`);
const short = (file: string) => relative(ROOT, file) || file;

/** Build `paths`; all or nothing: on bad input nothing is written and the status carries the message. */
async function build(paths: string[]): Promise<{written: string[]; ms: number} | Error> {
  const t0 = performance.now();
  const built: Record<string, Uint8Array> = {};
  try {
    for (const path of paths) {
      const set = newReadSet();
      reads.set(path, set);
      built[path] = await recordingReads(set, () => ENTRYPOINTS[path]!(site));
    }
  } catch (e) {
    for (const p of paths) failed.add(p);
    return e as Error;
  }
  const written: string[] = [];
  for (const [path, bytes] of Object.entries(built)) {
    failed.delete(path);
    const file = join(out!, path);
    if (existsSync(file) && Buffer.compare(readFileSync(file), bytes) === 0) continue;
    writeAtomic(file, bytes);
    written.push(path);
  }
  // Only now, with every output in place: a page that reloads finds them all.
  const now = new Date();
  for (const path of written) utimesSync(entrypoint(path), now, now);
  for (const path of paths) manifest.outputs[path] = hashReads(allReads(reads.get(path)!));
  manifest.built = now.toISOString();
  writeManifest(out!, manifest);
  return {written, ms: performance.now() - t0};
}

function report(result: {written: string[]; ms: number} | Error, what: string): void {
  if (result instanceof Error) {
    // Bad input: the DataError message. Anything else is a bug in a loader: its stack, on the page too.
    const message = result instanceof DataError ? result.message : (result.stack ?? String(result));
    const issues = result instanceof DataError ? result.issues.map(formatIssue) : message.split("\n").slice(1);
    const status: DevStatus = {state: "error", built: lastGood, title: message.split("\n")[0], issues};
    writeAtomic(statusFile!, JSON.stringify(status));
    // The same mistake again (an editor's second write, another save of the bad file): said once.
    if (message === lastMessage) return;
    lastMessage = message;
    log(`\n${message}\nThe page keeps the last valid figures${lastGood ? ` (built ${lastGood.slice(11, 19)} UTC)` : ""}, marked stale, until the file is fixed and saved.`);
    return;
  }
  lastGood = new Date().toISOString();
  if (lastMessage) log("data: the inputs are valid again");
  lastMessage = null;
  writeAtomic(statusFile!, JSON.stringify({state: "ok", built: lastGood} satisfies DevStatus));
  const changed = result.written.length ? `updated ${result.written.join(", ")}` : "no output changed";
  log(`data: ${what}: ${changed} (${(result.ms / 1000).toFixed(1)} s)`);
}

/** Whether `p` read one of `changed`: from its reads in this process, else (an output kept from the last run, not yet
 * built again here) from what the manifest recorded it read. */
function reads_(p: string, changed: readonly string[]): boolean {
  const set = reads.get(p);
  if (set) return readsAny(set, changed);
  const m = manifest.outputs[p];
  return m !== undefined && (Object.keys(m.files).some((f) => changed.includes(f)) || Object.keys(m.folders).some((d) => changed.some((f) => dirname(f) === d)));
}

process.on("message", (m: {changed?: string[]}) => {
  const changed = (m.changed ?? []).map((f) => resolve(f));
  const affected = Object.keys(ENTRYPOINTS).filter((p) => failed.has(p) || reads_(p, changed));
  // At once, not after the rebuild: a stop before it ends must not leave these outputs marked as up to date.
  const stale = affected.filter((p) => p in manifest.outputs);
  if (stale.length) {
    for (const p of stale) delete manifest.outputs[p];
    writeManifest(out!, manifest);
  }
  queue = queue.then(async () => {
    invalidate(site, changed);
    // What read it then, or has not been built since (removed from the manifest above, and not yet in `reads`).
    const paths = Object.keys(ENTRYPOINTS).filter((p) => failed.has(p) || affected.includes(p) || reads_(p, changed));
    if (paths.length === 0) return log(`data: ${changed.map(short).join(", ")}: no output reads it`);
    report(await build(paths), `${changed.map(short).join(", ")} → ${paths.join(", ")}`);
    for (const p of paths) unchecked.delete(p);
    process.send?.({rebuilt: paths});
  });
});

// The start. Outputs kept from the last run (their inputs and code hash the same: scripts/dev-cache.ts) are already
// served; the others are built first, all or nothing. The kept ones are then built again one at a time, behind any
// save: a save waits for at most one output of this check, not for all of it (it was the bulk of the first save's
// wait), and the shared results the saves reuse get built on the way.
const keptOutputs = Object.keys(ENTRYPOINTS).filter((p) => p in manifest.outputs && existsSync(join(out, p)));
for (const p of keptOutputs) failed.delete(p);
const unchecked = new Set(keptOutputs);
let queue: Promise<unknown> = (async () => {
  mkdirSync(out, {recursive: true});
  const missing = Object.keys(ENTRYPOINTS).filter((p) => !unchecked.has(p));
  if (missing.length) report(await build(missing), missing.length === Object.keys(ENTRYPOINTS).length ? "every output" : missing.join(", "));
  process.send?.({ready: true});
})();
const check = {written: [] as string[], ms: 0};
function checkNext(): void {
  const p = [...unchecked][0];
  if (p === undefined) {
    if (keptOutputs.length && !lastMessage) report(check, `the ${keptOutputs.length} outputs kept from the last run, checked`);
    return;
  }
  queue = queue.then(async () => {
    if (!unchecked.delete(p)) return;
    const result = await build([p]);
    if (result instanceof Error) return report(result, p);
    check.written.push(...result.written);
    check.ms += result.ms;
  }).then(checkNext);
}
queue = queue.then(checkNext);
// The parent going away (even by SIGKILL) ends this process.
process.on("disconnect", () => process.exit(0));
