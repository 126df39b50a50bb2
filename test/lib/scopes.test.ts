// Matched scopes (src/lib/scopes.ts) on a hand-made set of rows (NOT real data); every figure worked by hand.
import {describe, expect, test} from "vitest";
import {macroFromRows} from "../../src/lib/normalize.ts";
import {compareScope, selectScope, stageGroup, summarise, type ScopeSide, type SupportRow} from "../../src/lib/scopes.ts";

// 7.2 CNY per USD in 2024, base year 2024 (so no deflation): CNY 720 m = USD 100 m.
const macro = macroFromRows([
  {series: "cny_per_usd", year: 2024, value: 7.2},
  {series: "ppp_cny_per_intl", year: 2024, value: 3.6},
  {series: "cpi_u", year: 2024, value: 300},
  {series: "gdp_deflator", year: 2024, value: 125}
]);
const opts = {basis: "market" as const, baseYear: 2024, deflator: "cpi" as const};

const base: Omit<SupportRow, "id" | "side" | "currency"> = {
  label: "", dataset: "instruments", family: "rare_earth", level: "central", geography: "domestic", instrument: "grant",
  status: "disbursed", stages: ["magnets"], year_start: 2024, year_end: 2024, face: null, ge: null, capital_deployed: null,
  ge_method: "face", within_id: null, supersedes_id: null, source_id: "s", confidence: "high"
};
const cn = (id: string, o: Partial<SupportRow>): SupportRow => ({...base, id, side: "china", currency: "CNY", ...o});
const us = (id: string, o: Partial<SupportRow>): SupportRow => ({...base, id, side: "us", currency: "USD", dataset: "awards", family: "award", level: "federal", status: "obligated", ...o});

const rows: SupportRow[] = [
  cn("A", {instrument: "reward", face: 720e6, ge: 720e6, stages: []}), //          $100 m, not itemised
  cn("A1", {instrument: "reward", face: 72e6, ge: 72e6, stages: [], within_id: "A"}), // inside A: not again
  cn("B", {face: 144e6, ge: 144e6, status: "allocated"}), //                         $20 m, magnets
  cn("C", {instrument: "loan", face: 1e9, ge_method: "unpriced"}), //                known, unpriced, magnets
  cn("D", {instrument: "equity", face: 7.2e9, capital_deployed: 7.2e9, ge_method: "equity", stages: ["mining"]}), // $1 bn capital
  cn("E", {face: 36e6, ge: 36e6, status: "announced"}), //                            status not counted
  cn("H", {face: 288e6, ge: 288e6, status: "allocated"}), //                          superseded by G
  cn("G", {face: 216e6, ge: 216e6, supersedes_id: "H"}), //                          $30 m, magnets
  cn("U", {face: 1e6, ge: 1e6, year_start: null, year_end: null}), //               undated
  cn("O", {face: 1e6, ge: 1e6, year_start: 2019, year_end: 2019}), //               before the window
  cn("W", {face: 1e6, ge: 1e6, year_start: 2019, year_end: 2024}), //               period not inside the window
  us("u1", {face: 10e6, ge: 10e6}),
  us("u2", {face: 5e6, ge: 5e6, status: "committed"}),
  us("u3", {instrument: "loan", face: 50e6, ge_method: "unpriced"}),
  us("u4", {face: 7e6, ge: 7e6, stages: ["magnets", "recycling"]}),
  us("u5", {instrument: "loan", face: 465e6, ge: 465e6, geography: "outbound", stages: ["mining"]})
];

const window = {year_from: 2020, year_to: 2025};
const chinaScope: ScopeSide = {scope_id: "chain", side: "china", datasets: ["instruments"], families: ["rare_earth"], levels: ["*"], geography: ["domestic"], ...window};
const usScope: ScopeSide = {scope_id: "chain", side: "us", datasets: ["awards"], families: ["*"], levels: ["federal"], geography: ["domestic"], ...window};
const chinaSel = selectScope(rows, chinaScope, ["disbursed", "allocated"]);
const usSel = selectScope(rows, usScope, ["obligated", "committed"]);

describe("selectScope", () => {
  test("counts each row once: nested and superseded rows out, undated and out-of-window rows out", () => {
    expect(chinaSel.counted.map((r) => r.id)).toEqual(["A", "B", "C", "D", "G"]);
    expect(chinaSel.nested).toBe(2); // A1 (inside A), H (superseded by G)
    expect(chinaSel.undated).toBe(1); // U
  });

  test("outbound finance never enters a domestic scope", () => {
    expect(usSel.counted.map((r) => r.id)).toEqual(["u1", "u2", "u3", "u4"]);
  });

  test("a nested row counts when its parent is not in the scope (here: parent announced, child disbursed)", () => {
    const r = [cn("P", {status: "announced", face: 9e9, ge: 9e9}), cn("P1", {face: 36e6, ge: 36e6, within_id: "P"})];
    expect(selectScope(r, chinaScope, ["disbursed"]).counted.map((x) => x.id)).toEqual(["P1"]);
  });
});

test("stage groups: one stage, several, or not itemised", () => {
  expect([stageGroup({stages: ["magnets"]}), stageGroup({stages: ["magnets", "recycling"]}), stageGroup({stages: []})]).toEqual(["magnets", "several", "not_itemised"]);
});

test("summarise: GE in constant USD, equity apart as capital deployed", () => {
  // China counted: A $100 m + B $20 m + G $30 m = $150 m over 3 priced; C unpriced; D equity $1 bn capital.
  expect(summarise(chinaSel.counted, opts, macro)).toEqual({ge_usd: 150e6, priced: 3, known: 4, unpriced: 1, capital_deployed_usd: 1e9, equity_rows: 1, no_series: 0});
});

test("a year with no exchange rate leaves the row known but unpriced", () => {
  const r = [cn("Z", {face: 7.2e6, ge: 7.2e6, year_start: 2023, year_end: 2023})];
  expect(summarise(r, opts, macro)).toMatchObject({ge_usd: 0, priced: 0, known: 1, unpriced: 1, no_series: 1});
});

describe("compareScope", () => {
  const rule = {min_priced_rows: 3, min_priced_share: 0.6, band_low: 0.1, band_high: 50};
  const out = compareScope(chinaSel, usSel, "chain", {...opts, measure: "ge", status_class: "paid"}, rule, macro, ["mining", "magnets", "recycling"]);

  test("rows by stage group in the taxonomy's order, then several, not itemised and the total", () => {
    expect(out.map((r) => r.stage)).toEqual(["mining", "magnets", "several", "not_itemised", "total"]);
  });

  // Magnets: China B $20 m + G $30 m priced, C unpriced → $50 m, 2 of 3 priced (67%): under 3 priced rows.
  // US u1 $10 m + u2 $5 m, u3 unpriced → $15 m, 2 of 3. Neither side has 3 priced rows: no ratio.
  test("a stage below the thresholds shows each side's figures and no ratio", () => {
    const m = out.find((r) => r.stage === "magnets")!;
    expect([m.china.ge_usd, m.china.priced, m.china.known, m.us.ge_usd, m.us.priced, m.us.known]).toEqual([50e6, 2, 3, 15e6, 2, 3]);
    expect(m.comparison.ratio).toBeNull();
    expect(m.comparison.missing).toEqual([
      "China: 2 of 3 instruments priced (67%), fewer than 3 priced instruments",
      "US: 2 of 3 instruments priced (67%), fewer than 3 priced instruments"
    ]);
  });

  // Total: China $150 m, 3 of 4 priced (75 %); US $10 m + $5 m + $7 m = $22 m, 3 of 4 priced (75 %).
  // Ratio 150 / 22 = 6.8182×; gap $128 m.
  test("the total compares when both sides pass: 6.82×, gap $128 m", () => {
    const t = out.find((r) => r.stage === "total")!;
    expect(t.comparison.comparable).toBe(true);
    expect(t.comparison.ratio).toBeCloseTo(6.8182, 4);
    expect(t.comparison.gap).toBe(128e6);
  });

  test("rows over several stages are never set against each other", () => {
    expect(out.find((r) => r.stage === "several")!.comparison.ratio).toBeNull();
  });
});
