import type {DuckDBConnection} from "@duckdb/node-api";
import {Bool, Float64, Int32, RecordBatch, Struct, Table, Type, Utf8, makeData, type Data, type Schema} from "apache-arrow";

/**
 * Move a DuckDB table into an Arrow table fast. @duckdb/node-api converts values one at a time (about a
 * microsecond per string: seconds for 220k rows x 17 columns) and does not expose DuckDB's Arrow C API. So DuckDB
 * packs each column into a few long strings with ordered string_agg (in blocks of rows, so that all threads work
 * and each sort is small): for text, the concatenated UTF-8 bytes plus a comma-separated list of byte lengths
 * (-1 = null); for numbers, comma-separated values (DuckDB prints doubles in shortest round-trip form, '' = null);
 * for booleans, one character per row ('1', '0', '-' = null). JavaScript turns those strings into Arrow buffers.
 *
 * `schema` gives the column names, order and types (Utf8, Float64, Int32, Bool); `table` must have those columns
 * and an integer column `order` giving the row order.
 */
export async function duckdbToArrow(conn: DuckDBConnection, table: string, order: string, schema: Schema): Promise<Table> {
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const by = `ORDER BY ${q(order)}`;
  /** Per field, its packed parts: SQL aggregate and the separator that joins the blocks' pieces. */
  const parts = schema.fields.map((f): [string, string][] => {
    const c = q(f.name);
    switch (f.typeId) {
      case Type.Utf8:
        return [
          [`string_agg(coalesce(${c}, ''), '' ${by})`, ""],
          [`string_agg(coalesce(strlen(${c}), -1)::VARCHAR, ',' ${by})`, ","]
        ];
      case Type.Float:
      case Type.Int:
        return [[`string_agg(coalesce(${c}::VARCHAR, ''), ',' ${by})`, ","]];
      case Type.Bool:
        return [[`string_agg(CASE WHEN ${c} THEN '1' WHEN NOT ${c} THEN '0' ELSE '-' END, '' ${by})`, ""]];
      default:
        throw new Error(`duckdbToArrow: column ${f.name} has an unsupported type ${f.type}`);
    }
  });
  const block = `${q(order)} // ${BLOCK}`;
  const reader = await conn.runAndReadAll(
    `SELECT count(*)::INTEGER, ${parts.flat().map(([sql]) => sql).join(", ")} FROM ${table} GROUP BY ${block} ORDER BY ${block}`
  );
  const blocks = reader.getRows() as [number, ...string[]][];
  const n = blocks.reduce((sum, b) => sum + b[0], 0);
  let column = 1;
  const children = schema.fields.map((f, i): Data => {
    const [a, b] = (parts[i] as [string, string][]).map(([, separator]) => {
      const index = column++;
      return blocks.map((row) => row[index] as string).join(separator);
    });
    switch (f.typeId) {
      case Type.Utf8:
        return utf8(n, a ?? "", b ?? "");
      case Type.Bool:
        return bool(n, a ?? "");
      case Type.Float:
        return numbers(n, a ?? "", new Float64(), Float64Array);
      default:
        return numbers(n, a ?? "", new Int32(), Int32Array);
    }
  });
  const batch = new RecordBatch(schema, makeData({type: new Struct(schema.fields), length: n, nullCount: 0, children}));
  return new Table(schema, [batch]);
}

const BLOCK = 16384;

function setBit(bits: Uint8Array, i: number): void {
  bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
}

function utf8(n: number, data: string, lengths: string): Data<Utf8> {
  const bytes = Buffer.from(data, "utf8");
  const offsets = new Int32Array(n + 1);
  const valid = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  let row = 0;
  let value = 0;
  let isNull = false;
  const end = () => {
    if (isNull) nulls++;
    else setBit(valid, row);
    offsets[row + 1] = (offsets[row] as number) + (isNull ? 0 : value);
    row++;
    value = 0;
    isNull = false;
  };
  for (let i = 0; i < lengths.length; i++) {
    const ch = lengths.charCodeAt(i);
    if (ch === 44) end();
    else if (ch === 45) isNull = true;
    else value = value * 10 + ch - 48;
  }
  if (n > 0) end();
  if (row !== n || offsets[n] !== bytes.length) throw new Error(`duckdbToArrow: packed text does not match (${row} of ${n} rows, ${offsets[n]} of ${bytes.length} bytes)`);
  return makeData({type: new Utf8(), length: n, nullCount: nulls, nullBitmap: valid, valueOffsets: offsets, data: bytes});
}

function numbers<T extends Float64 | Int32>(n: number, packed: string, type: T, Values: Float64ArrayConstructor | Int32ArrayConstructor): Data<T> {
  const values = new Values(n);
  const valid = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  const items = n > 0 ? packed.split(",") : [];
  if (items.length !== n) throw new Error(`duckdbToArrow: ${items.length} numbers for ${n} rows`);
  items.forEach((s, r) => {
    if (s === "") nulls++;
    else {
      values[r] = Number(s);
      setBit(valid, r);
    }
  });
  return makeData({type, length: n, nullCount: nulls, nullBitmap: valid, data: values} as never) as unknown as Data<T>;
}

function bool(n: number, packed: string): Data<Bool> {
  if (packed.length !== n) throw new Error(`duckdbToArrow: ${packed.length} booleans for ${n} rows`);
  const values = new Uint8Array((n + 7) >> 3);
  const valid = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let r = 0; r < n; r++) {
    const ch = packed.charCodeAt(r);
    if (ch === 45) nulls++;
    else {
      setBit(valid, r);
      if (ch === 49) setBit(values, r);
    }
  }
  return makeData({type: new Bool(), length: n, nullCount: nulls, nullBitmap: valid, data: values});
}
