// The gap model on a hand-made fixture: every expected value is worked out in the comments.
import {describe, expect, test} from "vitest";
import {computeGaps, countedUs, gapModelFromRows, totalGaps, withCentralSupport, type ChinaFirmRow, type GapInputs, type UsAwardRow} from "../../src/lib/gaps.ts";
import type {MacroSeries} from "../../src/lib/normalize.ts";

const macro: MacroSeries = {
  cny_per_usd: new Map([[2020, 7], [2024, 7.2]]),
  ppp_cny_per_intl: new Map([[2020, 4], [2024, 3.6]]),
  cpi_u: new Map([[2020, 250], [2024, 300]]),
  gdp_deflator: new Map([[2020, 100], [2024, 120]])
};

const china: ChinaFirmRow[] = [
  {stage: "support", tier: "little_giant", count_firms: 1},
  {stage: "applications", tier: "tech_innovative", count_firms: 1},
  {stage: "mining", tier: "tech_innovative", count_firms: null},
  {stage: "unknown", tier: "tech_innovative", count_firms: 20},
  {stage: "unknown", tier: "specialized_new", count_firms: 9}
];

const us: UsAwardRow[] = [
  {award_id: "a1", recipient: "R1", status: "obligated", amount_usd: 36_000_000, year: 2020, stages: "separation;metals"},
  {award_id: "a2", recipient: "R2", status: "announced", amount_usd: 10_000_000, year: 2024, stages: "magnets"},
  {award_id: "a3", recipient: "R3", status: "obligated", amount_usd: 5_000_000, year: 2019, stages: "magnets"},
  {award_id: "a4", recipient: "R4", status: "obligated", amount_usd: null, year: 2024, stages: "magnets"}
];

const inputs: GapInputs = {
  basis: "market",
  baseYear: 2024,
  deflator: "cpi",
  window: [2020, 2025],
  statuses: ["obligated", "committed"],
  chinaYear: 2024,
  tierSupport: {
    little_giant: {low_cny: 0, central_cny: 6_000_000, high_cny: 10_000_000, central_sourced: true},
    specialized_new: {low_cny: 0, central_cny: 0, high_cny: 0, central_sourced: false},
    tech_innovative: {low_cny: 0, central_cny: 100_000, high_cny: 100_000, central_sourced: false}
  }
};

const byStage = (rows: ReturnType<typeof computeGaps>) => Object.fromEntries(rows.map((r) => [r.stage, r]));

describe("market basis, base year 2024, CPI", () => {
  const rows = computeGaps(china, us, inputs, macro);
  const s = byStage(rows);

  test("stages in taxonomy order, only those with something on a side", () => {
    expect(rows.map((r) => r.stage)).toEqual(["mining", "separation", "metals", "applications", "support", "unknown"]);
  });

  test("China: firms × per-firm support / 7.2 CNY per USD (2024), CPI ratio 300/300 = 1", () => {
    // 6,000,000 / 7.2 = 833,333.33; high 10,000,000 / 7.2 = 1,388,888.89; all of it rests on a sourced figure
    expect(s.support).toMatchObject({china_firms: 1, china_low_usd: 0});
    expect(s.support?.china_central_usd).toBeCloseTo(833_333.33, 2);
    expect(s.support?.china_high_usd).toBeCloseTo(1_388_888.89, 2);
    expect(s.support?.china_sourced_usd).toBeCloseTo(833_333.33, 2);
    // 100,000 / 7.2 = 13,888.89 (assumed, not sourced)
    expect(s.applications?.china_central_usd).toBeCloseTo(13_888.89, 2);
    expect(s.applications?.china_sourced_usd).toBe(0);
    // 20 × 100,000 / 7.2 + 9 × 0 = 277,777.78
    expect(s.unknown?.china_firms).toBe(29);
    expect(s.unknown?.china_central_usd).toBeCloseTo(277_777.78, 2);
    // present without a stated count: covered, no money
    expect(s.mining).toMatchObject({china_firms: 0, china_firms_unstated: 1, china_central_usd: 0});
  });

  test("US: in-window counted awards, deflated by CPI and split equally across stages", () => {
    // a1: 36,000,000 × 300/250 = 43,200,000, half to separation and half to metals; a2 announced (not counted),
    // a3 before the window, a4 without an amount: all excluded
    expect(s.separation).toMatchObject({us_awards: 1, us_recipients: 1});
    expect(s.separation?.us_usd).toBeCloseTo(21_600_000, 6);
    expect(s.metals?.us_usd).toBeCloseTo(21_600_000, 6);
    expect(s.magnets).toBeUndefined();
  });

  test("a total counts an award once, however many stages it spans", () => {
    // a1 (separation;metals) is in two stage rows, so the stage rows' counts add up to 2 awards and 2 recipients;
    // the model's total counts it once. a2 (announced), a3 (before the window), a4 (no amount) do not count.
    expect(rows.reduce((n, r) => n + r.us_awards, 0)).toBe(2);
    const m = gapModelFromRows({china, us, macro, assumedSupport: inputs.tierSupport}, inputs);
    expect(m.total).toMatchObject({us_awards: 1, us_recipients: 1});
    // Two awards to one recipient, one of them over three stages: 2 awards, 1 recipient.
    const more: UsAwardRow[] = [...us, {award_id: "a5", recipient: "R1", status: "committed", amount_usd: 1, year: 2024, stages: "mining;magnets;recycling"}];
    expect(gapModelFromRows({china, us: more, macro, assumedSupport: inputs.tierSupport}, inputs).total).toMatchObject({us_awards: 2, us_recipients: 1});
    // Without the distinct counts a total has none (never the sum of the stage rows).
    expect(totalGaps(rows)).toMatchObject({us_awards: null, us_recipients: null});
  });

  test("totals, and no gap or ratio: the designated-firm estimate and the US awards are not one scope", () => {
    const t = totalGaps(rows);
    // China (6,000,000 + 100,000 + 2,000,000) / 7.2 = 1,125,000; US 43,200,000
    expect(t.china_central_usd).toBeCloseTo(1_125_000, 6);
    expect(t.us_usd).toBeCloseTo(43_200_000, 6);
    for (const r of [t, ...rows]) for (const k of Object.keys(r)) expect(k).not.toMatch(/gap|ratio/);
  });
});

test("PPP vs market: the China side grows by cny_per_usd / ppp = 7.2 / 3.6 = 2; the US side does not move", () => {
  const market = totalGaps(computeGaps(china, us, inputs, macro));
  const ppp = totalGaps(computeGaps(china, us, {...inputs, basis: "ppp"}, macro));
  expect(ppp.china_central_usd).toBeCloseTo(2_250_000, 6);
  expect(ppp.china_central_usd / market.china_central_usd).toBeCloseTo(2, 12);
  expect(ppp.us_usd).toBe(market.us_usd);
});

test("counting 'announced' adds exactly the announced amounts (a2: 10,000,000 at 2024 prices)", () => {
  const base = totalGaps(computeGaps(china, us, inputs, macro));
  const more = computeGaps(china, us, {...inputs, statuses: ["obligated", "committed", "announced"]}, macro);
  expect(totalGaps(more).us_usd - base.us_usd).toBeCloseTo(10_000_000, 6);
  expect(byStage(more).magnets?.us_usd).toBeCloseTo(10_000_000, 6);
  expect(byStage(more).magnets?.us_recipients).toBe(1);
});

test("GDP deflator and another base year: 36,000,000 in 2020 → 2024 by GDP 120/100 = 43,200,000; China in 2020 prices", () => {
  const rows = computeGaps(china, us, {...inputs, deflator: "gdp", baseYear: 2020}, macro);
  const t = totalGaps(rows);
  // US: 36,000,000 × 100/100 (2020 base) = 36,000,000
  expect(t.us_usd).toBeCloseTo(36_000_000, 6);
  // China valued in 2024 CNY: 8,100,000 / 7.2 × 100/120 = 937,500
  expect(t.china_central_usd).toBeCloseTo(937_500, 6);
});

test("a year missing from a macro series is an error naming the series, never a fallback", () => {
  expect(() => computeGaps(china, us, {...inputs, chinaYear: 2023}, macro)).toThrow(/cny_per_usd.*2023|2023.*cny_per_usd/);
});

test("a tier without a support assumption is an error", () => {
  expect(() => computeGaps([{stage: "rnd", tier: "single_champion", count_firms: 1}], [], inputs, macro)).toThrow('no support assumption for tier "single_champion"');
});

describe("the /gaps sliders: a reader's central support per tier", () => {
  const assumed = inputs.tierSupport;
  test("the central value replaces the assumption; low/high widen to include it; only the unchanged sourced figure stays sourced", () => {
    const s = withCentralSupport(assumed, {little_giant: 12_000_000, specialized_new: 0, tech_innovative: 50_000});
    // little giant: 12 m is above the high of 10 m, so high becomes 12 m; no longer the sourced 6 m
    expect(s.little_giant).toEqual({low_cny: 0, central_cny: 12_000_000, high_cny: 12_000_000, central_sourced: false});
    expect(s.specialized_new).toEqual({low_cny: 0, central_cny: 0, high_cny: 0, central_sourced: false});
    // innovative: 50,000 lies in [0, 100,000]: the range stays
    expect(s.tech_innovative).toEqual({low_cny: 0, central_cny: 50_000, high_cny: 100_000, central_sourced: false});
    expect(withCentralSupport(assumed, {little_giant: 6_000_000, specialized_new: 0, tech_innovative: 100_000})).toEqual(assumed);
  });

  test("re-valuing cached rows: little giant at 12 m CNY puts 12,000,000 / 7.2 = 1,666,666.67 USD on support, none of it sourced", () => {
    const valuation = {basis: "market", baseYear: 2024, deflator: "cpi", window: [2020, 2025], statuses: ["obligated", "committed"], chinaYear: 2024} as const;
    const data = {china, us, macro, assumedSupport: assumed};
    const m = gapModelFromRows(data, {...valuation, window: [2020, 2025], tierSupport: withCentralSupport(assumed, {little_giant: 12_000_000, specialized_new: 0, tech_innovative: 100_000})});
    const support = m.rows.find((r) => r.stage === "support")!;
    expect(support.china_central_usd).toBeCloseTo(12_000_000 / 7.2, 6);
    expect(support.china_high_usd).toBeCloseTo(12_000_000 / 7.2, 6);
    expect(support.china_sourced_usd).toBe(0);
    // the rows passed in come back unchanged (the page shows their sources)
    expect(m.china).toBe(china);
    expect(m.us).toBe(us);
    // without a support the model uses the assumed one: 6,000,000 / 7.2, all of it sourced
    const d = gapModelFromRows(data, {...valuation, window: [2020, 2025]});
    expect(d.rows.find((r) => r.stage === "support")!.china_sourced_usd).toBeCloseTo(6_000_000 / 7.2, 6);
    expect(d.total).toEqual(totalGaps(computeGaps(china, us, inputs, macro), countedUs(us, inputs)));
  });
});
