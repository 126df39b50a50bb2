// China's tiers come from the case (case.json `tiers`): the tier inputs' settings are checked by parseCase; the
// rare-earth case keeps exactly the URLs, labels, maxima and steps the pages had when they were written out in code;
// and a case without tiers runs the scenario code with no China firms from tiers (in a child process: CASE is read
// once per process).
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {describe, expect, test} from "vitest";
import {caseErrorMessage, parseCase} from "../../src/lib/case.ts";
import {MEASURES} from "../../src/lib/scenario-diff.ts";
import {NUMERIC_COLUMNS} from "../../src/lib/projection.ts";
import {ADJUSTMENT_URL_KEYS} from "../../src/components/scenario-inputs.ts";
import {TIER_INPUTS} from "../../src/components/tier-inputs.ts";
import {CHINA_DEFAULTS} from "../../src/queries/defaults.ts";
import {DESIGNATIONS} from "../../loaders/china/schemas.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const caseJson = () => JSON.parse(readFileSync(join(ROOT, "data/cases/rare-earths/case.json"), "utf8"));

describe("parseCase: a pipeline tier's inputs", () => {
  const issues = (edit: (c: any) => void) => {
    const c = caseJson();
    edit(c);
    const r = parseCase(c);
    return r.ok ? [] : r.issues.map((i) => `${i.field} = ${JSON.stringify(i.value)}: ${i.problem}`);
  };

  test("the rare-earth case's inputs are read as written", () => {
    const r = parseCase(caseJson());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.tiers.map((t) => [t.id, t.inputs ?? null])).toEqual([
      ["tech_innovative", {code: "ti", support_max_cny: 1_000_000, support_step_cny: 10_000, scenario_step_cny: 10_000}],
      ["specialized_new", {code: "sn", support_max_cny: 5_000_000, support_step_cny: 50_000, scenario_step_cny: 50_000}],
      ["little_giant", {code: "lg", support_max_cny: 20_000_000, support_step_cny: 100_000, scenario_step_cny: 50_000}],
      ["single_champion", null]
    ]);
  });

  test("a pipeline tier without inputs, a context tier with them, a code used twice, a bad code, a step above the maximum", () => {
    expect(issues((c) => delete c.tiers[0].inputs)).toEqual([
      'tiers[0].inputs = undefined: missing (a pipeline tier\'s support is an input of /gaps and /scenarios)'
    ]);
    expect(issues((c) => (c.tiers[3].inputs = {code: "sc", support_max_cny: 1, support_step_cny: 1, scenario_step_cny: 1}))).toEqual([
      'tiers[3].inputs = {"code":"sc","support_max_cny":1,"support_step_cny":1,"scenario_step_cny":1}: a context tier has no inputs'
    ]);
    expect(issues((c) => (c.tiers[1].inputs.code = "ti"))).toEqual(['tiers[1].inputs.code = "ti": used by another tier too']);
    expect(issues((c) => (c.tiers[1].inputs.code = "s-n"))).toEqual(['tiers[1].inputs.code = "s-n": not a short code (^[a-z][a-z0-9]{0,3}$)']);
    expect(issues((c) => (c.tiers[2].inputs.support_step_cny = 30_000_000))).toEqual(["tiers[2].inputs.support_step_cny = 30000000: larger than support_max_cny (20000000)"]);
    expect(issues((c) => (c.tiers[2].inputs.scenario_step_cny = 0))).toEqual(["tiers[2].inputs.scenario_step_cny = 0: not a positive number"]);
    expect(issues((c) => (c.tiers[2].inputs.step = 1))).toEqual(["tiers[2].inputs.step = 1: unknown field"]);
  });

  test("the message names the file, field, value and fix", () => {
    const c = caseJson();
    delete c.tiers[2].inputs;
    const r = parseCase(c);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(caseErrorMessage("data/cases/x/case.json", r.issues)).toBe(
      'data/cases/x/case.json: 1 problem\n  tiers[2].inputs = undefined: missing (a pipeline tier\'s support is an input of /gaps and /scenarios). Fix: give the inputs, e.g. {"code": "lg", "support_max_cny": 20000000, "support_step_cny": 100000, "scenario_step_cny": 50000}.'
    );
  });
});

describe("the rare-earth case keeps the pages' tier inputs, columns and labels as they were", () => {
  test("/scenarios: URL keys g_ti … s_lg, sliders highest tier first with the short names, maxima and rounding steps", () => {
    expect(Object.entries(ADJUSTMENT_URL_KEYS).slice(0, 6)).toEqual([
      ["growth_tech_innovative", ["g_ti", "number"]],
      ["growth_specialized_new", ["g_sn", "number"]],
      ["growth_little_giant", ["g_lg", "number"]],
      ["support_tech_innovative", ["s_ti", "number"]],
      ["support_specialized_new", ["s_sn", "number"]],
      ["support_little_giant", ["s_lg", "number"]]
    ]);
    expect(TIER_INPUTS.map((t) => [t.id, t.label, t.one, t.inputs.code, t.inputs.support_max_cny, t.inputs.support_step_cny, t.inputs.scenario_step_cny])).toEqual([
      ["little_giant", "Little giants", "Little giant", "lg", 20_000_000, 100_000, 50_000],
      ["specialized_new", "Specialized & new SMEs", "Specialized & new SME", "sn", 5_000_000, 50_000, 50_000],
      ["tech_innovative", "Innovative SMEs", "Innovative SME", "ti", 1_000_000, 10_000, 10_000]
    ]);
  });

  test("projection columns and the diff's measure names", () => {
    expect(NUMERIC_COLUMNS.slice(0, 4)).toEqual(["china_firms_tech_innovative", "china_firms_specialized_new", "china_firms_little_giant", "china_firms"]);
    expect(Object.entries(MEASURES).slice(8, 12)).toEqual([
      ["china_firms", "China designated firms"],
      ["china_firms_tech_innovative", "China innovative SMEs"],
      ["china_firms_specialized_new", "China specialized & new SMEs"],
      ["china_firms_little_giant", "China little giants"]
    ]);
  });

  test("/china opens on specialized & new SMEs; a named firm's designation is one of the pipeline tiers, key-supported little giant, or none found", () => {
    expect(CHINA_DEFAULTS.tier).toBe("specialized_new");
    expect(DESIGNATIONS).toEqual(["little_giant_key_supported", "little_giant", "specialized_new", "tech_innovative", "none_found"]);
  });
});

describe("a case without tiers", () => {
  test("the scenario code runs: no tier columns, no China firms or support, the US side as with tiers", () => {
    const dir = mkdtempSync(join(tmpdir(), "re-notiers-"));
    try {
      const c = caseJson();
      c.tiers = [];
      writeFileSync(join(dir, "case.json"), JSON.stringify(c));
      const script = join(dir, "run.ts");
      writeFileSync(
        script,
        `import {projectScenario, NUMERIC_COLUMNS, unnamedCounts} from ${JSON.stringify(join(ROOT, "src/lib/projection.ts"))};
import {flattenInputs, canonicalScenario, adjustmentsOf, adjustScenario} from ${JSON.stringify(join(ROOT, "src/lib/scenario.ts"))};
import {MEASURES} from ${JSON.stringify(join(ROOT, "src/lib/scenario-diff.ts"))};
import {CHINA_DEFAULTS} from ${JSON.stringify(join(ROOT, "src/queries/defaults.ts"))};
const macro = {cny_per_usd: new Map([[2020, 7], [2024, 8]]), ppp_cny_per_intl: new Map([[2020, 4], [2024, 4]]), cpi_u: new Map([[2020, 250], [2024, 300]]), gdp_deflator: new Map([[2020, 100], [2024, 120]])};
const s = {schema_version: 1, name: "x", title: "X", description: "x", author_note: "x",
  valuation: {basis: "market", base_year: 2024, deflator: "cpi", china_year: 2024},
  us: {statuses: ["obligated"], instruments: ["grant"], window: {from: 2020, to: 2025}},
  china: {tier_support: {}, allocation: {}},
  projection: {china: {tier_growth: {}}, china_continuation: 0, us_continuation: 0.5, us_program: {start_year: 2026, ramp_up_years: 0, attrition: 0, stages: [], firms_per_stage_per_year: 0,
    tiers: {entry: {usd_per_firm_year: 1, years: 1}, growth: {usd_per_firm_year: 1, years: 1, advance: 0}, scale: {usd_per_firm_year: 1, years: 1, advance: 0}}}},
  provenance: {}};
const awards = [{award_id: "a1", recipient: "R1", status: "obligated", instrument: "grant", amount_usd: 10000000, year: 2020, stages: "separation;magnets"}];
const rows = projectScenario(s, {china: [], awards, macro, tierSupport: {}});
const adjusted = adjustScenario(s, adjustmentsOf(s));
console.log(JSON.stringify({rows: rows.filter((r) => r.year === 2025 || r.year === 2035), columns: NUMERIC_COLUMNS, unnamed: unnamedCounts([]),
  inputs: [...flattenInputs(canonicalScenario(s)).keys()].filter((k) => k.startsWith("china.") || k.startsWith("projection.china.")),
  adjustedChina: adjusted.china, measures: Object.keys(MEASURES).filter((m) => m.startsWith("china_firms")), chinaTier: CHINA_DEFAULTS.tier}));
`
      );
      const r = spawnSync(process.execPath, ["--import", "tsx", script], {cwd: ROOT, encoding: "utf8", env: {...process.env, RE_DATA_DIR: dir}});
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout);
      // No tier columns: china_firms is the first numeric column.
      expect(out.columns[0]).toBe("china_firms");
      expect(out.columns.some((c: string) => c.startsWith("china_firms_"))).toBe(false);
      expect(out.measures).toEqual(["china_firms"]);
      expect(out.unnamed).toEqual({});
      expect(out.inputs).toEqual([]);
      expect(out.adjustedChina).toEqual({tier_support: {}, allocation: {}});
      expect(out.chinaTier).toBe(null);
      // 10,000,000 USD of 2020 × 300/250 = 12,000,000 of 2024, half to separation, half to magnets; continuation in
      // 2035 = 0.5 × 6,000,000 ÷ 6 window years × 10 years = 5,000,000. China: nothing.
      const row = (year: number, stage: string) => out.rows.find((x: {year: number; stage: string}) => x.year === year && x.stage === stage);
      for (const stage of ["separation", "magnets"]) {
        expect(row(2025, stage)).toMatchObject({china_firms: 0, china_designations: 0, china_central_usd: 0, china_high_usd: 0, us_awards_usd: 6_000_000, us_continuation_usd: 0, us_usd: 6_000_000});
        expect(row(2035, stage)).toMatchObject({china_firms: 0, china_central_usd: 0, us_continuation_usd: 5_000_000, us_usd: 11_000_000});
        expect(row(2035, stage).us_awards_usd).toBeCloseTo(6_000_000, 6);
      }
      expect(out.rows.map((x: {stage: string}) => x.stage)).toEqual(["separation", "magnets", "separation", "magnets"]);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
