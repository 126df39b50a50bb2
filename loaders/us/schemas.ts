import {z} from "zod";
import {US_INSTRUMENTS, US_STATUSES} from "../../src/lib/taxonomy.ts";
import {SITE_KINDS} from "../../src/lib/places.ts";
import {confidence, count, enumCell, LOAN_REPAYMENTS, optAmount, optCoordinate, optCount, optEnumCell, optIsoDate, optText, sourceId, stages, text, year} from "../schemas/cells.ts";

// One schema per file in data/cases/<case>/us/ (see data/cases/<case>/us/README.md). Keys are the CSV header.

export const US_AGENCIES = ["DoD", "DOE", "Commerce", "DFC", "EXIM", "Treasury"] as const;
const optYear = () => z.string().trim().refine((s) => s === "" || /^\d{4}$/.test(s), {message: "not a year", params: {fix: "write a four-digit year or leave empty"}}).transform((s) => (s === "" ? null : Number(s)));

export const awards = z.object({
  award_id: text(),
  recipient: text(),
  program: text(),
  agency: enumCell(US_AGENCIES),
  instrument: enumCell(US_INSTRUMENTS),
  status: enumCell(US_STATUSES),
  amount_usd: optAmount(),
  date: optIsoDate(),
  fiscal_year: optYear(),
  stages: stages(),
  deal_id: optText(),
  /** Where the money goes: a project in the US, or abroad (outbound finance never enters a domestic comparison). */
  geography: enumCell(["domestic", "outbound"] as const),
  /** Loans only: contractual annual rate as a fraction (0.05 = 5 %), term and repayment (src/lib/grant-equivalent.ts). */
  loan_rate: optAmount(),
  loan_term_years: optCount(),
  loan_repayment: optEnumCell(LOAN_REPAYMENTS),
  /** A published credit-subsidy cost (FCRA) for a loan, conditional loan or letter of intent, in USD. */
  subsidy_cost_usd: optAmount(),
  /** A price floor's level and an offtake's volume (payments made under them, if any, are the GE). */
  floor_price_usd_per_kg: optAmount(),
  floor_volume_t_per_year: optAmount(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const sbirTotals = z.object({
  fiscal_year: year(),
  program: enumCell(["SBIR", "STTR"] as const),
  amount_usd: optAmount(),
  count_awards: optCount(),
  basis: enumCell(["obligations", "phase_1_2_table", "sba_report_summary"] as const),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const SBIR_AGENCIES = ["DoD", "HHS", "DOE", "NSF", "NASA", "USDA", "DHS", "DOC", "DOT", "ED", "EPA"] as const;

export const sbirByAgency = z.object({
  fiscal_year: year(),
  agency: enumCell(SBIR_AGENCIES),
  program: enumCell(["SBIR", "STTR"] as const),
  amount_usd: optAmount(),
  basis: enumCell(["obligations"] as const),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const nihCompeting = z.object({
  fiscal_year: year(),
  count_awards: count(),
  amount_usd: optAmount(),
  basis: enumCell(["competing_awards"] as const),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const sbirAwardCounts = z.object({
  award_year: year(),
  count_awards: count(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const awardCaps = z.object({
  cap_id: text(),
  program: enumCell(["SBIR", "STTR", "SBIR/STTR"] as const),
  agency: enumCell(["SBA", "NIH", "NSF"] as const),
  phase: enumCell(["I", "II", "CRP"] as const),
  amount_usd: optAmount(),
  kind: enumCell(["guideline", "hard_cap", "agency_specific"] as const),
  effective_date: optIsoDate(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const smePrograms = z.object({
  program_id: text(),
  program: text(),
  agency: text(),
  amount_usd: optAmount(),
  fiscal_year: optYear(),
  measure: text(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const events = z.object({
  event_id: text(),
  date: optIsoDate(),
  title: text(),
  kind: enumCell(["executive_order", "law", "policy", "program_lapse", "other"] as const),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const sbirFunnel = z.object({
  funnel_id: text(),
  program: enumCell(["SBIR", "STTR"] as const),
  agency: text(),
  fiscal_year: year(),
  step: enumCell(["phase_1_applications", "phase_1", "phase_2", "phase_3"] as const),
  count_awards: count(),
  amount_usd: optAmount(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

/** Where each award's money goes (data/cases/<case>/us/README.md): the place a source names, keyed by award id. */
export const awardSites = z.object({
  award_id: text(),
  place: optText(),
  state_or_country: optText(),
  lat: optCoordinate(90),
  lon: optCoordinate(180),
  site_kind: enumCell(SITE_KINDS),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});
