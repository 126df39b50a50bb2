// Charts for /scenarios: projected gap (China − US, cumulative constant USD) over 2025–2035 with its low–high band,
// for scenario A and scenario B, in total and by stage (small multiples with their own y scales, since stages differ
// by orders of magnitude), and the firms each side supports.
import {Plot, html} from "./libs.js";
import {formatUsd} from "../lib/format.js";
import {stageIndex, withTotals, type ProjectionRow} from "../lib/projection.js";
import {STAGE_LABELS, type StageOrUnknown} from "../lib/taxonomy.js";
import {chartTitle} from "./chart-layout.js";

export const SCENARIO_COLORS = {A: "#5b5b5b", B: "#d95f02"};
const stageLabel = (s: string) => (s === "total" ? "All stages" : STAGE_LABELS[s as StageOrUnknown] ?? s);

interface Series {
  key: "A" | "B";
  name: string;
  rows: readonly ProjectionRow[];
}

/** What a gap panel reads of a projection row (its marks and tooltip), and the series it belongs to. */
type Point = Pick<ProjectionRow, "year" | "stage" | "gap_low_usd" | "gap_central_usd" | "gap_high_usd" | "china_central_usd" | "us_usd"> & {series: string; key: "A" | "B"};

// Only the fields the panel reads, not a copy of the whole row: Plot reads every point's fields through accessors, and
// the 25-field copies (spread) were slow objects to read and to key (JSON) on every slider change; the chart is the same.
function points(series: readonly Series[], stage: string): Point[] {
  return series.flatMap((s) => {
    const name = `${s.key}: ${s.name}`;
    return withTotals(s.rows)
      .filter((r) => r.stage === stage)
      .map((r) => ({year: r.year, stage: r.stage, gap_low_usd: r.gap_low_usd, gap_central_usd: r.gap_central_usd, gap_high_usd: r.gap_high_usd, china_central_usd: r.china_central_usd, us_usd: r.us_usd, series: name, key: s.key}));
  });
}

/** Tick labels in one unit (bn, m or k by the largest value) with enough decimals that neighbouring ticks differ. */
export function usdTicks(values: readonly number[], ticks = 4): (d: number) => string {
  const max = Math.max(...values.map(Math.abs), 1);
  const [div, unit] = max >= 1e9 ? [1e9, " bn"] : max >= 1e6 ? [1e6, " m"] : max >= 1e3 ? [1e3, " k"] : [1, ""];
  const span = (Math.max(...values) - Math.min(...values)) / div;
  // a flat series has one tick: show it with the precision formatUsd uses (2 decimals in bn, 1 in m)
  const decimals = span > 0 ? Math.min(3, Math.max(0, Math.ceil(-Math.log10(span / ticks)))) : div === 1e9 ? 2 : div === 1 ? 0 : 1;
  return (d: number) => `${d < 0 ? "−" : ""}$${(Math.abs(d) / div).toFixed(decimals)}${unit}`;
}

/** One panel: the gap's low–high band (area), the central line, and a zero rule when zero is in range (forcing zero
 * into the scale would flatten the difference between A and B when both are far below it). */
function gapPanel(data: Point[], {width, height, legend, title}: {width: number; height: number; legend?: boolean; title?: string}) {
  const color = {domain: [...new Set(data.map((d) => d.series))], range: [...new Set(data.map((d) => SCENARIO_COLORS[d.key]))], legend: legend ?? false};
  const tip = (d: Point) =>
    `${d.series}\n${stageLabel(d.stage)}, ${d.year}\nGap (central) ${formatUsd(d.gap_central_usd)}; range ${formatUsd(d.gap_low_usd)} to ${formatUsd(d.gap_high_usd)}\nChina ${formatUsd(d.china_central_usd)} (derived estimate), US ${formatUsd(d.us_usd)}`;
  const values = data.flatMap((d) => [d.gap_low_usd, d.gap_high_usd, d.gap_central_usd]);
  const spansZero = Math.min(...values) <= 0 && Math.max(...values) >= 0;
  const name = `Projected gap (China − US, cumulative constant USD) by year, ${stageLabel(data[0]?.stage ?? "total")}: central line and low–high band for each scenario`;
  return Plot.plot({
    ...(title ? chartTitle(title, name) : {ariaLabel: name}),
    width,
    height,
    marginLeft: 64,
    marginTop: 12,
    x: {label: null, tickFormat: "d", ticks: 5},
    y: {label: null, grid: true, tickFormat: usdTicks(spansZero ? [...values, 0] : values), ticks: 4, nice: true},
    color,
    marks: [
      ...(spansZero ? [Plot.ruleY([0], {stroke: "var(--theme-foreground-muted)"})] : []),
      Plot.areaY(data, {x: "year", y1: "gap_low_usd", y2: "gap_high_usd", fill: "series", fillOpacity: 0.18, curve: "linear"}),
      // strokeDasharray is a constant in Plot, so one line mark per scenario: A solid, B dashed.
      ...(["A", "B"] as const).map((k) => Plot.lineY(data.filter((d) => d.key === k), {x: "year", y: "gap_central_usd", stroke: "series", strokeWidth: 2, strokeDasharray: k === "A" ? undefined : "6,3"})),
      Plot.dot(data, {x: "year", y: "gap_central_usd", fill: "series", r: 2.5, title: tip})
    ]
  });
}

/** Total gap over time for A and B (one chart, with legend). */
export function totalGapChart(series: readonly Series[], {width}: {width: number}) {
  return gapPanel(points(series, "total"), {width, height: 300, legend: true, title: "Projected gap, all stages: China − US, cumulative constant USD"});
}

// The key each stage panel was drawn from (its width and points): an update redraws only the panels whose key changed.
const panelKeys = new WeakMap<Element, string>();

/**
 * The gap by stage, one small panel per stage (own y scale), stages in taxonomy order. Given the grid it drew before
 * (`current`, e.g. from liveChart), updates it in place when it has the same stages and columns: a panel whose points
 * are unchanged (a stage B's program does not fund, when its intake moves) keeps its chart.
 */
export function stageGapMultiples(series: readonly Series[], {width}: {width: number}, current?: Element | null): HTMLElement {
  const stages = [...new Set(series.flatMap((s) => s.rows.map((r) => r.stage as string)))].sort((a, b) => stageIndex(a) - stageIndex(b));
  const cols = width > 900 ? 3 : width > 560 ? 2 : 1;
  const w = Math.floor((width - (cols - 1) * 12) / cols);
  const panels = stages.map((st) => {
    const data = points(series, st);
    return {st, data, key: JSON.stringify([w, data])};
  });
  const columns = `repeat(${cols}, 1fr)`;
  const old = current instanceof HTMLElement && current.classList.contains("stage-multiples") && current.style.gridTemplateColumns === columns ? [...current.children] : null;
  if (old && old.length === stages.length && old.every((el, i) => el.getAttribute("data-stage") === stages[i])) {
    panels.forEach(({data, key}, i) => {
      const panel = old[i]!;
      if (panelKeys.get(panel) === key) return;
      panelKeys.set(panel, key);
      panel.lastElementChild!.replaceWith(gapPanel(data, {width: w, height: 150}));
    });
    return current as HTMLElement;
  }
  const panel = ({st, data, key}: (typeof panels)[number]) => {
    const el = html`<div class="stage-panel" data-stage=${st}><h4>${stageLabel(st)}</h4>${gapPanel(data, {width: w, height: 150})}</div>` as HTMLElement;
    panelKeys.set(el, key);
    return el;
  };
  const grid = html`<div class="stage-multiples">${panels.map(panel)}</div>` as HTMLElement;
  // Columns through the CSSOM, not a style="" attribute (the Content-Security-Policy blocks inline style attributes).
  grid.style.gridTemplateColumns = columns;
  return grid;
}

/** Firms each side supports (all stages): China designated firms and US funded firms, A solid, B dashed. */
export function firmsChart(series: readonly Series[], {width}: {width: number}) {
  const data = series.flatMap((s) =>
    withTotals(s.rows)
      .filter((r) => r.stage === "total")
      .flatMap((r) => [
        {year: r.year, side: "China: designated firms (Baogang portfolio)", value: r.china_firms, key: s.key, series: `${s.key}: ${s.name}`},
        {year: r.year, side: "US: funded firms (award recipients + program)", value: r.us_firms, key: s.key, series: `${s.key}: ${s.name}`}
      ])
  );
  type D = (typeof data)[number];
  return Plot.plot({
    ...chartTitle("Firms each side supports, projected (all stages)", "China's designated firms and US funded firms by year; scenario A solid, B dashed."),
    width,
    height: 260,
    marginLeft: 48,
    x: {label: null, tickFormat: "d"},
    y: {label: "firms", grid: true, zero: true},
    color: {domain: ["China: designated firms (Baogang portfolio)", "US: funded firms (award recipients + program)"], range: ["#c0392b", "#1f4e9c"], legend: true},
    marks: [
      ...(["A", "B"] as const).map((k) => Plot.lineY(data.filter((d) => d.key === k), {x: "year", y: "value", stroke: "side", strokeWidth: 2, strokeDasharray: k === "A" ? undefined : "6,3"})),
      Plot.dot(data, {x: "year", y: "value", fill: "side", r: 2.5, title: (d: D) => `${d.series}\n${d.side}, ${d.year}: ${Math.round(d.value).toLocaleString("en-US")} firms`})
    ]
  });
}
