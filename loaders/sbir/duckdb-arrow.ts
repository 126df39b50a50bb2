import type {DuckDBConnection} from "@duckdb/node-api";
import {Bool, Float64, Int32, RecordBatch, Struct, Table, Type, Utf8, makeData, type Data, type Schema} from "apache-arrow";

/**
 * Move a DuckDB relation into an Arrow table fast. @duckdb/node-api converts values one at a time (about a
 * microsecond per string: seconds for 220k rows x 17 columns) and does not expose DuckDB's Arrow C API. So DuckDB
 * packs the columns into a few long strings with ordered string_agg, in blocks of rows so that all threads work:
 * - text: all text cells of a row concatenated (one string), plus their UTF-8 byte lengths (-1 = null) as
 *   comma-separated integers; JavaScript splits the bytes into one Arrow buffer per column;
 * - numbers: comma-separated per column (DuckDB prints doubles in shortest round-trip form; '' = null);
 * - booleans: one character per row ('1', '0', '-' = null).
 *
 * `schema` gives the column names, order and types (Utf8, Float64, Int32, Bool); `relation` (a table name or a
 * parenthesized query) must have those columns and an integer column `order` giving the row order.
 */
export async function duckdbToArrow(conn: DuckDBConnection, relation: string, order: string, schema: Schema): Promise<Table> {
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const by = `ORDER BY ${q(order)}`;
  const fields = schema.fields;
  const text = fields.filter((f) => f.typeId === Type.Utf8);
  const other = fields.filter((f) => f.typeId !== Type.Utf8);
  for (const f of other) {
    if (![Type.Int, Type.Float, Type.Bool].includes(f.typeId)) throw new Error(`duckdbToArrow: column ${f.name} has an unsupported type ${f.type}`);
  }
  const aggregates = [
    text.length ? `string_agg(${text.map((f) => `coalesce(${q(f.name)}, '')`).join(" || ")}, '' ${by})` : "''",
    text.length ? `string_agg(concat_ws(',', ${text.map((f) => `coalesce(strlen(${q(f.name)}), -1)`).join(", ")}), ',' ${by})` : "''",
    ...other.map((f) =>
      f.typeId === Type.Bool
        ? `string_agg(CASE WHEN ${q(f.name)} THEN '1' WHEN NOT ${q(f.name)} THEN '0' ELSE '-' END, '' ${by})`
        : `string_agg(coalesce(${q(f.name)}::VARCHAR, ''), ',' ${by})`
    )
  ];
  const block = `${q(order)} // ${BLOCK}`;
  const reader = await conn.runAndReadAll(`SELECT count(*)::INTEGER, ${aggregates.join(", ")} FROM ${relation} GROUP BY ${block} ORDER BY ${block}`);
  const blocks = reader.getRows() as [number, ...string[]][];
  const n = blocks.reduce((sum, b) => sum + b[0], 0);
  const joined = (i: number, separator: string) => blocks.map((b) => b[i + 1] as string).join(separator);

  const built = new Map<string, Data>();
  splitText(n, text.length, joined(0, ""), joined(1, ",")).forEach((d, i) => built.set((text[i] as (typeof text)[number]).name, d));
  other.forEach((f, i) => {
    const packed = joined(i + 2, f.typeId === Type.Bool ? "" : ",");
    built.set(f.name, f.typeId === Type.Bool ? bool(n, packed) : f.typeId === Type.Float ? numbers(n, packed, new Float64(), Float64Array) : numbers(n, packed, new Int32(), Int32Array));
  });
  const children = fields.map((f) => built.get(f.name) as Data);
  const batch = new RecordBatch(schema, makeData({type: new Struct(fields), length: n, nullCount: 0, children}));
  return new Table(schema, [batch]);
}

const BLOCK = 16384;

function setBit(bits: Uint8Array, i: number): void {
  bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
}

/** Row-major concatenated text cells + their lengths -> one Arrow Utf8 Data per column. */
function splitText(n: number, columns: number, data: string, lengths: string): Data<Utf8>[] {
  const bytes = Buffer.from(data, "utf8");
  const cells = n * columns;
  const length = new Int32Array(cells);
  let count = 0;
  let value = 0;
  let negative = false;
  for (let i = 0; i <= lengths.length; i++) {
    const ch = i < lengths.length ? lengths.charCodeAt(i) : 44;
    if (ch === 44) {
      if (count < cells) length[count] = negative ? -1 : value;
      count++;
      value = 0;
      negative = false;
    } else if (ch === 45) negative = true;
    else value = value * 10 + ch - 48;
  }
  if (cells === 0) return Array.from({length: columns}, () => makeData({type: new Utf8(), length: 0, valueOffsets: new Int32Array(1), data: new Uint8Array(0)}));
  if (count !== cells) throw new Error(`duckdbToArrow: ${count} text lengths for ${n} rows x ${columns} columns`);
  const offsets = Array.from({length: columns}, () => new Int32Array(n + 1));
  const valid = Array.from({length: columns}, () => new Uint8Array((n + 7) >> 3));
  const nulls = new Array<number>(columns).fill(0);
  for (let r = 0, k = 0; r < n; r++) {
    for (let c = 0; c < columns; c++, k++) {
      const len = length[k] as number;
      const o = offsets[c] as Int32Array;
      if (len < 0) nulls[c] = (nulls[c] as number) + 1;
      else setBit(valid[c] as Uint8Array, r);
      o[r + 1] = (o[r] as number) + Math.max(len, 0);
    }
  }
  const out = offsets.map((o) => new Uint8Array(o[n] as number));
  const at = new Int32Array(columns);
  let source = 0;
  for (let k = 0; k < cells; k++) {
    const len = length[k] as number;
    if (len <= 0) continue;
    const c = k % columns;
    const target = out[c] as Uint8Array;
    const t = at[c] as number;
    if (len > 32) bytes.copy(target, t, source, source + len);
    else for (let j = 0; j < len; j++) target[t + j] = bytes[source + j] as number;
    source += len;
    at[c] = t + len;
  }
  if (source !== bytes.length) throw new Error(`duckdbToArrow: text lengths cover ${source} of ${bytes.length} bytes`);
  return out.map((d, c) => makeData({type: new Utf8(), length: n, nullCount: nulls[c] as number, nullBitmap: valid[c], valueOffsets: offsets[c], data: d}));
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
