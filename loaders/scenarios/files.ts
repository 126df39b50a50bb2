// Reading and checking the scenario files without a database (fast: `npm run validate` uses it). The checks that
// need the China rows (allocation vs unnamed firms) run in load.ts, where the projection base is loaded.
import {readdirSync, readFileSync} from "node:fs";
import {loadAssumptions} from "../assumptions/load.ts";
import {displayPath} from "../csv.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {buildMacroLongTable, loadMacro} from "../macro/load.ts";
import {dataFile} from "../paths.ts";
import {recordListing, recordRead} from "../reads.ts";
import {loadSources, type Source} from "../sources.ts";
import {checkScenarioText, type ScenarioContext} from "./schema.ts";
import {macroFromRows} from "../../src/lib/normalize.ts";
import type {SourcedSupport} from "../../src/lib/projection.ts";
import type {Provenance, Scenario} from "../../src/lib/scenario.ts";
import {arrowToRows} from "../../src/lib/rows.ts";
import {byTier, tierValue, type PipelineTier} from "../../src/lib/gaps.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

export const scenariosDir = () => dataFile("scenarios");

/** The registry, macro series and sourced support the scenario checks need (no database: fast, for validate). */
export function scenarioContext(sources: Map<string, Source> = loadSources()): ScenarioContext {
  const macroRows = arrowToRows<{series: string; year: number; value: number}>(buildMacroLongTable(loadMacro(sources)));
  const rows = loadAssumptions(sources).rows.china_support;
  const row = (t: PipelineTier) => tierValue(Object.fromEntries(rows.map((r) => [r.tier, r])), t, `${CASE_FOLDER}/assumptions/china_support.csv`);
  const support = byTier((t): SourcedSupport => {
    const r = row(t);
    return {low_cny: r.low_cny, central_cny: r.central_cny, high_cny: r.high_cny, central_sourced: r.central_sourced, term_years: r.term_years};
  });
  // A tier a scenario takes from the CSV cites the row: sourced when its central value is a reported figure.
  const supportProvenance = byTier((t): Provenance => {
    const r = row(t);
    const kind = r.central_sourced ? "sourced" : r.confidence === "derived" ? "derived" : "assumption";
    return {kind, source_ids: [r.source_id], note: `${CASE_FOLDER}/assumptions/china_support.csv: ${r.note ?? ""}`.trim()};
  });
  return {sources, macro: macroFromRows(macroRows), tierSupport: support, supportProvenance};
}

export interface ScenarioFile {
  file: string;
  scenario: Scenario;
}

/** Read and check every data/cases/<case>/scenarios/*.json (schema, ranges, registry, macro years); all problems at once. */
export function readScenarioFiles(ctx: ScenarioContext = scenarioContext()): ScenarioFile[] {
  const dir = scenariosDir();
  let names: string[];
  recordListing(dir);
  try {
    names = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  } catch {
    throw new DataError([{file: displayPath(dir), problem: "the scenarios folder is missing", fix: `restore ${CASE_FOLDER}/scenarios/ (at least baseline.json), e.g. from git`}]);
  }
  if (names.length === 0) throw new DataError([{file: displayPath(dir), problem: "no scenario files", fix: `add at least ${CASE_FOLDER}/scenarios/baseline.json`}]);
  const issues: DataIssue[] = [];
  const out: ScenarioFile[] = [];
  for (const name of names) {
    const path = dataFile("scenarios", name);
    const file = displayPath(path);
    recordRead(path);
    const r = checkScenarioText(readFileSync(path, "utf8"), file, ctx);
    issues.push(...r.issues);
    if (r.scenario) out.push({file, scenario: r.scenario});
  }
  if (issues.length) throw new DataError(issues);
  return out;
}

