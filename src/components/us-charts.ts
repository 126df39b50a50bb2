// Charts for /us. Status is always visible: obligations, commitments, announcements and authority are different
// things, drawn in four distinct hues (not shades of one: a pale bar would read as "less certain"), never summed
// silently. Confidence is stripes where colour means status, shading in one-colour charts (confidence-key.ts).
import {Plot} from "./libs.js";
import {STAGE_LABELS, US_STATUSES, usInstrumentLabel, type StageOrUnknown} from "../lib/taxonomy.js";
import {formatCountOf, formatUsd, formatUsdExact, formatInt} from "../lib/format.js";
import {confidenceOpacity as opacity, isWeak, stripesPattern, withConfidenceKey} from "./confidence-key.js";
import {term} from "../lib/case.js";
import {capitalize} from "../lib/case-text.js";
import {dealComponentName} from "../lib/deal.js";
import {barLayout, chartTitle, labelAxis, linearAt, textWidth, thinTicks, tickCount, wrapText} from "./chart-layout.js";

export const STATUS_COLORS = {domain: [...US_STATUSES], range: ["#1f4e9c", "#2a9d8f", "#f0a33a", "#9e9e9e"]};
const usdAxis = (d: number) => formatUsd(d);

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
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  return withConfidenceKey(Plot.plot({
    ...chartTitle("Curated US awards by year and status (nominal USD)"),
    width,
    height: 280,
    marginLeft: 70,
    x: {label: "Year of award or announcement", type: "band", tickFormat: "d", domain: years, ticks: thinTicks(years, width - 90, textWidth("2025"))},
    y: {label: "↑ Nominal USD", grid: true, tickFormat: usdAxis},
    color: {...STATUS_COLORS, legend: true},
    marks: [
      stripesPattern("stripes-us-year"),
      Plot.barY(rows, Plot.stackY({x: "year", y: "amount_usd", fill: "status", tip: true, title: (d: YearStatusRow) => `${d.year} · ${d.status}: ${formatUsd(d.amount_usd)} in ${d.rows} row(s) (weakest confidence ${d.confidence})`})),
      // The same stack again, striped where the weakest row is of low confidence or derived (transparent elsewhere).
      Plot.barY(rows, Plot.stackY({x: "year", y: "amount_usd", fill: (d: YearStatusRow) => (isWeak(d) ? "url(#stripes-us-year)" : "none")})),
      Plot.ruleY([0])
    ]
  }), rows, "stripes");
}

export interface GroupStatusRow {
  status: string;
  amount_usd: number | null;
  rows: number;
  source_id: string;
}

/** Amount by a category (instrument or agency), stacked by status; rows without an amount are noted in the title. */
export function byCategoryChart<R extends GroupStatusRow>(rows: R[], {width, key, label, format = (c: string) => c.replaceAll("_", " ")}: Opts & {key: keyof R & string; label: string; format?: (category: string) => string}) {
  const cats = [...new Set(rows.map((r) => String(r[key])))];
  const axis = labelAxis(cats.map(format), width, {share: 0.3});
  return Plot.plot({
    ...chartTitle(`Curated US awards by ${label.toLowerCase()} and status (nominal USD)`),
    width,
    height: 50 + Math.max(28, 12 * axis.lines + 8) * cats.length,
    marginLeft: axis.margin,
    marginRight: 24,
    x: {label: "Nominal USD →", grid: true, tickFormat: usdAxis, ticks: tickCount(width - axis.margin, textWidth("$400.0 m"))},
    y: {label: null, domain: cats, tickFormat: (s: string) => axis.format(format(s))},
    color: {...STATUS_COLORS, legend: true},
    marks: [
      Plot.barX(rows, Plot.stackX({x: (d: R) => d.amount_usd ?? 0, y: key, fill: "status", tip: true, title: (d: R) => `${label} ${format(String(d[key]))} · ${d.status}: ${formatUsd(d.amount_usd)} in ${d.rows} row(s)`})),
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
  const order = Object.values(STAGE_LABELS);
  const domain = order.filter((o) => rows.some((r) => label(r) === o));
  const text = (d: StageRow) => `${d.recipients} · ${formatUsd(d.amount_touching_usd)} in awards`;
  const max = Math.max(1, ...rows.map((r) => r.recipients));
  const L = barLayout(width, domain, rows.map((d) => ({at: linearAt(d.recipients, 0, max), text: text(d)})), {share: 0.34});
  return Plot.plot({
    ...chartTitle("Distinct US recipients by value-chain stage", "Bar: recipients funded at the stage; label: recipients and the amount of the awards touching the stage (an award touching several stages counts at each)."),
    width,
    height: 50 + L.row * domain.length,
    marginLeft: L.marginLeft,
    marginRight: L.marginRight,
    x: {label: "Distinct recipients →", grid: true, ticks: tickCount(width - L.marginLeft - L.marginRight, textWidth("100"))},
    y: {label: null, domain, tickFormat: L.yFormat},
    marks: [
      Plot.barX(rows, {x: "recipients", y: label, fill: (d: StageRow) => (d.stage === "unknown" ? "#c8c8c8" : "#1f4e9c"), tip: true, title: (d: StageRow) => `${label(d)}: ${formatCountOf(d.recipients, "recipient")}, ${formatCountOf(d.rows, "award row")}, ${formatUsd(d.amount_touching_usd)} in awards touching this stage`}),
      Plot.text(rows, {x: "recipients", y: label, text: (d: StageRow) => L.label(text(d)), dx: 6, textAnchor: "start", fontSize: 10})
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

export {dealComponentName};

/** The case's featured deal (case.json terms `us-deal`) by component; components with no fixed amount are drawn as
 * hollow markers. */
export function dealChart(rows: DealRow[], {width}: Opts) {
  const component = dealComponentName(rows);
  const name = (d: DealRow) => component(d.program);
  const withAmount = rows.filter((r) => r.amount_usd !== null);
  const without = rows.filter((r) => r.amount_usd === null);
  const max = Math.max(1, ...withAmount.map((r) => r.amount_usd!));
  const NONE = "no fixed amount (see terms)";
  const L = barLayout(width, rows.map(name), [...withAmount.map((d) => ({at: linearAt(d.amount_usd!, 0, max), text: formatUsd(d.amount_usd)})), ...without.map(() => ({at: 0, text: NONE}))], {dx: 12, share: 0.4});
  return Plot.plot({
    ...chartTitle(`${capitalize(term("us-deal"))} by component (nominal USD)`, "Components with a fixed amount as bars; those without one as hollow markers."),
    width,
    height: 50 + L.row * rows.length,
    marginLeft: L.marginLeft,
    marginRight: L.marginRight,
    x: {label: "Nominal USD →", grid: true, tickFormat: usdAxis, ticks: tickCount(width - L.marginLeft - L.marginRight, textWidth("$400.0 m"))},
    y: {label: null, domain: rows.map(name), tickFormat: L.yFormat},
    color: {...STATUS_COLORS, legend: true},
    marks: [
      Plot.barX(withAmount, {x: "amount_usd", y: name, fill: "status", tip: true, title: (d: DealRow) => `${name(d)} (${usInstrumentLabel(d.instrument)}, ${d.status}): ${formatUsdExact(d.amount_usd)} (confidence ${d.confidence})`}),
      Plot.text(withAmount, {x: "amount_usd", y: name, text: (d: DealRow) => L.label(formatUsd(d.amount_usd)), dx: 6, textAnchor: "start"}),
      Plot.dot(without, {x: 0, y: name, stroke: "status", r: 6, tip: true, title: (d: DealRow) => `${name(d)} (${usInstrumentLabel(d.instrument)}, ${d.status}): no fixed amount — terms in the table`}),
      Plot.text(without, {x: 0, y: name, text: () => L.label(NONE), dx: 12, textAnchor: "start", fontSize: 10})
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

// Not the status hues (a basis is not a status): green, brown, magenta.
const BASIS = {domain: ["obligations", "phase_1_2_table", "sba_report_summary"], range: ["#1b7837", "#a6611a", "#c51b7d"]};
const BASIS_LABELS: Record<string, string> = {obligations: "program obligations", phase_1_2_table: "Phase I+II awards table", sba_report_summary: "SBA report summary"};

/** SBIR and STTR national totals by fiscal year, one series per basis (never spliced across bases). */
export function sbirTotalsChart(rows: TotalsRow[], {width}: Opts) {
  const data = rows.filter((r) => r.amount_usd !== null);
  return withConfidenceKey(Plot.plot({
    ...chartTitle("SBIR and STTR totals by fiscal year (nominal USD)", "One line per basis of the figures; bases are never joined into one series."),
    width,
    height: 300,
    marginLeft: 70,
    // Two panels (SBIR, STTR) side by side: a tick label needs ~50 px.
    x: {label: "Fiscal year", tickFormat: "d", ticks: Math.max(2, Math.min(6, Math.floor((width - 90) / 2 / 50)))},
    y: {label: "↑ Nominal USD", grid: true, tickFormat: usdAxis, zero: true},
    fx: {label: null},
    color: {...BASIS, legend: true, tickFormat: (b: string) => BASIS_LABELS[b] ?? b},
    marks: [
      Plot.line(data, {x: "fiscal_year", y: "amount_usd", stroke: "basis", fx: "program", z: "basis"}),
      Plot.dot(data, {x: "fiscal_year", y: "amount_usd", fill: "basis", fx: "program", r: 4, fillOpacity: opacity, tip: true, title: (d: TotalsRow) => `FY${d.fiscal_year} ${d.program} (${BASIS_LABELS[d.basis] ?? d.basis}): ${formatUsdExact(d.amount_usd)} (confidence ${d.confidence})`})
    ]
  }), data, "shading");
}

export interface AgencyRow {
  agency: string;
  program: string;
  amount_usd: number;
  agency_total_usd: number;
  source_id: string;
}

export function sbirAgencyChart(rows: AgencyRow[], {width}: Opts) {
  const agencies = [...new Set(rows.map((r) => r.agency))];
  const totals = rows.filter((r, i, a) => a.findIndex((x) => x.agency === r.agency) === i);
  const max = Math.max(1, ...totals.map((r) => r.agency_total_usd));
  const L = barLayout(width, agencies, totals.map((d) => ({at: linearAt(d.agency_total_usd, 0, max), text: formatUsd(d.agency_total_usd)})), {minRow: 20});
  return Plot.plot({
    ...chartTitle("FY2022 SBIR and STTR obligations by agency (nominal USD)"),
    width,
    height: 50 + L.row * agencies.length,
    marginLeft: L.marginLeft,
    marginRight: L.marginRight,
    x: {label: "FY2022 obligations (nominal USD) →", grid: true, tickFormat: usdAxis, ticks: tickCount(width - L.marginLeft - L.marginRight, textWidth("$400.0 m"))},
    y: {label: null, domain: agencies, tickFormat: L.yFormat},
    color: {domain: ["SBIR", "STTR"], range: ["#5e3c99", "#b2abd2"], legend: true},
    marks: [
      Plot.barX(rows, Plot.stackX({x: "amount_usd", y: "agency", fill: "program", tip: true, title: (d: AgencyRow) => `${d.agency} ${d.program}: ${formatUsdExact(d.amount_usd)}`})),
      Plot.text(totals, {x: "agency_total_usd", y: "agency", text: (d: AgencyRow) => formatUsd(d.agency_total_usd), dx: 6, textAnchor: "start", fontSize: 10})
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
  const years = rows.map((r) => r.fiscal_year);
  const plot = width - 90;
  // Counts above the bars only where they fit the bar's width; every count is in the tooltip and the table.
  const fits = textWidth("1,337", 9) + 4 <= plot / Math.max(1, years.length);
  return withConfidenceKey(Plot.plot({
    ...chartTitle("NIH SBIR/STTR competing awards by fiscal year (USD)", "Bar: amount of competing awards; label: number of awards."),
    width,
    height: 220,
    marginLeft: 70,
    x: {label: "Fiscal year", type: "band", tickFormat: "d", ticks: thinTicks(years, plot, textWidth("2025"))},
    y: {label: "↑ Competing awards (USD)", grid: true, tickFormat: usdAxis},
    marks: [
      Plot.barY(rows, {x: "fiscal_year", y: "amount_usd", fill: "#1f4e9c", fillOpacity: opacity, tip: true, title: (d: NihRow) => `FY${d.fiscal_year}: ${formatInt(d.count_awards)} competing awards, ${formatUsd(d.amount_usd)} (derived sum)`}),
      ...(fits ? [Plot.text(rows, {x: "fiscal_year", y: "amount_usd", text: (d: NihRow) => formatInt(d.count_awards), dy: -8, fontSize: 9})] : []),
      Plot.ruleY([0])
    ]
  }), rows, "shading");
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
  const [marginLeft, marginRight] = [20, 20];
  const times = dated.map((d) => +d.when);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const plot = width - marginLeft - marginRight;
  const x = (d: (typeof dated)[number]) => marginLeft + linearAt(+d.when, t0, t1) * plot;
  // Each label on the side of its dot with more room (left of dots in the right half), wrapped to that room.
  const right = (d: (typeof dated)[number]) => x(d) < marginLeft + plot / 2;
  const text = (d: (typeof dated)[number]) => wrapText(`${d.date} · ${d.title}`, (right(d) ? width - x(d) : x(d)) - 14, 10, 4);
  const lines = (d: (typeof dated)[number]) => text(d).split("\n").length;
  const row = Math.max(26, 12 * Math.max(1, ...dated.map(lines)) + 6);
  return Plot.plot({
    ...chartTitle(`US ${term("chain")} and SBIR events, by date`, "Executive orders, programme milestones and other dated events without an amount."),
    width,
    height: 60 + row * dated.length,
    marginLeft,
    marginRight,
    x: {type: "utc", label: null, grid: true, domain: [new Date(t0), new Date(t1)], ticks: Math.max(2, Math.floor(plot / 90))},
    y: {axis: null, domain: dated.map((d) => d.event_id)},
    color: {legend: true, tickFormat: (k: string) => k.replaceAll("_", " ")},
    marks: [
      Plot.dot(dated, {x: "when", y: "event_id", fill: "kind", r: 5, tip: true, title: (d: EventRow) => `${d.date}: ${d.title}`}),
      Plot.text(dated.filter(right), {x: "when", y: "event_id", text, dx: 8, textAnchor: "start", fontSize: 10}),
      Plot.text(dated.filter((d) => !right(d)), {x: "when", y: "event_id", text, dx: -8, textAnchor: "end", fontSize: 10})
    ]
  });
}
