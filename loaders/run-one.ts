// Build ONE published table the way the build does, and write its Arrow IPC stream to stdout (or --out FILE):
//   npx tsx loaders/run-one.ts china/tier_counts        # also: china/tier_counts.arrow, sources, sbir_awards
//   npx tsx loaders/run-one.ts china/tier_counts --out /tmp/tier_counts.arrow
//   npx tsx loaders/run-one.ts --list                   # every published path
// For debugging a table on its own: the build itself runs a folder's tables in one process (src/data/<folder>.zip.ts).
// Bad input prints the same message as in the build (file, row, column, value, fix) and exits 1 without output.
import {writeFileSync} from "node:fs";
import {toIpcStream} from "./arrow.ts";
import {allOutputs} from "./outputs.ts";
import {runLoader} from "./run.ts";

const args = process.argv.slice(2);
const outputs = await allOutputs();
const names = Object.keys(outputs).sort();
if (args[0] === "--list") {
  process.stdout.write(`${names.join("\n")}\n`);
  process.exit(0);
}
const wanted = args[0]?.replace(/^(src\/)?data\//, "");
const name = wanted === undefined ? undefined : [wanted, `${wanted}.arrow`].find((n) => n in outputs);
if (!name) {
  process.stderr.write(`usage: npx tsx loaders/run-one.ts <table> [--out FILE]\n${wanted ? `unknown table "${wanted}". ` : ""}Tables:\n  ${names.join("\n  ")}\n`);
  process.exit(2);
}
const outAt = args.indexOf("--out");
const out = outAt > 0 ? args[outAt + 1] : undefined;
await runLoader(outputs[name]!, out ? (table) => {
  writeFileSync(out, toIpcStream(table));
  process.stderr.write(`${name}: ${table.numRows} rows → ${out}\n`);
} : undefined);
