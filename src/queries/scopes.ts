// Matched scopes: the named queries that feed src/lib/scopes.ts, and the wiring that /gaps, /report and `npm run gaps`
// share (same queries, same code, same numbers). Which rows belong to a scope is data (data/cases/<case>/assumptions/scopes.csv);
// these queries only put each side's tables into one row shape.
import {checkRule, type ComparisonRule} from "../lib/comparison.js";
import {grantEquivalent, type Repayment} from "../lib/grant-equivalent.js";
import type {MacroSeries} from "../lib/normalize.js";
import type {Row} from "../lib/rows.js";
import {compareScope, selectScope, type ScopeComparisonRow, type ScopeSelection, type ScopeSide, type Side, type SupportRow} from "../lib/scopes.js";
import {STAGES} from "../lib/taxonomy.js";
import {query, type Query} from "./query.js";

export interface QueryRunner {
  query<T extends Row = Row>(q: Query): T[] | Promise<T[]>;
}

export function scopeDefinitions(): Query {
  return query("scopes.definitions", `SELECT scope_id, side, label, datasets, families, levels, geography, year_from, year_to, year_rule, note FROM scopes ORDER BY scope_id, side`);
}

export function statusClasses(): Query {
  return query("scopes.statusClasses", `SELECT class_id, label, china_statuses, us_statuses, note FROM status_classes`);
}

export function comparisonRule(): Query {
  return query("scopes.rule", `SELECT min_priced_rows, min_priced_share, band_low, band_high, note FROM comparison_rule`);
}

export function contextEstimates(): Query {
  return query("scopes.context", `SELECT estimate_id, side, year, measure, value, lower_bound, scope, source_id, confidence, note FROM context_estimates ORDER BY estimate_id`);
}

/** China's instruments as support rows. The table holds domestic support only (no China outbound finance is curated). */
export function chinaSupportRows(): Query {
  return query(
    "scopes.chinaRows",
    `SELECT instrument_id AS id, programme AS label, 'instruments' AS dataset, scope AS family, level, 'domestic' AS geography,
       instrument, status, stages, TRY_CAST(left(period_start, 4) AS INTEGER) AS year_start,
       TRY_CAST(left(coalesce(period_end, period_start), 4) AS INTEGER) AS year_end, amount_cny AS face, rule,
       loan_rate, loan_term_years, loan_repayment, within_id, supersedes_id, source_id, confidence
     FROM instruments ORDER BY instrument_id`
  );
}

/** US awards as support rows: all curated awards are federal (data/cases/<case>/us/README.md); `agg-` rows are the aggregate family. */
export function usAwardRows(): Query {
  return query(
    "scopes.usAwards",
    `SELECT award_id AS id, program AS label, 'awards' AS dataset, CASE WHEN is_aggregate THEN 'aggregate' ELSE 'award' END AS family,
       'federal' AS level, geography, instrument, status, stages, coalesce(fiscal_year, year) AS year_start,
       coalesce(fiscal_year, year) AS year_end, amount_usd AS face, NULL AS rule, NULL::DOUBLE AS loan_rate,
       NULL::INTEGER AS loan_term_years, NULL AS loan_repayment, NULL AS within_id, NULL AS supersedes_id, source_id, confidence
     FROM awards ORDER BY award_id`
  );
}

/** SBIR and STTR totals as support rows: one per programme and fiscal year, on the best basis published for it
 * (obligations, else the SBA's Phase I and II table, else the SBA report's summary). Federal grants, all stages. */
export function sbirTotalRows(): Query {
  return query(
    "scopes.sbirTotals",
    `SELECT program || '-' || fiscal_year AS id, program || ' FY' || fiscal_year AS label, 'sbir_totals' AS dataset, program AS family,
       'federal' AS level, 'domestic' AS geography, 'grant' AS instrument, 'obligated' AS status, 'unspecified' AS stages,
       fiscal_year AS year_start, fiscal_year AS year_end, amount_usd AS face, NULL AS rule, NULL::DOUBLE AS loan_rate,
       NULL::INTEGER AS loan_term_years, NULL AS loan_repayment, NULL AS within_id, NULL AS supersedes_id, source_id, confidence
     FROM sbir_totals
     QUALIFY row_number() OVER (PARTITION BY program, fiscal_year
       ORDER BY amount_usd IS NULL, CASE basis WHEN 'obligations' THEN 0 WHEN 'phase_1_2_table' THEN 1 ELSE 2 END, source_id) = 1
     ORDER BY program, fiscal_year`
  );
}

export interface ScopeDefinition {
  scope_id: string;
  label: string;
  note: {china: string | null; us: string | null};
  year_rule: {china: string; us: string};
  sides: Record<Side, ScopeSide>;
}

export interface StatusClass {
  class_id: string;
  label: string;
  note: string | null;
  statuses: Record<Side, string[]>;
}

export interface ScopeData {
  /** Each side's table rows, before the grant equivalent (which depends on the benchmark rates). */
  raw: {side: Side; row: RawSupport}[];
  scopes: ScopeDefinition[];
  classes: StatusClass[];
  rule: ComparisonRule & {note: string | null};
  context: Row[];
}

const list = (v: unknown) => String(v ?? "").split(";").filter(Boolean);

export type RawSupport = Row & {id: string; label: string; dataset: string; family: string; level: string; geography: string; instrument: string; status: string; stages: string; year_start: number | null; year_end: number | null; face: number | null; rule: string | null; loan_rate: number | null; loan_term_years: number | null; loan_repayment: string | null; within_id: string | null; supersedes_id: string | null; source_id: string; confidence: string};

/** A table row as a support row, its grant equivalent worked out with the side's benchmark rate (null = none set). */
export function toSupportRow(side: Side, r: RawSupport, benchmark: number | null): SupportRow {
  const g = grantEquivalent({instrument: r.instrument, face: r.face, rule: r.rule, loan_rate: r.loan_rate, loan_term_years: r.loan_term_years, loan_repayment: r.loan_repayment as Repayment | null}, benchmark);
  const stages = list(r.stages).filter((s) => s !== "unspecified" && s !== "unknown");
  return {
    side, id: r.id, label: r.label, dataset: r.dataset, family: r.family, level: r.level, geography: r.geography, instrument: r.instrument,
    status: r.status, stages, year_start: r.year_start, year_end: r.year_end, currency: side === "china" ? "CNY" : "USD",
    face: r.face, ge: g.ge, capital_deployed: g.capital_deployed, ge_method: g.method, within_id: r.within_id, supersedes_id: r.supersedes_id,
    source_id: r.source_id, confidence: r.confidence
  };
}

/** Everything the scope comparison reads, in one round of queries that no input changes. */
export async function loadScopeData(db: QueryRunner): Promise<ScopeData> {
  const [defs, classes, rules, china, awards, sbir, context] = await Promise.all([
    db.query(scopeDefinitions()), db.query(statusClasses()), db.query(comparisonRule()),
    db.query<RawSupport>(chinaSupportRows()), db.query<RawSupport>(usAwardRows()), db.query<RawSupport>(sbirTotalRows()), db.query(contextEstimates())
  ]);
  const byId = new Map<string, ScopeDefinition>();
  for (const d of defs) {
    const side = d.side as Side;
    const s = byId.get(String(d.scope_id)) ?? {scope_id: String(d.scope_id), label: String(d.label), note: {china: null, us: null}, year_rule: {china: "", us: ""}, sides: {} as Record<Side, ScopeSide>};
    s.note[side] = (d.note as string | null) ?? null;
    s.year_rule[side] = String(d.year_rule);
    s.sides[side] = {scope_id: s.scope_id, side, datasets: list(d.datasets), families: list(d.families), levels: list(d.levels), geography: list(d.geography), year_from: Number(d.year_from), year_to: Number(d.year_to)};
    byId.set(s.scope_id, s);
  }
  const r = rules[0]!;
  return {
    raw: [...china.map((row) => ({side: "china" as const, row})), ...awards.map((row) => ({side: "us" as const, row})), ...sbir.map((row) => ({side: "us" as const, row}))],
    scopes: [...byId.values()],
    classes: classes.map((c) => ({class_id: String(c.class_id), label: String(c.label), note: (c.note as string | null) ?? null, statuses: {china: list(c.china_statuses), us: list(c.us_statuses)}})),
    rule: {...checkRule({min_priced_rows: Number(r.min_priced_rows), min_priced_share: Number(r.min_priced_share), band_low: Number(r.band_low), band_high: Number(r.band_high)}), note: (r.note as string | null) ?? null},
    context
  };
}

export interface ScopeParams {
  scope: string;
  statusClass: string;
  /** Overrides the scope's window on both sides (inclusive years). */
  window?: [number, number];
  basis: "market" | "ppp";
  baseYear: number;
  deflator: "cpi" | "gdp";
  /** Each side's benchmark rate for pricing loans with public terms (null: loans stay unpriced). */
  benchmarks?: Record<Side, number | null>;
}

export interface ScopeResult {
  scope: ScopeDefinition;
  statusClass: StatusClass;
  window: [number, number];
  selection: Record<Side, ScopeSelection>;
  rows: ScopeComparisonRow[];
}

/** One scope compared, by stage group and in total, under the given settings. */
export function scopeComparison(data: ScopeData, p: ScopeParams, macro: MacroSeries): ScopeResult {
  const scope = data.scopes.find((s) => s.scope_id === p.scope);
  if (!scope) throw new Error(`unknown scope "${p.scope}": one of ${data.scopes.map((s) => s.scope_id).join(", ")}`);
  const statusClass = data.classes.find((c) => c.class_id === p.statusClass);
  if (!statusClass) throw new Error(`unknown status class "${p.statusClass}": one of ${data.classes.map((c) => c.class_id).join(", ")}`);
  const window: [number, number] = p.window ? [Math.min(...p.window), Math.max(...p.window)] as [number, number] : [scope.sides.china.year_from, scope.sides.china.year_to];
  const b = p.benchmarks ?? {china: null, us: null};
  const rows = data.raw.map(({side, row}) => toSupportRow(side, row, b[side]));
  const side = (s: Side) => selectScope(rows, {...scope.sides[s], year_from: window[0], year_to: window[1]}, statusClass.statuses[s]);
  const selection = {china: side("china"), us: side("us")};
  const compared = compareScope(selection.china, selection.us, scope.scope_id, {basis: p.basis, baseYear: p.baseYear, deflator: p.deflator, measure: "ge", status_class: statusClass.class_id}, data.rule, macro, STAGES);
  return {scope, statusClass, window, selection, rows: compared};
}
