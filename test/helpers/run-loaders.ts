// Run every Framework loader entrypoint (src/data/**/*.arrow.ts) in this one process, the way Framework runs each
// (its stdout is the published file), and print {conditions, outputs: {"<entry>": "<sha256> <bytes>"}} as JSON. Used by the determinism
// tests: two runs under a different clock, time zone, locale and Math.random must print the same outputs.
import {createHash} from "node:crypto";
import {mkdirSync, readdirSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {pathToFileURL} from "node:url";
import {ROOT} from "../../loaders/paths.ts";

const entries = (readdirSync(join(ROOT, "src/data"), {recursive: true}) as string[]).filter((f) => f.endsWith(".arrow.ts")).sort();
const out: Record<string, string> = {};
const write = process.stdout.write.bind(process.stdout);
let chunks: Buffer[] = [];
process.stdout.write = ((chunk: string | Uint8Array) => {
  chunks.push(Buffer.from(chunk));
  return true;
}) as typeof process.stdout.write;
for (const entry of entries) {
  chunks = [];
  await import(pathToFileURL(join(ROOT, "src/data", entry)).href);
  await new Promise((done) => setImmediate(done)); // runLoader writes after its build promise settles
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0) throw new Error(`${entry} wrote nothing`);
  out[entry] = `${createHash("sha256").update(bytes).digest("hex")} ${bytes.length}`;
  // RE_LOADER_OUT_DIR: also keep the bytes, as <dir>/<entry without .ts> (e.g. china/entities.arrow).
  if (process.env.RE_LOADER_OUT_DIR) {
    const file = join(process.env.RE_LOADER_OUT_DIR, entry.replace(/\.ts$/, ""));
    mkdirSync(dirname(file), {recursive: true});
    writeFileSync(file, bytes);
  }
}
// What the run saw, so a test can check that its two runs really differed in clock, zone and randomness.
const conditions = {now: new Date().toISOString().slice(0, 10), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, random: Math.random()};
write(`${JSON.stringify({conditions, outputs: out})}\n`);
