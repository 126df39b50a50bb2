/**
 * What changed between two scenarios: the inputs that differ and the outputs by stage (A, B, Δ, Δ%). The /scenarios
 * page and `npm run scenario -- diff` both call scenarioDiff, so they print the same numbers. Also the golden
 * summaries (test/goldens/scenarios/*.csv) that make output changes visible in review.
 */
import {formatInt, formatUsd} from "./format.js";
import {CASE} from "./case.js";
import {NUMERIC_COLUMNS, stageIndex, tierColumn, withTotals, type NumericColumn, type ProjectionRow} from "./projection.js";
import type {ScopeProjectionRow} from "./scope-projection.js";
import {flattenInputs, inputLabel, provenanceOf, type InputValue, type ProvenanceKind, type Scenario} from "./scenario.js";

export interface InputDiff {
  path: string;
  label: string;
  a: InputValue;
  b: InputValue;
  a_kind: ProvenanceKind;
  b_kind: ProvenanceKind;
}

/** Inputs whose values differ, in the documented input order. */
export function diffInputs(a: Scenario, b: Scenario): InputDiff[] {
  const fa = flattenInputs(a);
  const fb = flattenInputs(b);
  const out: InputDiff[] = [];
  for (const [path, va] of fa) {
    const vb = fb.get(path)!;
    if (va === vb) continue;
    out.push({path, label: inputLabel(path), a: va, b: vb, a_kind: provenanceOf(a, path).kind, b_kind: provenanceOf(b, path).kind});
  }
  return out;
}

/** Each measure's name, in the order the /scenarios select offers them (a tier column: "China " and the tier's plural). */
export const MEASURES: Record<NumericColumn, string> = {
  us_usd: "US support (cumulative USD)",
  china_central_usd: "China designated-firm estimate, central (cumulative USD)",
  china_low_usd: "China designated-firm estimate, low (cumulative USD)",
  china_high_usd: "China designated-firm estimate, high (cumulative USD)",
  china_sourced_usd: "China designated-firm estimate on sourced per-firm figures (cumulative USD)",
  us_awards_usd: "US awards in the window (USD)",
  us_continuation_usd: "US continuation after 2025 (cumulative USD)",
  us_program_usd: "US program (cumulative USD)",
  china_firms: "China designated firms",
  ...Object.fromEntries(CASE.tiers.filter((t) => t.pipeline).map((t) => [tierColumn(t.id), `China ${t.many}`])),
  china_kinds_unstated: "China kinds of firm without a count",
  china_designations: "China designations in the year",
  us_recipients: "US recipients of counted awards (window)",
  us_program_firms: "US program firms funded in the year",
  us_firms: "US funded firms (recipients + program; a firm at several stages counts at each)"
};
export const MEASURE_NAMES = Object.keys(MEASURES) as NumericColumn[];
export const isMeasure = (m: string): m is NumericColumn => (NUMERIC_COLUMNS as readonly string[]).includes(m);

export interface OutputDiff {
  stage: string;
  a: number;
  b: number;
  delta: number;
  /** (B − A) / A, only when A > 0 and B ≥ 0; null otherwise: a percentage of a negative or zero base, or of a change
   * across zero, misleads (the Δ column gives the change in dollars or firms). */
  delta_pct: number | null;
}

/** One measure in one year, by stage (union of both scenarios' stages, taxonomy order) and the total last. */
export function diffOutputs(a: readonly ProjectionRow[], b: readonly ProjectionRow[], year: number, measure: NumericColumn): OutputDiff[] {
  const pick = (rows: readonly ProjectionRow[]) => new Map(withTotals(rows).filter((r) => r.year === year).map((r) => [r.stage as string, r[measure]]));
  const ma = pick(a);
  const mb = pick(b);
  const stages = [...new Set([...ma.keys(), ...mb.keys()])].sort((x, y) => stageIndex(x) - stageIndex(y));
  return stages.map((stage) => {
    const va = ma.get(stage) ?? 0;
    const vb = mb.get(stage) ?? 0;
    return {stage, a: va, b: vb, delta: vb - va, delta_pct: va > 0 && vb >= 0 ? (vb - va) / va : null};
  });
}

export interface ScenarioDiff {
  a: string;
  b: string;
  year: number;
  measure: NumericColumn;
  inputs: InputDiff[];
  outputs: OutputDiff[];
}

export function scenarioDiff(a: {scenario: Scenario; rows: readonly ProjectionRow[]}, b: {scenario: Scenario; rows: readonly ProjectionRow[]}, year: number, measure: NumericColumn): ScenarioDiff {
  return {a: a.scenario.name, b: b.scenario.name, year, measure, inputs: diffInputs(a.scenario, b.scenario), outputs: diffOutputs(a.rows, b.rows, year, measure)};
}

export const GOLDEN_YEARS = [2025, 2030, 2035] as const;
const GOLDEN_COLUMNS = ["china_firms", "us_firms", "china_low_usd", "china_central_usd", "china_high_usd", "us_usd"] as const satisfies readonly NumericColumn[];
/** The measure the diff shows unless asked for another. */
export const DEFAULT_MEASURE: NumericColumn = "us_usd";

/** Firms to 2 decimals, dollars to whole dollars ("-0" printed as "0"), so goldens diff line by line. */
function goldenValue(column: NumericColumn, v: number): string {
  const s = column.endsWith("_usd") ? Math.round(v).toFixed(0) : v.toFixed(2);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/** The golden summary of a projection: 2025, 2030, 2035; every stage and the total; sorted; CSV with a header. */
export function goldenCsv(rows: readonly ProjectionRow[]): string {
  const lines = [["year", "stage", ...GOLDEN_COLUMNS].join(",")];
  for (const r of withTotals(rows)) {
    if (!(GOLDEN_YEARS as readonly number[]).includes(r.year)) continue;
    lines.push([String(r.year), r.stage, ...GOLDEN_COLUMNS.map((c) => goldenValue(c, r[c]))].join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** The golden summary of a projection inside a matched scope (src/lib/scope-projection.ts): 2025, 2030, 2035; every
 * stage group and the total; each side's GE (whole dollars), priced and known instruments; the gap only where the
 * rule allows it (empty otherwise). */
export function scopeGoldenCsv(rows: readonly ScopeProjectionRow[]): string {
  const usd = (v: number) => goldenValue("us_usd", v);
  const lines = ["year,stage,china_ge_usd,china_priced,china_known,us_ge_usd,us_priced,us_known,gap_usd"];
  for (const r of rows) {
    if (!(GOLDEN_YEARS as readonly number[]).includes(r.year)) continue;
    lines.push([r.year, r.stage, usd(r.china.ge_usd), r.china.priced, r.china.known, usd(r.us.ge_usd), r.us.priced, r.us.known, r.comparison.gap === null ? "" : usd(r.comparison.gap)].join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** Δ% for display: "+12.3%", "−4.0%", "+12,300%"; "—" when there is none (A ≤ 0 or B < 0: see `diffOutputs`). */
export function formatPct(v: number | null): string {
  if (v === null) return "—";
  const pct = Math.abs(100 * v);
  return `${v >= 0 ? "+" : "−"}${pct >= 1000 ? formatInt(pct) : pct.toFixed(1)}%`;
}

/** A measure's value for display: USD scaled ("−$2.53 bn"), firms as whole firms ("38"; the projection's expected
 * values are fractional, a reader counts firms). */
export function formatMeasure(measure: NumericColumn, v: number): string {
  if (measure.endsWith("_usd")) return formatUsd(v);
  return `${v < 0 && Math.round(Math.abs(v)) > 0 ? "−" : ""}${Math.round(Math.abs(v)).toLocaleString("en-US")}`;
}

const shownInput = (v: InputValue) => (v === "" ? "none" : typeof v === "number" ? formatPlainValue(v) : String(v));
const formatPlainValue = (v: number) => new Intl.NumberFormat("en-US", {maximumFractionDigits: 6}).format(v);

/**
 * The title "Save as scenario" gives when the reader types none: the base title while nothing changed; otherwise
 * one made from the values, since the base's title may state a value that no longer holds ("about $50 m a year"):
 * `us-sme-pipeline, adjusted: US program new firms per stage per year 10 (was 5)`, further changes counted, at most
 * 120 characters.
 */
export function savedTitle(base: Scenario, adjusted: Scenario): string {
  const changes = diffInputs(base, adjusted);
  if (!changes.length) return base.title;
  const first = changes[0]!;
  const more = changes.length > 1 ? ` and ${changes.length - 1} more change${changes.length > 2 ? "s" : ""}` : "";
  const title = `${base.name}, adjusted: ${first.label} ${shownInput(first.b)} (was ${shownInput(first.a)})${more}`;
  return title.length <= 120 ? title : `${base.name}, adjusted: ${changes.length} input${changes.length > 1 ? "s" : ""} changed`;
}

/**
 * The scenario "Save as scenario" writes: the adjusted parameters under a new name, with a description that follows
 * its values: what was changed from which scenario (old → new), and the base's own description only when nothing
 * changed. The base's text states the base's values (e.g. "5 new firms a year"), so after a change it would
 * contradict the file it describes; the description points to it instead.
 */
export function savedScenario(base: Scenario, adjusted: Scenario, meta: {name: string; title: string; author_note: string}): Scenario {
  const changes = diffInputs(base, adjusted).map((d) => `${d.label}: ${shownInput(d.a)} → ${shownInput(d.b)}`);
  const title = meta.title.trim() || savedTitle(base, adjusted);
  if (!changes.length) return {...adjusted, name: meta.name, title, author_note: meta.author_note, description: base.description};
  const head = `Adjusted on the /scenarios page from scenario "${base.title}" (${base.name}). Changed: ${changes.join("; ")}.`;
  const tail = ` Every other input is as in ${base.name}, whose description gives the reasons and sources for them (it states ${base.name}'s values, not these).`;
  const text = `${head}${tail}`;
  return {...adjusted, name: meta.name, title, author_note: meta.author_note, description: text.length <= 6000 ? text : `${text.slice(0, 5999)}…`};
}
