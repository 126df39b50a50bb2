// Charts for /sbir: they follow the explorer's filters (each takes the rows of a filtered query).
import {Plot} from "./libs.js";
import {formatInt, formatUsd} from "../lib/format.js";
import {barLayout, chartTitle, linearAt, textWidth, thinTicks, tickCount} from "./chart-layout.js";

interface Opts {
  width: number;
}

export interface YearPhaseRow {
  award_year: number;
  phase: string;
  awards: number;
  amount_usd: number | null;
}

/** Award dollars per year, stacked by phase, on every year from `from` to `to` (the filter's range), so a year with
 * no award shows as a gap rather than disappearing from the axis. */
export function yearPhaseChart(rows: YearPhaseRow[], {width, from, to}: Opts & {from?: number; to?: number}) {
  const present = rows.map((r) => r.award_year);
  const lo = Math.min(from ?? Infinity, ...present);
  const hi = Math.max(to ?? -Infinity, ...present);
  const years = Number.isFinite(lo) && Number.isFinite(hi) ? Array.from({length: hi - lo + 1}, (_, i) => lo + i) : [];
  return Plot.plot({
    ...chartTitle("SBIR/STTR award dollars by year and phase (nominal USD)"),
    width,
    height: 240,
    marginLeft: 70,
    x: {label: "Award year", type: "band", tickFormat: "d", domain: years, ticks: thinTicks(years, width - 90, textWidth("2025"))},
    y: {label: "↑ Award amount (nominal USD)", grid: true, tickFormat: (d: number) => formatUsd(d)},
    color: {domain: ["I", "II"], range: ["#5b8fd6", "#1f4e9c"], legend: true, tickFormat: (p: string) => `Phase ${p}`},
    marks: [
      Plot.barY(rows, Plot.stackY({x: "award_year", y: (d: YearPhaseRow) => d.amount_usd ?? 0, fill: "phase", tip: true, title: (d: YearPhaseRow) => `${d.award_year} Phase ${d.phase}: ${formatInt(d.awards)} awards, ${formatUsd(d.amount_usd)} (source: SBIR.gov award records)`})),
      Plot.ruleY([0])
    ]
  });
}

export interface AgencyRow {
  agency: string;
  awards: number;
  amount_usd: number | null;
}

export function agencyChart(rows: AgencyRow[], {width}: Opts) {
  const text = (d: AgencyRow) => `${formatInt(d.awards)} awards · ${formatUsd(d.amount_usd)}`;
  const max = Math.max(1, ...rows.map((r) => r.amount_usd ?? 0));
  const L = barLayout(width, rows.map((r) => r.agency), rows.map((d) => ({at: linearAt(d.amount_usd ?? 0, 0, max), text: text(d)})), {minRow: 20});
  return Plot.plot({
    ...chartTitle("SBIR/STTR award dollars by agency (nominal USD)"),
    width,
    height: 50 + L.row * rows.length,
    marginLeft: L.marginLeft,
    marginRight: L.marginRight,
    x: {label: "Award amount (nominal USD) →", grid: true, tickFormat: (d: number) => formatUsd(d), ticks: tickCount(width - L.marginLeft - L.marginRight, textWidth("$400.0 m"))},
    y: {label: null, domain: rows.map((r) => r.agency), tickFormat: L.yFormat},
    marks: [
      Plot.barX(rows, {x: (d: AgencyRow) => d.amount_usd ?? 0, y: "agency", fill: "#1f4e9c", tip: true, title: (d: AgencyRow) => `${d.agency}: ${formatInt(d.awards)} awards, ${formatUsd(d.amount_usd)}`}),
      Plot.text(rows, {x: (d: AgencyRow) => d.amount_usd ?? 0, y: "agency", text: (d: AgencyRow) => L.label(text(d)), dx: 6, textAnchor: "start", fontSize: 10})
    ]
  });
}
