import type {Table} from "apache-arrow";
import {buildTable} from "./arrow.ts";

/**
 * One row per published table: what it holds, its input file, row count, columns with their Arrow types, and how
 * many sources it cites — read from each table's own schema metadata (so it cannot drift from the data).
 */
export function buildDatasetsTable(all: Record<string, Table>): Table {
  const rows = Object.entries(all)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, t]) => {
      const meta = t.schema.metadata;
      const described = JSON.parse(meta.get("columns") ?? "{}") as Record<string, string>;
      let sources = 0;
      try {
        sources = (JSON.parse(meta.get("sources") ?? "[]") as unknown[]).length;
      } catch {
        sources = 0;
      }
      return {
        dataset: name,
        title: meta.get("title") ?? name,
        file: meta.get("file") ?? meta.get("input") ?? null,
        rows: t.numRows,
        columns: t.schema.fields.map((f) => `${f.name} (${String(f.type).toLowerCase()})${described[f.name] ? `: ${described[f.name]}` : ""}`).join("; "),
        n_sources: sources
      };
    });
  return buildTable(rows, {
    dataset: {kind: "utf8", description: "name the pages load the table under"},
    title: {kind: "utf8"},
    file: {kind: "utf8", description: "curated input file(s) in data/"},
    rows: {kind: "int32"},
    columns: {kind: "utf8", description: "column (Arrow type): unit/description; units are in the column names"},
    n_sources: {kind: "int32", description: "distinct sources cited by the table's rows"}
  }, {title: "Datasets published by the site", file: "src/data/**"});
}
