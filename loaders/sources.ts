import type {Table} from "apache-arrow";
import {buildTable} from "./arrow.ts";
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
  /** Empty only for a source that cannot be located (an unidentified document); its note must say so. */
  // A web address, a GitHub file (owner/repo:path@commit) or a file of this project (shared/research/...); never
  // another scheme (javascript:, data:), so a link built from it can only go where it says.
  url: optText().refine((u) => u === null || /^https?:\/\/\S+$/.test(u) || /^[\w.-]+\/[\w.-]+:\S+$/.test(u) || /^[\w.-]+(\/[\w.-]+)+$/.test(u), {
    message: "not a web address, repository reference or project path",
    params: {fix: "write an http(s):// URL, owner/repo:path@commit for a file on GitHub, or a path in this project (or leave it empty and say why in the note)"}
  }),
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
      if (row.url === null && !row.note) {
        issues.push({file, row: _line, column: "url", value: "", problem: "a source without a url must say in its note why it cannot be located", fix: "add the url, or explain in the note (e.g. unidentified repository document)"});
      }
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

/** The whole registry as an Arrow table (for /sources and for resolving ids on pages). */
export function buildSourcesTable(sources: Map<string, Source> = loadSources()): Table {
  const rows = [...sources.values()].sort((a, b) => a.source_id.localeCompare(b.source_id));
  return buildTable(
    rows.map(({source_id, title, publisher, url, published, accessed, confidence, note}) => ({source_id, title, publisher, url, published, accessed, confidence, note})),
    {
      source_id: {kind: "utf8"},
      title: {kind: "utf8"},
      publisher: {kind: "utf8"},
      url: {kind: "utf8"},
      published: {kind: "utf8", description: "date the source gives (ISO)"},
      accessed: {kind: "utf8", description: "date the figure was read (ISO)"},
      confidence: {kind: "utf8", description: "high: primary source seen; medium: reputable secondary; low: unverified"},
      note: {kind: "utf8"}
    },
    {title: "Sources registry", file: "data/sources/*.csv"}
  );
}
