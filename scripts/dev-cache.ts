// What lets `npm run dev` serve the outputs of its previous run at once (docs/analyst.md "How the loop works"): after
// each good build the data step (scripts/dev-data.ts) writes, beside its outputs, a manifest of what each output read
// (loaders/reads.ts: files, and folders listed) with the content hash of each, and one key for the code that builds
// them. At the next start scripts/dev.ts keeps an output only if the key is the same and every file it read (and
// every folder it listed) hashes the same; the others are deleted, so Framework waits for their rebuild instead of
// serving them stale. Content hashes, not modification times: a checkout or a copy changes every mtime.
import {createHash} from "node:crypto";
import {existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {ROOT} from "../loaders/paths.ts";

export const MANIFEST = "manifest.json";

export interface OutputReads {
  /** Absolute path of each file read → its content hash ("-" when it did not exist). */
  files: Record<string, string>;
  /** Absolute path of each folder listed → hash of its sorted entry names. */
  folders: Record<string, string>;
}

export interface DevManifest {
  key: string;
  /** When the outputs were last built (ISO time): what the page's status says they date from. */
  built: string;
  outputs: Record<string, OutputReads>;
}

const sha = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** The code that builds the outputs (loaders, the src/lib and src/queries code they run, the entrypoints), the
 * installed packages and the environment the loaders read, as one hash. */
export function codeKey(root: string = ROOT): string {
  const h = createHash("sha256").update("dev-cache v1\n");
  const walk = (dir: string): string[] =>
    !existsSync(dir) ? [] : (readdirSync(dir, {recursive: true}) as string[]).map((f) => join(dir, f)).filter((f) => statSync(f).isFile()).sort();
  for (const file of [...["loaders", "src/lib", "src/queries", "src/data"].flatMap((d) => walk(join(root, d))), join(root, "scripts/dev-data.ts"), join(root, "package-lock.json")]) {
    h.update(`${file}\n`).update(existsSync(file) ? readFileSync(file) : "-").update("\n");
  }
  for (const name of ["RE_DATA_DIR", "RE_ANSWERS", "RE_DOMAIN", "RE_DEV_ENGINE"]) h.update(`${name}=${process.env[name] ?? ""}\n`);
  return h.digest("hex");
}

export const fileHash = (file: string): string => (existsSync(file) && statSync(file).isFile() ? sha(readFileSync(file)) : "-");
export const folderHash = (dir: string): string => (existsSync(dir) ? sha(readdirSync(dir).sort().join("\n")) : "-");

/** What `reads` (loaders/reads.ts allReads: files, and folders ending in "/") hash to now. */
export function hashReads(reads: readonly string[]): OutputReads {
  const out: OutputReads = {files: {}, folders: {}};
  for (const r of reads) {
    if (r.endsWith("/")) out.folders[r.slice(0, -1)] = folderHash(r.slice(0, -1));
    else out.files[r] = fileHash(r);
  }
  return out;
}

export function readManifest(dir: string): DevManifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as DevManifest;
  } catch {
    return null;
  }
}

export function writeManifest(dir: string, manifest: DevManifest): void {
  const file = join(dir, MANIFEST);
  writeFileSync(`${file}.tmp-${process.pid}`, JSON.stringify(manifest));
  renameSync(`${file}.tmp-${process.pid}`, file);
}

const unchanged = (r: OutputReads) => Object.entries(r.files).every(([f, h]) => fileHash(f) === h) && Object.entries(r.folders).every(([d, h]) => folderHash(d) === h);

/** At start: keep in `dir` only the outputs whose inputs and code are unchanged since they were built (and the manifest
 * of those); delete everything else. Returns the manifest of what was kept (null: nothing kept). */
export function keepFreshOutputs(dir: string): DevManifest | null {
  const manifest = readManifest(dir);
  const fresh = manifest && manifest.key === codeKey() ? Object.keys(manifest.outputs).filter((p) => existsSync(join(dir, p)) && unchanged(manifest.outputs[p]!)) : [];
  if (!existsSync(dir)) return null;
  for (const entry of readdirSync(dir, {recursive: true}) as string[]) {
    const path = join(dir, entry);
    if (statSync(path).isFile() && !fresh.includes(entry)) rmSync(path, {force: true});
  }
  if (!manifest || fresh.length === 0) return null;
  const kept: DevManifest = {...manifest, outputs: Object.fromEntries(fresh.map((p) => [p, manifest.outputs[p]!]))};
  writeManifest(dir, kept);
  return kept;
}
