import type {Table} from "apache-arrow";
import {op} from "arquero";
import {z} from "zod";
import {CHINA_LEVELS, CHINA_STATUSES, PIPELINE_TIERS, US_STATUSES} from "../../src/lib/taxonomy.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {buildGroupTable, loadGroup, spec, type LoadedGroup} from "../group.ts";
import {amount, bool, confidence, count, enumCell, listOf, optText, sourceId, text, year} from "../schemas/cells.ts";
import {loadSources, type Source} from "../sources.ts";

export const chinaSupport = z.object({
  tier: enumCell(PIPELINE_TIERS),
  low_cny: amount(),
  central_cny: amount(),
  high_cny: amount(),
  central_sourced: bool(),
  term_years: count(),
  basis_instruments: optText(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

/** What each scope may draw on: the datasets, row families and levels of government of each side. */
export const SCOPE_DATASETS = ["instruments", "awards", "sbir_totals"] as const;
export const SCOPE_FAMILIES = ["*", "rare_earth", "mixed", "general", "award", "aggregate", "SBIR", "STTR"] as const;
export const US_LEVELS = ["federal", "state", "local"] as const;
const SIDES = ["china", "us"] as const;

export const scopes = z.object({
  scope_id: text(),
  side: enumCell(SIDES),
  label: text(),
  datasets: listOf(SCOPE_DATASETS),
  families: listOf(SCOPE_FAMILIES),
  levels: listOf(["*", ...CHINA_LEVELS, ...US_LEVELS] as const),
  geography: listOf(["domestic", "outbound"] as const),
  year_from: year(),
  year_to: year(),
  year_rule: text(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const statusClasses = z.object({
  class_id: text(),
  label: text(),
  china_statuses: listOf(CHINA_STATUSES),
  us_statuses: listOf(US_STATUSES),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const comparisonRule = z.object({
  rule_id: text(),
  min_priced_rows: count(),
  min_priced_share: amount(),
  band_low: amount(),
  band_high: amount(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const contextEstimates = z.object({
  estimate_id: text(),
  side: enumCell(SIDES),
  year: year(),
  measure: enumCell(["share_of_gdp_pct", "usd", "cny"] as const),
  value: amount(),
  lower_bound: bool(),
  scope: text(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

/** Assumptions that turn facts into estimates (data/cases/<case>/assumptions/*.csv). */
export const ASSUMPTION_TABLES = {
  china_support: spec({
    schema: chinaSupport,
    title: "Assumed China support per designated firm, by tier (CNY per designation)",
    key: (r) => r.tier,
    keyColumn: "tier",
    columns: {tier: "utf8", low_cny: "float64", central_cny: "float64", high_cny: "float64", central_sourced: "bool", term_years: "int32", basis_instruments: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  scopes: spec({
    schema: scopes,
    title: "Comparison scopes: which rows of each side belong (one row per scope and side)",
    key: (r) => `${r.scope_id}|${r.side}`,
    keyColumn: "scope_id",
    columns: {scope_id: "utf8", side: "utf8", label: "utf8", datasets: "utf8", families: "utf8", levels: "utf8", geography: "utf8", year_from: "int32", year_to: "int32", year_rule: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"},
    transform: (t) => t.derive({datasets: (d) => op.join(d.datasets, ";"), families: (d) => op.join(d.families, ";"), levels: (d) => op.join(d.levels, ";"), geography: (d) => op.join(d.geography, ";")})
  }),
  status_classes: spec({
    schema: statusClasses,
    title: "Status classes: the statuses of each side compared together",
    key: (r) => r.class_id,
    keyColumn: "class_id",
    columns: {class_id: "utf8", label: "utf8", china_statuses: "utf8", us_statuses: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"},
    transform: (t) => t.derive({china_statuses: (d) => op.join(d.china_statuses, ";"), us_statuses: (d) => op.join(d.us_statuses, ";")})
  }),
  comparison_rule: spec({
    schema: comparisonRule,
    title: "The rule for showing a ratio or gap: minimum priced instruments and share, plausibility band",
    key: (r) => r.rule_id,
    keyColumn: "rule_id",
    columns: {rule_id: "utf8", min_priced_rows: "int32", min_priced_share: "float64", band_low: "float64", band_high: "float64", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  context_estimates: spec({
    schema: contextEstimates,
    title: "Economy-wide industrial-policy estimates of both sides, as published (context)",
    key: (r) => r.estimate_id,
    keyColumn: "estimate_id",
    columns: {estimate_id: "utf8", side: "utf8", year: "int32", measure: "utf8", value: "float64", lower_bound: "bool", scope: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"}
  })
};

/** Cross-row rules of the comparison settings: each scope has both sides over the same years, and local government
 * on one side only if the other side's scope has it too; one comparison rule with thresholds in range. */
function checkComparisonSettings(loaded: LoadedGroup<typeof ASSUMPTION_TABLES>): DataIssue[] {
  const issues: DataIssue[] = [];
  const file = loaded.files.scopes;
  const byScope = new Map<string, (typeof loaded.rows.scopes)[number][]>();
  for (const r of loaded.rows.scopes) byScope.set(r.scope_id, [...(byScope.get(r.scope_id) ?? []), r]);
  for (const [id, rows] of byScope) {
    const china = rows.find((r) => r.side === "china");
    const us = rows.find((r) => r.side === "us");
    if (!china || !us) {
      issues.push({file, row: rows[0]!._line, column: "side", value: rows[0]!.side, problem: `scope ${id} has only one side`, fix: `add the ${china ? "us" : "china"} row of scope ${id}: a comparison needs both sides`});
      continue;
    }
    for (const r of rows) {
      if (r.year_to < r.year_from) issues.push({file, row: r._line, column: "year_to", value: r.year_to, problem: `the window ends before it starts (${r.year_from})`, fix: "swap the two years"});
    }
    if (china.year_from !== us.year_from || china.year_to !== us.year_to) {
      issues.push({file, row: us._line, column: "year_from", value: `${us.year_from}-${us.year_to}`, problem: `scope ${id}: the US window differs from China's (${china.year_from}-${china.year_to})`, fix: "give both sides of a scope the same years"});
    }
    const chinaLocal = china.levels.some((l) => l === "*" || l === "provincial" || l === "municipal");
    const usLocal = us.levels.some((l) => l === "*" || l === "state" || l === "local");
    if (chinaLocal !== usLocal) {
      const [row, side] = chinaLocal ? [china, "China"] : [us, "US"];
      issues.push({file, row: row._line, column: "levels", value: row.levels.join(";"), problem: `scope ${id}: only the ${side} side includes local government`, fix: "include local government on both sides (* or provincial/municipal and state/local), or restrict both to central/federal"});
    }
    if (china.geography.join(";") !== us.geography.join(";")) {
      issues.push({file, row: us._line, column: "geography", value: us.geography.join(";"), problem: `scope ${id}: the US side's geography differs from China's (${china.geography.join(";")})`, fix: "give both sides the same geography: domestic and outbound finance are separate scopes"});
    }
  }
  const rules = loaded.rows.comparison_rule;
  if (rules.length !== 1) issues.push({file: loaded.files.comparison_rule, column: "rule_id", value: rules.length, problem: "there must be exactly one comparison rule", fix: "keep one row"});
  for (const r of rules) {
    if (!(r.min_priced_share > 0 && r.min_priced_share <= 1)) issues.push({file: loaded.files.comparison_rule, row: r._line, column: "min_priced_share", value: r.min_priced_share, problem: "not a share between 0 and 1", fix: "write a fraction, e.g. 0.6 for 60 %"});
    if (r.min_priced_rows < 1) issues.push({file: loaded.files.comparison_rule, row: r._line, column: "min_priced_rows", value: r.min_priced_rows, problem: "at least one priced instrument is needed", fix: "write 1 or more"});
    if (!(r.band_low > 0 && r.band_high > r.band_low)) issues.push({file: loaded.files.comparison_rule, row: r._line, column: "band_high", value: r.band_high, problem: `the plausibility band is empty (${r.band_low} to ${r.band_high})`, fix: "write band_low > 0 and band_high above it"});
  }
  return issues;
}

export function loadAssumptions(sources: Map<string, Source> = loadSources()): LoadedGroup<typeof ASSUMPTION_TABLES> {
  const loaded = loadGroup("assumptions", ASSUMPTION_TABLES, sources);
  const issues: DataIssue[] = [];
  for (const r of loaded.rows.china_support) {
    if (!(r.low_cny <= r.central_cny && r.central_cny <= r.high_cny)) {
      issues.push({file: loaded.files.china_support, row: r._line, column: "central_cny", value: r.central_cny, problem: `low ≤ central ≤ high does not hold (${r.low_cny} / ${r.central_cny} / ${r.high_cny})`, fix: "order the three values"});
    }
  }
  const missing = PIPELINE_TIERS.filter((t) => !loaded.rows.china_support.some((r) => r.tier === t));
  for (const t of missing) issues.push({file: loaded.files.china_support, column: "tier", value: t, problem: "no assumption for this tier", fix: `add a row for ${t}`});
  issues.push(...checkComparisonSettings(loaded));
  if (issues.length) throw new DataError(issues);
  return loaded;
}

export function buildAssumptionTable(name: keyof typeof ASSUMPTION_TABLES, loaded = loadAssumptions()): Table {
  return buildGroupTable(ASSUMPTION_TABLES, name, loaded);
}
