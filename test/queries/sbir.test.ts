// Page SQL for /sbir in DuckDB-WASM (Node) against the real loader output (the shipped extract). Expected counts
// were obtained independently with Python's csv module over data/sbir/extract.csv.
import {beforeAll, describe, expect, test} from "vitest";
import {sbirAwardsTable} from "../../loaders/sbir/load.ts";
import * as Q from "../../src/queries/sbir.ts";
import {openNodeDatabase, type NodeDatabase} from "../../loaders/wasm-db.ts";

let db: NodeDatabase;
beforeAll(async () => {
  db = await openNodeDatabase({sbir_awards: await sbirAwardsTable()});
});

const ALL: Q.SbirFilter = {fromYear: 1980, toYear: 2100, agency: "", phase: "", program: "", stage: "", keyword: "", relevantOnly: false};

test("facets: 560 awards, 2001–2024", () => {
  expect(db.query(Q.facets())[0]).toMatchObject({total: 560, min_year: 2001, max_year: 2024});
});

describe("filters", () => {
  test.each([
    ["no filter", {}, 560],
    ["DoD", {agency: "DoD"}, 159],
    ["keyword magnet (company, title, topic)", {keyword: "magnet"}, 12],
    ["keyword is case-insensitive", {keyword: "MAGNET"}, 12],
    ["keyword recycl", {keyword: "recycl"}, 3]
  ] as const)("%s → %d awards", (_n, f, n) => {
    expect(db.query(Q.summary({...ALL, ...f}))[0]?.awards).toBe(n);
  });

  test("the table query returns at most `limit` rows in the chosen order", () => {
    const rows = db.query(Q.awards(ALL, "amount_usd", 5));
    expect(rows).toHaveLength(5);
    const amounts = rows.map((r) => r.amount_usd as number);
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
  });

  test("relevant-only rows all carry a matched rule", () => {
    const rows = db.query(Q.awards({...ALL, relevantOnly: true}, "award_year", 1000));
    expect(rows.length).toBe(db.query(Q.summary({...ALL, relevantOnly: true}))[0]?.awards);
    for (const r of rows) expect(r.matched_rules).toBeTruthy();
  });

  test("stage filter keeps only awards whose stages include it", () => {
    const rows = db.query(Q.awards({...ALL, stage: "magnets"}, "award_year", 1000));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(String(r.stages).split(";")).toContain("magnets");
  });
});

describe("hostile input", () => {
  test("a quote-and-semicolon keyword is bound, not spliced: no error, no match, table intact", () => {
    expect(db.query(Q.summary({...ALL, keyword: "x'); DROP TABLE sbir_awards; --"}))[0]?.awards).toBe(0);
    expect(db.query(Q.summary({...ALL, keyword: "O'Brien"}))[0]?.awards).toBe(0);
    expect(db.query(Q.facets())[0]?.total).toBe(560);
  });

  test("a sort column outside the allow-list is rejected before any SQL is built", () => {
    expect(() => Q.awards(ALL, "amount_usd; DROP TABLE sbir_awards")).toThrow('sort column: "amount_usd; DROP TABLE sbir_awards" is not one of award_year, amount_usd, company, agency');
  });
});
