import type {DuckDBConnection} from "@duckdb/node-api";
import {Bool, Field, Float64, Int32, RecordBatch, Schema, Struct, Table, Type, Utf8, makeData, makeVector, type Data, type Dictionary, type Int16, type Int8} from "apache-arrow";
import {dictionaryType, encodesAsDictionary} from "../dictionary.ts";

/**
 * Move a DuckDB relation into an Arrow table fast. @duckdb/node-api converts values one at a time (about a
 * microsecond per string: seconds for 220k rows x 17 columns) and does not expose DuckDB's Arrow C API. So DuckDB
 * packs the columns into a few long strings with ordered string_agg, in blocks of rows so that all threads work:
 * - text: all text cells of a row concatenated (one string), plus their UTF-8 byte lengths (-1 = null) as
 *   comma-separated integers; JavaScript splits the bytes into one Arrow buffer per column;
 * - numbers: comma-separated per column (DuckDB prints doubles in shortest round-trip form; '' = null);
 * - booleans: one character per row ('1', '0', '-' = null).
 *
 * With `dictionaries`, every text column with few distinct values (loaders/dictionary.ts encodesAsDictionary) comes
 * out as an Arrow dictionary, numbered by DuckDB: each distinct value once (in order of first appearance, as
 * dictionaryEncoded() numbers them, giving the same bytes), and per row its number, read from DuckDB's INTEGER
 * vectors as they are (no text). The relation is materialized once for that.
 *
 * `schema` gives the column names, order and types (Utf8, Float64, Int32, Bool); `relation` (a table name or a
 * parenthesized query) must have those columns and an integer column `order` giving the row order. The result has
 * `schema`'s fields (with their metadata), the dictionary-encoded ones with a Dictionary type.
 */
export async function duckdbToArrow(conn: DuckDBConnection, relation: string, order: string, schema: Schema, opts: {dictionaries?: boolean} = {}): Promise<Table> {
  const fields = schema.fields;
  for (const f of fields) {
    if (![Type.Utf8, Type.Int, Type.Float, Type.Bool].includes(f.typeId)) throw new Error(`duckdbToArrow: column ${f.name} has an unsupported type ${f.type}`);
  }
  if (!opts.dictionaries) return packed(conn, relation, order, schema);
  const temp = "__duckdb_arrow_source";
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${temp} AS SELECT ${[order, ...fields.map((f) => f.name)].map(q).join(", ")} FROM ${relation}`);
  try {
    const text = fields.filter((f) => f.typeId === Type.Utf8);
    // Distinct values per text column, null counting as one (as a JavaScript Set of the values counts them).
    const [counts] = text.length
      ? ((await conn.runAndReadAll(`SELECT count(*)::INTEGER, ${text.map((f) => `(count(DISTINCT ${q(f.name)}) + (count(*) > count(${q(f.name)}))::INTEGER)::INTEGER`).join(", ")} FROM ${temp}`)).getRows() as number[][])
      : [[0]];
    const rows = counts?.[0] ?? 0;
    const encoded = text.filter((_, i) => encodesAsDictionary(counts?.[i + 1] ?? 0, rows));
    const rest = new Schema(fields.filter((f) => !encoded.includes(f)));
    const plain = await packed(conn, temp, order, rest);
    const built = new Map<string, {type: Field["type"]; data: Data}>(rest.fields.map((f) => [f.name, {type: f.type, data: plain.getChild(f.name)!.data[0] as Data}]));
    const distinct = new Map(text.map((f, i) => [f.name, counts?.[i + 1] ?? 0]));
    const codes = await dictionaryCodes(conn, temp, order, encoded.map((f) => f.name), rows);
    for (const [j, f] of encoded.entries()) {
      const type = dictionaryType(distinct.get(f.name) as number, fields.indexOf(f));
      built.set(f.name, {type, data: dictionaryData(type, codes.values[j] as Data<Utf8>, codes.codes[j] as Int32Array, rows)});
    }
    const outFields = fields.map((f) => new Field(f.name, built.get(f.name)!.type, f.nullable, f.metadata));
    const out = new Schema(outFields, schema.metadata);
    const children = outFields.map((f) => built.get(f.name)!.data);
    return new Table(out, [new RecordBatch(out, makeData({type: new Struct(outFields), length: rows, nullCount: 0, children}))]);
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${temp}`);
  }
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The string_agg packing described above, for every column of `schema`. */
async function packed(conn: DuckDBConnection, relation: string, order: string, schema: Schema): Promise<Table> {
  const by = `ORDER BY ${q(order)}`;
  const fields = schema.fields;
  const text = fields.filter((f) => f.typeId === Type.Utf8);
  const other = fields.filter((f) => f.typeId !== Type.Utf8);
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

/**
 * For each column of `columns`: its distinct non-null values numbered 0, 1, … in order of first appearance (by
 * `order`), as one Utf8 Data; and per row its number (-1 = null), in `order`, read from DuckDB's INTEGER vectors.
 */
async function dictionaryCodes(conn: DuckDBConnection, relation: string, order: string, columns: string[], rows: number): Promise<{values: Data<Utf8>[]; codes: Int32Array[]}> {
  if (!columns.length) return {values: [], codes: []};
  const dict = (i: number) => `__duckdb_arrow_dict_${i}`;
  try {
    const values: Data<Utf8>[] = [];
    for (const [i, c] of columns.entries()) {
      await conn.run(`CREATE OR REPLACE TEMP TABLE ${dict(i)} AS SELECT ${q(c)} AS v, (row_number() OVER (ORDER BY min(${q(order)})) - 1)::INTEGER AS code
        FROM ${relation} WHERE ${q(c)} IS NOT NULL GROUP BY ${q(c)}`);
      const [[count, data, lengths]] = (await conn.runAndReadAll(`SELECT count(*)::INTEGER, coalesce(string_agg(v, '' ORDER BY code), ''), coalesce(string_agg(strlen(v)::VARCHAR, ',' ORDER BY code), '') FROM ${dict(i)}`)).getRows() as [[number, string, string]];
      values.push(splitText(count, 1, data, lengths)[0] as Data<Utf8>);
    }
    const result = await conn.run(
      `SELECT ${columns.map((c, i) => `coalesce(${dict(i)}.code, -1)`).join(", ")} FROM ${relation} ${columns.map((c, i) => `LEFT JOIN ${dict(i)} ON ${dict(i)}.v = ${relation}.${q(c)}`).join(" ")} ORDER BY ${relation}.${q(order)}`
    );
    const codes = columns.map(() => new Int32Array(rows));
    let at = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      if (at + chunk.rowCount > rows) throw new Error(`duckdbToArrow: more than ${rows} rows of codes`);
      columns.forEach((_, i) => (codes[i] as Int32Array).set((chunk.getColumnVector(i) as unknown as {items: Int32Array}).items, at));
      at += chunk.rowCount;
    }
    if (at !== rows) throw new Error(`duckdbToArrow: ${at} rows of codes for ${rows} rows`);
    return {values, codes};
  } finally {
    for (const i of columns.keys()) await conn.run(`DROP TABLE IF EXISTS ${dict(i)}`);
  }
}

/** An Arrow dictionary column from its values and per-row codes (-1 = null, stored as index 0 as Arrow's builder
 * leaves it). */
function dictionaryData(type: Dictionary<Utf8, Int8 | Int16 | Int32>, values: Data<Utf8>, codes: Int32Array, n: number): Data {
  const Indices = type.indices.bitWidth === 8 ? Int8Array : type.indices.bitWidth === 16 ? Int16Array : Int32Array;
  const indices = new Indices(n);
  // Padded to 64 bytes, as Arrow's builder pads it (the IPC writer writes a null bitmap whole): the same bytes.
  const valid = new Uint8Array((((n + 7) >> 3) + 63) & ~63);
  let nulls = 0;
  for (let r = 0; r < n; r++) {
    const c = codes[r] as number;
    if (c < 0) nulls++;
    else {
      indices[r] = c;
      setBit(valid, r);
    }
  }
  return makeData({type, length: n, nullCount: nulls, nullBitmap: nulls ? valid : undefined, data: indices, dictionary: makeVector(values)} as never);
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
