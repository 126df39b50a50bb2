// Charts of a stage page (/stage/<id>): the matched-scope comparison at the stage over time, and the scenarios'
// projection at the stage. Each side keeps its own line: a gap is stated in words only where the rule allows one.
import {Plot} from "./libs.js";
import {SIDE_COLORS} from "./compare-charts.js";
import {chartTitle, textWidth, tickCount} from "./chart-layout.js";
import {formatUsd, valuationUnit} from "../lib/format.js";
import type {StageYear} from "../queries/stage.js";

const SIDES = {domain: ["China", "US"], range: SIDE_COLORS.range};

/** Each side's known grant equivalent at the stage, counted from the first year of the window to each year. */
export function stageScopeChart(rows: readonly StageYear[], {width, baseYear, basis, stage, scope}: {width: number; baseYear: number; basis: string; stage: string; scope: string}) {
  const points = rows.flatMap((r) => [
    {year: r.year, side: "China", value: r.china.ge_usd, priced: r.china.priced, known: r.china.known},
    {year: r.year, side: "US", value: r.us.ge_usd, priced: r.us.priced, known: r.us.known}
  ]);
  type P = (typeof points)[number];
  const title = (p: P) => `${p.side}, to ${p.year}: ${formatUsd(p.value)} known grant equivalent, ${p.priced} of ${p.known} known instruments priced`;
  return Plot.plot({
    ...chartTitle(`${stage}: each side's known support in the ${scope.toLowerCase()}, cumulative (${valuationUnit(baseYear, basis)})`, "China and the US, each on its own line; a gap is stated under the chart only where the comparison rule allows one."),
    width,
    height: 260,
    marginLeft: textWidth("$400.0 m") + 12,
    x: {label: null, tickFormat: (d: number) => String(d), ticks: tickCount(width - 80, textWidth("2020") + 16)},
    y: {label: `${valuationUnit(baseYear, basis)}, cumulative ↑`, grid: true, tickFormat: (d: number) => formatUsd(d), ticks: 4},
    color: {...SIDES, legend: true},
    marks: [
      Plot.ruleY([0]),
      Plot.line(points, {x: "year", y: "value", stroke: "side", curve: "step-after"}),
      Plot.dot(points, {x: "year", y: "value", stroke: "side", r: 2.5, title, tip: true})
    ]
  });
}

export interface StageProjectionRow {
  scenario: string;
  year: number;
  china_central_usd: number;
  us_usd: number;
}

/** The scenarios' projection at the stage: China's designated-firm estimate (central) and US support, one panel each
 * (not one scope, so never set against each other), a line per scenario; log scale, zero values not drawn. */
export function stageProjectionChart(rows: readonly StageProjectionRow[], {width, titles, stage}: {width: number; titles: Record<string, string>; stage: string}) {
  const PANELS = ["China: estimate (central)", "US: support"];
  const points = rows.flatMap((r) => [
    {scenario: titles[r.scenario] ?? r.scenario, year: r.year, panel: PANELS[0]!, value: r.china_central_usd},
    {scenario: titles[r.scenario] ?? r.scenario, year: r.year, panel: PANELS[1]!, value: r.us_usd}
  ]).filter((p) => p.value > 0);
  type P = (typeof points)[number];
  return Plot.plot({
    ...chartTitle(`${stage}: the scenarios' projection to 2035 (cumulative constant USD, log scale)`, "Top panel China's designated-firm estimate (central), bottom panel the US support the scenario counts; each scenario in its own valuation; zero values not drawn."),
    width,
    height: 380,
    marginLeft: textWidth("$400.0 m") + 12,
    x: {label: null, tickFormat: (d: number) => String(d), ticks: tickCount(width - 80, textWidth("2030") + 16)},
    y: {type: "log", nice: true, label: null, grid: true, tickFormat: (d: number) => formatUsd(d), ticks: 3},
    marginTop: 24,
    fy: {label: null, domain: PANELS, axis: null},
    // Categorical even with no points (a stage where every value is zero): Plot would otherwise draw a continuous
    // ramp legend, whose inline style the Content-Security-Policy does not allow (scripts/csp.ts).
    color: {type: "categorical", legend: true},
    marks: [
      Plot.frame({strokeOpacity: 0.2}),
      Plot.text(PANELS, {fy: (d: string) => d, text: (d: string) => d, frameAnchor: "top-left", dy: -14, fontWeight: "bold"}),
      Plot.line(points, {x: "year", y: "value", fy: "panel", stroke: "scenario"}),
      Plot.dot(points, {x: "year", y: "value", fy: "panel", stroke: "scenario", r: 2, title: (p: P) => `${p.scenario}, ${p.year}: ${formatUsd(p.value)}`, tip: true})
    ]
  });
}
