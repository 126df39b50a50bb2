/**
 * Scenario projections 2025–2035, pure and deterministic (no randomness, no clock; growth by repeated
 * multiplication, never Math.pow, so Node and the browser give the same bits). The loader (build), the /scenarios
 * page (live sliders) and `npm run scenario` all call projectScenario on the same base rows.
 *
 * 2025 ("today") is the /gaps model itself: computeGaps over Baogang's firms (with the scenario's allocation of
 * unnamed firms) and the US awards in the window with a counted status and instrument. Then, per stage and year:
 *
 *   China  stock S_t = S_{t−1} × (1 + growth_tier)                                   (firms, by tier)
 *          designations D_t = max(0, D_{t−term} + S_t − S_{t−1})                       (renewals + new firms)
 *          with today's stock designated evenly over the last `term` years: D_{2025−k} = S_2025 / term
 *          cumulative support_y = computeGaps(today) + Σ_{t=2026..y} computeGaps(D_t × support)   (low/central/high)
 *   US     cumulative_y = awards in window + continuation × (y − 2025) × window's yearly average
 *          + Σ_{t≤y} program spending_t
 *          program: intake_t = firms_per_stage_per_year × min(1, k / ramp_up_years), k = t − start_year + 1;
 *          each year a share `attrition` of funded firms leaves; firms finishing a tier advance to the next with
 *          probability `advance`; spending_t = Σ_tier firms_in_tier_t × usd_per_firm_year (constant base-year USD)
 *
 * The two sides are each side's own model, never a comparison: China's side is an estimate for one group's designated
 * firms from assumed support per firm, the US side every counted domestic award (outbound finance is its own line).
 * They are not one scope, so no gap or ratio is computed here. A projected gap exists only in a matched scope, where
 * the comparison rule allows it: src/lib/scope-projection.ts.
 */
import {byTier, computeGaps, tierValue, type ChinaFirmRow, type GapInputs, type PipelineTier, type StageGap, type TierSupport, type UsAwardRow} from "./gaps.js";
import type {MacroSeries} from "./normalize.js";
import {PROGRAM_TIERS, PROJECTION_FROM, PROJECTION_TO, type ProgramTier, type Scenario, type UsProgram} from "./scenario.js";
import {PIPELINE_TIERS, STAGES_OR_UNKNOWN, type StageOrUnknown} from "./taxonomy.js";

export interface ScenarioAwardRow extends UsAwardRow {
  instrument: string;
}

/** A row of data/cases/<case>/assumptions/china_support.csv: the sourced per-firm support and the designation term. */
export interface SourcedSupport extends TierSupport {
  term_years: number;
}

/** Everything a projection needs besides the scenario: rows from the named queries (src/queries/scenarios.ts). */
export interface ProjectionBase {
  /** Baogang's firms by stage and tier (compare.chinaFirmsByStage("baogang")). */
  china: readonly ChinaFirmRow[];
  /** Curated award rows (no aggregates), every status, year and instrument. */
  awards: readonly ScenarioAwardRow[];
  macro: MacroSeries;
  /** The sourced per-firm support and designation term by pipeline tier. */
  tierSupport: Record<PipelineTier, SourcedSupport>;
}

/** The column of China's firms in one tier of the case: `china_firms_<tier>`. */
export type TierColumn = `china_firms_${string}`;
export const tierColumn = (tier: PipelineTier): TierColumn => `china_firms_${tier}`;

export interface ProjectionRow {
  year: number;
  stage: StageOrUnknown | "total";
  /** Firms in each pipeline tier of the case (`china_firms_<tier>`, one column per tier; none without tiers). */
  [tier: TierColumn]: number;
  /** Firms in all pipeline tiers (0 for a case without tiers). */
  china_firms: number;
  /** Kinds of firm known at the stage without a count (covered, no money). */
  china_kinds_unstated: number;
  /** Designations made in the year (2025: the stock in force). */
  china_designations: number;
  /** Cumulative China support estimate, constant base-year USD. */
  china_low_usd: number;
  china_central_usd: number;
  china_high_usd: number;
  /** Part of china_central_usd resting on reported per-firm figures. */
  china_sourced_usd: number;
  /** Distinct recipients of counted US awards in the window. */
  us_recipients: number;
  /** Firms funded by the hypothetical US program in the year. */
  us_program_firms: number;
  us_firms: number;
  /** Cumulative: awards in the window, the continuation after 2025, and the program; us_usd is their sum. */
  us_awards_usd: number;
  us_continuation_usd: number;
  us_program_usd: number;
  us_usd: number;
}

/** The numeric columns every case has (the tier columns come before them). */
export const FIXED_COLUMNS = [
  "china_firms",
  "china_kinds_unstated",
  "china_designations",
  "china_low_usd",
  "china_central_usd",
  "china_high_usd",
  "china_sourced_usd",
  "us_recipients",
  "us_program_firms",
  "us_firms",
  "us_awards_usd",
  "us_continuation_usd",
  "us_program_usd",
  "us_usd"
] as const satisfies readonly (keyof ProjectionRow)[];
export type NumericColumn = (typeof FIXED_COLUMNS)[number] | TierColumn;
/** Every numeric column: the case's tier columns (in the case's order), then the fixed ones. */
export const NUMERIC_COLUMNS: readonly NumericColumn[] = [...PIPELINE_TIERS.map(tierColumn), ...FIXED_COLUMNS];

/** Firms whose stage no source states, by tier (the `unknown` rows): what an allocation may place. */
export function unnamedCounts(china: readonly ChinaFirmRow[]): Record<PipelineTier, number> {
  const out = byTier(() => 0);
  for (const r of china) if (r.stage === "unknown" && r.count_firms !== null && r.tier in out) out[r.tier] = (out[r.tier] ?? 0) + r.count_firms;
  return out;
}

/** Move allocated unnamed firms from `unknown` to their stages (an assumption); the rest stay unknown. */
export function allocateChina(china: readonly ChinaFirmRow[], allocation: Scenario["china"]["allocation"]): ChinaFirmRow[] {
  const rows = china.map((r) => ({...r}));
  const unnamed = unnamedCounts(china);
  for (const tier of PIPELINE_TIERS) {
    const placed = Object.entries(allocation[tier] ?? {}).filter(([, n]) => (n ?? 0) > 0) as [string, number][];
    let left = placed.reduce((s, [, n]) => s + n, 0);
    const free = tierValue(unnamed, tier, "allocateChina");
    if (left > free) throw new Error(`allocation places ${left} ${tier} firms but only ${free} have no stated stage`);
    for (const r of rows) {
      if (left === 0) break;
      if (r.stage !== "unknown" || r.tier !== tier || r.count_firms === null) continue;
      const take = Math.min(left, r.count_firms);
      r.count_firms -= take;
      left -= take;
    }
    for (const [stage, n] of placed) rows.push({stage, tier, count_firms: n, basis: "assumption: placed by the scenario's allocation", source_id: "", confidence: "derived"} as ChinaFirmRow);
  }
  return rows.filter((r) => !(r.stage === "unknown" && r.count_firms === 0));
}

/** The /gaps inputs a scenario implies; central support is "sourced" only when it equals the sourced row. */
export function scenarioGapInputs(s: Scenario, support: ProjectionBase["tierSupport"]): GapInputs {
  return {
    basis: s.valuation.basis,
    baseYear: s.valuation.base_year,
    deflator: s.valuation.deflator,
    window: [s.us.window.from, s.us.window.to],
    statuses: s.us.statuses,
    chinaYear: s.valuation.china_year,
    tierSupport: byTier((t) => {
      const r = tierValue(s.china.tier_support, t, "scenario support");
      const sourced = tierValue(support, t, "sourced support");
      return {low_cny: r.low_cny, central_cny: r.central_cny, high_cny: r.high_cny, central_sourced: sourced.central_sourced && r.central_cny === sourced.central_cny};
    })
  };
}

/** The US program at one stage: funded firms per tier and spending (constant USD) per year, 2026–2035. */
export function simulateProgram(p: UsProgram): Map<number, {firms: Record<ProgramTier, number>; usd: number}> {
  const tiers = PROGRAM_TIERS.map((t) => p.tiers[t]);
  let buckets = tiers.map((t) => new Array<number>(t.years).fill(0));
  const out = new Map<number, {firms: Record<ProgramTier, number>; usd: number}>();
  for (let year = PROJECTION_FROM + 1; year <= PROJECTION_TO; year++) {
    if (year >= p.start_year && p.stages.length > 0) {
      const k = year - p.start_year + 1;
      const intake = p.firms_per_stage_per_year * (p.ramp_up_years === 0 ? 1 : Math.min(1, k / p.ramp_up_years));
      const next = tiers.map((t) => new Array<number>(t.years).fill(0));
      buckets.forEach((ages, j) => {
        ages.forEach((n, age) => {
          const stay = n * (1 - p.attrition);
          if (age + 1 < tiers[j]!.years) next[j]![age + 1]! += stay;
          else {
            const up = tiers[j + 1];
            if (up && up.years > 0) next[j + 1]![0]! += stay * (up as {advance: number}).advance;
          }
        });
      });
      if (tiers[0]!.years > 0) next[0]![0]! += intake;
      buckets = next;
    }
    const firms = Object.fromEntries(PROGRAM_TIERS.map((t, j) => [t, buckets[j]!.reduce((s, n) => s + n, 0)])) as Record<ProgramTier, number>;
    out.set(year, {firms, usd: PROGRAM_TIERS.reduce((s, t) => s + firms[t] * p.tiers[t].usd_per_firm_year, 0)});
  }
  return out;
}

const key = (stage: string, tier: string) => `${stage}|${tier}`;

/** Per year and stage, in taxonomy order, 2025–2035 (stage rows only; see projectionTotals). */
export function projectScenario(s: Scenario, base: ProjectionBase): ProjectionRow[] {
  const inputs = scenarioGapInputs(s, base.tierSupport);
  const china = allocateChina(base.china, s.china.allocation);
  const instruments = new Set<string>(s.us.instruments);
  const awards = base.awards.filter((a) => instruments.has(a.instrument));
  const today = new Map(computeGaps(china, awards, inputs, base.macro).map((g) => [g.stage, g]));

  // China stocks and designations per (stage, tier)
  const stock = new Map<string, number>();
  for (const r of china) if (r.count_firms !== null) stock.set(key(r.stage, r.tier), (stock.get(key(r.stage, r.tier)) ?? 0) + r.count_firms);
  const stocks = new Map<number, Map<string, number>>([[PROJECTION_FROM, stock]]);
  const designations = new Map<number, Map<string, number>>();
  for (const [k, n] of stock) {
    const term = tierValue(base.tierSupport, k.split("|")[1]!, "designation term").term_years;
    for (let i = 0; i < term; i++) {
      const m = designations.get(PROJECTION_FROM - i) ?? new Map<string, number>();
      m.set(k, n / term);
      designations.set(PROJECTION_FROM - i, m);
    }
  }
  const yearlyChina = new Map<number, Map<string, StageGap>>();
  for (let year = PROJECTION_FROM + 1; year <= PROJECTION_TO; year++) {
    const prev = stocks.get(year - 1)!;
    const now = new Map<string, number>();
    const d = new Map<string, number>();
    for (const [k, n] of prev) {
      const tier = k.split("|")[1]!;
      const next = n * (1 + tierValue(s.projection.china.tier_growth, tier, "tier growth"));
      now.set(k, next);
      d.set(k, Math.max(0, (designations.get(year - tierValue(base.tierSupport, tier, "designation term").term_years)?.get(k) ?? 0) + next - n));
    }
    stocks.set(year, now);
    designations.set(year, d);
    const rows = [...d].map(([k, n]) => ({stage: k.split("|")[0]!, tier: k.split("|")[1]!, count_firms: n}));
    yearlyChina.set(year, new Map(computeGaps(rows, [], inputs, base.macro).map((g) => [g.stage, g])));
  }

  // US: the window's yearly average continues at `us_continuation`; the program at its stages
  const windowYears = s.us.window.to - s.us.window.from + 1;
  const program = simulateProgram(s.projection.us_program);
  const programStages = new Set<string>(s.projection.us_program.stages);

  const stages = STAGES_OR_UNKNOWN.filter((st) => today.has(st) || programStages.has(st));
  const out: ProjectionRow[] = [];
  for (const stage of stages) {
    const t0 = today.get(stage);
    const cum = {low: t0?.china_low_usd ?? 0, central: t0?.china_central_usd ?? 0, high: t0?.china_high_usd ?? 0, sourced: t0?.china_sourced_usd ?? 0, program: 0};
    const awardsUsd = t0?.us_usd ?? 0;
    const pace = (s.projection.us_continuation * awardsUsd) / windowYears;
    for (let year = PROJECTION_FROM; year <= PROJECTION_TO; year++) {
      const yc = yearlyChina.get(year)?.get(stage);
      if (yc) {
        cum.low += yc.china_low_usd;
        cum.central += yc.china_central_usd;
        cum.high += yc.china_high_usd;
        cum.sourced += yc.china_sourced_usd;
      }
      const prog = programStages.has(stage) ? program.get(year) : undefined;
      if (prog) cum.program += prog.usd;
      const st = stocks.get(year)!;
      const firms = PIPELINE_TIERS.map((t) => st.get(key(stage, t)) ?? 0);
      const china_firms = firms.reduce((sum, n) => sum + n, 0);
      const china_designations = PIPELINE_TIERS.reduce((sum, t, i) => sum + (year === PROJECTION_FROM ? firms[i]! : designations.get(year)!.get(key(stage, t)) ?? 0), 0);
      const us_program_firms = prog ? prog.firms.entry + prog.firms.growth + prog.firms.scale : 0;
      const us_recipients = t0?.us_recipients ?? 0;
      const us_continuation_usd = pace * (year - PROJECTION_FROM);
      const us_usd = awardsUsd + us_continuation_usd + cum.program;
      out.push({
        year,
        stage,
        ...Object.fromEntries(PIPELINE_TIERS.map((t, i) => [tierColumn(t), firms[i]!])),
        china_firms,
        china_kinds_unstated: t0?.china_firms_unstated ?? 0,
        china_designations,
        china_low_usd: cum.low,
        china_central_usd: cum.central,
        china_high_usd: cum.high,
        china_sourced_usd: cum.sourced,
        us_recipients,
        us_program_firms,
        us_firms: us_recipients + us_program_firms,
        us_awards_usd: awardsUsd,
        us_continuation_usd,
        us_program_usd: cum.program,
        us_usd
      });
    }
  }
  return out.sort((a, b) => a.year - b.year || STAGES_OR_UNKNOWN.indexOf(a.stage as StageOrUnknown) - STAGES_OR_UNKNOWN.indexOf(b.stage as StageOrUnknown));
}

/** One "total" row per year: the sum of the stage rows. */
export function projectionTotals(rows: readonly ProjectionRow[]): ProjectionRow[] {
  const byYear = new Map<number, ProjectionRow>();
  for (const r of rows) {
    if (r.stage === "total") continue;
    let t = byYear.get(r.year);
    if (!t) {
      t = {year: r.year, stage: "total", ...(Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, 0])) as Record<NumericColumn, number>)};
      byYear.set(r.year, t);
    }
    for (const c of NUMERIC_COLUMNS) t[c] = (t[c] ?? 0) + (r[c] ?? 0);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

// Kept per rows array (projections are never changed once made): on /scenarios one slider change reads the totals of
// the same two projections ~6 times (charts, KPIs, the diff table), each a sum over ~120 rows and a sort.
const totalsKept = new WeakMap<readonly ProjectionRow[], readonly ProjectionRow[]>();

/** Stage rows plus the total row of every year, in year then taxonomy order (total last). The same array for the same
 * `rows` (read-only: callers share it). */
export function withTotals(rows: readonly ProjectionRow[]): readonly ProjectionRow[] {
  let kept = totalsKept.get(rows);
  if (!kept) {
    const stageRows = rows.filter((r) => r.stage !== "total");
    const totals = projectionTotals(stageRows);
    kept = [...stageRows, ...totals].sort((a, b) => a.year - b.year || stageIndex(a.stage) - stageIndex(b.stage));
    totalsKept.set(rows, kept);
  }
  return kept;
}

export function stageIndex(stage: string): number {
  return stage === "total" ? STAGES_OR_UNKNOWN.length : STAGES_OR_UNKNOWN.indexOf(stage as StageOrUnknown);
}
