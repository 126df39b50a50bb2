/**
 * The designated-firm estimate, pure and isomorphic: the /gaps page, `npm run gaps -- --estimate` and the scenarios'
 * own model (src/lib/projection.ts) call computeGaps on rows from the same named queries.
 *
 *   China_s  = Σ_tier firms(s, tier) × support(tier) [CNY per designation, valued in `chinaYear`] → constant USD
 *   US_s     = Σ domestic awards in window with a counted status, amount / n_stages(award) → constant USD (by award year)
 *
 * The two sides are not one scope (a few designated firms against every US award), so the model computes no gap and
 * no ratio between them: a China/US figure exists only in a matched scope (src/lib/scopes.ts, src/lib/comparison.ts).
 *
 * Low/central/high China estimates use the low/central/high per-firm support. The part of China_s that rests on a
 * reported per-firm figure (central_sourced) is reported apart from the assumed part. An award spanning several
 * stages is split equally between them (an assumption, stated on the page); firms and awards whose stage no source
 * states stay in `unknown`.
 */
import {toConstantUsd, type Basis, type Deflator, type MacroSeries} from "./normalize.js";
import {PIPELINE_TIERS, STAGES_OR_UNKNOWN, type StageOrUnknown} from "./taxonomy.js";

export type PipelineTier = (typeof PIPELINE_TIERS)[number];

/** A tier's entry of a record keyed by tier; a missing entry is an error naming the tier and what was looked up
 * (records keyed by tier are built from the case's tiers, so one is missing only when data and case disagree). */
export function tierValue<T>(record: Readonly<Record<string, T>>, tier: string, what: string): T {
  const v = record[tier];
  if (v === undefined) throw new Error(`${what}: nothing for tier "${tier}" (the case's pipeline tiers: ${PIPELINE_TIERS.join(", ") || "none"})`);
  return v;
}

/** A record with one entry per pipeline tier of the case, in the case's order. */
export function byTier<T>(f: (tier: PipelineTier) => T): Record<PipelineTier, T> {
  return Object.fromEntries(PIPELINE_TIERS.map((t) => [t, f(t)])) as Record<PipelineTier, T>;
}

export interface ChinaFirmRow {
  stage: string;
  tier: string;
  /** Null when a source says firms exist at the stage but not how many: covered, but no money is attributed. */
  count_firms: number | null;
}

export interface UsAwardRow {
  award_id: string;
  recipient: string;
  status: string;
  amount_usd: number | null;
  /** Calendar year the amount is valued in (award or announcement date). */
  year: number | null;
  stages: string;
}

export interface TierSupport {
  low_cny: number;
  central_cny: number;
  high_cny: number;
  central_sourced: boolean;
}

export interface GapInputs {
  basis: Basis;
  baseYear: number;
  deflator: Deflator;
  /** Inclusive range of award years counted on the US side. */
  window: [number, number];
  /** US statuses that count (obligated, committed, announced, authority). */
  statuses: readonly string[];
  /** Year the China per-firm support is valued in (CNY of that year). */
  chinaYear: number;
  /** Per-firm support by pipeline tier (CNY per designation, valued in `chinaYear`). */
  tierSupport: Record<PipelineTier, TierSupport>;
}

export interface StageGap {
  stage: StageOrUnknown;
  china_firms: number;
  /** Firms known to be at the stage but without a stated count (counted as present, no money). */
  china_firms_unstated: number;
  china_low_usd: number;
  china_central_usd: number;
  china_high_usd: number;
  /** Part of china_central_usd resting on reported per-firm figures; the rest is assumed. */
  china_sourced_usd: number;
  us_usd: number;
  us_awards: number;
  us_recipients: number;
}

/** Stage gaps in constant base-year USD (full precision; round only for display), in taxonomy order, for the stages
 * with something on either side. */
export function computeGaps(china: readonly ChinaFirmRow[], us: readonly UsAwardRow[], inputs: GapInputs, macro: MacroSeries): StageGap[] {
  const norm = {basis: inputs.basis, baseYear: inputs.baseYear, deflator: inputs.deflator};
  // One CNY of support valued in chinaYear, in constant base-year USD.
  const perCny = toConstantUsd(1, "CNY", inputs.chinaYear, norm, macro);
  const byStage = new Map<StageOrUnknown, StageGap>();
  const get = (stage: string): StageGap => {
    const s = (STAGES_OR_UNKNOWN as readonly string[]).includes(stage) ? (stage as StageOrUnknown) : "unknown";
    let g = byStage.get(s);
    if (!g) {
      g = {stage: s, china_firms: 0, china_firms_unstated: 0, china_low_usd: 0, china_central_usd: 0, china_high_usd: 0, china_sourced_usd: 0, us_usd: 0, us_awards: 0, us_recipients: 0};
      byStage.set(s, g);
    }
    return g;
  };

  for (const row of china) {
    const g = get(row.stage);
    const support = inputs.tierSupport[row.tier];
    if (!support) throw new Error(`computeGaps: no support assumption for tier "${row.tier}"`);
    if (row.count_firms === null) {
      g.china_firms_unstated += 1;
      continue;
    }
    g.china_firms += row.count_firms;
    g.china_low_usd += row.count_firms * support.low_cny * perCny;
    g.china_central_usd += row.count_firms * support.central_cny * perCny;
    g.china_high_usd += row.count_firms * support.high_cny * perCny;
    if (support.central_sourced) g.china_sourced_usd += row.count_firms * support.central_cny * perCny;
  }

  const recipients = new Map<StageOrUnknown, Set<string>>();
  for (const a of us) {
    if (!countsOnUsSide(a, inputs)) continue;
    const stages = a.stages.split(";").map((s) => s.trim()).filter(Boolean);
    const share = toConstantUsd(a.amount_usd, "USD", a.year, norm, macro) / stages.length;
    for (const s of stages) {
      const g = get(s);
      g.us_usd += share;
      g.us_awards += 1;
      const set = recipients.get(g.stage) ?? new Set<string>();
      set.add(a.recipient);
      recipients.set(g.stage, set);
    }
  }

  const order = STAGES_OR_UNKNOWN as readonly string[];
  return [...byStage.values()]
    .map((g) => ({...g, us_recipients: recipients.get(g.stage)?.size ?? 0}))
    .sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage));
}

/** Whether a US award counts in the model: an amount, a year in the window and a counted status. */
function countsOnUsSide<U extends UsAwardRow>(a: U, inputs: Pick<GapInputs, "window" | "statuses">): a is U & {amount_usd: number; year: number} {
  const [from, to] = inputs.window;
  return a.amount_usd !== null && a.year !== null && a.year >= from && a.year <= to && inputs.statuses.includes(a.status);
}

/** The US awards and recipients the model counts, each once however many stages it spans (a stage row counts an
 * award spanning two stages in both, so the stage rows' counts do not add up to this). */
export function countedUs(us: readonly UsAwardRow[], inputs: Pick<GapInputs, "window" | "statuses">): {us_awards: number; us_recipients: number} {
  const counted = us.filter((a) => countsOnUsSide(a, inputs));
  return {us_awards: new Set(counted.map((a) => a.award_id)).size, us_recipients: new Set(counted.map((a) => a.recipient)).size};
}

/** Totals over stages: sums of the stage rows, except the counts of US awards and recipients, which are distinct
 * counts (`countedUs`): an award spanning several stages is one award. Without `counted` they are null, never a sum. */
export function totalGaps(rows: readonly StageGap[], counted?: {us_awards: number; us_recipients: number}): Omit<StageGap, "stage" | "us_awards" | "us_recipients"> & {us_awards: number | null; us_recipients: number | null} {
  const sum = (k: keyof StageGap) => rows.reduce((s, r) => s + (r[k] as number), 0);
  return {
    china_firms: sum("china_firms"),
    china_firms_unstated: sum("china_firms_unstated"),
    china_low_usd: sum("china_low_usd"),
    china_central_usd: sum("china_central_usd"),
    china_high_usd: sum("china_high_usd"),
    china_sourced_usd: sum("china_sourced_usd"),
    us_usd: sum("us_usd"),
    us_awards: counted?.us_awards ?? null,
    us_recipients: counted?.us_recipients ?? null
  };
}

/** The rows the model runs on: what the named queries return (src/queries/gap-model.ts). */
export interface GapData<C extends ChinaFirmRow = ChinaFirmRow, U extends UsAwardRow = UsAwardRow> {
  china: C[];
  us: U[];
  macro: MacroSeries;
  /** Per-firm support by tier as data/cases/<case>/assumptions/china_support.csv states it. */
  assumedSupport: Record<PipelineTier, TierSupport>;
}

export interface GapModel<C extends ChinaFirmRow = ChinaFirmRow, U extends UsAwardRow = UsAwardRow> extends GapData<C, U> {
  rows: StageGap[];
  total: ReturnType<typeof totalGaps>;
  inputs: GapInputs;
}

/** The model on rows already fetched: stage gaps and totals. `tierSupport` defaults to the assumed support. */
export function gapModelFromRows<C extends ChinaFirmRow, U extends UsAwardRow>(data: GapData<C, U>, p: Omit<GapInputs, "tierSupport"> & {tierSupport?: GapInputs["tierSupport"]}): GapModel<C, U> {
  const inputs: GapInputs = {basis: p.basis, baseYear: p.baseYear, deflator: p.deflator, window: p.window, statuses: p.statuses, chinaYear: p.chinaYear, tierSupport: p.tierSupport ?? data.assumedSupport};
  const rows = computeGaps(data.china, data.us, inputs, data.macro);
  return {...data, rows, total: totalGaps(rows, countedUs(data.us, inputs)), inputs};
}

/**
 * Per-firm support with the reader's central value per tier (the /gaps sliders): low/high widen to include it, and a
 * central value that differs from the assumption's is no longer the sourced figure.
 */
export function withCentralSupport(assumed: Record<PipelineTier, TierSupport>, central: Record<PipelineTier, number>): Record<PipelineTier, TierSupport> {
  return byTier((tier) => {
    const a = tierValue(assumed, tier, "withCentralSupport: assumed support");
    const c = tierValue(central, tier, "withCentralSupport: central support");
    return {low_cny: Math.min(a.low_cny, c), central_cny: c, high_cny: Math.max(a.high_cny, c), central_sourced: a.central_sourced && c === a.central_cny};
  });
}

export function supportFromRows(rows: readonly ({tier: string} & TierSupport)[]): Record<PipelineTier, TierSupport> {
  const out = {} as Record<PipelineTier, TierSupport>;
  for (const t of PIPELINE_TIERS) {
    const r = rows.find((x) => x.tier === t);
    if (!r) throw new Error(`supportFromRows: no support assumption for tier ${t}`);
    out[t] = {low_cny: r.low_cny, central_cny: r.central_cny, high_cny: r.high_cny, central_sourced: r.central_sourced};
  }
  return out;
}
