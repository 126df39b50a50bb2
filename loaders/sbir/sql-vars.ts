/**
 * Prints the `SET VARIABLE` script the SBIR SQL files (loaders/sbir/sql/) read, for an award_data.csv (default: the
 * build's input, the full export when present, else the shipped extract with its citations), so that the files run
 * as they are in the DuckDB CLI (see loaders/sbir/sql/README.md):
 *
 *   npx tsx loaders/sbir/sql-vars.ts [award_data.csv] > /tmp/sbir-vars.sql
 *
 * The file must be UTF-8 (the loader repairs a cp1252 file first; the script says so and stops).
 */
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {dataFile} from "../paths.ts";
import {loadSources} from "../sources.ts";
import {isUtf8File} from "./encoding.ts";
import {readAgencies, readExtractSources, readRules} from "./config.ts";
import {detectLayout} from "./layout.ts";
import {FULL_EXPORT_SOURCE, extractFile, extractSourcesFile, fullExportFile} from "./load.ts";
import {readHeader} from "./read.ts";
import {sbirVariablesSql} from "./sql.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

const arg = process.argv[2];
const file = arg ? resolve(arg) : existsSync(fullExportFile()) ? fullExportFile() : extractFile();
if (!(await isUtf8File(file))) {
  process.stderr.write(`${file} is not valid UTF-8: the loader reads it through a repaired copy (${CASE_FOLDER}/sbir/README.md, "Encoding")\n`);
  process.exit(1);
}
const sources = loadSources();
const cite =
  file === extractFile()
    ? {citations: {rows: [...readExtractSources(extractSourcesFile(), sources).byKey].map(([key, c]) => ({key, ...c}))}}
    : {sourceId: FULL_EXPORT_SOURCE};
process.stdout.write(
  sbirVariablesSql({
    csv: file,
    layout: detectLayout(readHeader(file, file), file),
    agencies: readAgencies(dataFile("sbir", "agencies.csv"), sources),
    rules: readRules(dataFile("sbir", "rules.csv")),
    cite
  })
);
