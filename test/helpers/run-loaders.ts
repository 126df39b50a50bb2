// Run every Framework loader entrypoint (src/data/*.arrow.ts, *.json.ts, and the archive entrypoints src/data/*.zip.ts) in this
// one process, the way Framework runs each (its stdout is the published file, or for an archive the zip Framework
// extracts data/<folder>/<name> from), and print {conditions, outputs: {"<published path>": "<sha256> <bytes>"}} as
// JSON, keyed by the path under src/data/ a page loads (e.g. "sources.arrow", "china/tier_counts.arrow"). Used by the
// determinism tests: two runs under a different clock, time zone, locale and Math.random must print the same outputs.
import {createHash} from "node:crypto";
import {mkdirSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {pathToFileURL} from "node:url";
import JSZip from "jszip";
import {ROOT} from "../../loaders/paths.ts";
import {loaderEntrypoints} from "./loader-outputs.ts";

const out: Record<string, string> = {};
const write = process.stdout.write.bind(process.stdout);
let chunks: Buffer[] = [];
process.stdout.write = ((chunk: string | Uint8Array) => {
  chunks.push(Buffer.from(chunk));
  return true;
}) as typeof process.stdout.write;

function publish(path: string, bytes: Uint8Array): void {
  if (bytes.length === 0) throw new Error(`${path} is empty`);
  out[path] = `${createHash("sha256").update(bytes).digest("hex")} ${bytes.length}`;
  // RE_LOADER_OUT_DIR: also keep the bytes, as <dir>/<published path> (e.g. china/entities.arrow).
  if (process.env.RE_LOADER_OUT_DIR) {
    const file = join(process.env.RE_LOADER_OUT_DIR, path);
    mkdirSync(dirname(file), {recursive: true});
    writeFileSync(file, bytes);
  }
}

for (const entry of loaderEntrypoints()) {
  chunks = [];
  await import(pathToFileURL(join(ROOT, "src/data", entry)).href);
  await new Promise((done) => setImmediate(done)); // runLoader writes after its build promise settles
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0) throw new Error(`${entry} wrote nothing`);
  if (!entry.endsWith(".zip.ts")) {
    publish(entry.replace(/\.ts$/, ""), bytes);
    continue;
  }
  const folder = entry.replace(/\.zip\.ts$/, "");
  const zip = await JSZip.loadAsync(bytes);
  const members = Object.values(zip.files).filter((f) => !f.dir);
  if (members.length === 0) throw new Error(`${entry} wrote an empty archive`);
  for (const f of members) publish(`${folder}/${f.name}`, await f.async("uint8array"));
}
// What the run saw, so a test can check that its two runs really differed in clock, zone and randomness.
const conditions = {now: new Date().toISOString().slice(0, 10), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, random: Math.random()};
write(`${JSON.stringify({conditions, outputs: out})}\n`);
