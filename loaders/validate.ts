import {loadAssumptions} from "./assumptions/load.ts";
import {loadChina} from "./china/load.ts";
import {contextStages, loadChain} from "./chain/load.ts";
import {loadMacro} from "./macro/load.ts";
import {dataFile} from "./paths.ts";
import {readAgencies, readExtractSources, readRules} from "./sbir/config.ts";
import {loadSources} from "./sources.ts";
import {loadTools} from "./tools/load.ts";
import {loadUs} from "./us/load.ts";
import {readScenarioFiles, scenarioContext} from "./scenarios/files.ts";
import {loadCorrections} from "./corrections.ts";

/**
 * Every curated input (schemas, source ids, keys, cross-file rules), and the SBIR loader's own small files (rules,
 * agencies, the extract's citations), in one fast pass: the build's first step. Throws DataError; returns a
 * summary of row counts. The SBIR award file itself is read (and checked) by its loader during the build.
 */
export function validateAll(): string {
  const sources = loadSources();
  const china = loadChina(sources);
  const us = loadUs(sources);
  const tools = loadTools(sources);
  const assumptions = loadAssumptions(sources);
  const macro = loadMacro(sources);
  const rules = readRules(dataFile("sbir", "rules.csv"));
  const agencies = readAgencies(dataFile("sbir", "agencies.csv"), sources);
  const citations = readExtractSources(dataFile("sbir", "extract-sources.csv"), sources);
  // Scenario files: schema, ranges, registry, macro years (allocation vs unnamed firms is checked by the build).
  const scenarios = readScenarioFiles(scenarioContext(sources));
  const corrections = loadCorrections(sources);
  const chain = loadChain(contextStages(china.rows.value_chain_context));
  const counts = (rows: Record<string, unknown[]>) => Object.entries(rows).map(([k, v]) => `${k} ${v.length}`).join(", ");
  return `${sources.size} sources; china: ${counts(china.rows)}; us: ${counts(us.rows)}; tools: ${counts(tools.rows)}; macro: ${counts(macro.rows)}; assumptions: ${counts(assumptions.rows)}; sbir: rules ${rules.length}, agencies ${agencies.size}, extract citations ${citations.byKey.size}; scenarios: ${scenarios.length}; corrections: ${corrections.rows.length}; chain: stages ${chain.stages.length}, edges ${chain.edges.length}`;
}
