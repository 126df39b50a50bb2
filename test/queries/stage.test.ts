// The stage pages' queries (src/queries/stage.ts) on the real loader output, in DuckDB-WASM (Node). Expected values
// were worked out from the CSVs in data/ with a short Python script (csv module), not by this code:
//   awards: not agg-, geography domestic, status in the set, the stage among `stages`; year = fiscal_year, else the
//   date's year; constant 2024 USD = face × CPI-U 2024 ÷ CPI-U(year) (data/cases/rare-earths/macro/us_cpi_u.csv); priced = grant,
//   contract, tia, other, tax_credit with an amount (loans without public terms, floors, offtakes: known, unpriced).
import {beforeAll, describe, expect, test} from "vitest";
import {openAllTables} from "../../loaders/answers.ts";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";
import {macroFromRows, type MacroSeries} from "../../src/lib/normalize.ts";
import {macroRows} from "../../src/queries/compare.ts";
import {loadScopeData, type ScopeData} from "../../src/queries/scopes.ts";
import * as ST from "../../src/queries/stage.ts";

let db: NodeDatabase;
let data: ScopeData;
let macro: MacroSeries;
beforeAll(async () => {
  db = await openAllTables();
  data = await loadScopeData(db);
  macro = macroFromRows(db.query(macroRows()) as {series: string; year: number; value: number}[]);
}, 120_000);

const ALL = ["obligated", "committed", "announced"];
const scope = {scope: "chain_central", statusClass: "paid", basis: "market" as const, baseYear: 2024, deflator: "cpi" as const, window: [2012, 2025] as [number, number]};

describe("magnets", () => {
  test("US recipients at home (curated, obligated + committed + announced): 18 awards to 8 recipients (E-VAC Magnetics once), USA Rare Earth first", () => {
    const rows = db.query(ST.usRecipients("curated", ALL, "magnets"));
    expect(rows).toHaveLength(8);
    expect(rows.reduce((s, r) => s + Number(r.awards), 0)).toBe(18);
    expect(rows.slice(0, 3).map((r) => [r.recipient, r.awards, r.amount_usd])).toEqual([
      ["USA Rare Earth", 3, 1_577_000_000],
      ["MP Materials", 5, 808_500_000],
      ["Vulcan Elements", 3, 720_000_000]
    ]);
    expect(db.query(ST.usAwards("curated", ALL, "magnets"))).toHaveLength(18);
    expect(db.query(ST.usAbroad(ALL, "magnets"))).toHaveLength(0);
  });

  test("China: no designated firm of Baogang's portfolio is placed at magnets; 14 instruments name the stage", () => {
    expect(db.query(ST.chinaFirms("baogang", "magnets"))).toEqual([]);
    expect(db.query(ST.chinaInstruments("magnets"))).toHaveLength(14);
  });

  test("tools at the stage or over the whole chain: China 12, US 16", () => {
    const rows = db.query(ST.tools("magnets"));
    expect(rows.filter((r) => r.side === "china")).toHaveLength(12);
    expect(rows.filter((r) => r.side === "us")).toHaveLength(16);
  });

  test("the matched scope over time (chain, central and federal, paid, 2012–2025): the US 3 of 4 priced, $211.4 m; China none; no gap", () => {
    // dod-ree-tda-magnetics-2020 (contract 2.3 m, FY2021), dod-mceip-evac-2023 (other 94.1 m, 2023),
    // 48c-evac-2024 (tax credit 111.9 m, 2024) priced; dod-mp-2025-magnet-offtake (offtake, no payments) unpriced.
    const years = ST.stageOverTime(data, scope, macro, "magnets");
    expect(years.map((y) => y.year)).toEqual(Array.from({length: 14}, (_, i) => 2012 + i));
    const last = years.at(-1)!;
    expect(last.us.known).toBe(4);
    expect(last.us.priced).toBe(3);
    expect(last.us.ge_usd).toBeCloseTo(211_438_022.13, 0);
    expect(last.china.known).toBe(0);
    expect(last.comparison.comparable).toBe(false);
    expect(last.comparison.gap).toBeNull();
    // nothing priced before FY2021; 2.3 m × CPI 2024 / CPI 2021 by 2021
    expect(years.find((y) => y.year === 2020)!.us.priced).toBe(0);
    expect(years.find((y) => y.year === 2021)!.us.priced).toBe(1);
    expect(ST.stageRows(data, scope, macro, "magnets").map((r) => r.id).sort()).toEqual(["48c-evac-2024", "dod-mceip-evac-2023", "dod-mp-2025-magnet-offtake", "dod-ree-tda-magnetics-2020"]);
  });
});

describe("separation and mining", () => {
  test("separation in the matched scope: the US 8 of 12 priced, $523.6 m; China's one 2014 stockpile purchase known, unpriced", () => {
    const last = ST.stageOverTime(data, scope, macro, "separation").at(-1)!;
    expect([last.us.priced, last.us.known]).toEqual([8, 12]);
    expect(last.us.ge_usd).toBeCloseTo(523_576_213.44, 0);
    expect([last.china.priced, last.china.known]).toEqual([0, 1]);
    expect(last.comparison.comparable).toBe(false);
  });

  test("mining: Baogang's mining R&D centre (count not stated), finance abroad apart (4 awards), 33 tools", () => {
    expect(db.query(ST.chinaFirms("baogang", "mining")).map((r) => [r.label, r.tier, r.count_firms])).toEqual([["mining R&D centre", "tech_innovative", null]]);
    expect(db.query(ST.usAbroad(ALL, "mining")).map((r) => r.award_id).sort()).toEqual(["dfc-aclara-pd-2025", "dfc-serra-verde-2025", "dfc-serra-verde-increase-2026", "dfc-techmet-equity-2024"]);
    expect(db.query(ST.tools("mining"))).toHaveLength(33);
  });

  test("the scenarios' projection at a stage: one row per scenario and year, 2025–2035", () => {
    const rows = db.query(ST.projection("magnets"));
    expect(rows).toHaveLength(4 * 11);
    expect(new Set(rows.map((r) => r.scenario))).toEqual(new Set(["baogang-chain", "baseline", "china-slowdown", "us-sme-pipeline"]));
  });

  test("a stage id outside the taxonomy is refused, never bound", () => {
    expect(() => ST.tools("minning")).toThrow(/stage: "minning" is not one of exploration, mining/);
  });
});

describe("the stage in the chain's data", () => {
  // data/cases/rare-earths/chain/stages.csv (mining: "ore to mineral concentrate") and edges.csv: exploration → mining → separation
  // (flow), mining → byproducts and support → mining (beside); data/cases/rare-earths/china/value_chain_context.csv: 28 rows name
  // mining, 6 name magnets.
  test("mining's note and its four edges; the context rows of mining and magnets", () => {
    const place = db.query(ST.chainPlace("mining"));
    expect(place.map((r) => r.note)).toEqual(Array(4).fill("ore to mineral concentrate"));
    expect(place.map((r) => `${r.from}>${r.to}:${r.kind}`).sort()).toEqual(["exploration>mining:flow", "mining>byproducts:beside", "mining>separation:flow", "support>mining:beside"]);
    expect(db.query(ST.context("mining"))).toHaveLength(28);
    expect(db.query(ST.context("magnets")).map((r) => r.metric_id).sort()).toEqual(["china-magnet-share-2022-est", "iea-china-magnet-share-2025", "iea-magnet-ree-demand-2023", "iea-magnet-ree-demand-2030", "im-plan-2025-magnets", "northern-re-magnetic-capacity-2020"]);
  });
});
