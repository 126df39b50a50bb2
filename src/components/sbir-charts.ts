// Charts for /sbir: they follow the explorer's filters (each takes the rows of a filtered query).
import {Plot} from "./libs.js";
import {formatInt, formatUsd} from "../lib/format.js";

interface Opts {
  width: number;
}

export interface YearPhaseRow {
  award_year: number;
  phase: string;
  awards: number;
  amount_usd: number | null;
}

/** Award dollars per year, stacked by phase. */
export function yearPhaseChart(rows: YearPhaseRow[], {width}: Opts) {
  return Plot.plot({
    width,
    height: 240,
    marginLeft: 70,
    x: {label: "Award year", type: "band", tickFormat: "d"},
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
  return Plot.plot({
    width,
    height: 40 + 24 * rows.length,
    marginLeft: 60,
    marginRight: 130,
    x: {label: "Award amount (nominal USD) →", grid: true, tickFormat: (d: number) => formatUsd(d)},
    y: {label: null, domain: rows.map((r) => r.agency)},
    marks: [
      Plot.barX(rows, {x: (d: AgencyRow) => d.amount_usd ?? 0, y: "agency", fill: "#1f4e9c", tip: true, title: (d: AgencyRow) => `${d.agency}: ${formatInt(d.awards)} awards, ${formatUsd(d.amount_usd)}`}),
      Plot.text(rows, {x: (d: AgencyRow) => d.amount_usd ?? 0, y: "agency", text: (d: AgencyRow) => `${formatInt(d.awards)} awards · ${formatUsd(d.amount_usd)}`, dx: 6, textAnchor: "start", fontSize: 10})
    ]
  });
}
