// The log of data corrections (data/cases/<case>/corrections/corrections.csv): each change to a published value or grade after it
// was first curated — when, which file and rows, what changed, why, which figures moved, the source of the corrected
// value and the commit. Validated like every input (schema, registry, unique ids) plus: the file exists under data/,
// every row id listed is a key of that file today, the commit is a hash. Published as corrections.arrow, shown on
// /sources ("Data corrections"); docs/citation.md.
import {existsSync, readFileSync} from "node:fs";
import {parse} from "csv-parse/sync";
import type {Table} from "apache-arrow";
import {z} from "zod";
import {readCsv} from "./csv.ts";
import {DataError, type DataIssue} from "./errors.ts";
import {dataFile} from "./paths.ts";
import {checkSourceIds, checkUnique, loadSources, type Source} from "./sources.ts";
import {matching, optText, text} from "./schemas/cells.ts";
import {buildTable} from "./arrow.ts";
import {citedSources} from "./table.ts";

export const correction = z.object({
  correction_id: text(),
  date: matching(/^\d{4}-\d{2}-\d{2}$/, "not a full date", "write the date the correction was made, YYYY-MM-DD"),
  dataset: matching(/^[a-z_]+\/[a-z0-9_-]+\.csv$/, "not a data file path", "write the file under data/, e.g. us/awards.csv"),
  rows: text(),
  what_changed: text(),
  why: text(),
  figures_moved: text(),
  source_id: optText(),
  commit: matching(/^[0-9a-f]{7,40}$/, "not a commit hash", "write the commit's hash (7 to 40 hex digits), as git log shows it")
});

export type Correction = z.output<typeof correction> & {_line: number};

/** Read and check the corrections log. */
export function loadCorrections(sources: Map<string, Source> = loadSources()): {rows: Correction[]; file: string} {
  const {rows, file} = readCsv(dataFile("corrections", "corrections.csv"), correction);
  checkUnique(file, rows, (r) => r.correction_id, "correction_id");
  checkSourceIds(file, rows.filter((r): r is Correction & {source_id: string} => r.source_id !== null), sources);
  const issues: DataIssue[] = [];
  for (const r of rows) {
    const path = dataFile(...r.dataset.split("/"));
    if (!existsSync(path)) {
      issues.push({file, row: r._line, column: "dataset", value: r.dataset, problem: "no such file under data/", fix: "write the corrected file's path under data/, e.g. us/awards.csv"});
      continue;
    }
    // The file's own key is its first column (award_id, tool_id, …); the file itself is validated by its loader.
    const [header, ...records] = parse(readFileSync(path), {bom: true, relax_column_count: true}) as string[][];
    const key = header?.[0] ?? "key";
    const ids = new Set(records.map((rec) => rec[0]));
    for (const id of r.rows.split(";")) {
      if (!ids.has(id)) issues.push({file, row: r._line, column: "rows", value: id, problem: `no row with ${key} ${id} in data/${r.dataset}`, fix: `list the corrected rows by their ${key}, separated by ";"`});
    }
  }
  if (issues.length) throw new DataError(issues);
  return {rows, file};
}

export function buildCorrectionsTable(sources: Map<string, Source> = loadSources()): Table {
  const {rows, file} = loadCorrections(sources);
  const sorted = [...rows].sort((a, b) => b.date.localeCompare(a.date) || a.correction_id.localeCompare(b.correction_id));
  const plain = sorted.map(({_line, ...r}) => r);
  return buildTable(plain, {
    correction_id: {kind: "utf8"},
    date: {kind: "utf8", description: "date of the correction (YYYY-MM-DD)"},
    dataset: {kind: "utf8", description: "the corrected file under data/"},
    rows: {kind: "utf8", description: "the corrected rows, by their key, separated by ;"},
    what_changed: {kind: "utf8"},
    why: {kind: "utf8"},
    figures_moved: {kind: "utf8", description: "which figures on the site moved, and by how much"},
    source_id: {kind: "utf8", description: "the source of the corrected value (empty: a rule of the registry)"},
    commit: {kind: "utf8", description: "the commit that made the correction"}
  }, {title: "Data corrections", file, sources: citedSources(rows.flatMap((r) => (r.source_id ? [r.source_id] : [])), sources, file)});
}
