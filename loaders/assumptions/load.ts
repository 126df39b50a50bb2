import type {Table} from "apache-arrow";
import {z} from "zod";
import {PIPELINE_TIERS} from "../../src/lib/taxonomy.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {buildGroupTable, loadGroup, spec, type LoadedGroup} from "../group.ts";
import {amount, bool, confidence, count, enumCell, optText, sourceId} from "../schemas/cells.ts";
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

/** Assumptions that turn facts into estimates (data/assumptions/*.csv). */
export const ASSUMPTION_TABLES = {
  china_support: spec({
    schema: chinaSupport,
    title: "Assumed China support per designated firm, by tier (CNY per designation)",
    key: (r) => r.tier,
    keyColumn: "tier",
    columns: {tier: "utf8", low_cny: "float64", central_cny: "float64", high_cny: "float64", central_sourced: "bool", term_years: "int32", basis_instruments: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"}
  })
};

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
  if (issues.length) throw new DataError(issues);
  return loaded;
}

export function buildAssumptionTable(name: keyof typeof ASSUMPTION_TABLES, loaded = loadAssumptions()): Table {
  return buildGroupTable(ASSUMPTION_TABLES, name, loaded);
}
