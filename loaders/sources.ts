import {readdirSync} from "node:fs";
import {z} from "zod";
import {readCsv} from "./csv.ts";
import {DataError, type DataIssue} from "./errors.ts";
import {dataFile} from "./paths.ts";
import {enumCell, optIsoDate, optText, sourceId, text} from "./schemas/cells.ts";

export const sourceSchema = z.object({
  source_id: sourceId(),
  title: text(),
  publisher: text(),
  url: text(),
  published: optIsoDate(),
  accessed: optIsoDate(),
  confidence: enumCell(["high", "medium", "low"] as const),
  note: optText()
});
export type Source = Omit<z.output<typeof sourceSchema>, never> & {file: string};

/** Read and merge every data/sources/*.csv; source_id must be unique across files. */
export function loadSources(): Map<string, Source> {
  const dir = dataFile("sources");
  const files = readdirSync(dir).filter((f) => f.endsWith(".csv")).sort();
  const byId = new Map<string, Source>();
  const issues: DataIssue[] = [];
  for (const f of files) {
    const {rows, file} = readCsv(dataFile("sources", f), sourceSchema);
    for (const {_line, ...row} of rows) {
      const prior = byId.get(row.source_id);
      if (prior) {
        issues.push({file, row: _line, column: "source_id", value: row.source_id, problem: `duplicate source_id (also in ${prior.file})`, fix: "give each source a unique id, or delete the duplicate row"});
        continue;
      }
      byId.set(row.source_id, {...row, file});
    }
  }
  if (issues.length) throw new DataError(issues);
  return byId;
}

/** Every row's source_id must resolve in the registry. */
export function checkSourceIds(file: string, rows: readonly {source_id: string; _line: number}[], sources: Map<string, Source>): void {
  const issues: DataIssue[] = rows
    .filter((r) => !sources.has(r.source_id))
    .map((r) => ({file, row: r._line, column: "source_id", value: r.source_id, problem: "this source_id is not in the sources registry", fix: "add a row for it to data/sources/*.csv, or correct the id"}));
  if (issues.length) throw new DataError(issues);
}

/** Rows with a unique key column: duplicates are an error naming both rows. */
export function checkUnique<R extends {_line: number}>(file: string, rows: readonly R[], key: (r: R) => string, column: string): void {
  const seen = new Map<string, number>();
  const issues: DataIssue[] = [];
  for (const r of rows) {
    const k = key(r);
    const first = seen.get(k);
    if (first !== undefined) issues.push({file, row: r._line, column, value: k, problem: `duplicate key (first used on row ${first})`, fix: "make the key unique or delete the duplicate row"});
    else seen.set(k, r._line);
  }
  if (issues.length) throw new DataError(issues);
}
