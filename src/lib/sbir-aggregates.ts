// Splits the rows of the /sbir aggregates query (src/queries/sbir.ts `aggregates`) into what the page shows: the
// summary, awards by year × phase, by agency, and rare-earth matches by stage. Year and agency rows arrive split by
// source_id; here they are added up and their source ids joined (sorted, ";"), so each bar keeps its provenance.

import {formatInt} from "./format.js";
import {term} from "./case.js";

/** Years as runs, in words: [2001, 2002, 2017, 2018, 2024] → "2001–2002, 2017–2018 and 2024". */
export function yearRuns(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    runs.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return runs.length <= 1 ? (runs[0] ?? "no year") : `${runs.slice(0, -1).join(", ")} and ${runs[runs.length - 1]}`;
}

/** What the /sbir facets query says of the award table. */
export interface SbirFacets {
  min_year: number;
  max_year: number;
  total: number;
  years: readonly number[];
  phase_1: number;
  phase_2: number;
  sbir: number;
  sttr: number;
  relevant: number;
  full_export: boolean;
}

/**
 * What the shipped award table covers, every figure from the table: "The site ships a curated extract of SBIR.gov's
 * award records: 560 awards made in 2001–2002, 2017–2018 and 2024 (none in the years between), 554 Phase II and 6
 * Phase I, 558 SBIR and 2 STTR; 21 are rare-earth relevant."
 */
export function describeSbirCoverage(f: SbirFacets): string {
  const n = (k: number, one: string, many = `${one}s`) => `${formatInt(k)} ${k === 1 ? one : many}`;
  const span = f.years.length ? f.years[f.years.length - 1]! - f.years[0]! + 1 : 0;
  const gaps = span > f.years.length ? " (none in the years between)" : "";
  const phases = [[f.phase_2, "Phase II"], [f.phase_1, "Phase I"]].filter(([k]) => (k as number) > 0).sort((a, b) => (b[0] as number) - (a[0] as number)).map(([k, p]) => `${formatInt(k as number)} ${p}`);
  const unknownPhase = f.total - f.phase_1 - f.phase_2;
  if (unknownPhase > 0) phases.push(`${formatInt(unknownPhase)} without a phase`);
  const programs = [[f.sbir, "SBIR"], [f.sttr, "STTR"]].filter(([k]) => (k as number) > 0).map(([k, p]) => `${formatInt(k as number)} ${p}`);
  const what = f.full_export ? "SBIR.gov's full award export" : "a curated extract of SBIR.gov's award records";
  return `This build holds ${what}: ${n(f.total, "award")} made in ${yearRuns(f.years)}${gaps}, ${phases.join(" and ")}, ${programs.join(" and ")}; ${formatInt(f.relevant)} ${f.relevant === 1 ? "is" : "are"} ${term("chain")} relevant.`;
}

export interface AggregateRow {
  grp: string;
  award_year: number | null;
  phase: string | null;
  agency: string | null;
  stage: string | null;
  awards: number;
  amount_usd: number | null;
  companies: number | null;
  relevant: number | null;
  source_id: string | null;
}

export interface SbirSummary {
  awards: number;
  amount_usd: number;
  companies: number;
  relevant: number;
}

export interface SbirYearPhase {
  award_year: number;
  phase: string;
  awards: number;
  amount_usd: number | null;
  source_id: string;
}

export interface SbirAgency {
  agency: string;
  awards: number;
  amount_usd: number | null;
  source_id: string;
}

export interface SbirStage {
  stage: string;
  rows: number;
  recipients: number;
  amount_touching_usd: number | null;
  source_id: string;
}

export interface SbirAggregates {
  summary: SbirSummary;
  byYear: SbirYearPhase[];
  byAgency: SbirAgency[];
  byStage: SbirStage[];
}

/** null + null = null (no amount known); otherwise the sum of the known amounts. */
const addAmounts = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
const joinIds = (ids: Iterable<string | null>) => [...new Set([...ids].flatMap((id) => (id ? id.split(";") : [])))].sort().join(";");

/** Sum rows sharing a key: awards and amounts added, source ids joined. */
function merge<T>(rows: AggregateRow[], key: (r: AggregateRow) => string, make: (r: AggregateRow) => T & {awards: number; amount_usd: number | null; source_id: string}) {
  const out = new Map<string, T & {awards: number; amount_usd: number | null; source_id: string}>();
  const ids = new Map<string, (string | null)[]>();
  for (const r of rows) {
    const k = key(r);
    const seen = out.get(k);
    if (seen) {
      seen.awards += r.awards;
      seen.amount_usd = addAmounts(seen.amount_usd, r.amount_usd);
      ids.get(k)!.push(r.source_id);
    } else {
      out.set(k, make(r));
      ids.set(k, [r.source_id]);
    }
  }
  for (const [k, v] of out) v.source_id = joinIds(ids.get(k)!);
  return [...out.values()];
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function splitSbirAggregates(rows: readonly AggregateRow[]): SbirAggregates {
  const of = (grp: string) => rows.filter((r) => r.grp === grp);
  const all = of("all")[0];
  const summary: SbirSummary = {awards: all?.awards ?? 0, amount_usd: all?.amount_usd ?? 0, companies: all?.companies ?? 0, relevant: all?.relevant ?? 0};
  const byYear = merge(
    of("year"),
    (r) => `${r.award_year}|${r.phase}`,
    (r) => ({award_year: r.award_year as number, phase: r.phase as string, awards: r.awards, amount_usd: r.amount_usd, source_id: ""})
  ).sort((a, b) => a.award_year - b.award_year || byString(a.phase, b.phase));
  // Largest amount first, unknown amounts last, then by agency (the order of the chart's bars).
  const byAgency = merge(
    of("agency"),
    (r) => String(r.agency),
    (r) => ({agency: r.agency as string, awards: r.awards, amount_usd: r.amount_usd, source_id: ""})
  ).sort((a, b) => (a.amount_usd === null ? 1 : 0) - (b.amount_usd === null ? 1 : 0) || (b.amount_usd ?? 0) - (a.amount_usd ?? 0) || byString(a.agency, b.agency));
  const byStage = of("stage")
    .map((r) => ({stage: r.stage as string, rows: r.awards, recipients: r.companies ?? 0, amount_touching_usd: r.amount_usd, source_id: r.source_id ?? ""}))
    .sort((a, b) => byString(a.stage, b.stage));
  return {summary, byYear, byAgency, byStage};
}

/** The /sbir filters in words, for a chart's image ("Nominal USD; awards 2010–2025, all agencies, …"). */
export function sbirFilterText(f: {fromYear: number; toYear: number; agency: string; phase: string; program: string; stage: string; keyword: string; relevantOnly: boolean} | null, stageLabel: (s: string) => string = (s) => s): string {
  if (!f) return "Nominal USD.";
  const parts = [
    `awards ${f.fromYear}–${f.toYear}`,
    f.agency ? `agency ${f.agency}` : "all agencies",
    f.phase ? `Phase ${f.phase}` : "Phases I and II",
    f.program || "SBIR and STTR",
    f.stage ? `stage: ${stageLabel(f.stage)}` : "any stage",
    f.relevantOnly ? `${term("chain")} relevant only` : "all awards",
    ...(f.keyword ? [`keyword “${f.keyword}”`] : [])
  ];
  return `Nominal USD; ${parts.join(", ")}.`;
}
