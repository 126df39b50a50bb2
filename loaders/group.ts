import type {Table} from "apache-arrow";
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
  /** Extra columns computed from each validated row (documented in the folder's README). */
  derive?: (row: z.output<S>) => Record<string, unknown>;
}

/** Helper that keeps the schema's row type flowing into `key` and `derive`. */
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
  const rows = (loaded.rows[name] as Record<string, unknown>[]).map((r) => ({...r, ...(s.derive ? s.derive(r as never) : {})}));
  return sourcedTable(rows as ({source_id: string; _line: number} & Record<string, unknown>)[], {title: s.title, file: loaded.files[name], columns: s.columns, sources: loaded.sources});
}
