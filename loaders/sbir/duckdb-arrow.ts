import type {DuckDBConnection} from "@duckdb/node-api";
import {RecordBatch, Struct, Table, makeData, type Data, type Schema} from "apache-arrow";

/**
 * Move a DuckDB table into an Arrow table fast. @duckdb/node-api converts values one at a time (about a
 * microsecond per string, seconds for 220k rows x 17 columns), and its Arrow C API is not exposed. So DuckDB packs
 * each column into one string with an ordered string_agg: for text, the concatenated UTF-8 bytes plus a
 * comma-separated list of byte lengths (-1 = null); for numbers, comma-separated values (DuckDB prints doubles
 * in shortest round-trip form); for booleans, one character per row. JavaScript turns those few large strings
 * straight into Arrow buffers.
 *
 * `schema` gives the column names, order and types (Utf8, Float64, Int32, Bool); `table` must have those columns
 * and an `order` column giving the row order.
 */
export async function duckdbToArrow(conn: DuckDBConnection, table: string, order: string, schema: Schema): Promise<Table> {
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const aggregates = schema.fields.flatMap((f) => {
    const c = q(f.name);
    const by = `ORDER BY ${q(order)}`;
    switch (f.typeId) {
      case 5: // Utf8
        return [`string_agg(coalesce(${c}, ''), '' ${by})`, `string_agg(coalesce(strlen(${c}), -1)::VARCHAR, ',' ${by})`];
      case 3: // Float
      case 2: // Int
        return [`string_agg(coalesce(${c}::VARCHAR, ''), ',' ${by})`];
      case 6: // Bool
        return [`string_agg(CASE WHEN ${c} THEN '1' WHEN NOT ${c} THEN '0' ELSE '-' END, '' ${by})`];
      default:
        throw new Error(`duckdbToArrow: column ${f.name} has an unsupported type ${f.type}`);
    }
  });
  const reader = await conn.runAndReadAll(`SELECT count(*)::INTEGER, ${aggregates.join(", ")} FROM ${table}`);
  const [n, ...packed] = (reader.getRows()[0] ?? []) as [number, ...(string | null)[]];
  let k = 0;
  const next = () => packed[k++] ?? "";
  const children = schema.fields.map((f): Data => {
    switch (f.typeId) {
      case 5:
        return utf8(f.type, n, next(), next());
      case 6:
        return bool(f.type, n, next());
      default:
        return numbers(f.type, n, next(), f.typeId === 3 ? Float64Array : Int32Array);
    }
  });
  const batch = new RecordBatch(schema, makeData({type: new Struct(schema.fields), length: n, nullCount: 0, children}));
  return new Table(schema, [batch]);
}

function nullBitmap(n: number): Uint8Array {
  return new Uint8Array((n + 7) >> 3);
}

// Arrow type objects are typed loosely here: the schema field already carries the right DataType.
/* eslint-disable @typescript-eslint/no-explicit-any */
function utf8(type: any, n: number, data: string, lengths: string): Data {
  const bytes = Buffer.from(data, "utf8");
  const offsets = new Int32Array(n + 1);
  const valid = nullBitmap(n);
  let nulls = 0;
  let row = 0;
  let value = 0;
  let negative = false;
  const end = (r: number) => {
    if (negative) nulls++;
    else valid[r >> 3] = (valid[r >> 3] as number) | (1 << (r & 7));
    offsets[r + 1] = (offsets[r] as number) + (negative ? 0 : value);
  };
  for (let i = 0; i < lengths.length; i++) {
    const ch = lengths.charCodeAt(i);
    if (ch === 44) {
      end(row++);
      value = 0;
      negative = false;
    } else if (ch === 45) negative = true;
    else value = value * 10 + ch - 48;
  }
  if (n > 0) end(row++);
  if (row !== n || offsets[n] !== bytes.length) throw new Error(`duckdbToArrow: packed text does not match (${row} of ${n} rows, ${offsets[n]} of ${bytes.length} bytes)`);
  return makeData({type, length: n, nullCount: nulls, nullBitmap: valid, valueOffsets: offsets, data: bytes});
}

function numbers(type: any, n: number, packed: string, Kind: Float64ArrayConstructor | Int32ArrayConstructor): Data {
  const values = new Kind(n);
  const valid = nullBitmap(n);
  let nulls = 0;
  const parts = n > 0 ? packed.split(",") : [];
  if (parts.length !== n) throw new Error(`duckdbToArrow: ${parts.length} numbers for ${n} rows`);
  parts.forEach((s, r) => {
    if (s === "") nulls++;
    else {
      values[r] = Number(s);
      valid[r >> 3] = (valid[r >> 3] as number) | (1 << (r & 7));
    }
  });
  return makeData({type, length: n, nullCount: nulls, nullBitmap: valid, data: values});
}

function bool(type: any, n: number, packed: string): Data {
  if (packed.length !== n) throw new Error(`duckdbToArrow: ${packed.length} booleans for ${n} rows`);
  const values = nullBitmap(n);
  const valid = nullBitmap(n);
  let nulls = 0;
  for (let r = 0; r < n; r++) {
    const ch = packed.charCodeAt(r);
    if (ch === 45) nulls++;
    else {
      valid[r >> 3] = (valid[r >> 3] as number) | (1 << (r & 7));
      if (ch === 49) values[r >> 3] = (values[r >> 3] as number) | (1 << (r & 7));
    }
  }
  return makeData({type, length: n, nullCount: nulls, nullBitmap: valid, data: values});
}
