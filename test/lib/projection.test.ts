// The scenario projection on a hand-made fixture: every expected value is worked out in the comments.
import {describe, expect, test} from "vitest";
import {computeGaps, type ChinaFirmRow} from "../../src/lib/gaps.ts";
import type {MacroSeries} from "../../src/lib/normalize.ts";
import {allocateChina, projectScenario, projectionTotals, simulateProgram, unnamedCounts, withTotals, type ProjectionBase, type ProjectionRow, type ScenarioAwardRow} from "../../src/lib/projection.ts";
import type {Scenario} from "../../src/lib/scenario.ts";

// 8 CNY per USD in 2024 keeps the arithmetic round; CPI 250 → 300 turns 2020 dollars into 2024 dollars × 1.2.
const macro: MacroSeries = {
  cny_per_usd: new Map([[2020, 7], [2024, 8]]),
  ppp_cny_per_intl: new Map([[2020, 4], [2024, 4]]),
  cpi_u: new Map([[2020, 250], [2024, 300]]),
  gdp_deflator: new Map([[2020, 100], [2024, 120]])
};

const china: ChinaFirmRow[] = [
  {stage: "support", tier: "little_giant", count_firms: 1},
  {stage: "applications", tier: "tech_innovative", count_firms: 2},
  {stage: "mining", tier: "tech_innovative", count_firms: null},
  {stage: "unknown", tier: "tech_innovative", count_firms: 6},
  {stage: "unknown", tier: "specialized_new", count_firms: 3}
];

const awards: ScenarioAwardRow[] = [
  // 10,000,000 × 300/250 = 12,000,000, half to separation and half to magnets
  {award_id: "a1", recipient: "R1", status: "obligated", instrument: "grant", amount_usd: 10_000_000, year: 2020, stages: "separation;magnets"},
  {award_id: "a2", recipient: "R2", status: "obligated", instrument: "loan", amount_usd: 50_000_000, year: 2024, stages: "separation"},
  {award_id: "a3", recipient: "R3", status: "announced", instrument: "equity", amount_usd: 7_000_000, year: 2024, stages: "magnets"},
  {award_id: "a4", recipient: "R4", status: "obligated", instrument: "equity", amount_usd: 8_000_000, year: 2024, stages: "magnets"}
];

const base: ProjectionBase = {
  china,
  awards,
  macro,
  tierSupport: {
    little_giant: {low_cny: 0, central_cny: 6_000_000, high_cny: 12_000_000, central_sourced: true, term_years: 3},
    specialized_new: {low_cny: 0, central_cny: 0, high_cny: 0, central_sourced: false, term_years: 3},
    tech_innovative: {low_cny: 0, central_cny: 80_000, high_cny: 160_000, central_sourced: false, term_years: 3}
  }
};

const program = (over: Partial<Scenario["projection"]["us_program"]> = {}): Scenario["projection"]["us_program"] => ({
  start_year: 2026,
  ramp_up_years: 2,
  attrition: 0.1,
  stages: ["exploration", "separation"],
  firms_per_stage_per_year: 10,
  tiers: {entry: {usd_per_firm_year: 100, years: 1}, growth: {usd_per_firm_year: 1000, years: 2, advance: 0.5}, scale: {usd_per_firm_year: 10_000, years: 1, advance: 0.2}},
  ...over
});

const scenario: Scenario = {
  schema_version: 1,
  name: "fixture",
  title: "Fixture",
  description: "A hand-made fixture.",
  author_note: "test",
  valuation: {basis: "market", base_year: 2024, deflator: "cpi", china_year: 2024},
  us: {statuses: ["obligated"], instruments: ["grant", "equity"], window: {from: 2020, to: 2025}},
  china: {
    tier_support: {
      little_giant: {low_cny: 0, central_cny: 6_000_000, high_cny: 12_000_000},
      specialized_new: {low_cny: 0, central_cny: 0, high_cny: 0},
      tech_innovative: {low_cny: 0, central_cny: 80_000, high_cny: 160_000}
    },
    allocation: {tech_innovative: {magnets: 2}, specialized_new: {}, little_giant: {}}
  },
  projection: {china: {tier_growth: {little_giant: 1, specialized_new: 0, tech_innovative: 0}}, china_continuation: 0, us_continuation: 0.5, us_program: program()},
  provenance: {}
};

const rows = projectScenario(scenario, base);
const at = (year: number, stage: string) => rows.find((r) => r.year === year && r.stage === stage) as ProjectionRow;

describe("allocation of unnamed firms", () => {
  test("unnamed = the unknown rows by tier: 6 innovative, 3 specialized & new, 0 little giants", () => {
    expect(unnamedCounts(china)).toEqual({tech_innovative: 6, specialized_new: 3, little_giant: 0});
  });

  test("placing 2 innovative firms on magnets leaves 4 in unknown; the 3 specialized & new stay", () => {
    const out = allocateChina(china, scenario.china.allocation);
    const count = (stage: string, tier: string) => out.filter((r) => r.stage === stage && r.tier === tier).reduce((s, r) => s + (r.count_firms ?? 0), 0);
    expect(count("unknown", "tech_innovative")).toBe(4);
    expect(count("magnets", "tech_innovative")).toBe(2);
    expect(count("unknown", "specialized_new")).toBe(3);
    expect(out.reduce((s, r) => s + (r.count_firms ?? 0), 0)).toBe(12);
  });

  test("placing more firms than are unnamed is an error", () => {
    expect(() => allocateChina(china, {tech_innovative: {magnets: 7}, specialized_new: {}, little_giant: {}})).toThrow("places 7 tech_innovative firms but only 6");
  });
});

describe("2025 is the /gaps model with the scenario's inputs", () => {
  test("the same numbers as computeGaps on the allocated rows and the counted instruments", () => {
    const counted = awards.filter((a) => a.instrument === "grant" || a.instrument === "equity");
    const gaps = computeGaps(allocateChina(china, scenario.china.allocation), counted, {basis: "market", baseYear: 2024, deflator: "cpi", window: [2020, 2025], statuses: ["obligated"], chinaYear: 2024, tierSupport: {...base.tierSupport}}, macro);
    for (const g of gaps) {
      const r = at(2025, g.stage);
      expect([r.china_central_usd, r.china_low_usd, r.china_high_usd, r.us_usd, r.us_recipients]).toEqual([g.china_central_usd, g.china_low_usd, g.china_high_usd, g.us_usd, g.us_recipients]);
    }
  });

  test("US: a1 (grant) 6,000,000 to separation and magnets; a2 is a loan (not counted), a3 announced; a4 8,000,000 to magnets", () => {
    expect(at(2025, "separation").us_awards_usd).toBeCloseTo(6_000_000, 6);
    expect(at(2025, "magnets").us_awards_usd).toBeCloseTo(14_000_000, 6);
    expect(at(2025, "magnets").us_recipients).toBe(2);
  });

  test("China: 1 little giant × 6,000,000 / 8 = 750,000; the allocated magnets firms 2 × 80,000 / 8 = 20,000", () => {
    expect(at(2025, "support").china_central_usd).toBeCloseTo(750_000, 6);
    expect(at(2025, "support").china_sourced_usd).toBeCloseTo(750_000, 6);
    expect(at(2025, "magnets").china_central_usd).toBeCloseTo(20_000, 6);
    // 2025 designations = the stock in force
    expect(at(2025, "support").china_designations).toBe(1);
  });
});

describe("China: stocks grow, designations renew every 3 years", () => {
  // little giants double each year: S = 1, 2, 4, 8, 16. Today's stock designated evenly over 2023–2025 (1/3 each).
  // D2026 = D2023 + (2 − 1) = 4/3; D2027 = 1/3 + 2 = 7/3; D2028 = 1/3 + 4 = 13/3; D2029 = D2026 + 8 = 28/3.
  test("firms by tier", () => {
    expect([2025, 2026, 2027, 2028, 2029].map((y) => at(y, "support").china_firms_little_giant)).toEqual([1, 2, 4, 8, 16]);
    expect(at(2029, "support").china_designations).toBeCloseTo(28 / 3, 12);
  });

  test("cumulative central: 750,000 + 4/3 × 750,000 = 1,750,000 (2026); + 7/3 × 750,000 = 3,500,000 (2027); + 13/3 × 750,000 = 6,750,000 (2028)", () => {
    expect(at(2026, "support").china_central_usd).toBeCloseTo(1_750_000, 6);
    expect(at(2027, "support").china_central_usd).toBeCloseTo(3_500_000, 6);
    expect(at(2028, "support").china_central_usd).toBeCloseTo(6_750_000, 6);
    // high = 12,000,000 / 8 = 1,500,000 per designation: twice the central; low 0; all of the central rests on the
    // sourced little-giant figure
    expect(at(2028, "support").china_high_usd).toBeCloseTo(13_500_000, 6);
    expect(at(2028, "support").china_low_usd).toBe(0);
    expect(at(2028, "support").china_sourced_usd).toBeCloseTo(6_750_000, 6);
  });

  test("no growth: 2 innovative firms renew a third a year, 2/3 × 10,000 = 6,666.67 a year; 20,000 + 10 × 6,666.67 by 2035", () => {
    expect(at(2035, "applications").china_firms).toBe(2);
    expect(at(2035, "applications").china_central_usd).toBeCloseTo(20_000 + (10 * 20_000) / 3, 6);
  });

  test("firms without a stated count stay covered with no money (mining)", () => {
    expect(at(2035, "mining")).toMatchObject({china_firms: 0, china_kinds_unstated: 1, china_central_usd: 0});
  });

  test("a shrinking stock never makes negative designations: −50% a year, 3 firms → 1.5; D2026 = max(0, 1 − 1.5) = 0", () => {
    const shrink = projectScenario({...scenario, china: {...scenario.china, allocation: {tech_innovative: {}, specialized_new: {}, little_giant: {}}}, projection: {...scenario.projection, china: {tier_growth: {little_giant: 0, specialized_new: 0, tech_innovative: -0.5}}}}, base);
    const app = (y: number) => shrink.find((r) => r.year === y && r.stage === "applications")!;
    expect(app(2026).china_firms).toBe(1);
    expect(app(2026).china_designations).toBe(0);
    expect(app(2026).china_central_usd).toBe(app(2025).china_central_usd);
  });
});

describe("US: continuation and the program", () => {
  test("program at one stage: intake 5 then 10 (2-year ramp), 10% attrition, half advance to growth, a fifth to scale", () => {
    const p = simulateProgram(program());
    // 2026: 5 entry × 100 = 500
    expect(p.get(2026)).toEqual({firms: {entry: 5, growth: 0, scale: 0}, usd: 500});
    // 2027: 10 entry; growth 5 × 0.9 × 0.5 = 2.25 → 1,000 + 2,250 = 3,250
    expect(p.get(2027)!.firms.growth).toBeCloseTo(2.25, 12);
    expect(p.get(2027)!.usd).toBeCloseTo(3250, 9);
    // 2028: growth 10 × 0.9 × 0.5 = 4.5 (year 1) + 2.25 × 0.9 = 2.025 (year 2) → 1,000 + 6,525 = 7,525
    expect(p.get(2028)!.usd).toBeCloseTo(7525, 9);
    // 2029: growth 4.5 + 4.05; scale 2.025 × 0.9 × 0.2 = 0.3645 → 1,000 + 8,550 + 3,645 = 13,195
    expect(p.get(2029)!.firms.scale).toBeCloseTo(0.3645, 12);
    expect(p.get(2029)!.usd).toBeCloseTo(13_195, 9);
    // 2030: scale 4.05 × 0.9 × 0.2 = 0.729 (last year's 0.3645 finished its 1 year) → 1,000 + 8,550 + 7,290 = 16,840
    expect(p.get(2030)!.usd).toBeCloseTo(16_840, 9);
  });

  test("no program before its start year, and none without stages", () => {
    expect(simulateProgram(program({start_year: 2030})).get(2029)!.usd).toBe(0);
    expect(simulateProgram(program({stages: []})).get(2035)!.usd).toBe(0);
  });

  test("separation in 2029: 6,000,000 + 0.5 × 6,000,000 / 6 × 4 years + program 500 + 3,250 + 7,525 + 13,195 = 8,024,470", () => {
    const r = at(2029, "separation");
    expect(r.us_continuation_usd).toBeCloseTo(2_000_000, 6);
    expect(r.us_program_usd).toBeCloseTo(24_470, 6);
    expect(r.us_usd).toBeCloseTo(8_024_470, 6);
    // firms: 1 recipient + 10 entry + 8.55 growth + 0.3645 scale
    expect(r.us_firms).toBeCloseTo(1 + 10 + 8.55 + 0.3645, 12);
  });

  test("a program stage with nothing today still appears (exploration), from 2025 on", () => {
    expect(at(2025, "exploration")).toMatchObject({us_usd: 0, us_program_firms: 0, china_firms: 0});
    expect(at(2026, "exploration").us_program_usd).toBe(500);
  });
});

test("each side's own model, no China − US figure: the designated-firm estimate and the US awards are not one scope", () => {
  for (const r of rows) for (const k of Object.keys(r)) expect(k).not.toMatch(/gap|ratio/);
  // support stage 2028: China's estimate 6,750,000 (as the gap was before, US 0 there), no US money
  const r = at(2028, "support");
  expect([r.china_central_usd, r.us_usd]).toEqual([expect.closeTo(6_750_000, 6), 0]);
});

test("stages in taxonomy order each year, 2025–2035; totals are the sums; deterministic", () => {
  expect(rows.filter((r) => r.year === 2030).map((r) => r.stage)).toEqual(["exploration", "mining", "separation", "magnets", "applications", "support", "unknown"]);
  expect(new Set(rows.map((r) => r.year)).size).toBe(11);
  const total = projectionTotals(rows).find((t) => t.year === 2030)!;
  expect(total.us_usd).toBeCloseTo(rows.filter((r) => r.year === 2030).reduce((s, r) => s + r.us_usd, 0), 6);
  expect(withTotals(rows).filter((r) => r.year === 2030).at(-1)!.stage).toBe("total");
  expect(projectScenario(scenario, base)).toEqual(rows);
});

test("withTotals is kept per rows array: the same array again for the same rows, equal to a fresh computation", () => {
  const t = withTotals(rows);
  expect(withTotals(rows)).toBe(t);
  const copy = [...rows];
  expect(withTotals(copy)).not.toBe(t);
  expect(withTotals(copy)).toEqual(t);
  expect(t).toHaveLength(rows.length + 11);
  expect(t.filter((r) => r.stage === "total")).toEqual(projectionTotals(rows));
});
