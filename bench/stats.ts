// Small helpers for the benchmark harness: percentiles, byte counts by kind, timing a child process.
import {isPrecompressedCopy} from "../scripts/precompress.ts";
import {spawnSync} from "node:child_process";
import {readdirSync, statSync} from "node:fs";
import {extname, join} from "node:path";

/** Nearest-rank percentile (p in 0..100) of the finite values; null when there are none. */
export function percentile(xs: (number | null)[], p: number): number | null {
  const s = xs.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1] as number;
}

export const median = (xs: (number | null)[]) => percentile(xs, 50);

export type Kind = "wasm" | "js" | "data" | "css" | "html" | "other";

export function kindOf(path: string): Kind {
  const ext = extname(new URL(path, "http://x/").pathname).toLowerCase();
  if (ext === ".wasm") return "wasm";
  if (ext === ".js" || ext === ".mjs") return "js";
  if ([".arrow", ".csv", ".json", ".parquet", ".tsv", ".zip"].includes(ext)) return "data";
  if (ext === ".css") return "css";
  if (ext === ".html" || ext === "") return "html";
  return "other";
}

export type Bytes = Record<Kind, number> & {total: number};
export const emptyBytes = (): Bytes => ({wasm: 0, js: 0, data: 0, css: 0, html: 0, other: 0, total: 0});

/** Bytes of every file under `dir`, by kind; the precompressed .br/.gz copies beside the files are left out (they
 * are the same files for the wire: `precompressedBytes`). */
export function dirBytes(dir: string): Bytes {
  const out = emptyBytes();
  for (const f of readdirSync(dir, {recursive: true})) {
    const file = join(dir, String(f));
    const st = statSync(file);
    if (!st.isFile() || isPrecompressedCopy(file)) continue;
    out[kindOf(file)] += st.size;
    out.total += st.size;
  }
  return out;
}

/** Bytes of the precompressed copies under `dir` (scripts/precompress.ts), by encoding. */
export function precompressedBytes(dir: string): {br: number; gzip: number} {
  const out = {br: 0, gzip: 0};
  for (const f of readdirSync(dir, {recursive: true})) {
    const file = join(dir, String(f));
    if (!isPrecompressedCopy(file)) continue;
    out[file.endsWith(".br") ? "br" : "gzip"] += statSync(file).size;
  }
  return out;
}

/** Run a command to completion; returns wall seconds and the exit status. Output goes to `log` (or is dropped). */
/** `binary`: also keep stdout as bytes (stdoutBytes), e.g. a loader's Arrow or zip output. */
export function timed(
  cmd: string,
  args: string[],
  opts: {cwd: string; env?: Record<string, string>; quiet?: boolean; binary?: boolean}
): {seconds: number; ok: boolean; stdout: string; stderr: string; stdoutBytes?: Buffer} {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {cwd: opts.cwd, env: {...process.env, ...opts.env}, maxBuffer: 256 << 20, stdio: opts.quiet === false ? "inherit" : "pipe"});
  const seconds = (performance.now() - t0) / 1000;
  const stdout = r.stdout ?? Buffer.alloc(0);
  return {seconds, ok: r.status === 0, stdout: stdout.toString("utf8"), stderr: (r.stderr ?? Buffer.alloc(0)).toString("utf8"), ...(opts.binary ? {stdoutBytes: stdout} : {})};
}

export const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
export const ms = (n: number | null) => (n === null ? "n/a" : `${Math.round(n)} ms`);
export const sec = (n: number) => `${n.toFixed(1)} s`;
