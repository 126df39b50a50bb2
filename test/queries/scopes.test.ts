// Matched scopes on the real loader output, in DuckDB-WASM (Node). Expected values were worked out independently of
// the engine, from the CSVs in data/ with a short Python script (csv module; the selection and conversion rules of
// docs/comparison.md): see the comments.
import {beforeAll, describe, expect, test} from "vitest";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";
import {macroFromRows, type MacroSeries} from "../../src/lib/normalize.ts";
import {macroRows} from "../../src/queries/compare.ts";
import {loadScopeData, sbirTotalRows, scopeComparison, type ScopeData} from "../../src/queries/scopes.ts";
import {siteDatabase} from "../helpers/tables.ts";

let db: NodeDatabase;
let data: ScopeData;
let macro: MacroSeries;
beforeAll(async () => {
  db = await siteDatabase();
  data = await loadScopeData(db);
  macro = macroFromRows(db.query(macroRows()) as {series: string; year: number; value: number}[]);
});

const settings = {basis: "market" as const, baseYear: 2024, deflator: "cpi" as const};

test("the scopes and status classes come from data/cases/rare-earths/assumptions", () => {
  expect(data.scopes.map((s) => s.scope_id)).toEqual(["chain_all_levels", "chain_central", "chain_outbound", "sme_programmes"]);
  expect(data.classes.map((c) => c.class_id)).toEqual(["paid", "announced", "authority"]);
  expect(data.rule).toMatchObject({min_priced_rows: 3, min_priced_share: 0.6, band_low: 0.1, band_high: 50});
});

describe("rare-earth chain, central and federal, paid or binding, 2012–2025", () => {
  // China (scope rare_earth; central, state fund or policy bank; disbursed or allocated; whole period in 2012–2025;
  // nested and superseded rows out): cn08 Baotou pilot (grant, CNY 700 m, 2015), cn10 Ganzhou pilot (grant,
  // CNY 950 m, 2012), cn15 stockpile 2014 (a purchase: unpriced), cn19 Baotou fund raised (a fund: capital deployed).
  // Known (equity out) 3, priced 2: 700e6 / 6.2272 (2015) × CPI 2024/2015 + 950e6 / 6.3093 (2012) × CPI 2024/2012
  // = 353,181,287 constant 2024 USD.
  // US (awards, not aggregates, domestic, obligated or committed, fiscal year or year of the date in 2012–2025):
  // 27 rows, 25 known (2 equity), 19 priced at face, 828,851,588.82 constant 2024 USD (Python over data/cases/rare-earths/us/awards.csv
  // and data/cases/rare-earths/macro/us_cpi_u.csv: Σ face × 313.689 / CPI(year)). Before the rows of data-us-scopes-tools.md it was 17,
  // 15, 12 and 770,107,426.42; the new priced rows (REEcycle 5.1 m FY2025, TDA 2.3 m and Urban Mining 0.86 m FY2021,
  // WVU 3.0 m FY2023, General Atomics/RER 21.9 m FY2022, Niron 17.5 m FY2023, WVU WRI 5.0 m FY2020) add 59,266,275.3,
  // and MP's 9.6 m moving from 2020 to FY2021 (the corrected date 2020-11) takes off 522,112.9.
  test("each side's known GE and priced share; no ratio, because China has 2 priced instruments", () => {
    const r = scopeComparison(data, {scope: "chain_central", statusClass: "paid", window: [2012, 2025], ...settings}, macro);
    expect(r.selection.china.counted.map((x) => x.id)).toEqual(["cn08-baotou-pilot-disbursed", "cn10-ganzhou-pilot-cumulative", "cn15-stockpile-2014-08", "cn19-baotou-fund-raised"]);
    const t = r.rows.find((x) => x.stage === "total")!;
    expect([t.china.priced, t.china.known, t.us.priced, t.us.known, r.selection.us.counted.length]).toEqual([2, 3, 19, 25, 27]);
    expect(t.china.ge_usd).toBeCloseTo(353_181_287.37, 0);
    expect(t.us.ge_usd).toBeCloseTo(828_851_588.82, 0);
    expect(t.comparison.ratio).toBeNull();
    expect(t.comparison.missing).toEqual(["China: 2 of 3 instruments priced (67%), fewer than 3 priced instruments"]);
  });

  test("outbound finance is not in the domestic scope: no DFC or EXIM overseas row is counted", () => {
    const r = scopeComparison(data, {scope: "chain_central", statusClass: "authority", ...settings}, macro);
    expect(r.selection.us.counted.filter((x) => x.geography !== "domestic")).toEqual([]);
    const out = scopeComparison(data, {scope: "chain_outbound", statusClass: "authority", ...settings}, macro);
    // dfc-aclara-pd-2025 and dfc-serra-verde-2025 (FY2025) and dfc-techmet-equity-2024 (year of its date, 2024); the
    // 2026 increase is outside 2012–2025 and the EXIM initiative is an aggregate.
    expect(out.selection.us.counted.map((x) => x.id)).toEqual(["dfc-aclara-pd-2025", "dfc-serra-verde-2025", "dfc-techmet-equity-2024"]);
    expect(out.selection.china.counted).toEqual([]);
  });
});

test("SBIR/STTR totals: one row per programme and fiscal year, obligations first (FY2022 SBIR 4,115,812,863)", () => {
  const rows = db.query(sbirTotalRows());
  const fy22 = rows.filter((r) => r.year_start === 2022).map((r) => [r.family, r.face]);
  expect(fy22).toEqual([["SBIR", 4115812863], ["STTR", 618272163]]);
  // FY2014 has counts but no amount in any row: one row, face null
  expect(rows.filter((r) => r.year_start === 2014 && r.family === "SBIR").map((r) => r.face)).toEqual([null]);
});
