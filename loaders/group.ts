import type {Table} from "apache-arrow";
import * as aq from "arquero";
import type {ColumnTable} from "arquero";
import type {z} from "zod";
import type {ColumnKind} from "./arrow.ts";
import {readCsv} from "./csv.ts";
import {dataFile} from "./paths.ts";
import {checkSourceIds, checkUnique, loadSources, type Source} from "./sources.ts";
import {sourcedTable} from "./table.ts";

/** One curated input file: its schema, unique key, the Arrow column kinds it becomes, and a title. */
export interface TableSpec<S extends z.ZodObject = z.ZodObject> {
  schema: S;
  title: string;
  key: (row: z.output<S>) => string;
  keyColumn: string;
  columns: Record<string, ColumnKind>;
  /**
   * Columns computed from the validated rows (documented in the folder's README): an Arquero verb chain over the
   * table of validated rows, e.g. `(t) => t.derive({partial_year: (d) => d.count_months < 12})`. Arquero compiles an
   * expression from its source text, so it sees only `d` (the row), `op` (its functions) and `$` (`.params()`), not
   * variables around it; to call a function of ours, wrap the expression in `aq.escape`.
   */
  transform?: (validated: ColumnTable) => ColumnTable;
}

/** Helper that keeps the schema's row type flowing into `key`. */
export function spec<S extends z.ZodObject>(s: TableSpec<S>): TableSpec<S> {
  return s;
}

export type Rows<S extends z.ZodObject> = (z.output<S> & {_line: number})[];
export type GroupRows<G extends Record<string, TableSpec>> = {[K in keyof G]: Rows<G[K]["schema"]>};

export interface LoadedGroup<G extends Record<string, TableSpec>> {
  rows: GroupRows<G>;
  files: Record<keyof G, string>;
  sources: Map<string, Source>;
}

/** Read and validate every `data/<folder>/<name>.csv` of a group: schema, source ids, unique keys. */
export function loadGroup<G extends Record<string, TableSpec>>(folder: string, group: G, sources: Map<string, Source> = loadSources()): LoadedGroup<G> {
  const rows = {} as Record<string, unknown>;
  const files = {} as Record<string, string>;
  for (const [name, s] of Object.entries(group)) {
    const {rows: r, file} = readCsv(dataFile(folder, `${name}.csv`), s.schema);
    checkSourceIds(file, r as {source_id: string; _line: number}[], sources);
    checkUnique(file, r, s.key as (x: (typeof r)[number]) => string, s.keyColumn);
    rows[name] = r;
    files[name] = file;
  }
  return {rows: rows as GroupRows<G>, files: files as Record<keyof G, string>, sources};
}

/** One group table as Arrow, with provenance (title, file, cited sources) in the schema metadata. */
export function buildGroupTable<G extends Record<string, TableSpec>>(group: G, name: keyof G & string, loaded: LoadedGroup<G>): Table {
  const s = group[name]!;
  const rows = loaded.rows[name] as object[];
  // The schema's columns, the line, and any a loader set on the rows after validation (e.g. China's `counted`).
  const validated = aq.from(rows, [...new Set([...Object.keys(s.schema.shape), "_line", ...rows.flatMap((r) => Object.keys(r))])]);
  const derived = s.transform ? s.transform(validated) : validated;
  return sourcedTable(derived.objects() as ({source_id: string; _line: number} & Record<string, unknown>)[], {title: s.title, file: loaded.files[name], columns: s.columns, sources: loaded.sources});
}
