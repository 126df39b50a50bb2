// The default input values of every page, and the small helpers that derive a default from data. Pages import them
// from here (not from plans.ts, which imports every page's queries), so a page downloads only its own query modules;
// the build-time plans (plans.ts) use the same values, so a page's default view is answered from its plan.
import type {GapInputs} from "../lib/gaps.js";
import type {ChinaScope, UsScope} from "./compare.js";
import type {SbirFilter} from "./sbir.js";
import {CASE_FOLDER} from "../lib/case.js";
import {PIPELINE_TIERS, TIERS} from "../lib/taxonomy.js";

export const DEFAULT_GAP_INPUTS = {
  basis: "market",
  baseYear: 2024,
  deflator: "cpi",
  window: [2020, 2025],
  statuses: ["obligated", "committed"],
  chinaYear: 2024
} as const satisfies Omit<GapInputs, "tierSupport">;

export interface GapModelParams extends Omit<GapInputs, "tierSupport"> {
  chinaScope: ChinaScope;
  usScope: UsScope;
  /** Per-firm support by tier; defaults to data/cases/<case>/assumptions/china_support.csv. */
  tierSupport?: GapInputs["tierSupport"];
}

export const US_DEFAULTS = {statuses: ["obligated", "committed"], includeAggregates: false};
export const COVERAGE_DEFAULTS = {china: "baogang", us: "curated", statuses: ["obligated", "committed", "announced"]} as const;
/** /china's defaults: its tier series opens on the pipeline's second tier (the first above the entry tier), else the
 * case's first tier, else none (a case without tiers). */
export const CHINA_DEFAULTS = {tier: PIPELINE_TIERS[1] ?? PIPELINE_TIERS[0] ?? TIERS[0] ?? null, onlyBaogang: false, criteriaTier: null} as const;
export const SOURCES_DEFAULTS = {text: "", confidence: ""};
export const SBIR_DEFAULT_SORT = "award_year";
/** /sbir lists at most this many matching awards (the counts above it cover all). */
export const SBIR_TABLE_LIMIT = 200;
export const GAPS_DEFAULTS: GapModelParams = {...DEFAULT_GAP_INPUTS, window: [...DEFAULT_GAP_INPUTS.window], statuses: [...DEFAULT_GAP_INPUTS.statuses], chinaScope: "baogang", usScope: "curated"};
/** The years /gaps' year inputs offer (the macro series' years). */
export const GAPS_YEARS: readonly number[] = Array.from({length: 16}, (_, i) => 2010 + i);
/** The headline US figures on the overview: obligated and committed awards, without programme-level totals. */
/** /gaps' matched-scope comparison: the scope, status class and years it opens on (scopes are data/cases/<case>/assumptions/scopes.csv). */
export const SCOPE_DEFAULTS = {scope: "chain_central", statusClass: "paid", window: [2012, 2025] as [number, number]};
export const HEADLINE_US = {statuses: ["obligated", "committed"], includeAggregates: false};

/** Little-giant batch years the /china range input offers, and its default: the whole range. */
export function batchYearRange(batches: {year: number}[]): {from: number; to: number} {
  const years = batches.map((d) => d.year);
  return {from: Math.min(...years), to: Math.max(...years)};
}

/** The /sbir filter with every input at its default, given the table's facets. */
export function defaultSbirFilter(facets: {min_year: number; max_year: number}): SbirFilter {
  return {fromYear: facets.min_year, toYear: facets.max_year, agency: "", phase: "", program: "", stage: "", keyword: "", relevantOnly: true};
}

/** /scenarios' default pair: baseline against the US SME pipeline program (or the first and last files). */
export function defaultScenarioPair(names: string[]): {a: string; b: string} {
  if (!names.length) throw new Error(`no scenarios: ${CASE_FOLDER}/scenarios/ holds no scenario file`);
  return {a: names.includes("baseline") ? "baseline" : names[0]!, b: names.includes("us-sme-pipeline") ? "us-sme-pipeline" : names[names.length - 1]!};
}
