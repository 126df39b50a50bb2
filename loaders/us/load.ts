import {grantEquivalent} from "../../src/lib/grant-equivalent.ts";
import type {Table} from "apache-arrow";
import * as aq from "arquero";
import type {z} from "zod";
import {DataError, type DataIssue} from "../errors.ts";
import {buildGroupTable, loadGroup, spec, type GroupRows, type LoadedGroup} from "../group.ts";
import {loadSources, type Source} from "../sources.ts";
import {checkAwardSites} from "./sites.ts";
import * as S from "./schemas.ts";
import {term} from "../../src/lib/case.ts";

const {op} = aq;

const SOURCED = {source_id: "utf8", confidence: "utf8", note: "utf8"} as const;

/** Every US input file (data/cases/<case>/us/*.csv). */
export const US_TABLES = {
  awards: spec({
    schema: S.awards,
    title: `US ${term("awards-scope")} awards, one instrument per row`,
    key: (r) => r.award_id,
    keyColumn: "award_id",
    columns: {award_id: "utf8", recipient: "utf8", program: "utf8", agency: "utf8", instrument: "utf8", status: "utf8", amount_usd: "float64", date: "utf8", fiscal_year: "int32", year: "int32", stages: "utf8", deal_id: "utf8", geography: "utf8", loan_rate: "float64", loan_term_years: "int32", loan_repayment: "utf8", subsidy_cost_usd: "float64", floor_price_usd_per_kg: "float64", floor_volume_t_per_year: "float64", is_aggregate: "bool", ge_usd: "float64", capital_deployed_usd: "float64", ge_method: "utf8", ge_params: "utf8", ...SOURCED},
    // `agg-` award ids are programme-level or cumulative figures that overlap award rows (data/cases/<case>/us/README.md);
    // `year` is the calendar year of the date, for charts when the fiscal year is not known.
    // ge_*: the grant equivalent of the award (src/lib/grant-equivalent.ts); a loan without a published subsidy cost
    // or public terms, a letter of interest and an unpaid price floor stay unpriced, equity is capital deployed.
    transform: (t) =>
      t
        .derive({
          is_aggregate: (d) => op.startswith(d.award_id, "agg-"),
          year: (d) => (d.date ? op.parse_int(op.substring(d.date, 0, 4)) : null),
          ge: aq.escape((d: z.output<typeof S.awards>) => grantEquivalent({instrument: d.instrument, face: d.amount_usd, loan_rate: d.loan_rate, loan_term_years: d.loan_term_years, loan_repayment: d.loan_repayment, subsidy_cost: d.subsidy_cost_usd}, null))
        })
        .derive({ge_usd: (d) => d.ge.ge, capital_deployed_usd: (d) => d.ge.capital_deployed, ge_method: (d) => d.ge.method, ge_params: (d) => d.ge.params})
  }),
  sbir_totals: spec({
    schema: S.sbirTotals,
    title: "SBIR/STTR national totals by fiscal year (basis stated per row)",
    key: (r) => `${r.fiscal_year}|${r.program}|${r.basis}|${r.source_id}`,
    keyColumn: "fiscal_year,program,basis,source_id",
    columns: {fiscal_year: "int32", program: "utf8", amount_usd: "float64", count_awards: "int32", basis: "utf8", ...SOURCED}
  }),
  sbir_by_agency: spec({
    schema: S.sbirByAgency,
    title: "SBIR/STTR obligations by agency",
    key: (r) => `${r.fiscal_year}|${r.agency}|${r.program}`,
    keyColumn: "fiscal_year,agency,program",
    columns: {fiscal_year: "int32", agency: "utf8", program: "utf8", amount_usd: "float64", basis: "utf8", ...SOURCED}
  }),
  nih_competing: spec({
    schema: S.nihCompeting,
    title: "NIH competing SBIR+STTR awards by fiscal year",
    key: (r) => String(r.fiscal_year),
    keyColumn: "fiscal_year",
    columns: {fiscal_year: "int32", count_awards: "int32", amount_usd: "float64", basis: "utf8", ...SOURCED}
  }),
  sbir_award_counts: spec({
    schema: S.sbirAwardCounts,
    title: "SBIR.gov export rows by award year",
    key: (r) => String(r.award_year),
    keyColumn: "award_year",
    columns: {award_year: "int32", count_awards: "int32", ...SOURCED}
  }),
  award_caps: spec({
    schema: S.awardCaps,
    title: "SBIR/STTR Phase I/II award-size guidelines and caps",
    key: (r) => r.cap_id,
    keyColumn: "cap_id",
    columns: {cap_id: "utf8", program: "utf8", agency: "utf8", phase: "utf8", amount_usd: "float64", kind: "utf8", effective_date: "utf8", ...SOURCED}
  }),
  sme_programs: spec({
    schema: S.smePrograms,
    title: "Broader US SME programs (context)",
    key: (r) => r.program_id,
    keyColumn: "program_id",
    columns: {program_id: "utf8", program: "utf8", agency: "utf8", amount_usd: "float64", fiscal_year: "int32", measure: "utf8", ...SOURCED}
  }),
  sbir_funnel: spec({
    schema: S.sbirFunnel,
    title: "The SBIR/STTR path: applications, Phase I and Phase II awards in one year",
    key: (r) => r.funnel_id,
    keyColumn: "funnel_id",
    columns: {funnel_id: "utf8", program: "utf8", agency: "utf8", fiscal_year: "int32", step: "utf8", count_awards: "int32", amount_usd: "float64", ...SOURCED}
  }),
  award_sites: spec({
    schema: S.awardSites,
    title: "Where each US award's money goes: the site a source names, else the recipient's home, else not stated",
    key: (r) => r.award_id,
    keyColumn: "award_id",
    columns: {award_id: "utf8", place: "utf8", state_or_country: "utf8", lat: "float64", lon: "float64", site_kind: "utf8", ...SOURCED}
  }),
  events: spec({
    schema: S.events,
    title: "2025 executive orders and other dated events (no money)",
    key: (r) => r.event_id,
    keyColumn: "event_id",
    columns: {event_id: "utf8", date: "utf8", title: "utf8", kind: "utf8", ...SOURCED}
  })
};

export type UsTableName = keyof typeof US_TABLES;

/** US federal fiscal year of an ISO date (October–September): 2022-02-22 → 2022, 2025-11 → 2026. */
export function fiscalYearOf(date: string): number | null {
  if (date.length < 7) return null;
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 10 ? y + 1 : y;
}

export function loadUs(sources: Map<string, Source> = loadSources()): LoadedGroup<typeof US_TABLES> {
  const loaded = loadGroup("us", US_TABLES, sources);
  checkUs(loaded.rows, loaded.files);
  return loaded;
}

function checkUs(rows: GroupRows<typeof US_TABLES>, files: Record<UsTableName, string>): void {
  const issues: DataIssue[] = [];
  for (const r of rows.awards) {
    const fy = r.date ? fiscalYearOf(r.date) : null;
    if (r.fiscal_year !== null && fy !== null && r.fiscal_year !== fy) {
      issues.push({file: files.awards, row: r._line, column: "fiscal_year", value: r.fiscal_year, problem: `does not match the date ${r.date} (US fiscal year ${fy}: October–September)`, fix: `write ${fy}, or correct the date`});
    }
    if (r.status === "obligated" && (r.instrument === "loi" || r.instrument === "conditional_loan")) {
      issues.push({file: files.awards, row: r._line, column: "status", value: r.status, problem: `a ${r.instrument} is not an obligation`, fix: "use committed or announced"});
    }
    const add = (column: string, value: unknown, problem: string, fix: string) => issues.push({file: files.awards, row: r._line, column, value, problem, fix});
    const isLoan = r.instrument === "loan" || r.instrument === "conditional_loan";
    if (!isLoan) {
      for (const column of ["loan_rate", "loan_term_years", "loan_repayment"] as const) {
        if (r[column] !== null) add(column, r[column], `loan terms on a ${r.instrument} row`, "clear the loan columns, or set instrument to loan or conditional_loan");
      }
    }
    if (r.loan_rate !== null && r.loan_rate >= 1) add("loan_rate", r.loan_rate, "a rate is a fraction (0.05 = 5 %)", `write ${r.loan_rate / 100} for ${r.loan_rate} %`);
    if (r.subsidy_cost_usd !== null && !isLoan && r.instrument !== "loi") add("subsidy_cost_usd", r.subsidy_cost_usd, `a credit-subsidy cost on a ${r.instrument} row`, "only loans, conditional loans and letters of intent carry one");
    if (r.subsidy_cost_usd !== null && r.amount_usd !== null && r.subsidy_cost_usd > r.amount_usd) add("subsidy_cost_usd", r.subsidy_cost_usd, `more than the face amount (${r.amount_usd})`, "check the figure: a subsidy cost is a share of the loan");
    if (r.floor_price_usd_per_kg !== null && r.instrument !== "price_floor") add("floor_price_usd_per_kg", r.floor_price_usd_per_kg, `a floor price on a ${r.instrument} row`, "only a price_floor row has one");
    if (r.floor_volume_t_per_year !== null && r.instrument !== "price_floor" && r.instrument !== "offtake") add("floor_volume_t_per_year", r.floor_volume_t_per_year, `a floor or offtake volume on a ${r.instrument} row`, "only price_floor and offtake rows have one");
    if (r.amount_usd === null && !r.note) add("note", r.note, "a row without an amount must say in its note why", "write what the source gives instead of an amount");
  }
  issues.push(...checkAwardSites(rows.award_sites, rows.awards, files.award_sites));
  if (issues.length) throw new DataError(issues);
}

export function buildUsTable(name: UsTableName, loaded = loadUs()): Table {
  return buildGroupTable(US_TABLES, name, loaded);
}
