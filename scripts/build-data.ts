// The build's data step (run by scripts/build.ts beside Framework): validate every input, build every loader
// entrypoint's output in this one process (loaders/build-all.ts), and write them to --out DIR as
// <entrypoint path without .ts> (e.g. china.zip, sources.arrow), where Framework's loader command during the build
// (scripts/await-output.mjs) waits for them. Nothing is written unless every output was built. Bad input: the
// DataError message (file, row, column, value, fix), exit 1.
//   node --import tsx scripts/build-data.ts --out DIR [--no-validate]
import {mkdirSync, renameSync, writeFileSync} from "node:fs";
import {dirname, join, resolve} from "node:path";
import {buildAllOutputs} from "../loaders/build-all.ts";
import {DataError} from "../loaders/errors.ts";
import {validateAll} from "../loaders/validate.ts";

const at = process.argv.indexOf("--out");
if (!(at > 0 && process.argv[at + 1])) {
  console.error("usage: node --import tsx scripts/build-data.ts --out DIR [--no-validate]");
  process.exit(2);
}
const out = resolve(process.argv[at + 1]!);
const t0 = performance.now();
const seconds = () => ((performance.now() - t0) / 1000).toFixed(1);
let outputs: Record<string, Uint8Array>;
try {
  if (!process.argv.includes("--no-validate")) console.error(`validate: ok — ${validateAll()}`);
  // scripts/build.ts starts Framework once the inputs are valid (a bad file then never costs the library cache).
  process.send?.("validated");
  const times: string[] = [];
  outputs = await buildAllOutputs(undefined, (path, ms) => times.push(`${path} ${Math.round(ms)} ms`));
  console.error(`build-data: ${times.join(", ")} (a table shared by several outputs is counted in the first)`);
} catch (e) {
  console.error(e instanceof DataError ? e.message : (e as Error).stack);
  process.exit(1);
}
// Under a temporary name, then renamed: Framework may be waiting for the file (scripts/await-output.mjs).
for (const [path, bytes] of Object.entries(outputs)) {
  const file = join(out, path);
  mkdirSync(dirname(file), {recursive: true});
  writeFileSync(`${file}.tmp-${process.pid}`, bytes);
  renameSync(`${file}.tmp-${process.pid}`, file);
}
console.error(`build-data: ${Object.keys(outputs).length} loader outputs built in one process in ${seconds()} s`);
