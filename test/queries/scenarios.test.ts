// Scenarios on the real data, through the page's queries in DuckDB-WASM (Node): the baseline's 2025 equals /gaps,
// the build's projection table equals a live recomputation, the goldens are current, and the CLI prints the page's
// numbers. Hand-worked values in the comments.
import {execFileSync} from "node:child_process";
import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {beforeAll, describe, expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {openScenarioDatabase, type LoadedScenarios} from "../../loaders/scenarios/load.ts";
import {projectScenario, simulateProgram, withTotals, type ProjectionBase, type ProjectionRow} from "../../src/lib/projection.ts";
import {DEFAULT_MEASURE, goldenCsv, scopeGoldenCsv, scenarioDiff, type ScenarioDiff} from "../../src/lib/scenario-diff.ts";
import {SCOPE_DEFAULTS} from "../../src/queries/defaults.ts";
import {DEFAULT_GAP_INPUTS, gapModel, loadMacro} from "../../src/queries/gap-model.ts";
import {builtProjection, compareScenarios, loadProjectionBase, loadScenarios, scenarioInScope, type ScenarioRecord} from "../../src/queries/scenario-model.ts";
import {loadScopeData, scopeComparison, type ScopeData} from "../../src/queries/scopes.ts";

let loaded: LoadedScenarios;
let records: ScenarioRecord[];
let base: ProjectionBase;
let scopes: ScopeData;
const get = (name: string) => records.find((r) => r.name === name)!;
const total = (rows: ProjectionRow[], year: number) => withTotals(rows).find((r) => r.stage === "total" && r.year === year)!;
const at = (rows: ProjectionRow[], year: number, stage: string) => rows.find((r) => r.stage === stage && r.year === year)!;

beforeAll(async () => {
  loaded = await openScenarioDatabase();
  records = await loadScenarios(loaded.db);
  base = await loadProjectionBase(loaded.db);
  scopes = await loadScopeData(loaded.db);
}, 120_000);

test("the scenarios table holds the four validated files", () => {
  expect(records.map((r) => r.name)).toEqual(["baogang-chain", "baseline", "china-slowdown", "us-sme-pipeline"]);
  expect(get("us-sme-pipeline").source_id.split(";")).toContain("us-nih-report-t215");
});

test("the baseline in 2025 is the /gaps model with its defaults (market, 2024 USD by CPI-U, 2020–2025, obligated + committed)", async () => {
  const gaps = await gapModel(loaded.db, {...DEFAULT_GAP_INPUTS, chinaScope: "baogang", usScope: "curated"});
  const t = total(await builtProjection(loaded.db, "baseline"), 2025);
  expect(t.china_central_usd).toBeCloseTo(gaps.total.china_central_usd, 6);
  expect(t.us_usd).toBeCloseTo(gaps.total.us_usd, 6);
  // (6,000,000 + 22 × 100,000) / 7.1957 CNY per USD (2024) = 1,139,569.46
  expect(t.china_central_usd).toBeCloseTo(8_200_000 / 7.1957, 4);
  // the US side is domestic: DFC's Serra Verde loan (465,000,000, 2025), TechMet stake (105,000,000, 2024) and
  // Aclara's project-development funds (5,000,000, 2025) are finance abroad, never part of it. 2,636,141,484 (with
  // them, the reviewed golden before) − 470,000,000 × 313.689 / 321.943 − 105,000,000 = 2,073,191,380.9
  expect(t.us_usd).toBeCloseTo(2_636_141_484 - (470_000_000 * 313.689) / 321.943 - 105_000_000, -1);
});

describe("in a matched scope (what /scenarios and `npm run scenario` show instead of a China − US gap)", () => {
  const macro = () => loadMacro(loaded.db);

  test("2025 is /gaps' comparison of the scope (defaults: chain, central and federal; paid or binding; 2012–2025)", async () => {
    const m = await macro();
    const inScope = scenarioInScope(get("baseline").scenario, scopes, SCOPE_DEFAULTS.scope, m);
    const gaps = scopeComparison(scopes, {scope: SCOPE_DEFAULTS.scope, statusClass: "paid", basis: "market", baseYear: 2024, deflator: "cpi"}, m);
    expect(inScope.statusClass?.class_id).toBe("paid");
    for (const g of gaps.rows) {
      const r = inScope.rows.find((x) => x.year === 2025 && x.stage === g.stage)!;
      expect([r.china.ge_usd, r.china.priced, r.china.known, r.us.ge_usd, r.us.priced, r.us.known], g.stage).toEqual([expect.closeTo(g.china.ge_usd, 4), g.china.priced, g.china.known, expect.closeTo(g.us.ge_usd, 4), g.us.priced, g.us.known]);
      expect(r.comparison.missing, g.stage).toEqual(g.comparison.missing);
    }
  });

  test("no scenario shows a ratio or gap in any domestic scope: no stage group passes the rule today, so none does in 2035", async () => {
    const m = await macro();
    for (const r of records) {
      for (const scope of scopes.scopes.filter((d) => d.sides.us.geography.includes("domestic"))) {
        const rows = scenarioInScope(r.scenario, scopes, scope.scope_id, m).rows;
        expect(rows.length, `${r.name} ${scope.scope_id}`).toBeGreaterThan(0);
        expect(rows.filter((x) => x.comparison.comparable || x.comparison.ratio !== null || x.comparison.gap !== null), `${r.name} ${scope.scope_id}`).toEqual([]);
      }
    }
  });

  test("a scenario counting US statuses no class pairs (obligated only) compares nothing and says why", async () => {
    const s = {...get("baseline").scenario, us: {...get("baseline").scenario.us, statuses: ["obligated" as const]}};
    const r = scenarioInScope(s, scopes, SCOPE_DEFAULTS.scope, await macro());
    expect(r.rows).toEqual([]);
    expect(r.reason).toMatch(/^the scenario counts US money that is obligated, which is no class of statuses paired on both sides/);
  });
});

describe("the build's projections equal a live recomputation (what the page does for B)", () => {
  for (const name of ["baseline", "us-sme-pipeline", "china-slowdown", "baogang-chain"]) {
    test(name, async () => {
      const built = await builtProjection(loaded.db, name);
      expect(built).toEqual(projectScenario(get(name).scenario, base));
    });
  }
});

describe("real figures worked out by hand", () => {
  test("baseline: Baogang's 1 little giant grows 20.55% a year to 1.2055^10 = 6.48 in 2035", async () => {
    const rows = await builtProjection(loaded.db, "baseline");
    expect(at(rows, 2035, "support").china_firms_little_giant).toBeCloseTo(1.2055 ** 10, 10);
    // innovative SMEs do not grow: 22 of them, 2 placed (applications, R&D) and 20 unknown
    expect(total(rows, 2035).china_firms_tech_innovative).toBe(22);
    // no US money after 2025 in the baseline
    expect(total(rows, 2035).us_usd).toBe(total(rows, 2025).us_usd);
  });

  test("us-sme-pipeline: full-scale spending per stage 5 × 314,363 + 2.594925 × 1,047,874 + 0.37684 × 5,000,000", async () => {
    // growth firms at full scale: 5 × 0.9 × 0.3035 = 1.36575 in year 1, × 0.9 = 1.229175 in year 2 → 2.594925;
    // scale: 1.229175 × 0.9 × 0.1257 = 0.13905656775 a year, in years 1–3: × (1 + 0.9 + 0.81) = 0.37684329860
    // → 1,571,815 + 2,719,154.44 + 1,884,216.49 = 6,175,185.93
    const full = 5 * 314_363 + 2.594925 * 1_047_874 + 0.13905656775 * 2.71 * 5_000_000;
    expect(full).toBeCloseTo(6_175_185.93, 2);
    const p = simulateProgram(get("us-sme-pipeline").scenario.projection.us_program);
    expect(p.get(2035)!.usd).toBeCloseTo(full, 0);
    // 8 stages: about 49.4 million a year, as the scenario's description says
    expect((8 * p.get(2035)!.usd) / 1e6).toBeCloseTo(49.4, 1);
    const rows = await builtProjection(loaded.db, "us-sme-pipeline");
    const program = [...p.values()].reduce((s, v) => s + v.usd, 0);
    expect(at(rows, 2035, "exploration").us_program_usd).toBeCloseTo(program, 4);
    const baseline = await builtProjection(loaded.db, "baseline");
    expect(total(rows, 2035).us_usd - total(baseline, 2035).us_usd).toBeCloseTo(8 * program, 3);
  });

  test("baogang-chain moves the 20 + 9 unnamed firms to stages; China's total is the baseline's", async () => {
    const rows = await builtProjection(loaded.db, "baogang-chain");
    const baseline = await builtProjection(loaded.db, "baseline");
    expect(rows.some((r) => r.stage === "unknown")).toBe(false);
    expect(at(rows, 2025, "magnets").china_firms).toBe(5);
    expect(total(rows, 2035).china_central_usd).toBeCloseTo(total(baseline, 2035).china_central_usd, 6);
  });
});

describe("goldens (test/goldens/scenarios)", () => {
  const dir = join(ROOT, "test/goldens/scenarios");
  test("one golden per scenario, no stale ones, by stage and in the default scope", () => {
    expect(readdirSync(dir).filter((f) => f.endsWith(".csv")).sort()).toEqual(records.map((r) => `${r.name}.csv`));
    expect(readdirSync(join(dir, "scope")).filter((f) => f.endsWith(".csv")).sort()).toEqual(records.map((r) => `${r.name}.csv`));
  });
  for (const name of ["baseline", "us-sme-pipeline", "china-slowdown", "baogang-chain"]) {
    test(name, async () => {
      const golden = readFileSync(join(dir, `${name}.csv`), "utf8");
      const now = goldenCsv(await builtProjection(loaded.db, name));
      expect(now, `The outputs of scenario "${name}" changed. If the change is intended, run \`npm run scenario -- goldens\` and commit the updated test/goldens/scenarios/${name}.csv with a note on why the numbers moved.`).toBe(golden);
      const scoped = scopeGoldenCsv(scenarioInScope(get(name).scenario, scopes, SCOPE_DEFAULTS.scope, await loadMacro(loaded.db)).rows);
      expect(scoped, `The outputs of scenario "${name}" in the default scope changed: run \`npm run scenario -- goldens\` and commit test/goldens/scenarios/scope/${name}.csv with a note.`).toBe(readFileSync(join(dir, "scope", `${name}.csv`), "utf8"));
    });
  }
});

test("`npm run scenario -- diff baseline us-sme-pipeline --json` prints the page's numbers (same queries and code)", async () => {
  const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/scenario.ts", "diff", "baseline", "us-sme-pipeline", "--json"], {cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"]});
  const {in_scope, ...cli} = JSON.parse(out) as ScenarioDiff & {in_scope: {a: {scope_id: string; rows: unknown[]}; b: {scope_id: string; rows: unknown[]}}};
  // what src/scenarios.md does: A's built rows (fetched when A changes), B recomputed from the base rows loaded once
  // (no SQL when a slider moves), then the diff for the year and measure
  const [a, b] = [get("baseline").scenario, get("us-sme-pipeline").scenario];
  const page = scenarioDiff({scenario: a, rows: await builtProjection(loaded.db, a.name)}, {scenario: b, rows: projectScenario(b, base)}, 2035, DEFAULT_MEASURE);
  expect(cli).toEqual(JSON.parse(JSON.stringify(page)));
  expect(page).toEqual((await compareScenarios(loaded.db, a, b, 2035, DEFAULT_MEASURE, base)).diff);
  expect(cli.inputs).toHaveLength(11);
  // the program spends 44,164,736.20 per stage over 2026–2035 (5/3 × 314,363 = 523,938.33 in 2026, ..., 6,175,185.93 a year from
  // 2033): 8 stages add 353,317,889.57 to the US side (the default measure, US support)
  expect(cli.outputs.at(-1)!.delta).toBeCloseTo(353_317_889.57, 1);
  // and both scenarios in the default scope, as the page computes them (the same function on the same rows)
  const m = await loadMacro(loaded.db);
  expect(in_scope.a).toMatchObject({scope_id: SCOPE_DEFAULTS.scope, rows: JSON.parse(JSON.stringify(scenarioInScope(a, scopes, SCOPE_DEFAULTS.scope, m).rows.filter((r) => r.year === 2035)))});
  expect(in_scope.b.rows).toEqual(JSON.parse(JSON.stringify(scenarioInScope(b, scopes, SCOPE_DEFAULTS.scope, m).rows.filter((r) => r.year === 2035))));
}, 60_000);
