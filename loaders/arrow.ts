import {Bool, Float64, Int32, Schema, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector} from "apache-arrow";

/** Column kinds that loaders emit. Strings and numbers may be null (unknown); never NaN. */
export type ColumnKind = "utf8" | "float64" | "int32" | "bool";

export interface ColumnSpec {
  kind: ColumnKind;
  /** Shown in /sources and downloads: what the column holds and its unit. */
  description?: string;
}

const TYPES: Record<ColumnKind, () => DataType> = {
  utf8: () => new Utf8(),
  float64: () => new Float64(),
  int32: () => new Int32(),
  bool: () => new Bool()
};

/**
 * Build an Arrow table from row objects with a declared column list (order kept; no inference), and attach
 * metadata (title, sources, units) to the schema so that pages can show provenance.
 */
export function buildTable<R extends Record<string, unknown>>(
  rows: readonly R[],
  columns: Record<string, ColumnSpec>,
  metadata: Record<string, string> = {}
): Table {
  const vectors: Record<string, Vector> = {};
  for (const [name, spec] of Object.entries(columns)) {
    const values = rows.map((r) => {
      const v = r[name];
      if (v === undefined) throw new Error(`buildTable: row has no column "${name}" (declared in the schema)`);
      if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`buildTable: column "${name}" has a non-finite number ${v}`);
      return v;
    });
    vectors[name] = vectorFromArray(values, TYPES[spec.kind]());
  }
  const table = new Table(vectors);
  const meta = new Map<string, string>(Object.entries(metadata));
  const described = Object.fromEntries(Object.entries(columns).filter(([, s]) => s.description).map(([k, s]) => [k, s.description]));
  if (Object.keys(described).length) meta.set("columns", JSON.stringify(described));
  return new Table(new Schema(table.schema.fields, meta), table.batches);
}

/** Arrow IPC *stream* bytes (DuckDB-WASM's insertArrowFromIPCStream needs the stream format, not the file format). */
export function toIpcStream(table: Table): Uint8Array {
  return tableToIPC(table, "stream");
}

/** Write a table to stdout, as a Framework loader entrypoint must. */
