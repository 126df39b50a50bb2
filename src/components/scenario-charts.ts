// Charts for /scenarios: each scenario inside a matched scope (each side's projected known grant equivalent, all
// stages), each side's own model by stage (small multiples with their own y scales, since stages differ by orders of
// magnitude; no gap: the designated-firm estimate and the US awards are not one scope), and the firms each side
// supports. A solid, B dashed throughout.
import {Plot, html} from "./libs.js";
import {formatUsd} from "../lib/format.js";
import {stageIndex, withTotals, type ProjectionRow} from "../lib/projection.js";
import type {ScopeProjectionRow} from "../lib/scope-projection.js";
import {STAGE_LABELS, type StageOrUnknown} from "../lib/taxonomy.js";
import {chartTitle} from "./chart-layout.js";
import {term} from "../lib/case.js";

const CHINA_FIRMS_SERIES = `China: designated firms (${term("portfolio-owner-short")} portfolio)`;

export const SCENARIO_COLORS = {A: "#5b5b5b", B: "#d95f02"};
const SIDE_COLORS = {china: "#c0392b", us: "#1f4e9c"};
const stageLabel = (s: string) => (s === "total" ? "All stages" : STAGE_LABELS[s as StageOrUnknown] ?? s);

interface Series {
  key: "A" | "B";
  name: string;
  rows: readonly ProjectionRow[];
}

/** One point of a side's line: the value, its scenario and side. */
interface Point {
  year: number;
  stage: string;
  side: string;
  value: number;
  series: string;
  key: "A" | "B";
}

const CHINA_ESTIMATE = "China: designated-firm estimate (central)";
const US_SUPPORT = "US: counted domestic awards + continuation + program";

// Only the fields the panel reads, not a copy of the whole row: Plot reads every point's fields through accessors, and
// the 25-field copies (spread) were slow objects to read and to key (JSON) on every slider change; the chart is the same.
function points(series: readonly Series[], stage: string): Point[] {
  return series.flatMap((s) => {
    const name = `${s.key}: ${s.name}`;
    return withTotals(s.rows)
      .filter((r) => r.stage === stage)
      .flatMap((r) => [
        {year: r.year, stage: r.stage, side: CHINA_ESTIMATE, value: r.china_central_usd, series: name, key: s.key},
        {year: r.year, stage: r.stage, side: US_SUPPORT, value: r.us_usd, series: name, key: s.key}
      ]);
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

/** Lines per side and scenario (colour = side, A solid, B dashed), dots with a tooltip; never a difference of sides. */
function sidesPlot(data: Point[], {width, height, legend, title, name}: {width: number; height: number; legend?: boolean; title?: string; name: string}) {
  const sides = [...new Set(data.map((d) => d.side))];
  const color = {domain: sides, range: sides.map((x) => (x.startsWith("China") ? SIDE_COLORS.china : SIDE_COLORS.us)), legend: legend ?? false};
  const tip = (d: Point) => `${d.series}\n${stageLabel(d.stage)}, ${d.year}\n${d.side}: ${formatUsd(d.value)}`;
  const values = data.map((d) => d.value);
  return Plot.plot({
    ...(title ? chartTitle(title, name) : {ariaLabel: name}),
    width,
    height,
    marginLeft: 64,
    marginTop: 12,
    x: {label: null, tickFormat: "d", ticks: 5},
    y: {label: null, grid: true, tickFormat: usdTicks([...values, 0]), ticks: 4, nice: true, zero: true},
    color,
    marks: [
      // strokeDasharray is a constant in Plot, so one line mark per scenario and side: A solid, B dashed.
      ...(["A", "B"] as const).flatMap((k) => sides.map((side) => Plot.lineY(data.filter((d) => d.key === k && d.side === side), {x: "year", y: "value", stroke: "side", strokeWidth: 2, strokeDasharray: k === "A" ? undefined : "6,3"}))),
      Plot.dot(data, {x: "year", y: "value", fill: "side", r: 2.5, title: tip})
    ]
  });
}

function sidesPanel(data: Point[], {width, height}: {width: number; height: number}) {
  return sidesPlot(data, {width, height, name: `Each side's own model by year, ${stageLabel(data[0]?.stage ?? "total")}: China's designated-firm estimate (central) and US support, cumulative constant USD; not one scope, no gap`});
}

interface ScopeSeries {
  key: "A" | "B";
  name: string;
  rows: readonly ScopeProjectionRow[];
}

/** Each scenario inside the matched scope, all stages: each side's projected known grant equivalent by year. No gap
 * is drawn; where the rule allows one, the cards and the table beside the chart give it. */
export function scopeTotalChart(series: readonly ScopeSeries[], {width, scope}: {width: number; scope: string}) {
  const data: Point[] = series.flatMap((s) =>
    s.rows.filter((r) => r.stage === "total").flatMap((r) => [
      {year: r.year, stage: "total", side: "China: known grant equivalent", value: r.china.ge_usd, series: `${s.key}: ${s.name}`, key: s.key},
      {year: r.year, stage: "total", side: "US: known grant equivalent", value: r.us.ge_usd, series: `${s.key}: ${s.name}`, key: s.key}
    ])
  );
  return sidesPlot(data, {width, height: 280, legend: true, title: `${scope}: each side's known grant equivalent, projected`, name: "Each side's known grant equivalent in the scope by year, all stages, cumulative constant USD; scenario A solid, B dashed."});
}

// The key each stage panel was drawn from (its width and points): an update redraws only the panels whose key changed.
const panelKeys = new WeakMap<Element, string>();

/**
 * Each side's own model by stage, one small panel per stage (own y scale), stages in taxonomy order. Given the grid it drew before
 * (`current`, e.g. from liveChart), updates it in place when it has the same stages and columns: a panel whose points
 * are unchanged (a stage B's program does not fund, when its intake moves) keeps its chart.
 */
export function stageSidesMultiples(series: readonly Series[], {width}: {width: number}, current?: Element | null): HTMLElement {
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
      panel.lastElementChild!.replaceWith(sidesPanel(data, {width: w, height: 150}));
    });
    return current as HTMLElement;
  }
  const panel = ({st, data, key}: (typeof panels)[number]) => {
    const el = html`<div class="stage-panel" data-stage=${st}><h4>${stageLabel(st)}</h4>${sidesPanel(data, {width: w, height: 150})}</div>` as HTMLElement;
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
        {year: r.year, side: CHINA_FIRMS_SERIES, value: r.china_firms, key: s.key, series: `${s.key}: ${s.name}`},
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
    color: {domain: [CHINA_FIRMS_SERIES, "US: funded firms (award recipients + program)"], range: ["#c0392b", "#1f4e9c"], legend: true},
    marks: [
      ...(["A", "B"] as const).map((k) => Plot.lineY(data.filter((d) => d.key === k), {x: "year", y: "value", stroke: "side", strokeWidth: 2, strokeDasharray: k === "A" ? undefined : "6,3"})),
      Plot.dot(data, {x: "year", y: "value", fill: "side", r: 2.5, title: (d: D) => `${d.series}\n${d.side}, ${d.year}: ${Math.round(d.value).toLocaleString("en-US")} firms`})
    ]
  });
}
