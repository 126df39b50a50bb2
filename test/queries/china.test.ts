// Page SQL for /china and /, run in DuckDB-WASM (Node bundle: same engine as the browser) against the real loader
// output. Expected values are worked out by hand from ../shared/research/data-china.md.
import {beforeAll, describe, expect, test} from "vitest";
import * as Q from "../../src/queries/china.ts";
import {allSources} from "../../src/queries/sources.ts";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";
import {siteDatabase} from "../helpers/tables.ts";

let db: NodeDatabase;
beforeAll(async () => {
  db = await siteDatabase();
});

describe("little-giant batches", () => {
  test("2021–2023 are batches 3, 4, 5 with their announced counts", () => {
    const rows = db.query(Q.batchesInRange(2021, 2023));
    expect(rows.map((r) => [r.batch, r.year, r.count_firms_announced])).toEqual([
      [3, 2021, 2930],
      [4, 2022, 4357],
      [5, 2023, 3671]
    ]);
    // running sum over ALL batches, not just the shown ones: 248 + 1744 + 2930 + 4357 + 3671
    expect(rows.at(-1)?.cumulative_gross).toBe(12950);
  });

  test("gross announcements over batches 1–7 sum to 19,444 (the dossier's derived total)", () => {
    const rows = db.query(Q.batchesInRange(1900, 2100));
    expect(rows).toHaveLength(7);
    expect(rows.at(-1)?.cumulative_gross).toBe(19444);
    expect(rows.find((r) => r.batch === 4)?.count_firms_confirmed).toBe(4328);
  });

  test("an empty year range returns no rows, not an error", () => {
    expect(db.query(Q.batchesInRange(2010, 2012))).toEqual([]);
  });
});

test("latest figure per tier with its 14th FYP target", () => {
  const rows = db.query(Q.latestByTier());
  expect(rows.map((r) => [r.tier, r.count_firms, r.qualifier, r.as_of, r.target_firms])).toEqual([
    ["tech_innovative", 600000, "more_than", "2026-01", 1000000],
    ["specialized_new", 140000, "more_than", "2025-11", 100000],
    ["little_giant", 17600, "more_than", "2026-01", 10000]
  ]);
});

test("net little-giant series merges sources that report the same figure on the same date", () => {
  const net = db.query(Q.littleGiantGrowth()).filter((r) => String(r.series).startsWith("net"));
  expect(net.map((r) => r.count_firms)).toEqual([4762, 8997, 8997, 12000, 12000, 14600, 14600, 17600, 17600]);
  expect(net[0]?.source_id).toBe("cn-35722aa-15949;cn-pku-iicsh-1069");
});

test("the gross–net gap at the latest date: 19,444 − 17,600 = 1,844", () => {
  expect(db.query(Q.grossNetGap())).toEqual([{gross: 19444, net: 17600, gap: 1844, net_qualifier: "more_than", net_as_of: "2026-01"}]);
});

test("specialized & new series, oldest first, with provincial designations kept apart", () => {
  const rows = db.query(Q.tierSeries("specialized_new"));
  expect(rows).toHaveLength(8);
  expect(rows[0]).toMatchObject({as_of: "2022-06", count_firms: 48000, scope: "provincial_designations"});
  expect(rows.filter((r) => r.scope === "national")).toHaveLength(6);
});

describe("Baogang portfolio", () => {
  test("32 = 22 + 9 + 1, of which 12 newly designated", () => {
    expect(db.query(Q.baogangTotal())).toEqual([{total: 32, new_firms: 12}]);
    expect(db.query(Q.baogangByTier()).map((r) => [r.tier, r.count_firms, r.count_new])).toEqual([
      ["tech_innovative", 22, 12],
      ["specialized_new", 9, null],
      ["little_giant", 1, null]
    ]);
  });

  test("by stage: stated kinds, counts only where stated, the rest unknown (32 − 2 = 30)", () => {
    const rows = db.query(Q.baogangByStage());
    expect(rows.map((r) => [r.stage, r.count_firms, r.count_unstated])).toEqual([
      ["applications", 1, false],
      ["byproducts", null, true],
      ["mining", null, true],
      ["rnd", 1, false],
      ["unknown", 30, false]
    ]);
  });

  test("entity filter drops firms known not to be Baogang's", () => {
    const all = db.query(Q.entities(false));
    const baogang = db.query(Q.entities(true));
    expect(all).toHaveLength(10);
    expect(baogang).toHaveLength(7);
    expect(baogang[0]).toMatchObject({name_en: "Baogang Group Electric Co.", designation_status: "confirmed"});
  });
});

test("criteria filter by tier and 'all'", () => {
  const lg = db.query(Q.criteria("little_giant"));
  expect(lg.length).toBe(22) // rows with tier little_giant in data/cases/rare-earths/china/criteria.csv (grep -c ",little_giant,");
  expect(lg.every((r) => r.tier === "little_giant")).toBe(true);
  expect(db.query(Q.criteria(null)).length).toBe(63);
});

test("every source_id cited by a China table resolves in the sources table", () => {
  const ids = new Set(db.query(allSources()).map((r) => r.source_id));
  for (const q of [Q.batchesInRange(1900, 2100), Q.instruments(), Q.regionalCounts(), Q.entities(false)]) {
    for (const r of db.query(q)) expect(ids.has(r.source_id), `${q.name}: ${r.source_id}`).toBe(true);
  }
});

// China's rare-earth instruments by stage group, counted by hand from data/cases/rare-earths/china/instruments.csv (scope rare_earth:
// a rule row has a `rule`; equity = instrument equity or fund; priced = a grant, reward, per-tonne award, tax
// preference or interest subsidy with an amount; the rest known without a price). Priced CNY: the counted rows only.
test("instruments by stage: priced, rules, unpriced and equity per stage group", async () => {
  const {siteDatabase} = await import("../helpers/tables.ts");
  const {instrumentsByStage} = await import("../../src/queries/china.ts");
  const db = await siteDatabase();
  const rows = Object.fromEntries(db.query(instrumentsByStage()).map((r) => [r.stage_group, [r.priced, r.rules, r.unpriced, r.equity]]));
  expect(rows).toEqual({
    applications: [0, 2, 0, 0],
    metals: [0, 3, 0, 0],
    mining: [0, 4, 0, 0],
    not_itemised: [3, 1, 0, 4],
    rnd: [0, 11, 0, 0],
    separation: [0, 2, 5, 0],
    several: [5, 12, 3, 2],
    support: [0, 1, 0, 0]
  });
});
