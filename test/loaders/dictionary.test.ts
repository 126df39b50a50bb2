// The published SBIR tables write their repetitive text columns as Arrow dictionaries (loaders/dictionary.ts). The
// values must not change: read back by Arrow, and as DuckDB-WASM (the pages' engine) creates its tables from them.
import {tableFromIPC, tableToIPC, Utf8} from "apache-arrow";
import {beforeAll, expect, test} from "vitest";
import {dictionaryEncoded} from "../../loaders/dictionary.ts";
import {sbirAwardsTable} from "../../loaders/sbir/load.ts";
import {openNodeDatabase, type NodeDatabase} from "../../loaders/wasm-db.ts";
import {buildTable} from "../../loaders/arrow.ts";
import type {Table} from "apache-arrow";

let plain: Table;
let encoded: Table;
let db: NodeDatabase;
beforeAll(async () => {
  plain = await sbirAwardsTable(() => {});
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
