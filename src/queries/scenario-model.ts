// Scenarios end to end: the base rows from the named queries, the scenarios as the build validated them, the build's
// projections, and the diff. The /scenarios page (DuckDB-WASM in the browser), `npm run scenario` and the loader
// (DuckDB-WASM in Node) all call these, so the numbers agree by construction.
import {supportFromRows, type ChinaFirmRow, type PipelineTier, type TierSupport} from "../lib/gaps.js";
import {projectScenario, type ProjectionBase, type ProjectionRow, type ScenarioAwardRow, type SourcedSupport} from "../lib/projection.js";
import {scenarioDiff, type ScenarioDiff} from "../lib/scenario-diff.js";
import type {Scenario} from "../lib/scenario.js";
import type {NumericColumn} from "../lib/projection.js";
import type {Row} from "../lib/rows.js";
import {PIPELINE_TIERS} from "../lib/taxonomy.js";
import * as C from "./compare.js";
import {loadMacro, type QueryRunner} from "./gap-model.js";
import * as S from "./scenarios.js";

export async function loadProjectionBase(db: QueryRunner): Promise<ProjectionBase> {
  const [china, awards, macro, supportRows] = await Promise.all([
    db.query<ChinaFirmRow & Row>(C.chinaFirmsByStage("baogang")),
    db.query<ScenarioAwardRow & Row>(S.scenarioAwards()),
    loadMacro(db),
    db.query<{tier: string; term_years: number} & TierSupport & Row>(C.supportRows())
  ]);
  const tiers = supportFromRows(supportRows);
  const support = Object.fromEntries(
    PIPELINE_TIERS.map((t) => [t, {...tiers[t], term_years: Number(supportRows.find((r) => r.tier === t)!.term_years)}])
  ) as Record<PipelineTier, SourcedSupport>;
  return {china, awards, macro, support};
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
