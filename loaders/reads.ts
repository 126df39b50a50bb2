// Which input files a build read, recorded from the reads themselves (not a hand-kept map): every reader of data/
// (CSV, scenario JSON, folder listings, the SBIR export) calls recordRead, and the read is added to the ReadSet of
// whatever is being built at that moment (AsyncLocalStorage follows it across awaits). `npm run dev`
// (scripts/dev-data.ts) uses it to rebuild only the outputs a saved file can change; elsewhere no ReadSet is active
// and recordRead does nothing.
import {AsyncLocalStorage} from "node:async_hooks";
import {dirname, resolve} from "node:path";

/** Files read directly, folders listed, and the read sets of shared results used (a memoised table read once). */
export interface ReadSet {
  files: Set<string>;
  folders: Set<string>;
  parts: Set<ReadSet>;
}

const active = new AsyncLocalStorage<ReadSet>();

export const newReadSet = (): ReadSet => ({files: new Set(), folders: new Set(), parts: new Set()});

/** `file` was read (or its existence checked: a file that appears changes the result too). */
export function recordRead(file: string): void {
  active.getStore()?.files.add(resolve(file));
}

/** The folder was listed: a file added to or removed from it changes the result. */
export function recordListing(folder: string): void {
  active.getStore()?.folders.add(resolve(folder));
}

/** Run `f` with its reads (also those after its awaits) recorded in `set`. */
export function recordingReads<T>(set: ReadSet, f: () => T): T {
  return active.run(set, f);
}

/** A shared result built under `set` was used: its reads count for whatever is being built now. */
export function includeReads(set: ReadSet): void {
  const store = active.getStore();
  if (store && store !== set) store.parts.add(set);
}

/** Whether a change to any of `changed` (absolute paths) can change what was built under `set`. */
export function readsAny(set: ReadSet, changed: readonly string[], seen = new Set<ReadSet>()): boolean {
  if (seen.has(set)) return false;
  seen.add(set);
  if (changed.some((f) => set.files.has(f) || set.folders.has(dirname(f)))) return true;
  return [...set.parts].some((p) => readsAny(p, changed, seen));
}

/** Every file read and folder listed under `set`, its parts included (sorted). */
export function allReads(set: ReadSet, out = new Set<string>(), seen = new Set<ReadSet>()): string[] {
  if (!seen.has(set)) {
    seen.add(set);
    for (const f of set.files) out.add(f);
    for (const d of set.folders) out.add(`${d}/`);
    for (const p of set.parts) allReads(p, out, seen);
  }
  return [...out].sort();
}
