import type {Table} from "apache-arrow";
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
  const ids = [...new Set(rows.map((r) => r.source_id))].sort();
  const cited = ids.map((id) => {
    const s = sources.get(id);
    if (!s) throw new Error(`sourcedTable(${file}): source_id ${id} not in registry (checkSourceIds should have caught this)`);
    return citedSource(s);
  });
  const spec = Object.fromEntries(Object.entries(columns).map(([k, kind]) => [k, {kind}]));
  const plain = rows.map((r) => Object.fromEntries(Object.keys(columns).map((k) => [k, normalize((r as Record<string, unknown>)[k])])));
  return buildTable(plain, spec, {title, file, sources: JSON.stringify(cited), ...extra});
}

function normalize(v: unknown): unknown {
  return Array.isArray(v) ? v.join(";") : v;
}
