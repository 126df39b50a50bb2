// Prints sha256 of the loader's Arrow IPC output for the shipped extract and the SBIR test fixtures (and, given
// a path, that file): compare before/after a loader change.  npx tsx bench/sbir/snapshot.ts [file...]
import {createHash} from "node:crypto";
import {writeFileSync} from "node:fs";
import {toIpcStream} from "../../loaders/arrow.ts";
import {extractFile, extractSourcesFile, loadSbirAwards, sbirRelevantTable} from "../../loaders/sbir/load.ts";

const quiet = () => {};
const hash = (b: Uint8Array) => createHash("sha256").update(b).digest("hex").slice(0, 16);
const runs: [string, () => ReturnType<typeof loadSbirAwards>][] = [
  ["extract", () => loadSbirAwards({file: extractFile(), sidecar: extractSourcesFile(), log: quiet})],
  ...["current-layout.csv", "legacy-layout.csv"].map((f): [string, () => ReturnType<typeof loadSbirAwards>] => [f, () => loadSbirAwards({file: `test/fixtures/sbir/${f}`, sourceId: "sbir-gov-award-data", log: quiet})]),
  ...process.argv.slice(2).map((f): [string, () => ReturnType<typeof loadSbirAwards>] => [f, () => loadSbirAwards({file: f, sourceId: "sbir-gov-award-data", log: quiet})])
];
for (const [name, run] of runs) {
  const {table} = await run();
  if (process.env.SNAPSHOT_DUMP) writeFileSync(`${process.env.SNAPSHOT_DUMP}-${name.replace(/\W+/g, "_")}.arrow`, toIpcStream(table));
  console.log(`${name}\tawards ${hash(toIpcStream(table))}\trelevant ${hash(toIpcStream(sbirRelevantTable(table)))}\trows ${table.numRows}`);
}
