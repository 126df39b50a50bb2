// Scenario files → validated scenarios → two Arrow tables: `scenarios` (one row per file, its canonical JSON) and
// `scenario_projection` (2025–2035 by stage). Projections run on the same base rows and code as the page: the
// curated tables are loaded into DuckDB-WASM (Node) and read with the page's named queries.
import type {Table} from "apache-arrow";
import * as aq from "arquero";
import {buildTable, type ColumnSpec} from "../arrow.ts";
import {DataError} from "../errors.ts";
import {citedSources} from "../table.ts";
import {SiteBuild, type Database} from "../site.ts";
import type {Source} from "../sources.ts";
import type {NodeDatabase} from "../wasm-db.ts";
import {readScenarioFiles, scenarioContext, type ScenarioFile} from "./files.ts";
import {allocationIssues} from "./schema.ts";
import {NUMERIC_COLUMNS, projectScenario, unnamedCounts, type ProjectionBase} from "../../src/lib/projection.ts";
import {STAGES_OR_UNKNOWN} from "../../src/lib/taxonomy.ts";
import {scenarioSourceIds, scenarioToJson} from "../../src/lib/scenario.ts";
import {loadProjectionBase} from "../../src/queries/scenario-model.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

export {readScenarioFiles, scenarioContext, scenariosDir, type ScenarioFile} from "./files.ts";

/** Allocations against the firms no source places (needs the China rows of the projection base). */
export function checkAllocations(files: readonly ScenarioFile[], base: ProjectionBase): void {
  const unnamed = unnamedCounts(base.china);
  const issues = files.flatMap((f) => allocationIssues(f.file, f.scenario, unnamed));
  if (issues.length) throw new DataError(issues);
}

export interface LoadedScenarios<D extends Database = NodeDatabase> {
  files: ScenarioFile[];
  base: ProjectionBase;
  sources: Map<string, Source>;
  db: D;
}

/** Every scenario file checked, against a database holding the curated tables (the page's base rows come from it). */
export async function loadScenarios<D extends Database>(db: D, sources: Map<string, Source>): Promise<LoadedScenarios<D>> {
  const files = readScenarioFiles(scenarioContext(sources));
  const base = await loadProjectionBase(db);
  checkAllocations(files, base);
  return {files, base, sources, db};
}

export function buildScenariosTable(loaded: Pick<LoadedScenarios, "files" | "sources">): Table {
  const rows = loaded.files.map(({file, scenario: s}) => ({name: s.name, title: s.title, description: s.description, author_note: s.author_note, file, source_id: scenarioSourceIds(s).join(";"), json: scenarioToJson(s)}));
  return buildTable(
    rows,
    {
      name: {kind: "utf8", description: "scenario name (= file name)"},
      title: {kind: "utf8"},
      description: {kind: "utf8", description: "what the scenario assumes and why"},
      author_note: {kind: "utf8"},
      file: {kind: "utf8"},
      source_id: {kind: "utf8", description: "source ids the scenario's provenance cites, ;-separated"},
      json: {kind: "utf8", description: `the validated scenario, canonical JSON (${CASE_FOLDER}/scenarios/README.md)`}
    },
    {title: "Scenario files (validated)", file: `${CASE_FOLDER}/scenarios/*.json`, sources: citedSources(loaded.files.flatMap((f) => scenarioSourceIds(f.scenario)), loaded.sources, `${CASE_FOLDER}/scenarios/*.json`)}
  );
}

export function buildProjectionTable(loaded: Pick<LoadedScenarios, "files" | "base" | "sources">): Table {
  const projected = loaded.files.flatMap(({scenario}) => projectScenario(scenario, loaded.base).map((r) => ({scenario: scenario.name, ...r})));
  // Each stage's position in the taxonomy, for ordering on the page.
  const taxonomy = aq.from(STAGES_OR_UNKNOWN.map((stage, stage_index) => ({stage, stage_index})));
  const rows = aq.from(projected, ["scenario", "year", "stage", ...NUMERIC_COLUMNS]).join_left(taxonomy, "stage").objects() as Record<string, unknown>[];
  const columns: Record<string, ColumnSpec> = {
    scenario: {kind: "utf8"},
    year: {kind: "int32"},
    stage: {kind: "utf8"},
    stage_index: {kind: "int32", description: "position of the stage in the taxonomy (for ordering)"},
    ...Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, {kind: "float64" as const}]))
  };
  return buildTable(rows, columns, {
    title: "Scenario projections 2025–2035 by stage (derived: src/lib/projection.ts; constant base-year USD, cumulative)",
    file: `${CASE_FOLDER}/scenarios/*.json`,
    sources: citedSources(loaded.files.flatMap((f) => scenarioSourceIds(f.scenario)), loaded.sources, `${CASE_FOLDER}/scenarios/*.json`)
  });
}

/** Both tables, under the names the page loads them as (published as data/cases/<case>/scenarios/{scenarios,projection}.arrow). */
export function buildScenarioTables(loaded: Pick<LoadedScenarios, "files" | "base" | "sources">): {scenarios: Table; scenario_projection: Table} {
  return {scenarios: buildScenariosTable(loaded), scenario_projection: buildProjectionTable(loaded)};
}

/** The curated tables plus the scenario tables, for `npm run scenario` and tests (what the page loads); in DuckDB-WASM
 * unless `site` queries another engine (the terminal's native DuckDB, loaders/native-db.ts). */
export function openScenarioDatabase<D extends Database = NodeDatabase>(site: SiteBuild<D> = new SiteBuild() as unknown as SiteBuild<D>): Promise<LoadedScenarios<D>> {
  return site.scenarioDatabase();
}
