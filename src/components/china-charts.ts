// Charts for /china: each takes rows from a named query and returns a Plot figure. Low-confidence and derived
// values are drawn lighter (with a legend line), so uncertainty is visible without hovering.
import {Plot} from "./libs.js";
import {TIER_LABELS, STAGE_LABELS, type Tier, type StageOrUnknown} from "../lib/taxonomy.js";
import {formatCount, formatInt} from "../lib/format.js";

export const CONFIDENCE_OPACITY: Record<string, number> = {high: 1, medium: 0.85, low: 0.45, derived: 0.45};
const opacity = (d: {confidence?: unknown}) => CONFIDENCE_OPACITY[String(d.confidence)] ?? 1;
const tierLabel = (t: unknown) => TIER_LABELS[t as Tier] ?? String(t);

interface ChartOptions {
  width: number;
}

export interface LatestTierRow {
  tier: string;
  as_of: string;
  count_firms: number;
  qualifier: string;
  confidence: string;
  source_id: string;
  target_firms: number | null;
  target_year: number | null;
  level: number;
}

/** The tier pyramid: latest national count per tier (log scale) with the 14th FYP 2025 target as a tick. */
export function tierPyramid(rows: LatestTierRow[], {width}: ChartOptions) {
  const order = rows.map((r) => tierLabel(r.tier));
  return Plot.plot({
    width,
    height: 200,
    marginLeft: 230,
    marginRight: 150,
    x: {type: "log", label: "Designated firms (log scale) →", grid: true, domain: [1_000, 2_000_000]},
    y: {label: null, domain: order},
    marks: [
      Plot.barX(rows, {x1: 1_000, x2: "count_firms", y: (d: LatestTierRow) => tierLabel(d.tier), fill: "var(--theme-foreground-focus)", fillOpacity: opacity, tip: true, title: (d: LatestTierRow) => `${tierLabel(d.tier)}: ${formatCount(d.count_firms, d.qualifier)} (as of ${d.as_of}; source ${d.source_id}, confidence ${d.confidence})`}),
      Plot.tickX(rows.filter((r) => r.target_firms !== null), {x: "target_firms", y: (d: LatestTierRow) => tierLabel(d.tier), stroke: "var(--theme-foreground)", strokeWidth: 2, strokeDasharray: "3,2"}),
      Plot.text(rows, {x: (d: LatestTierRow) => Math.max(d.count_firms, d.target_firms ?? 0), y: (d: LatestTierRow) => tierLabel(d.tier), text: (d: LatestTierRow) => `${formatCount(d.count_firms, d.qualifier)} (${d.as_of})${d.target_firms !== null ? `\n${d.target_year} target ${formatInt(d.target_firms)}` : ""}`, dx: 8, textAnchor: "start", lineHeight: 1.2})
    ]
  });
}

export interface BatchRow {
  batch: number;
  year: number;
  count_firms_announced: number;
  count_firms_confirmed: number | null;
  cumulative_gross: number;
  confidence: string;
  source_id: string;
}

/** Little-giant batches: firms announced per batch, labelled, lighter where the source is weak. */
export function batchesChart(rows: BatchRow[], {width}: ChartOptions) {
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 50,
    x: {label: "Batch (year)", type: "band", tickFormat: (b: number) => { const r = rows.find((x) => x.batch === b); return r ? `${b} (${r.year})` : String(b); }},
    y: {label: "↑ Little giants announced", grid: true},
    marks: [
      Plot.barY(rows, {x: "batch", y: "count_firms_announced", fill: "var(--theme-foreground-focus)", fillOpacity: opacity, tip: true, title: (d: BatchRow) => `Batch ${d.batch} (${d.year}): ${formatInt(d.count_firms_announced)} announced${d.count_firms_confirmed !== null ? `, ${formatInt(d.count_firms_confirmed)} confirmed` : ""} (source ${d.source_id}, confidence ${d.confidence})`}),
      Plot.text(rows, {x: "batch", y: "count_firms_announced", text: (d: BatchRow) => formatInt(d.count_firms_announced), dy: -8}),
      Plot.ruleY([0])
    ]
  });
}

export interface GrowthRow {
  year: number;
  series: string;
  count_firms: number;
  qualifier: string;
  confidence: string;
  source_id: string;
}

/** Cumulative little giants: gross (running sum of batch announcements) vs net reported counts. */
export function growthChart(rows: GrowthRow[], {width}: ChartOptions) {
  return Plot.plot({
    width,
    height: 280,
    marginLeft: 56,
    x: {label: "Year →", tickFormat: "d"},
    y: {label: "↑ Cumulative little giants", grid: true},
    color: {legend: true, domain: ["gross: sum of batches announced", "net: reported cumulative"], range: ["#9a9a9a", "var(--theme-foreground-focus)"]},
    marks: [
      Plot.lineY(rows.filter((r) => r.series.startsWith("gross")), {x: "year", y: "count_firms", stroke: "series", strokeDasharray: "4,3"}),
      Plot.lineY(rows.filter((r) => r.series.startsWith("net")), {x: "year", y: "count_firms", stroke: "series"}),
      Plot.dot(rows, {x: "year", y: "count_firms", fill: "series", fillOpacity: opacity, r: 4, tip: true, title: (d: GrowthRow) => `${d.series}: ${formatInt(d.count_firms)} (${d.year.toFixed(1)}; source ${d.source_id}, confidence ${d.confidence})`}),
      // Label each net figure once (a figure re-quoted at a later date is not labelled again).
      Plot.text(rows.filter((r, i, all) => r.series.startsWith("net") && all[i - 1]?.count_firms !== r.count_firms), {x: "year", y: "count_firms", text: (d: GrowthRow) => formatCount(d.count_firms, d.qualifier), dy: 14, fontSize: 10}),
      Plot.ruleY([0])
    ]
  });
}

export interface TierSeriesRow {
  as_of: string;
  year: number;
  count_firms: number;
  qualifier: string;
  scope: string;
  source_id: string;
  confidence: string;
}

/** One tier's national count over time; provincial-designation figures drawn hollow. */
export function tierSeriesChart(rows: TierSeriesRow[], {width, tier}: ChartOptions & {tier: string}) {
  const date = (d: TierSeriesRow) => new Date(`${d.as_of.length === 4 ? `${d.as_of}-07` : d.as_of.slice(0, 7)}-01T00:00:00Z`);
  return Plot.plot({
    width,
    height: 240,
    x: {type: "utc", label: "As of →"},
    marginLeft: 64,
    y: {label: `↑ ${tierLabel(tier)}`, grid: true, zero: true},
    symbol: {legend: true, domain: ["national", "provincial_designations"], range: ["circle", "diamond"], tickFormat: (s: string) => s.replace("_", " ")},
    marks: [
      Plot.line(rows, {x: date, y: "count_firms", stroke: "var(--theme-foreground-faint)"}),
      Plot.dot(rows, {x: date, y: "count_firms", symbol: "scope", stroke: "var(--theme-foreground-focus)", fill: (d: TierSeriesRow) => (d.scope === "national" ? "var(--theme-foreground-focus)" : "none"), fillOpacity: opacity, r: 5, tip: true, title: (d: TierSeriesRow) => `${formatCount(d.count_firms, d.qualifier)} as of ${d.as_of} (${d.scope}; source ${d.source_id}, confidence ${d.confidence})`}),
      Plot.text(rows, {x: date, y: "count_firms", text: (d: TierSeriesRow) => formatCount(d.count_firms, d.qualifier), dy: -12, fontSize: 10})
    ]
  });
}

export interface BaogangTierRow {
  tier: string;
  count_firms: number;
  count_new: number | null;
  confidence: string;
  source_id: string;
}

/** Baogang portfolio by tier: newly designated vs earlier (or "not stated" when the source does not split). */
export function baogangTierChart(rows: BaogangTierRow[], {width}: ChartOptions) {
  const parts = rows.flatMap((r) =>
    r.count_new === null
      ? [{tier: tierLabel(r.tier), part: "new/earlier split not stated", n: r.count_firms, r}]
      : [
          {tier: tierLabel(r.tier), part: "newly designated", n: r.count_new, r},
          {tier: tierLabel(r.tier), part: "designated earlier (derived)", n: r.count_firms - r.count_new, r}
        ]
  );
  return Plot.plot({
    width,
    height: 180,
    marginLeft: 230,
    x: {label: "Firms →", grid: true},
    y: {label: null, domain: rows.map((r) => tierLabel(r.tier))},
    color: {legend: true, domain: ["newly designated", "designated earlier (derived)", "new/earlier split not stated"], range: ["var(--theme-foreground-focus)", "#8fb3d9", "#c8c8c8"]},
    marks: [
      Plot.barX(parts, Plot.stackX({x: "n", y: "tier", fill: "part", tip: true, title: (d: (typeof parts)[number]) => `${d.tier} — ${d.part}: ${d.n} (source ${d.r.source_id}, confidence ${d.r.confidence})`})),
      Plot.text(rows, {x: "count_firms", y: (d: BaogangTierRow) => tierLabel(d.tier), text: (d: BaogangTierRow) => String(d.count_firms), dx: 8, textAnchor: "start"})
    ]
  });
}

export interface BaogangStageRow {
  stage: string;
  kind: string;
  count_firms: number | null;
  count_unstated: boolean;
  confidence: string;
  source_id: string;
}

/** Baogang by value-chain stage: stated kinds (count where stated; a hollow mark where not) and the unknown rest. */
export function baogangStageChart(rows: BaogangStageRow[], {width}: ChartOptions) {
  const label = (d: BaogangStageRow) => STAGE_LABELS[d.stage as StageOrUnknown] ?? d.stage;
  const counted = rows.filter((r) => r.count_firms !== null);
  const unstated = rows.filter((r) => r.count_firms === null);
  return Plot.plot({
    width,
    height: 60 + 34 * new Set(rows.map(label)).size,
    marginLeft: 200,
    marginRight: 200,
    x: {label: "Firms →", grid: true},
    y: {label: null, domain: [...new Set(rows.map(label))]},
    marks: [
      Plot.barX(counted, {x: "count_firms", y: label, fill: (d: BaogangStageRow) => (d.stage === "unknown" ? "#c8c8c8" : "var(--theme-foreground-focus)"), fillOpacity: opacity, tip: true, title: (d: BaogangStageRow) => `${label(d)} — ${d.kind}: ${d.count_firms} (source ${d.source_id}, confidence ${d.confidence})`}),
      Plot.text(counted, {x: "count_firms", y: label, text: (d: BaogangStageRow) => `${d.count_firms} · ${d.kind}`, dx: 6, textAnchor: "start", fontSize: 10}),
      Plot.dot(unstated, {x: 0.5, y: label, stroke: "var(--theme-foreground-focus)", r: 6, tip: true, title: (d: BaogangStageRow) => `${label(d)} — ${d.kind}: present, count not stated (source ${d.source_id}, confidence ${d.confidence})`}),
      Plot.text(unstated, {x: 0.5, y: label, text: (d: BaogangStageRow) => `${d.kind}: count not stated`, dx: 12, textAnchor: "start", fontSize: 10})
    ]
  });
}
