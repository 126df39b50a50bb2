// Scenario helpers and the diff: inputs that differ, outputs by stage (A, B, Δ, Δ%), goldens, the page's adjustments.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {scenarioContext} from "../../loaders/scenarios/files.ts";
import {parseScenarioText} from "../../loaders/scenarios/schema.ts";
import type {ProjectionRow} from "../../src/lib/projection.ts";
import {NUMERIC_COLUMNS} from "../../src/lib/projection.ts";
import {adjustmentsOf, adjustScenario, canonicalScenario, flattenInputs, inputLabel, provenanceOf, scenarioSourceIds, scenarioToJson, type Scenario} from "../../src/lib/scenario.ts";
import {diffInputs, diffOutputs, formatMeasure, formatPct, goldenCsv, savedScenario, savedTitle} from "../../src/lib/scenario-diff.ts";

// Scenario files as the loader resolves them: a support tier written "assumptions" takes its values and provenance
// from data/cases/rare-earths/assumptions/china_support.csv (one edit changes one assumption).
const ctx = scenarioContext();
const read = (name: string) => parseScenarioText(readFileSync(join(ROOT, "data/cases/rare-earths/scenarios", `${name}.json`), "utf8"), `data/cases/rare-earths/scenarios/${name}.json`, ctx);
const baseline = read("baseline");
const pipeline = read("us-sme-pipeline");

const row = (year: number, stage: string, values: Partial<Record<(typeof NUMERIC_COLUMNS)[number], number>>): ProjectionRow =>
  ({year, stage, ...Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, 0])), ...values}) as ProjectionRow;

describe("inputs", () => {
  test("every scenario flattens to the same 65 input paths", () => {
    // 4 valuation + 4 US + 9 support (3 tiers × low/central/high) + 30 allocation (3 tiers × 10 stages) + 3 growth
    // + 2 continuations (China, US) + 5 program + 8 tier values (3 usd + 3 years + 2 advance: the entry tier has none) = 65
    expect([...flattenInputs(baseline).keys()]).toHaveLength(65);
    expect([...flattenInputs(pipeline).keys()]).toEqual([...flattenInputs(baseline).keys()]);
  });

  test("baseline → us-sme-pipeline: only the 11 program inputs differ, with their provenance", () => {
    const d = diffInputs(baseline, pipeline);
    expect(d.map((x) => x.path)).toEqual([
      "projection.us_program.ramp_up_years",
      "projection.us_program.attrition",
      "projection.us_program.stages",
      "projection.us_program.firms_per_stage_per_year",
      "projection.us_program.tiers.entry.usd_per_firm_year",
      "projection.us_program.tiers.growth.usd_per_firm_year",
      "projection.us_program.tiers.growth.years",
      "projection.us_program.tiers.growth.advance",
      "projection.us_program.tiers.scale.usd_per_firm_year",
      "projection.us_program.tiers.scale.years",
      "projection.us_program.tiers.scale.advance"
    ]);
    const entry = d.find((x) => x.path.endsWith("entry.usd_per_firm_year"))!;
    expect(entry).toMatchObject({a: 0, b: 314363, a_kind: "assumption", b_kind: "sourced", label: "US program entry tier: USD per firm-year"});
    expect(d.find((x) => x.path.endsWith("stages"))).toMatchObject({a: "", b: "exploration, mining, separation, metals, magnets, applications, recycling, rnd"});
  });

  test("provenance: the nearest entry wins; no entry means assumption", () => {
    expect(provenanceOf(baseline, "china.tier_support.little_giant.central_cny")).toMatchObject({kind: "sourced", key: "china.tier_support.little_giant"});
    expect(provenanceOf(pipeline, "projection.us_program.tiers.growth.advance")).toMatchObject({kind: "derived", source_ids: ["us-nih-report-t215"]});
    expect(provenanceOf({...baseline, provenance: {}}, "valuation.basis")).toMatchObject({kind: "assumption", key: null});
  });

  test("labels for people", () => {
    expect(inputLabel("projection.china.tier_growth.little_giant")).toBe("China growth per year, little giants");
    expect(inputLabel("china.tier_support.tech_innovative.central_cny")).toBe("China support per designation, innovative SMEs (central, CNY)");
  });

  test("source ids cited by a scenario, sorted", () => {
    expect(scenarioSourceIds(pipeline)).toContain("us-niaaa-sbir-phases");
    expect(scenarioSourceIds(pipeline)).toEqual([...scenarioSourceIds(pipeline)].sort());
  });
});

describe("outputs", () => {
  // synthetic values, negative ones included: diffOutputs is the same for every measure
  const a = [row(2035, "magnets", {us_continuation_usd: -100}), row(2035, "support", {us_continuation_usd: 0}), row(2030, "magnets", {us_continuation_usd: -50})];
  const b = [row(2035, "magnets", {us_continuation_usd: -150}), row(2035, "support", {us_continuation_usd: 20}), row(2035, "exploration", {us_continuation_usd: -30})];

  test("by stage in taxonomy order, then the total; Δ = B − A; Δ% = Δ / A, null when A ≤ 0 (no percentage of a negative base)", () => {
    expect(diffOutputs(a, b, 2035, "us_continuation_usd")).toEqual([
      // exploration only in B: A counts as 0
      {stage: "exploration", a: 0, b: -30, delta: -30, delta_pct: null},
      // (−150 − (−100)) / 100 = −0.5
      // a change against a negative base is no percentage (the Δ column gives it in dollars)
      {stage: "magnets", a: -100, b: -150, delta: -50, delta_pct: null},
      {stage: "support", a: 0, b: 20, delta: 20, delta_pct: null},
      // totals: A −100, B −160 → Δ −60, −0.6
      {stage: "total", a: -100, b: -160, delta: -60, delta_pct: null}
    ]);
  });

  test("a change across zero has no Δ% either (A 100 → B −430 is not \"−530.0%\"); a positive base does", () => {
    const pos = [row(2035, "magnets", {us_continuation_usd: 100}), row(2035, "mining", {us_continuation_usd: 200})];
    const neg = [row(2035, "magnets", {us_continuation_usd: -430}), row(2035, "mining", {us_continuation_usd: 0})];
    expect(diffOutputs(pos, neg, 2035, "us_continuation_usd")).toEqual([
      {stage: "mining", a: 200, b: 0, delta: -200, delta_pct: -1},
      {stage: "magnets", a: 100, b: -430, delta: -530, delta_pct: null},
      {stage: "total", a: 300, b: -430, delta: -730, delta_pct: null}
    ]);
  });

  test("display: signs with a real minus, large changes in full with separators, no cap", () => {
    expect(formatPct(-0.5)).toBe("−50.0%");
    expect(formatPct(0.123)).toBe("+12.3%");
    expect(formatPct(null)).toBe("—");
    expect(formatPct(123)).toBe("+12,300%");
    expect(formatPct(9.994)).toBe("+999.4%");
    expect(formatMeasure("us_continuation_usd", -2_530_000_000)).toBe("−$2.53 bn");
    expect(formatMeasure("china_firms", -4.5)).toBe("−5"); // whole firms: 4.5 rounds to 5, sign kept
    expect(formatMeasure("us_firms", 63.8)).toBe("64");
  });

  test("golden CSV: 2025, 2030, 2035 only; whole dollars; firms to 2 decimals; no '-0'", () => {
    const rows = [row(2025, "magnets", {china_firms: 1, us_usd: 1234.5, china_low_usd: -0.4}), row(2026, "magnets", {us_usd: 9}), row(2030, "magnets", {china_firms: 2 / 3, china_low_usd: -1234.5})];
    expect(goldenCsv(rows)).toBe(
      [
        "year,stage,china_firms,us_firms,china_low_usd,china_central_usd,china_high_usd,us_usd",
        // 1234.5 rounds to 1235; −0.4 rounds to −0, printed 0 (synthetic negative values: the format is generic)
        "2025,magnets,1.00,0.00,0,0,0,1235",
        "2025,total,1.00,0.00,0,0,0,1235",
        // Math.round(−1234.5) = −1234
        "2030,magnets,0.67,0.00,-1234,0,0,0",
        "2030,total,0.67,0.00,-1234,0,0,0",
        ""
      ].join("\n")
    );
  });
});

describe("the page's adjustments", () => {
  test("applying a scenario's own slider values gives the scenario back, byte for byte", () => {
    for (const s of [baseline, pipeline]) expect(scenarioToJson(adjustScenario(s, adjustmentsOf(s)))).toBe(scenarioToJson(s));
  });

  test("moving sliders: values change, central support widens low/high, each change is recorded as an assumption", () => {
    const adj = adjustmentsOf(pipeline);
    adj.support_central.little_giant = 12_000_000;
    adj.tier_growth.little_giant = 0.3;
    adj.firms_per_stage_per_year = 10;
    const s = adjustScenario(pipeline, adj);
    // high was 10,000,000: widened to the new central
    expect(s.china.tier_support.little_giant).toEqual({low_cny: 0, central_cny: 12_000_000, high_cny: 12_000_000});
    expect(diffInputs(pipeline, s).map((d) => d.path)).toEqual([
      "china.tier_support.little_giant.central_cny",
      "china.tier_support.little_giant.high_cny",
      "projection.china.tier_growth.little_giant",
      "projection.us_program.firms_per_stage_per_year"
    ]);
    expect(provenanceOf(s, "projection.us_program.firms_per_stage_per_year")).toMatchObject({kind: "assumption", note: "adjusted on /scenarios from scenario us-sme-pipeline (was 5)"});
    // unchanged inputs keep their provenance
    expect(provenanceOf(s, "projection.us_program.tiers.entry.usd_per_firm_year").kind).toBe("sourced");
    expect(provenanceOf(s, "china.tier_support.little_giant.low_cny").kind).toBe("sourced");
  });

  test("Save as scenario: new name, title and note; the description says what changed from which scenario", () => {
    const adj = adjustmentsOf(pipeline);
    adj.firms_per_stage_per_year = 10;
    const saved = savedScenario(pipeline, adjustScenario(pipeline, adj), {name: "bigger-pipeline", title: "Twice the intake", author_note: "me"});
    expect(saved).toMatchObject({name: "bigger-pipeline", title: "Twice the intake", author_note: "me"});
    // The description follows the values: the change, old → new, and no copy of the base's text, which says "5 new
    // firms a year" (the base's value, no longer this file's).
    expect(saved.description).toBe(`Adjusted on the /scenarios page from scenario "${pipeline.title}" (us-sme-pipeline). Changed: US program new firms per stage per year: 5 → 10. Every other input is as in us-sme-pipeline, whose description gives the reasons and sources for them (it states us-sme-pipeline's values, not these).`);
    expect(pipeline.description).toContain("5 new firms a year");
    expect(saved.description).not.toContain("5 new firms a year");
    expect(canonicalScenario(saved)).toEqual(saved);
  });

  test("with no title typed, the title is made from the values, not the base's ('about $50 m a year' no longer holds)", () => {
    const adj = {...adjustmentsOf(pipeline), firms_per_stage_per_year: 10};
    const adjusted = adjustScenario(pipeline, adj);
    const saved = savedScenario(pipeline, adjusted, {name: "x", title: "", author_note: "me"});
    expect(pipeline.title).toContain("about $50 m a year");
    expect(saved.title).toBe("us-sme-pipeline, adjusted: US program new firms per stage per year 10 (was 5)");
    expect(savedTitle(pipeline, adjustScenario(pipeline, {...adj, attrition: 0.2}))).toBe("us-sme-pipeline, adjusted: US program attrition per year 0.2 (was 0.1) and 1 more change");
    // nothing changed: the base's title and description still hold
    const same = savedScenario(pipeline, pipeline, {name: "copy", title: "", author_note: "me"});
    expect(same).toMatchObject({title: pipeline.title, description: pipeline.description});
  });
});
