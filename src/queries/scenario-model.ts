// Scenarios end to end: the base rows from the named queries, the scenarios as the build validated them, the build's
// projections, and the diff. The /scenarios page (DuckDB-WASM in the browser), `npm run scenario` and the loader
// (DuckDB-WASM in Node) all call these, so the numbers agree by construction.
import {byTier, supportFromRows, tierValue, type ChinaFirmRow, type TierSupport} from "../lib/gaps.js";
import {projectScenario, type ProjectionBase, type ProjectionRow, type ScenarioAwardRow, type SourcedSupport} from "../lib/projection.js";
import {scenarioDiff, type ScenarioDiff} from "../lib/scenario-diff.js";
import type {Scenario} from "../lib/scenario.js";
import type {NumericColumn} from "../lib/projection.js";
import type {Row} from "../lib/rows.js";
import * as C from "./compare.js";
import {loadMacro, type QueryRunner} from "./gap-model.js";
import * as S from "./scenarios.js";
import {projectInScope, statusClassFor, type ScopeProjectionRow} from "../lib/scope-projection.js";
import type {MacroSeries} from "../lib/normalize.js";
import {scopeComparison, type ScopeData, type ScopeDefinition, type ScopeResult, type StatusClass} from "./scopes.js";

export async function loadProjectionBase(db: QueryRunner): Promise<ProjectionBase> {
  const [china, awards, macro, supportRows] = await Promise.all([
    db.query<ChinaFirmRow & Row>(C.chinaFirmsByStage("baogang")),
    db.query<ScenarioAwardRow & Row>(S.scenarioAwards()),
    loadMacro(db),
    db.query<{tier: string; term_years: number} & TierSupport & Row>(C.supportRows())
  ]);
  const tiers = supportFromRows(supportRows);
  const terms = Object.fromEntries(supportRows.map((r) => [r.tier, Number(r.term_years)]));
  const support = byTier((t): SourcedSupport => ({...tierValue(tiers, t, "sourced support"), term_years: tierValue(terms, t, "designation term")}));
  return {china, awards, macro, tierSupport: support};
}

export interface ScenarioRecord {
  name: string;
  title: string;
  description: string;
  author_note: string;
  file: string;
  source_id: string;
  scenario: Scenario;
}

/** The scenarios the build validated (one row each in the `scenarios` table). */
export async function loadScenarios(db: QueryRunner): Promise<ScenarioRecord[]> {
  const rows = await db.query<Omit<ScenarioRecord, "scenario"> & {json: string} & Row>(S.scenarioList());
  return rows.map(({json, ...r}) => ({...r, scenario: JSON.parse(json) as Scenario}));
}

/** The build's projection of a scenario, as the `scenario_projection` table holds it. */
export async function builtProjection(db: QueryRunner, name: string): Promise<ProjectionRow[]> {
  return db.query<ProjectionRow & Row>(S.projectionRows(name));
}

/**
 * A against B: A as built (the `scenario_projection` table), B recomputed from its (possibly adjusted) parameters
 * with the same base rows, then the input and output diff for one year and measure.
 */
export async function compareScenarios(
  db: QueryRunner,
  a: Scenario,
  b: Scenario,
  year: number,
  measure: NumericColumn,
  base?: ProjectionBase
): Promise<{a: ProjectionRow[]; b: ProjectionRow[]; diff: ScenarioDiff}> {
  const rowsA = await builtProjection(db, a.name);
  const rowsB = projectScenario(b, base ?? (await loadProjectionBase(db)));
  return {a: rowsA, b: rowsB, diff: scenarioDiff({scenario: a, rows: rowsA}, {scenario: b, rows: rowsB}, year, measure)};
}

export interface ScenarioInScope {
  scope: ScopeDefinition;
  /** The class of statuses compared (the one whose US statuses are the scenario's), or null when none is. */
  statusClass: StatusClass | null;
  /** 2025: the scope as /gaps shows it with the scenario's valuation; null without a status class. */
  today: ScopeResult | null;
  /** 2025–2035 by stage group and total; empty without a status class. */
  rows: ScopeProjectionRow[];
  /** Why there is no comparison at all (no status class), in words; null otherwise. */
  reason: string | null;
}

/**
 * A scenario inside one matched scope: the scope comparison of /gaps (same data, same code) in the scenario's
 * valuation and status class, projected to 2035 by src/lib/scope-projection.ts. The page (A and B) and
 * `npm run scenario` call it; the scope data is loaded once (loadScopeData).
 */
export function scenarioInScope(s: Scenario, data: ScopeData, scopeId: string, macro: MacroSeries): ScenarioInScope {
  const scope = data.scopes.find((d) => d.scope_id === scopeId);
  if (!scope) throw new Error(`unknown scope "${scopeId}": one of ${data.scopes.map((d) => d.scope_id).join(", ")}`);
  const statusClass = statusClassFor(s, data.classes);
  if (!statusClass) {
    return {scope, statusClass, today: null, rows: [], reason: `the scenario counts US money that is ${s.us.statuses.join(", ")}, which is no class of statuses paired on both sides (${data.classes.map((c) => c.statuses.us.join(", ")).join("; ")}), so nothing is compared`};
  }
  const v = s.valuation;
  const today = scopeComparison(data, {scope: scopeId, statusClass: statusClass.class_id, basis: v.basis, baseYear: v.base_year, deflator: v.deflator}, macro);
  const us = scope.sides.us;
  const programInScope = us.geography.some((g) => g === "domestic" || g === "*") && us.levels.some((l) => l === "federal" || l === "*");
  const key = {scope: scopeId, measure: "ge", basis: v.basis, status_class: statusClass.class_id};
  return {scope, statusClass, today, rows: projectInScope(s, {key, window: today.window, rows: today.rows, programInScope}, data.rule), reason: null};
}
