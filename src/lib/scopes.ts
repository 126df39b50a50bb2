/**
 * Matched scopes: which rows of each side belong to a comparison, counted once, and their known grant equivalent
 * (GE), unpriced instruments and priced share, in total and by value-chain stage. Pure and isomorphic: /gaps,
 * /report and `npm run gaps` call it on rows from the same named queries.
 *
 * A scope is defined in data (data/cases/<case>/assumptions/scopes.csv), one row per side: which datasets and row families
 * belong, the levels of government, domestic or outbound, and a window of years. The rules, stated on the pages:
 *   - a row belongs to a window only if its whole period lies inside it (a multi-year amount is never pro-rated);
 *     an undated row is left out and counted as such;
 *   - a row nested in (within_id) a row that is also counted is not counted again; a row superseded by a counted
 *     row is not counted;
 *   - a row whose source does not split it by stage is "not itemised by stage"; a row spanning several stages is
 *     "several stages": neither is ever spread over stages;
 *   - equity and fund stakes are capital deployed: reported apart, not part of the GE, and not in the priced share.
 * Whether the two sides may then be compared is src/lib/comparison.ts's rule.
 */
import {compareSides, type Comparison, type ComparisonKey, type ComparisonRule, type SideTotal} from "./comparison.js";
import {MissingSeriesError, toConstantUsd, type Basis, type Deflator, type MacroSeries} from "./normalize.js";

export type Side = "china" | "us";

/** One row of support on either side, in the shape the scope engine reads (queries map each table onto it). */
export interface SupportRow {
  side: Side;
  id: string;
  label: string;
  dataset: string;
  /** The row's family within its dataset (China: rare_earth | mixed | general; US: the award or programme kind). */
  family: string;
  level: string;
  geography: string;
  instrument: string;
  status: string;
  /** Stage ids; empty when the source does not split the row by stage. */
  stages: readonly string[];
  year_start: number | null;
  year_end: number | null;
  currency: "CNY" | "USD";
  face: number | null;
  ge: number | null;
  capital_deployed: number | null;
  ge_method: string;
  within_id: string | null;
  supersedes_id: string | null;
  source_id: string;
  confidence: string;
}

export interface ScopeSide {
  scope_id: string;
  side: Side;
  datasets: readonly string[];
  /** Row families that belong ("*" = all). */
  families: readonly string[];
  levels: readonly string[];
  geography: readonly string[];
  year_from: number;
  year_to: number;
}

export interface ValueOptions {
  basis: Basis;
  baseYear: number;
  deflator: Deflator;
}

export const NOT_ITEMISED = "not_itemised";
export const SEVERAL_STAGES = "several";

export interface ScopeSelection {
  /** Rows counted, each once. */
  counted: SupportRow[];
  /** Rows left out because another counted row contains or supersedes them. */
  nested: number;
  /** Rows of the scope's datasets and statuses left out because they have no year. */
  undated: number;
}

const any = (list: readonly string[], v: string) => list.includes("*") || list.includes(v);

/** The rows of one side that belong to a scope under the given statuses, nested and superseded rows removed. */
export function selectScope(rows: readonly SupportRow[], scope: ScopeSide, statuses: readonly string[]): ScopeSelection {
  let undated = 0;
  const candidates = rows.filter((r) => {
    if (r.side !== scope.side || !scope.datasets.includes(r.dataset) || !any(scope.families, r.family)) return false;
    if (!any(scope.levels, r.level) || !any(scope.geography, r.geography) || !statuses.includes(r.status)) return false;
    if (r.year_start === null) {
      undated++;
      return false;
    }
    return r.year_start >= scope.year_from && (r.year_end ?? r.year_start) <= scope.year_to;
  });
  const ids = new Set(candidates.map((r) => r.id));
  const parentOf = new Map(rows.map((r) => [r.id, r.within_id]));
  const supersededIds = new Set(candidates.map((r) => r.supersedes_id).filter((x): x is string => x !== null));
  const hasCountedAncestor = (r: SupportRow) => {
    const seen = new Set<string>();
    for (let p = r.within_id; p !== null && p !== undefined && !seen.has(p); p = parentOf.get(p) ?? null) {
      if (ids.has(p)) return true;
      seen.add(p);
    }
    return false;
  };
  const counted = candidates.filter((r) => !hasCountedAncestor(r) && !supersededIds.has(r.id));
  return {counted, nested: candidates.length - counted.length, undated};
}

/** The stage group a row is reported under: its one stage, "several", or "not itemised". */
export function stageGroup(r: Pick<SupportRow, "stages">): string {
  return r.stages.length === 0 ? NOT_ITEMISED : r.stages.length === 1 ? r.stages[0]! : SEVERAL_STAGES;
}

export interface SideSummary {
  /** Known GE in constant USD (the options' basis and base year). */
  ge_usd: number;
  priced: number;
  /** Known instruments, priced or not (equity excluded: it is capital deployed). */
  known: number;
  unpriced: number;
  capital_deployed_usd: number;
  equity_rows: number;
  /** Rows whose amount has no exchange rate or deflator for its year: known, not priced. */
  no_series: number;
}

const isEquity = (r: SupportRow) => r.ge_method === "equity";

/** Sum one side's counted rows in constant USD. A row with no series for its year stays known but unpriced. */
export function summarise(rows: readonly SupportRow[], opts: ValueOptions, macro: MacroSeries): SideSummary {
  const s: SideSummary = {ge_usd: 0, priced: 0, known: 0, unpriced: 0, capital_deployed_usd: 0, equity_rows: 0, no_series: 0};
  for (const r of rows) {
    const value = (x: number) => toConstantUsd(x, r.currency, r.year_start!, opts, macro);
    if (isEquity(r)) {
      s.equity_rows++;
      if (r.capital_deployed !== null) {
        try {
          s.capital_deployed_usd += value(r.capital_deployed);
        } catch (e) {
          if (!(e instanceof MissingSeriesError)) throw e;
        }
      }
      continue;
    }
    s.known++;
    if (r.ge === null) {
      s.unpriced++;
      continue;
    }
    try {
      s.ge_usd += value(r.ge);
      s.priced++;
    } catch (e) {
      if (!(e instanceof MissingSeriesError)) throw e;
      s.no_series++;
      s.unpriced++;
    }
  }
  return s;
}

export interface ScopeComparisonRow {
  /** A stage id, "several", "not_itemised", or "total". */
  stage: string;
  china: SideSummary;
  us: SideSummary;
  comparison: Comparison;
}

export interface ScopeSettings extends ValueOptions {
  measure: "ge";
  status_class: string;
}

/** Both sides of one scope, by stage group and in total, each with the comparison rule applied. */
export function compareScope(
  china: ScopeSelection,
  us: ScopeSelection,
  scopeId: string,
  settings: ScopeSettings,
  rule: ComparisonRule,
  macro: MacroSeries,
  stageOrder: readonly string[]
): ScopeComparisonRow[] {
  const key = {scope: scopeId, measure: settings.measure, basis: settings.basis, status_class: settings.status_class};
  const groups = new Set([...china.counted, ...us.counted].map(stageGroup));
  const out: ScopeComparisonRow[] = [];
  for (const g of groupOrder(stageOrder).filter((x) => groups.has(x))) {
    const c = summarise(china.counted.filter((r) => stageGroup(r) === g), settings, macro);
    const u = summarise(us.counted.filter((r) => stageGroup(r) === g), settings, macro);
    out.push({stage: g, china: c, us: u, comparison: compareGroup(g, key, c, u, rule)});
  }
  const c = summarise(china.counted, settings, macro);
  const u = summarise(us.counted, settings, macro);
  out.push({stage: "total", china: c, us: u, comparison: compareGroup("total", key, c, u, rule)});
  return out;
}

/** Stage groups in the order they are reported: the stages, then "several", then "not itemised". */
export function groupOrder(stageOrder: readonly string[]): string[] {
  return [...stageOrder, SEVERAL_STAGES, NOT_ITEMISED];
}

/** The rule applied to one stage group (or "total") of a scope. Rows over several stages or not itemised are not
 * one stage: reported, never set against each other. */
export function compareGroup(group: string, key: ComparisonKey, china: Pick<SideSummary, "ge_usd" | "priced" | "known">, us: Pick<SideSummary, "ge_usd" | "priced" | "known">, rule: ComparisonRule): Comparison {
  if (group === SEVERAL_STAGES || group === NOT_ITEMISED) {
    return {comparable: false, ratio: null, gap: null, missing: ["rows not itemised to one stage are not compared stage by stage"], warning: null, china_share: null, us_share: null};
  }
  const side = (s: Pick<SideSummary, "ge_usd" | "priced" | "known">): SideTotal => ({...key, value: s.ge_usd, priced: s.priced, known: s.known});
  return compareSides(side(china), side(us), rule);
}
