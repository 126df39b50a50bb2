// The chain diagram's queries (src/queries/chain.ts) in DuckDB-WASM over the real tables, and one stage's figures
// worked out by hand from the CSVs (see the comments).
import {beforeAll, describe, expect, test} from "vitest";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";
import {readChainSettings, settingsQuery, stageHref} from "../../src/lib/chain-figures.ts";
import {CHAIN_DEFAULTS, chainContext, chainView, loadChainData, usRecipientsByStage, type ChainData} from "../../src/queries/chain.ts";
import {siteDatabase} from "../helpers/tables.ts";

let db: NodeDatabase;
let data: ChainData;
beforeAll(async () => {
  db = await siteDatabase();
  data = await loadChainData(db);
});

describe("chain queries", () => {
  test("stages in flow order with their lanes; edges with their kinds", () => {
    expect(data.stages.filter((s) => s.lane === "chain").map((s) => s.id)).toEqual(["exploration", "mining", "separation", "metals", "magnets", "applications"]);
    expect(data.stages.find((s) => s.id === "recycling")).toEqual({id: "recycling", order: 7, lane: "loop", context_metric_id: null});
    expect(data.edges.filter((e) => e.kind === "feedback")).toEqual([{from: "recycling", to: "separation", kind: "feedback"}]);
  });

  test("context: one figure for mining, separation and magnets, each with its own unit, year and source", () => {
    const rows = db.query(chainContext());
    expect(rows.map((r) => [r.stage, r.value, r.unit, r.year, r.source_id, r.confidence])).toEqual([
      ["mining", 69.2, "%", 2024, "cn-csrqoa-17188697", "derived"],
      ["separation", 92, "%", 2023, "cn-seaisi-24787", "medium"],
      ["magnets", 94, "%", 2025, "cn-rareearthexchanges-iea", "low"]
    ]);
  });

  test("US recipients per stage count a recipient once across statuses", () => {
    // data/cases/rare-earths/us/awards.csv, domestic, not agg-, status obligated/committed/announced, 'magnets' among the stages: Ames
    // National Laboratory, E-VAC Magnetics (two awards, one firm), MP Materials, Niron Magnetics, TDA Magnetics,
    // USA Rare Earth, Urban Mining Co., Vulcan Elements = 8 names (MP has obligated and committed awards: once)
    const rows = db.query(usRecipientsByStage("curated", ["obligated", "committed", "announced"]));
    expect(rows.find((r) => r.stage === "magnets")?.recipients).toBe(8);
    const obligatedOnly = db.query(usRecipientsByStage("curated", ["obligated"]));
    expect(obligatedOnly.find((r) => r.stage === "magnets")!.recipients as number).toBeLessThan(8);
  });
});

describe("figures per stage (default settings)", () => {
  test("magnets, worked out by hand from the CSVs", async () => {
    const view = await chainView(db, data, CHAIN_DEFAULTS);
    const m = view.figures.find((f) => f.stage === "magnets")!;
    // US, chain_central (federal, domestic, 2012–2025), paid = obligated + committed, magnets alone:
    //   dod-mceip-evac-2023 other 94.1 m (2023), 48c-evac-2024 tax credit 111.9 m (2024), dod-ree-tda-magnetics-2020
    //   contract 2.3 m (FY2021): transfers at face; dod-mp-2025-magnet-offtake: no amount, not priced → 3 of 4 priced.
    //   constant 2024 USD by CPI-U (data/cases/rare-earths/macro/us_cpi_u.csv: 2021 270.97, 2023 304.702, 2024 313.689):
    //   94.1e6 × 313.689/304.702 + 111.9e6 + 2.3e6 × 313.689/270.97 = 211,438,022.13
    expect(m.us.known).toBe(4);
    expect(m.us.priced).toBe(3);
    expect(m.us.ge_usd).toBeCloseTo(211_438_022.13, 0);
    expect(m.us.priced_share).toBe(0.75);
    // China: no instrument of data/cases/rare-earths/china/instruments.csv is at magnets alone → empty side; no ratio, colour = priced
    expect(m.china).toEqual({ge_usd: 0, priced: 0, known: 0, priced_share: null});
    expect(m.comparison?.comparable).toBe(false);
    expect(m.colour).toBe("priced");
    // Coverage: Baogang's portfolio places no firm at magnets (compare.test.ts); 8 US recipients (above)
    expect(m.china_firms).toBeNull();
    expect(m.china_unstated).toBe(false);
    expect(m.us_recipients).toBe(8);
    // Context: data/cases/rare-earths/china/value_chain_context.csv iea-china-magnet-share-2025 (94 %, 2025, low)
    expect(m.context).toMatchObject({metric_id: "iea-china-magnet-share-2025", value: 94, unit: "%", year: 2025, confidence: "low"});
  });

  test("no stage meets the rule for a gap with the shipped data; stages with nothing on a side are empty", async () => {
    const view = await chainView(db, data, CHAIN_DEFAULTS);
    expect(view.figures.filter((f) => f.colour === "gap")).toEqual([]);
    expect(view.figures.map((f) => f.stage)).toHaveLength(10);
    // recycling: no single-stage instrument on either side in data/ (instruments.csv, awards.csv)
    const r = view.figures.find((f) => f.stage === "recycling")!;
    expect([r.china.priced_share, r.us.priced_share]).toEqual([null, null]);
  });
});

describe("settings in the URL", () => {
  const allowed = {scopes: ["chain_central", "chain_all_levels", "sme_programmes"], classes: ["paid", "announced", "authority"], years: [2012, 2020, 2024, 2025]};
  test("keys of /coverage and /gaps are read; a value not allowed keeps the default", () => {
    const s = readChainSettings("?cn=national&st=obligated&scope=chain_all_levels&basis=ppp&base=2020&sc=nope&sfrom=1999", CHAIN_DEFAULTS, allowed);
    expect(s).toEqual({...CHAIN_DEFAULTS, cn: "national", st: ["obligated"], scope: "chain_all_levels", basis: "ppp", base: 2020});
  });
  test("a stage's link carries only the settings that differ from the defaults", () => {
    expect(stageHref("separation", CHAIN_DEFAULTS, CHAIN_DEFAULTS)).toBe("./stage/separation");
    expect(stageHref("magnets", {...CHAIN_DEFAULTS, st: ["obligated"], basis: "ppp"}, CHAIN_DEFAULTS)).toBe("./stage/magnets?st=obligated&basis=ppp");
    expect(settingsQuery({...CHAIN_DEFAULTS, st: []}, CHAIN_DEFAULTS)).toBe("?st=");
  });
});
