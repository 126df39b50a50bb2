// Validate every curated input (schemas, source ids, keys, cross-file rules) in one fast pass, before the build.
// Prints one clear message per problem and exits 1; prints a row count summary when all is well.
import {loadChina} from "../loaders/china/load.ts";
import {DataError} from "../loaders/errors.ts";
import {loadMacro} from "../loaders/macro/load.ts";
import {loadSources} from "../loaders/sources.ts";
import {loadUs} from "../loaders/us/load.ts";
import {loadAssumptions} from "../loaders/assumptions/load.ts";
import {readScenarioFiles, scenarioContext} from "../loaders/scenarios/files.ts";

try {
  const sources = loadSources();
  const china = loadChina(sources);
  const us = loadUs(sources);
  const assumptions = loadAssumptions(sources);
  const macro = loadMacro(sources);
  // Scenario files: schema, ranges, registry, macro years (allocation vs unnamed firms is checked by the build).
  const scenarios = readScenarioFiles(scenarioContext(sources));
  const counts = (rows: Record<string, unknown[]>) => Object.entries(rows).map(([k, v]) => `${k} ${v.length}`).join(", ");
  console.error(`validate: ok — ${sources.size} sources; china: ${counts(china.rows)}; us: ${counts(us.rows)}; macro: ${counts(macro.rows)}; assumptions: ${counts(assumptions.rows)}; scenarios: ${scenarios.length}`);
} catch (e) {
  console.error(e instanceof DataError ? e.message : e);
  process.exit(1);
}
