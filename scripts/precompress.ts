// Precompressed copies of the built site's larger files (issue 23): beside every text, wasm or Arrow file of at least
// MIN_BYTES the build writes `<file>.br` (brotli) and `<file>.gz` (gzip), kept only when they save at least 10%.
// `npm run serve` (scripts/server.ts) sends them with `Content-Encoding` to a browser that accepts the encoding; a
// static host does the same with nginx's `gzip_static` / `brotli_static` (docs/publishing.md#compressed-copies).
// The DuckDB wasm (34 MB; 8 MB as brotli) and the full SBIR table at 220k awards are what matter: the copies turn the
// /sbir "relevance filter off" download from ~55 MB into ~9 MB on the wire.
//
// Compression runs on zlib's thread pool, a few files at a time. Brotli's best quality takes minutes on the wasm, so
// files over LARGE_BYTES use faster settings, and every copy is cached by the sha256 of its input in
// .build/precompressed/ (the wasm and the library bundles do not change from one build to the next). The pages' HTML
// changes on every build (it carries the build's time and the prerendered charts), so it is compressed on every build:
// at brotli quality 10, not 11 (19 pages, 2.08 MB: 1.0 vs 2.4 CPU s, 380 vs 367 kB; docs/performance.md).
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {extname, join} from "node:path";
import {promisify} from "node:util";
import {brotliCompress, constants, gzip} from "node:zlib";
import {ROOT} from "../loaders/paths.ts";

/** Extensions worth compressing (zip, png and the like are compressed already). */
export const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".wasm", ".arrow", ".csv", ".svg", ".txt", ".map"]);
export const MIN_BYTES = 8 * 1024;
const LARGE_BYTES = 4 * 1024 * 1024;
export const ENCODINGS = [
  {ext: ".br", name: "br"},
  {ext: ".gz", name: "gzip"}
] as const;

const br = promisify(brotliCompress);
const gz = promisify(gzip);

function compress(bytes: Buffer, encoding: "br" | "gzip", html: boolean): Promise<Buffer> {
  const large = bytes.length > LARGE_BYTES;
  if (encoding === "br") {
    return br(bytes, {params: {[constants.BROTLI_PARAM_QUALITY]: large ? 5 : html ? 10 : 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length}});
  }
  return gz(bytes, {level: large ? 6 : 9});
}

/** Is this file a precompressed copy written beside its original? */
export function isPrecompressedCopy(file: string): boolean {
  return ENCODINGS.some((e) => file.endsWith(e.ext) && existsSync(file.slice(0, -e.ext.length)));
}

/** Write the .br and .gz copies under `dir`; returns how many files got copies and their bytes. */
export async function precompress(dir: string, cacheDir = join(ROOT, ".build/precompressed")): Promise<{files: number; raw: number; br: number; gzip: number}> {
  mkdirSync(cacheDir, {recursive: true});
  const files = (readdirSync(dir, {recursive: true}) as string[])
    .map((f) => join(dir, f))
    .filter((f) => COMPRESSIBLE.has(extname(f)) && statSync(f).isFile() && statSync(f).size >= MIN_BYTES)
    // largest first, so the long jobs start at once
    .sort((a, b) => statSync(b).size - statSync(a).size);
  const totals = {files: 0, raw: 0, br: 0, gzip: 0};
  const used = new Set<string>();
  const jobs = files.map((file) => async () => {
    const bytes = readFileSync(file);
    const key = createHash("sha256").update(bytes).digest("hex");
    let wrote = false;
    for (const {ext, name} of ENCODINGS) {
      const cached = join(cacheDir, `${key}${ext}`);
      used.add(`${key}${ext}`);
      let out: Buffer | null = null;
      try {
        out = readFileSync(cached);
      } catch {}
      if (!out) {
        out = await compress(bytes, name, extname(file) === ".html");
        writeFileSync(`${cached}.tmp`, out);
        renameSync(`${cached}.tmp`, cached);
      }
      if (out.length > bytes.length * 0.9) continue;
      writeFileSync(`${file}${ext}`, out);
      totals[name] += out.length;
      wrote = true;
    }
    if (wrote) {
      totals.files++;
      totals.raw += bytes.length;
    }
  });
  const workers = Array.from({length: 3}, async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) await job();
  });
  await Promise.all(workers);
  // Keep the cache to this build's copies (each build of other data would otherwise add its tables to it), sparing
  // those written in the last hour (another build running beside this one, e.g. the benchmark's full-scale build).
  for (const f of readdirSync(cacheDir)) {
    const path = join(cacheDir, f);
    if (!used.has(f) && statSync(path).mtimeMs < Date.now() - 3600_000) rmSync(path, {force: true});
  }
  return totals;
}
