// A scenario projected inside a matched scope (src/lib/scope-projection.ts) on hand-made scopes: a gap only where the
// comparison rule allows it, with the value worked out by hand; none where one side is below the thresholds, whatever
// the scenario adds; the program only in a scope that holds federal support at home; the class of statuses from the
// scenario's US statuses.
import {describe, expect, test} from "vitest";
import type {ComparisonRule} from "../../src/lib/comparison.ts";
import {projectInScope, statusClassFor, type ScopeToday} from "../../src/lib/scope-projection.ts";
import type {Scenario, UsProgram} from "../../src/lib/scenario.ts";
import type {ScopeComparisonRow, SideSummary} from "../../src/lib/scopes.ts";

const rule: ComparisonRule = {min_priced_rows: 3, min_priced_share: 0.6, band_low: 0.1, band_high: 50};
const key = {scope: "test_scope", measure: "ge", basis: "market", status_class: "paid"};
const side = (ge_usd: number, priced: number, known: number): SideSummary => ({ge_usd, priced, known, unpriced: known - priced, capital_deployed_usd: 0, equity_rows: 0, no_series: 0});
// Only `stage`, `china` and `us` are read; the comparison of today is recomputed on the projected values.
const row = (stage: string, china: SideSummary, us: SideSummary) => ({stage, china, us}) as ScopeComparisonRow;

// 10 firms a year in magnets from 2026, 100 USD each for 1 year, no later tier: 1,000 a year.
const program = (stages: UsProgram["stages"]): UsProgram => ({
  start_year: 2026, ramp_up_years: 0, attrition: 0, stages, firms_per_stage_per_year: 10,
  tiers: {entry: {usd_per_firm_year: 100, years: 1}, growth: {usd_per_firm_year: 0, years: 0, advance: 0}, scale: {usd_per_firm_year: 0, years: 0, advance: 0}}
});
const scenario = (china_continuation: number, us_continuation: number, stages: UsProgram["stages"] = []) =>
  ({us: {statuses: ["obligated", "committed"]}, projection: {china_continuation, us_continuation, us_program: program(stages)}}) as unknown as Scenario;

// A 10-year scope window (2016–2025). Magnets: China 3 of 4 priced (75 %), 300; US 4 of 5 priced (80 %), 600: both pass.
// Separation: China 2 of 3 priced: below 3 priced rows. Several stages: never compared stage by stage.
const today = (programInScope = true): ScopeToday => ({
  key, window: [2016, 2025], programInScope,
  rows: [row("separation", side(50, 2, 3), side(900, 5, 5)), row("magnets", side(300, 3, 4), side(600, 4, 5)), row("several", side(10, 1, 1), side(20, 1, 1))]
});
const at = (rows: ReturnType<typeof projectInScope>, year: number, stage: string) => rows.find((r) => r.year === year && r.stage === stage)!;

describe("a gap only where the rule allows it", () => {
  const rows = projectInScope(scenario(1, 0.5), today(), rule);

  test("matched (magnets): China 300 + 1 × 300 / 10 × 5 = 450 and US 600 + 0.5 × 600 / 10 × 5 = 750 in 2030: gap −300, ratio 0.6", () => {
    const r = at(rows, 2030, "magnets");
    expect(r.china).toMatchObject({known_usd: 300, continuation_usd: 150, program_usd: 0, ge_usd: 450, priced: 3, known: 4});
    expect(r.us).toMatchObject({known_usd: 600, continuation_usd: 150, ge_usd: 750, priced: 4, known: 5});
    expect(r.comparison.comparable).toBe(true);
    expect(r.comparison.gap).toBeCloseTo(-300, 10);
    expect(r.comparison.ratio).toBeCloseTo(0.6, 12);
    // 2025 is today: 300 against 600, ratio 0.5
    expect(at(rows, 2025, "magnets").comparison.ratio).toBeCloseTo(0.5, 12);
  });

  test("one side below the threshold (separation: China 2 of 3 priced): no ratio or gap in any year, and the page's reason", () => {
    for (let y = 2025; y <= 2035; y++) {
      const c = at(rows, y, "separation").comparison;
      expect([c.comparable, c.ratio, c.gap]).toEqual([false, null, null]);
      expect(c.missing).toEqual(["China: 2 of 3 instruments priced (67%), fewer than 3 priced instruments"]);
    }
    // the projection still shows each side: China 50 + 1 × 5 × 10 = 100 in 2035, US 900 + 0.5 × 90 × 10 = 1,350
    expect([at(rows, 2035, "separation").china.ge_usd, at(rows, 2035, "separation").us.ge_usd]).toEqual([100, 1350]);
  });

  test("rows over several stages are never compared; the total sums the groups and applies the rule to the sums", () => {
    expect(at(rows, 2030, "several").comparison.missing).toEqual(["rows not itemised to one stage are not compared stage by stage"]);
    const t = at(rows, 2030, "total");
    // China 2 + 3 + 1 = 6 of 8 priced (75 %), US 10 of 11 (91 %): comparable. 2030: China 360 × 1.5 = 540, US 1,520 × 1.25 = 1,900
    expect(t.china).toMatchObject({priced: 6, known: 8, known_usd: 360});
    expect(t.us).toMatchObject({priced: 10, known: 11, known_usd: 1520});
    expect(t.china.ge_usd).toBeCloseTo(540, 10);
    expect(t.us.ge_usd).toBeCloseTo(1900, 10);
    expect(t.comparison.gap).toBeCloseTo(-1360, 10);
    expect(rows.filter((r) => r.year === 2030).map((r) => r.stage)).toEqual(["separation", "magnets", "several", "total"]);
  });
});

describe("the US program", () => {
  test("adds to the US side at its stages (1,000 a year from 2026), a stage with nothing known today appears, and priced counts stay today's", () => {
    const rows = projectInScope(scenario(0, 0, ["magnets", "mining"]), today(), rule);
    expect(at(rows, 2025, "magnets").us.program_usd).toBe(0);
    expect(at(rows, 2030, "magnets").us).toMatchObject({program_usd: 5000, ge_usd: 5600, priced: 4, known: 5});
    // mining: nothing known on either side, only modelled money: no instrument, so no ratio
    const m = at(rows, 2035, "mining");
    expect(m.us).toMatchObject({program_usd: 10_000, priced: 0, known: 0});
    expect(m.comparison.missing).toEqual(["China: no known instrument", "US: no known instrument"]);
    expect(at(rows, 2035, "total").us.program_usd).toBe(20_000);
  });

  test("not in a scope without federal support at home: nothing added", () => {
    const rows = projectInScope(scenario(0, 0, ["magnets"]), today(false), rule);
    expect(at(rows, 2035, "magnets").us.ge_usd).toBe(600);
    expect(rows.some((r) => r.stage === "mining")).toBe(false);
  });
});

test("the class of statuses is the one whose US statuses are the scenario's, or none", () => {
  const classes = [{class_id: "paid", statuses: {us: ["obligated", "committed"]}}, {class_id: "announced", statuses: {us: ["obligated", "committed", "announced"]}}];
  expect(statusClassFor(scenario(0, 0), classes)?.class_id).toBe("paid");
  const onlyObligated = {...scenario(0, 0), us: {statuses: ["obligated"]}} as unknown as Scenario;
  expect(statusClassFor(onlyObligated, classes)).toBeNull();
});
