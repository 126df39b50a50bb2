// The published SBIR tables write their repetitive text columns as Arrow dictionaries (loaders/dictionary.ts). The
// values must not change: read back by Arrow, and as DuckDB-WASM (the pages' engine) creates its tables from them.
// The SBIR loader encodes the full table in DuckDB (loaders/sbir/duckdb-arrow.ts): it must give the bytes
// dictionaryEncoded gives on the same values as plain strings.
import {Field, Schema, Table, tableFromIPC, tableToIPC, Type, Utf8, vectorFromArray, type Vector} from "apache-arrow";
import {beforeAll, describe, expect, test} from "vitest";
import {dictionaryEncoded} from "../../loaders/dictionary.ts";
import {NativeDatabase} from "../../loaders/native-db.ts";
import {loadSbirAwards, sbirAwardsTable} from "../../loaders/sbir/load.ts";
import {openNodeDatabase, type NodeDatabase} from "../../loaders/wasm-db.ts";
import {buildTable, toIpcStream} from "../../loaders/arrow.ts";

/** The same table with every dictionary column as plain strings (built by Arrow from the values). */
function plainOf(t: Table): Table {
  const fields: Field[] = [];
  const vectors: Record<string, Vector> = {};
  for (const f of t.schema.fields) {
    const column = t.getChild(f.name)!;
    const dict = f.type.typeId === Type.Dictionary;
    vectors[f.name] = dict ? vectorFromArray(column.toArray() as (string | null)[], new Utf8()) : column;
    fields.push(dict ? new Field(f.name, new Utf8(), f.nullable, f.metadata) : f);
  }
  return new Table(new Schema(fields, t.schema.metadata), new Table(vectors).batches);
}

let loaded: Table;
let plain: Table;
let encoded: Table;
let db: NodeDatabase;
beforeAll(async () => {
  loaded = await sbirAwardsTable(() => {});
  plain = plainOf(loaded);
  encoded = tableFromIPC(tableToIPC(dictionaryEncoded(plain), "stream"));
  db = await openNodeDatabase({plain, encoded});
});

const q = (sql: string) => db.query({name: "t", sql, params: []});

test("encodes the columns with few distinct values, not the unique ones (extract: 560 rows, 11 agencies, 540 titles, 477 companies)", () => {
  const kinds = Object.fromEntries(encoded.schema.fields.map((f) => [f.name, String(f.type)]));
  expect(kinds).toMatchObject({agency: "Dictionary<Int8, Utf8>", phase: "Dictionary<Int8, Utf8>", program: "Dictionary<Int8, Utf8>", award_id: "Utf8", title: "Utf8", company: "Utf8", company_id: "Int32", amount_usd: "Float64"});
  expect(tableToIPC(dictionaryEncoded(plain), "stream").length).toBeLessThan(tableToIPC(plain, "stream").length);
});

test("Arrow reads back every value, null and metadata unchanged", () => {
  expect(encoded.numRows).toBe(560);
  for (const f of plain.schema.fields) expect(Array.from(encoded.getChild(f.name)!.toArray() as ArrayLike<unknown>).map(String), f.name).toEqual(Array.from(plain.getChild(f.name)!.toArray() as ArrayLike<unknown>).map(String));
  expect([...encoded.schema.metadata]).toEqual([...plain.schema.metadata]);
  expect(encoded.schema.fields.map((f) => [f.name, [...f.metadata]])).toEqual(plain.schema.fields.map((f) => [f.name, [...f.metadata]]));
});

test("DuckDB-WASM creates the same VARCHAR columns with the same rows", () => {
  const types = (t: string) => q(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${t}' ORDER BY ordinal_position`);
  expect(types("encoded")).toEqual(types("plain"));
  expect(types("encoded").filter((c) => c.column_name === "agency")).toEqual([{column_name: "agency", data_type: "VARCHAR"}]);
  expect(q("SELECT * FROM encoded ORDER BY award_id")).toEqual(q("SELECT * FROM plain ORDER BY award_id"));
  // Row order (the page's tie-break relies on award_id order) is kept too.
  expect(q("SELECT award_id FROM encoded")).toEqual(q("SELECT award_id FROM plain"));
});

test("nulls survive, and a column of unique values stays plain", () => {
  const t = buildTable([{a: "x", b: "1"}, {a: null, b: "2"}, {a: "x", b: "3"}, {a: "x", b: null}], {a: {kind: "utf8"}, b: {kind: "utf8"}});
  const e = tableFromIPC(tableToIPC(dictionaryEncoded(t), "stream"));
  expect(e.schema.fields.map((f) => f.type instanceof Utf8)).toEqual([false, true]);
  expect(e.getChild("a")!.toArray()).toEqual(["x", null, "x", "x"]);
  expect(e.getChild("b")!.toArray()).toEqual(["1", "2", "3", null]);
});

describe("the SBIR loader's own encoding (numbered in DuckDB)", () => {
  test("gives the bytes dictionaryEncoded gives on the plain strings: the shipped extract", () => {
    expect(loaded.schema.fields.filter((f) => f.type.typeId === Type.Dictionary).length).toBe(10);
    expect(Buffer.from(toIpcStream(loaded)).equals(Buffer.from(toIpcStream(dictionaryEncoded(plain))))).toBe(true);
  });

  test("the extract's branch and topic code: nulls, dictionary sizes and index types as counted in the CSV", () => {
    // Python's csv module over data/sbir/extract.csv: Branch empty in 338 rows, 16 distinct values; Topic Code
    // empty in 384, 127 distinct, so 128 with null: one more than Int8 numbers, hence Int16 indices.
    const branch = loaded.getChild("branch")!.data[0]!;
    expect([branch.nullCount, branch.dictionary?.length, String(loaded.schema.fields.find((f) => f.name === "branch")!.type)]).toEqual([338, 16, "Dictionary<Int8, Utf8>"]);
    const topic = loaded.getChild("topic_code")!.data[0]!;
    expect([topic.nullCount, topic.dictionary?.length, String(loaded.schema.fields.find((f) => f.name === "topic_code")!.type)]).toEqual([384, 127, "Dictionary<Int16, Utf8>"]);
  });

  test.each(["current-layout.csv", "legacy-layout.csv"])("gives the same bytes on a small file too (%s: only the columns with repeats)", async (name) => {
    const {table} = await loadSbirAwards({file: `test/fixtures/sbir/${name}`, sourceId: "sbir-gov-award-data", log: () => {}});
    expect(table.schema.fields.some((f) => f.type.typeId === Type.Dictionary)).toBe(true);
    expect(table.schema.fields.find((f) => f.name === "title")!.type.typeId).toBe(Type.Utf8);
    expect(Buffer.from(toIpcStream(table)).equals(Buffer.from(toIpcStream(dictionaryEncoded(plainOf(table)))))).toBe(true);
  });

  test("the terminal commands' native DuckDB takes the encoded columns as VARCHAR, same rows", async () => {
    const native = await NativeDatabase.open();
    await native.insert({encoded: loaded, plain});
    const rows = (t: string) => native.query({name: "t", sql: `SELECT * FROM ${t} ORDER BY award_id`, params: []});
    const types = await native.query({name: "t", sql: "SELECT data_type FROM information_schema.columns WHERE table_name = 'encoded' AND column_name = 'agency'", params: []});
    expect(types).toEqual([{data_type: "VARCHAR"}]);
    expect(await rows("encoded")).toEqual(await rows("plain"));
    native.close();
  });
});
