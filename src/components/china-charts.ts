// Charts for /china: each takes rows from a named query and returns a Plot figure. Low-confidence and derived
// values are drawn lighter (with the key under the chart: src/components/confidence-key.ts), so uncertainty is
// visible without hovering.
import {Plot} from "./libs.js";
import {TIER_LABELS, STAGE_LABELS, type Tier, type StageOrUnknown} from "../lib/taxonomy.js";
import {formatCount, formatInt} from "../lib/format.js";
import {term} from "../lib/case.js";
import {capitalize} from "../lib/case-text.js";
import {barLayout, chartTitle, keepApart, linearAt, logAt, textWidth, thinTicks} from "./chart-layout.js";

import {confidenceOpacity as opacity, withConfidenceKey} from "./confidence-key.js";
/** A value label drawn over a line keeps a background-coloured outline, so the line does not strike through it. */
const HALO = {fill: "currentColor", stroke: "var(--theme-background)", strokeWidth: 3, paintOrder: "stroke"} as const;
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
  const domain = [1_000, 2_000_000];
  const text = (d: LatestTierRow) => `${formatCount(d.count_firms, d.qualifier)} (${d.as_of})${d.target_firms !== null ? `\n${d.target_year} target ${formatInt(d.target_firms)}` : ""}`;
  const at = (d: LatestTierRow) => Math.max(d.count_firms, d.target_firms ?? 0);
  const L = barLayout(width, order, rows.map((d) => ({at: logAt(at(d), domain[0]!, domain[1]!), text: text(d)})), {dx: 8, minRow: 44});
  return withConfidenceKey(Plot.plot({
    ...chartTitle("Designated firms by tier: latest national count and the 2025 target", "Bars on a log scale from 1,000 firms; a dashed tick marks the 14th Five-Year Plan target for 2025."),
    width,
    height: 50 + L.row * rows.length,
    marginLeft: L.marginLeft,
    marginRight: L.marginRight,
    x: {type: "log", label: "Designated firms (log scale) →", grid: true, domain, ticks: width < 500 ? 3 : undefined, tickFormat: "~s"},
    y: {label: null, domain: order, tickFormat: L.yFormat},
    marks: [
      Plot.barX(rows, {x1: 1_000, x2: "count_firms", y: (d: LatestTierRow) => tierLabel(d.tier), fill: "var(--theme-foreground-focus)", fillOpacity: opacity, tip: true, title: (d: LatestTierRow) => `${tierLabel(d.tier)}: ${formatCount(d.count_firms, d.qualifier)} (as of ${d.as_of}; confidence ${d.confidence})`}),
      Plot.tickX(rows.filter((r) => r.target_firms !== null), {x: "target_firms", y: (d: LatestTierRow) => tierLabel(d.tier), stroke: "var(--theme-foreground)", strokeWidth: 2, strokeDasharray: "3,2"}),
      Plot.text(rows, {x: at, y: (d: LatestTierRow) => tierLabel(d.tier), text: (d: LatestTierRow) => L.label(text(d)), dx: 8, textAnchor: "start", lineHeight: 1.2})
    ]
  }), rows, "shading");
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

/** The batches of the case's top tier (case.json terms `batches`): firms announced per batch, labelled, lighter where the source is weak. */
export function batchesChart(rows: BatchRow[], {width}: ChartOptions) {
  const tick = (b: number) => { const r = rows.find((x) => x.batch === b); return r ? `${b} (${r.year})` : String(b); };
  const marginLeft = 50;
  const ticks = thinTicks(rows.map((r) => r.batch), width - marginLeft - 20, Math.max(0, ...rows.map((r) => textWidth(tick(r.batch)))));
  return withConfidenceKey(Plot.plot({
    ...chartTitle(`National ${term("batch-firms")} announced per batch`, "One bar per MIIT batch, labelled with the year it was announced."),
    width,
    height: 260,
    marginLeft,
    marginTop: 30,
    x: {label: "Batch (year)", type: "band", ticks, tickFormat: tick},
    // Headroom above the tallest bar for its label, below the axis label.
    y: {label: `↑ ${capitalize(term("batch-firms"))} announced`, grid: true, domain: [0, Math.max(1, ...rows.map((r) => r.count_firms_announced)) * 1.12]},
    marks: [
      Plot.barY(rows, {x: "batch", y: "count_firms_announced", fill: "var(--theme-foreground-focus)", fillOpacity: opacity, tip: true, title: (d: BatchRow) => `Batch ${d.batch} (${d.year}): ${formatInt(d.count_firms_announced)} announced${d.count_firms_confirmed !== null ? `, ${formatInt(d.count_firms_confirmed)} confirmed` : ""} (confidence ${d.confidence})`}),
      Plot.text(rows, {x: "batch", y: "count_firms_announced", text: (d: BatchRow) => formatInt(d.count_firms_announced), dy: -8}),
      Plot.ruleY([0])
    ]
  }), rows, "shading");
}

export interface GrowthRow {
  year: number;
  series: string;
  count_firms: number;
  qualifier: string;
  confidence: string;
  source_id: string;
}

/** The cumulative count of the batch tier (terms `batch-firms`): gross (running sum of batch announcements) vs net reported counts. */
export function growthChart(rows: GrowthRow[], {width}: ChartOptions) {
  return withConfidenceKey(Plot.plot({
    ...chartTitle(`Cumulative ${term("batch-firms")}: gross announcements vs net reported count`),
    width,
    height: 280,
    marginLeft: 56,
    x: {label: "Year →", tickFormat: "d"},
    y: {label: `↑ Cumulative ${term("batch-firms")}`, grid: true},
    color: {legend: true, domain: ["gross: sum of batches announced", "net: reported cumulative"], range: ["#9a9a9a", "var(--theme-foreground-focus)"]},
    marks: [
      Plot.lineY(rows.filter((r) => r.series.startsWith("gross")), {x: "year", y: "count_firms", stroke: "series", strokeDasharray: "4,3"}),
      Plot.lineY(rows.filter((r) => r.series.startsWith("net")), {x: "year", y: "count_firms", stroke: "series"}),
      Plot.dot(rows, {x: "year", y: "count_firms", fill: "series", fillOpacity: opacity, r: 4, tip: true, title: (d: GrowthRow) => `${d.series}: ${formatInt(d.count_firms)} (${d.year.toFixed(1)}; source ${d.source_id}, confidence ${d.confidence})`}),
      // Label each net figure once (a figure re-quoted at a later date is not labelled again).
      Plot.text(rows.filter((r, i, all) => r.series.startsWith("net") && all[i - 1]?.count_firms !== r.count_firms), {x: "year", y: "count_firms", text: (d: GrowthRow) => formatCount(d.count_firms, d.qualifier), dy: 14, fontSize: 10, ...HALO}),
      Plot.ruleY([0])
    ]
  }), rows, "shading");
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
  const label = (d: TierSeriesRow) => formatCount(d.count_firms, d.qualifier);
  // Explicit domains, so the labels' positions are known here: a label is drawn only where it overlaps no later one
  // (the latest figures first), and the margins leave room for half a label at either end.
  const times = rows.map((d) => +date(d));
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const yMax = Math.max(1, ...rows.map((d) => d.count_firms)) * 1.15;
  const [height, marginTop, marginBottom] = [240, 20, 30];
  const halfFirst = rows.length ? textWidth(label(rows[times.indexOf(t0)]!)) / 2 + 4 : 0;
  const halfLast = rows.length ? Math.max(...rows.filter((_, i) => times[i] === t1).map((d) => textWidth(label(d)) / 2 + 4)) : 0;
  // The first and last points sit inside the axis by half a label, so their labels clear the y axis and the edge.
  const [marginLeft, marginRight, insetLeft, insetRight] = [64, 12, halfFirst, halfLast];
  const plotPx = width - marginLeft - marginRight - insetLeft - insetRight;
  const px = (d: TierSeriesRow) => marginLeft + insetLeft + linearAt(+date(d), t0, t1) * plotPx;
  const py = (d: TierSeriesRow) => marginTop + (1 - d.count_firms / yMax) * (height - marginTop - marginBottom) - 12;
  const order = rows.map((d, i) => ({d, i})).sort((a, b) => +date(b.d) - +date(a.d) || b.d.count_firms - a.d.count_firms);
  const keep = keepApart(order.map(({d}) => ({x: px(d) - textWidth(label(d)) / 2 - 2, y: py(d) - 8, w: textWidth(label(d)) + 4, h: 16})), width);
  const labelled = order.filter((_, k) => keep[k]).map(({d}) => d);
  // A tick on each 1 January inside the domain (every k-th where they would crowd: a year label needs ~40 px), so a
  // phone shows every year as a desktop does rather than the one or two d3 picks for a narrow axis.
  const jan1 = Array.from({length: Math.max(0, new Date(t1).getUTCFullYear() - new Date(t0).getUTCFullYear())}, (_, i) => new Date(Date.UTC(new Date(t0).getUTCFullYear() + 1 + i, 0, 1)));
  const every = Math.max(1, Math.ceil(jan1.length / Math.max(1, Math.floor(plotPx / 40))));
  const yearTicks = jan1.filter((_, i) => i % every === 0);
  return withConfidenceKey(Plot.plot({
    ...chartTitle(`${tierLabel(tier)} over time`, "Counts as reported at each date; provincial designations drawn as hollow diamonds."),
    width,
    height,
    marginTop,
    marginBottom,
    marginLeft,
    marginRight,
    x: {type: "utc", label: "As of →", domain: t0 === t1 ? [new Date(t0 - 1.6e10), new Date(t1 + 1.6e10)] : [new Date(t0), new Date(t1)], insetLeft, insetRight, ticks: yearTicks.length >= 2 ? yearTicks : Math.max(2, Math.floor(plotPx / 90)), tickFormat: yearTicks.length >= 2 ? "%Y" : undefined},
    y: {label: `↑ ${tierLabel(tier)}`, grid: true, domain: [0, yMax], nice: false},
    symbol: {legend: true, domain: ["national", "provincial_designations"], range: ["circle", "diamond"], tickFormat: (s: string) => s.replace("_", " ")},
    marks: [
      Plot.line(rows, {x: date, y: "count_firms", stroke: "var(--theme-foreground-faint)"}),
      Plot.dot(rows, {x: date, y: "count_firms", symbol: "scope", stroke: "var(--theme-foreground-focus)", fill: (d: TierSeriesRow) => (d.scope === "national" ? "var(--theme-foreground-focus)" : "none"), fillOpacity: opacity, r: 5, tip: true, title: (d: TierSeriesRow) => `${formatCount(d.count_firms, d.qualifier)} as of ${d.as_of} (${d.scope.replace("_", " ")}; confidence ${d.confidence})`}),
      Plot.text(labelled, {x: date, y: "count_firms", text: label, dy: -12, fontSize: 10, ...HALO})
    ]
  }), rows, "shading");
}

export interface BaogangTierRow {
  tier: string;
  count_firms: number;
  count_new: number | null;
  confidence: string;
  source_id: string;
}

/** The case's portfolio (terms `portfolio-owner`) by tier: newly designated vs earlier (or "not stated" when the source does not split). */
export function baogangTierChart(rows: BaogangTierRow[], {width}: ChartOptions) {
  const parts = rows.flatMap((r) =>
    r.count_new === null
      ? [{tier: tierLabel(r.tier), part: "new/earlier split not stated", n: r.count_firms, r}]
      : [
          {tier: tierLabel(r.tier), part: "newly designated", n: r.count_new, r},
          {tier: tierLabel(r.tier), part: "designated earlier (derived)", n: r.count_firms - r.count_new, r}
        ]
  );
  const max = Math.max(1, ...rows.map((r) => r.count_firms));
  const L = barLayout(width, rows.map((r) => tierLabel(r.tier)), rows.map((r) => ({at: linearAt(r.count_firms, 0, max), text: String(r.count_firms)})), {dx: 8});
  return Plot.plot({
    ...chartTitle(`${term("portfolio-owner-short")}'s designated SMEs by tier`, "Newly designated firms and those designated earlier, where the source splits them."),
    width,
    height: 60 + L.row * rows.length,
    marginLeft: L.marginLeft,
    marginRight: L.marginRight,
    x: {label: "Firms →", grid: true},
    y: {label: null, domain: rows.map((r) => tierLabel(r.tier)), tickFormat: L.yFormat},
    color: {legend: true, domain: ["newly designated", "designated earlier (derived)", "new/earlier split not stated"], range: ["var(--theme-foreground-focus)", "#8fb3d9", "#c8c8c8"]},
    marks: [
      Plot.barX(parts, Plot.stackX({x: "n", y: "tier", fill: "part", tip: true, title: (d: (typeof parts)[number]) => `${d.tier} — ${d.part}: ${d.n} (confidence ${d.r.confidence})`})),
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

/** The portfolio by value-chain stage: stated kinds (count where stated; a hollow mark where not) and the unknown rest. */
export function baogangStageChart(rows: BaogangStageRow[], {width}: ChartOptions) {
  const label = (d: BaogangStageRow) => STAGE_LABELS[d.stage as StageOrUnknown] ?? d.stage;
  const counted = rows.filter((r) => r.count_firms !== null);
  const unstated = rows.filter((r) => r.count_firms === null);
  const domain = [...new Set(rows.map(label))];
  const max = Math.max(1, ...counted.map((r) => r.count_firms!));
  const countText = (d: BaogangStageRow) => `${d.count_firms} · ${d.kind}`;
  const unstatedText = (d: BaogangStageRow) => `${d.kind}: count not stated`;
  const L = barLayout(width, domain, [...counted.map((d) => ({at: linearAt(d.count_firms!, 0, max), text: countText(d)})), ...unstated.map((d) => ({at: linearAt(0.5, 0, max), text: unstatedText(d)}))], {dx: 12, share: 0.34});
  return withConfidenceKey(Plot.plot({
    ...chartTitle(`${term("portfolio-owner-short")}'s designated SMEs by value-chain stage`, "Firms whose kind a source states, by the stage that kind implies; the rest are of unknown stage."),
    width,
    height: 60 + L.row * domain.length,
    marginLeft: L.marginLeft,
    marginRight: L.marginRight,
    x: {label: "Firms →", grid: true},
    y: {label: null, domain, tickFormat: L.yFormat},
    marks: [
      Plot.barX(counted, {x: "count_firms", y: label, fill: (d: BaogangStageRow) => (d.stage === "unknown" ? "#c8c8c8" : "var(--theme-foreground-focus)"), fillOpacity: opacity, tip: true, title: (d: BaogangStageRow) => `${label(d)} — ${d.kind}: ${d.count_firms} (confidence ${d.confidence})`}),
      Plot.text(counted, {x: "count_firms", y: label, text: (d: BaogangStageRow) => L.label(countText(d)), dx: 6, textAnchor: "start", fontSize: 10}),
      Plot.dot(unstated, {x: 0.5, y: label, stroke: "var(--theme-foreground-focus)", r: 6, tip: true, title: (d: BaogangStageRow) => `${label(d)} — ${d.kind}: present, count not stated (confidence ${d.confidence})`}),
      Plot.text(unstated, {x: 0.5, y: label, text: (d: BaogangStageRow) => L.label(unstatedText(d)), dx: 12, textAnchor: "start", fontSize: 10})
    ]
  }), counted, "shading");
}
