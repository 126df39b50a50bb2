// Charts for /us. Status is always visible: obligations, commitments, announcements and authority are different
// things, drawn in a fixed palette from solid (obligated) to pale (announced), never summed silently.
import {Plot} from "./libs.js";
import {STAGE_LABELS, US_STATUSES, type StageOrUnknown} from "../lib/taxonomy.js";
import {formatUsd, formatUsdExact, formatInt} from "../lib/format.js";
import {CONFIDENCE_OPACITY} from "./china-charts.js";

export const STATUS_COLORS = {domain: [...US_STATUSES], range: ["#1f4e9c", "#5b8fd6", "#f0a33a", "#b0b0b0"]};
const usdAxis = (d: number) => formatUsd(d);
const opacity = (d: {confidence?: unknown}) => CONFIDENCE_OPACITY[String(d.confidence)] ?? 1;

interface Opts {
  width: number;
}

export interface YearStatusRow {
  year: number;
  status: string;
  amount_usd: number;
  rows: number;
  confidence: string;
  source_id: string;
}

/** Nominal USD by calendar year, stacked by status. */
export function awardsByYearChart(rows: YearStatusRow[], {width}: Opts) {
  return Plot.plot({
    width,
    height: 280,
    marginLeft: 70,
    x: {label: "Year of award or announcement", type: "band", tickFormat: "d"},
    y: {label: "↑ Nominal USD", grid: true, tickFormat: usdAxis},
    color: {...STATUS_COLORS, legend: true},
    marks: [
      Plot.barY(rows, Plot.stackY({x: "year", y: "amount_usd", fill: "status", fillOpacity: opacity, tip: true, title: (d: YearStatusRow) => `${d.year} · ${d.status}: ${formatUsd(d.amount_usd)} in ${d.rows} row(s) (sources ${d.source_id.replaceAll(";", ", ")}; weakest confidence ${d.confidence})`})),
      Plot.ruleY([0])
    ]
  });
}

export interface GroupStatusRow {
  status: string;
  amount_usd: number | null;
  rows: number;
  source_id: string;
}

/** Amount by a category (instrument or agency), stacked by status; rows without an amount are noted in the title. */
export function byCategoryChart<R extends GroupStatusRow>(rows: R[], {width, key, label}: Opts & {key: keyof R & string; label: string}) {
  const cats = [...new Set(rows.map((r) => String(r[key])))];
  return Plot.plot({
    width,
    height: 40 + 28 * cats.length,
    marginLeft: 120,
    x: {label: "Nominal USD →", grid: true, tickFormat: usdAxis},
    y: {label: null, domain: cats, tickFormat: (s: string) => s.replaceAll("_", " ")},
    color: {...STATUS_COLORS, legend: true},
    marks: [
      Plot.barX(rows, Plot.stackX({x: (d: R) => d.amount_usd ?? 0, y: key, fill: "status", tip: true, title: (d: R) => `${label} ${String(d[key])} · ${d.status}: ${formatUsd(d.amount_usd)} in ${d.rows} row(s) (sources ${d.source_id.replaceAll(";", ", ")})`})),
      Plot.ruleX([0])
    ]
  });
}

export interface StageRow {
  stage: string;
  rows: number;
  recipients: number;
  amount_touching_usd: number | null;
  source_id: string;
}

/** Coverage by stage: distinct funded recipients (bar) with the amount of awards touching the stage (label). */
export function stageChart(rows: StageRow[], {width}: Opts) {
  const label = (d: StageRow) => STAGE_LABELS[d.stage as StageOrUnknown] ?? d.stage;
  const order = Object.keys(STAGE_LABELS).map((k) => STAGE_LABELS[k as StageOrUnknown]);
  return Plot.plot({
    width,
    height: 40 + 28 * rows.length,
    marginLeft: 200,
    marginRight: 170,
    x: {label: "Distinct recipients →", grid: true},
    y: {label: null, domain: order.filter((o) => rows.some((r) => label(r) === o))},
    marks: [
      Plot.barX(rows, {x: "recipients", y: label, fill: (d: StageRow) => (d.stage === "unknown" ? "#c8c8c8" : "#1f4e9c"), tip: true, title: (d: StageRow) => `${label(d)}: ${d.recipients} recipient(s), ${d.rows} award row(s), ${formatUsd(d.amount_touching_usd)} in awards touching this stage (sources ${d.source_id.replaceAll(";", ", ")})`}),
      Plot.text(rows, {x: "recipients", y: label, text: (d: StageRow) => `${d.recipients} · ${formatUsd(d.amount_touching_usd)} touching`, dx: 6, textAnchor: "start", fontSize: 10})
    ]
  });
}

export interface DealRow {
  award_id: string;
  program: string;
  instrument: string;
  status: string;
  amount_usd: number | null;
  source_id: string;
  confidence: string;
}

/** The DoD–MP 2025 partnership by component; components with no fixed amount are drawn as hollow markers. */
export function dealChart(rows: DealRow[], {width}: Opts) {
  const name = (d: DealRow) => d.program.replace(/^DoD-MP 2025 partnership: /, "");
  const withAmount = rows.filter((r) => r.amount_usd !== null);
  const without = rows.filter((r) => r.amount_usd === null);
  return Plot.plot({
    width,
    height: 40 + 32 * rows.length,
    marginLeft: 300,
    marginRight: 120,
    x: {label: "Nominal USD →", grid: true, tickFormat: usdAxis},
    y: {label: null, domain: rows.map(name), tickFormat: (s: string) => (s.length > 46 ? `${s.slice(0, 45)}…` : s)},
    color: {...STATUS_COLORS, legend: true},
    marks: [
      Plot.barX(withAmount, {x: "amount_usd", y: name, fill: "status", tip: true, title: (d: DealRow) => `${name(d)} (${d.instrument}, ${d.status}): ${formatUsdExact(d.amount_usd)} (source ${d.source_id}, confidence ${d.confidence})`}),
      Plot.text(withAmount, {x: "amount_usd", y: name, text: (d: DealRow) => formatUsd(d.amount_usd), dx: 6, textAnchor: "start"}),
      Plot.dot(without, {x: 0, y: name, stroke: "status", r: 6, tip: true, title: (d: DealRow) => `${name(d)} (${d.instrument}, ${d.status}): no fixed amount — terms in the table (source ${d.source_id})`}),
      Plot.text(without, {x: 0, y: name, text: () => "no fixed amount (see terms)", dx: 12, textAnchor: "start", fontSize: 10})
    ]
  });
}

export interface TotalsRow {
  fiscal_year: number;
  program: string;
  amount_usd: number | null;
  basis: string;
  source_id: string;
  confidence: string;
}

const BASIS = {domain: ["obligations", "phase_1_2_table", "sba_report_summary"], range: ["#1f4e9c", "#e07b39", "#8c8c8c"]};
const BASIS_LABELS: Record<string, string> = {obligations: "program obligations", phase_1_2_table: "Phase I+II awards table", sba_report_summary: "SBA report summary"};

/** SBIR and STTR national totals by fiscal year, one series per basis (never spliced across bases). */
export function sbirTotalsChart(rows: TotalsRow[], {width}: Opts) {
  const data = rows.filter((r) => r.amount_usd !== null);
  return Plot.plot({
    width,
    height: 300,
    marginLeft: 70,
    x: {label: "Fiscal year", tickFormat: "d"},
    y: {label: "↑ Nominal USD", grid: true, tickFormat: usdAxis, zero: true},
    fx: {label: null},
    color: {...BASIS, legend: true, tickFormat: (b: string) => BASIS_LABELS[b] ?? b},
    marks: [
      Plot.line(data, {x: "fiscal_year", y: "amount_usd", stroke: "basis", fx: "program", z: "basis"}),
      Plot.dot(data, {x: "fiscal_year", y: "amount_usd", fill: "basis", fx: "program", r: 4, fillOpacity: opacity, tip: true, title: (d: TotalsRow) => `FY${d.fiscal_year} ${d.program} (${BASIS_LABELS[d.basis] ?? d.basis}): ${formatUsdExact(d.amount_usd)} (source ${d.source_id}, confidence ${d.confidence})`})
    ]
  });
}

export interface AgencyRow {
  agency: string;
  program: string;
  amount_usd: number;
  agency_total_usd: number;
  source_id: string;
}

export function sbirAgencyChart(rows: AgencyRow[], {width}: Opts) {
  return Plot.plot({
    width,
    height: 40 + 24 * new Set(rows.map((r) => r.agency)).size,
    marginLeft: 60,
    marginRight: 80,
    x: {label: "FY2022 obligations (nominal USD) →", grid: true, tickFormat: usdAxis},
    y: {label: null, domain: [...new Set(rows.map((r) => r.agency))]},
    color: {domain: ["SBIR", "STTR"], range: ["#1f4e9c", "#5b8fd6"], legend: true},
    marks: [
      Plot.barX(rows, Plot.stackX({x: "amount_usd", y: "agency", fill: "program", tip: true, title: (d: AgencyRow) => `${d.agency} ${d.program}: ${formatUsdExact(d.amount_usd)} (source ${d.source_id})`})),
      Plot.text(rows.filter((r, i, a) => a.findIndex((x) => x.agency === r.agency) === i), {x: "agency_total_usd", y: "agency", text: (d: AgencyRow) => formatUsd(d.agency_total_usd), dx: 6, textAnchor: "start", fontSize: 10})
    ]
  });
}

export interface NihRow {
  fiscal_year: number;
  count_awards: number;
  amount_usd: number;
  source_id: string;
  confidence: string;
}

export function nihChart(rows: NihRow[], {width}: Opts) {
  return Plot.plot({
    width,
    height: 220,
    marginLeft: 70,
    x: {label: "Fiscal year", type: "band", tickFormat: "d"},
    y: {label: "↑ Competing awards (USD)", grid: true, tickFormat: usdAxis},
    marks: [
      Plot.barY(rows, {x: "fiscal_year", y: "amount_usd", fill: "#1f4e9c", fillOpacity: opacity, tip: true, title: (d: NihRow) => `FY${d.fiscal_year}: ${formatInt(d.count_awards)} competing awards, ${formatUsd(d.amount_usd)} (derived sum; source ${d.source_id})`}),
      Plot.text(rows, {x: "fiscal_year", y: "amount_usd", text: (d: NihRow) => formatInt(d.count_awards), dy: -8, fontSize: 9}),
      Plot.ruleY([0])
    ]
  });
}

export interface EventRow {
  event_id: string;
  date: string | null;
  title: string;
  kind: string;
  source_id: string;
}

/** Dated events without money (executive orders, the programme lapse) on a time axis. */
export function eventsChart(rows: EventRow[], {width}: Opts) {
  const dated = rows.filter((r) => r.date).map((r) => ({...r, when: new Date(`${r.date!.length === 4 ? `${r.date}-07-01` : r.date!.length === 7 ? `${r.date}-15` : r.date}T00:00:00Z`)}));
  return Plot.plot({
    width,
    height: 60 + 26 * dated.length,
    marginLeft: 20,
    marginRight: 20,
    x: {type: "utc", label: null, grid: true},
    y: {axis: null, domain: dated.map((d) => d.event_id)},
    marks: [
      Plot.dot(dated, {x: "when", y: "event_id", fill: "kind", r: 5, tip: true, title: (d: EventRow) => `${d.date}: ${d.title} (source ${d.source_id})`}),
      Plot.text(dated, {x: "when", y: "event_id", text: (d: EventRow) => `${d.date} · ${d.title}`, dx: 8, textAnchor: "start", fontSize: 10, lineWidth: 60})
    ]
  });
}
