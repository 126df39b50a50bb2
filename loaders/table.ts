import type {Table} from "apache-arrow";
import * as aq from "arquero";
import {buildTable, type ColumnKind} from "./arrow.ts";
import {citedSource, type Source} from "./sources.ts";

/**
 * Turn validated rows into an Arrow table whose schema metadata carries provenance: the table's title, the input
 * file, and every cited source (the original document: id, title, issuer, number, date; where it was read: url and kind; confidence), so pages can show where numbers come from.
 */
export function sourcedTable<R extends {source_id: string; _line: number}>(
  rows: readonly R[],
  {title, file, columns, sources, extra = {}}: {
    title: string;
    file: string;
    columns: Record<string, ColumnKind>;
    sources: Map<string, Source>;
    extra?: Record<string, string>;
  }
): Table {
  const spec = Object.fromEntries(Object.entries(columns).map(([k, kind]) => [k, {kind}]));
  const plain = rows.map((r) => Object.fromEntries(Object.keys(columns).map((k) => [k, normalize((r as Record<string, unknown>)[k])])));
  return buildTable(plain, spec, {title, file, sources: citedSources(rows.map((r) => r.source_id), sources, file), ...extra});
}

/**
 * The `sources` metadata of a table: each distinct source id it cites (sorted), joined to the sources registry as
 * citedSource shapes them, as JSON. Every id must be in the registry (checkSourceIds reports a missing one with its
 * row first).
 */
export function citedSources(ids: readonly string[], sources: Map<string, Source>, file: string): string {
  if (ids.length === 0) return "[]";
  const cited = aq.from(ids.map((source_id) => ({source_id})), ["source_id"]).dedupe("source_id");
  const registry = aq.from([...sources.values()].map(citedSource));
  const missing = cited.antijoin(registry, "source_id").array("source_id") as string[];
  if (missing.length) throw new Error(`sourcedTable(${file}): source_id ${missing[0]} not in registry (checkSourceIds should have caught this)`);
  return JSON.stringify(cited.join_left(registry, "source_id").orderby("source_id").select(...registry.columnNames()).objects());
}

function normalize(v: unknown): unknown {
  return Array.isArray(v) ? v.join(";") : v;
}
