/**
 * The one taxonomy used everywhere: value-chain stages and China's tiers (from the case, src/lib/case.ts), US statuses
 * and instruments, China's instruments and levels. Isomorphic: imported by loaders (validation) and pages (labels,
 * ordering).
 */
import {CASE} from "./case.js";

/** The value-chain stages of the case (case.json `stages`), in display order. */
export const STAGES: readonly string[] = CASE.stages.map((s) => s.id);
export type Stage = string;
/** `unknown` is allowed where a source does not say the stage; it is shown as unknown, never guessed. */
export const STAGES_OR_UNKNOWN: readonly string[] = [...STAGES, "unknown"];
export type StageOrUnknown = string;

export const STAGE_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(CASE.stages.map((s) => [s.id, s.label])),
  unknown: "Unknown (not stated)"
};

/** A `;`-separated list of stage codes as a reader sees it ("mining;separation" → "Mining & beneficiation; Separation &
 * refining"); a code outside the taxonomy is shown as it is. */
export function stageListLabel(codes: string | null | undefined, separator = "; "): string {
  return String(codes ?? "").split(";").map((s) => (STAGE_LABELS as Record<string, string>)[s] ?? s).join(separator);
}

/** China's tiered SME cultivation system of the case (case.json `tiers`; a case may have none), lowest tier first.
 * A tier that is not a step of the pipeline (e.g. single champions) is context. */
export const TIERS: readonly string[] = CASE.tiers.map((t) => t.id);
export type Tier = string;
export const PIPELINE_TIERS: readonly string[] = CASE.tiers.filter((t) => t.pipeline).map((t) => t.id);

export const TIER_LABELS: Readonly<Record<string, string>> = Object.fromEntries(CASE.tiers.map((t) => [t.id, t.label]));
/** A tier's shorter name, for inputs and axes ("Innovative SMEs"). */
export const TIER_SHORT_LABELS: Readonly<Record<string, string>> = Object.fromEntries(CASE.tiers.map((t) => [t.id, t.short]));

export const US_STATUSES = ["obligated", "committed", "announced", "authority"] as const;
export type UsStatus = (typeof US_STATUSES)[number];

export const US_INSTRUMENTS = [
  "grant",
  "contract",
  "tia",
  "tax_credit",
  "loan",
  "conditional_loan",
  "equity",
  "loi",
  "price_floor",
  "offtake",
  "other"
] as const;
export type UsInstrument = (typeof US_INSTRUMENTS)[number];

/** What a reader sees for a US instrument code (charts, tables, tooltips). */
export const US_INSTRUMENT_LABELS: Record<UsInstrument, string> = {
  grant: "grant",
  contract: "contract",
  tia: "technology investment agreement",
  tax_credit: "tax credit",
  loan: "loan",
  conditional_loan: "conditional loan commitment",
  equity: "equity",
  loi: "letter of intent",
  price_floor: "price floor",
  offtake: "offtake",
  other: "other"
};
export const usInstrumentLabel = (code: string | null | undefined): string =>
  code === null || code === undefined ? "—" : (US_INSTRUMENT_LABELS[code as UsInstrument] ?? code.replaceAll("_", " "));

/** China's support instruments (data/cases/<case>/china/instruments.csv): a closed list; each maps to a grant-equivalent class. */
export const CHINA_INSTRUMENTS = [
  "grant",
  "reward",
  "per_tonne_award",
  "tax_preference",
  "loan",
  "interest_subsidy",
  "equity",
  "fund",
  "stockpile_purchase"
] as const;
export type ChinaInstrument = (typeof CHINA_INSTRUMENTS)[number];

/** Who issues a China instrument. */
export const CHINA_LEVELS = ["central", "provincial", "municipal", "soe_parent", "policy_bank", "state_fund"] as const;
export type ChinaLevel = (typeof CHINA_LEVELS)[number];

/** How far a China instrument has got: money paid, set aside, announced, or only a legal basis for support. */
export const CHINA_STATUSES = ["disbursed", "allocated", "announced", "authority"] as const;
export type ChinaStatus = (typeof CHINA_STATUSES)[number];

/** What a China instrument row's recipient is: one firm, a corporate group or named set of firms, a city (or its
 * government), a province, a class of firms defined by activity, or a programme's beneficiaries at large. */
export const CHINA_RECIPIENT_KINDS = ["firm", "group", "city", "province", "sector", "programme"] as const;
export type ChinaRecipientKind = (typeof CHINA_RECIPIENT_KINDS)[number];

/** How far a China instrument is about rare earths: only rare-earth recipients, rare-earth and other recipients
 * together (`mixed`), or an instrument for all sectors (`general`, e.g. the SME-tier rewards). */
export const CHINA_SCOPES = ["rare_earth", "mixed", "general"] as const;
export type ChinaScope = (typeof CHINA_SCOPES)[number];

/** The unit of a rule row (an instrument stated as a rate, share or per-unit award, never summed). Shares are
 * fractions (0.2 = 20 %). */
export const RULE_UNITS = [
  "cny_per_tonne",
  "cny_per_firm",
  "cny_per_award",
  "cny_per_project",
  "cny_per_year",
  "cny_per_mu",
  "cny_per_m2",
  "share_of_investment",
  "share_of_rnd_cost",
  "share_of_equipment_purchase",
  "share_of_national_grant",
  "share_of_local_tax"
] as const;
export type RuleUnit = (typeof RULE_UNITS)[number];

/** China instrument stages: the value-chain stages, or `unspecified` alone where the source does not split the
 * money by stage (shown as "not itemised by stage", never spread over stages). */
export const STAGES_OR_UNSPECIFIED = [...STAGES, "unspecified"] as const;

export const CONFIDENCE = ["high", "medium", "low", "derived"] as const;
export type Confidence = (typeof CONFIDENCE)[number];

/**
 * Where a source was read (`read_kind` in data/cases/<case>/sources/*.csv), apart from who issued it: the issuer's own site; an
 * official copy (a government site or gazette other than the issuer); news media (also when relaying another
 * outlet); a company (its own site or its press-release wire); an aggregator (a site that reposts or indexes other
 * people's content: document-sharing, policy or legal databases, news aggregators); a copy (an unrelated site that
 * happens to host the text); a repository (a dataset file in a public git repository, pinned to a commit).
 */
export const READ_KINDS = ["issuer", "official_copy", "news", "company", "aggregator", "copy", "repository"] as const;
export type ReadKind = (typeof READ_KINDS)[number];
export const READ_KIND_LABELS: Record<ReadKind, string> = {
  issuer: "the issuer's own site",
  official_copy: "an official copy",
  news: "news media",
  company: "a company",
  aggregator: "an aggregator",
  copy: "a copy on an unrelated site",
  repository: "a data repository"
};
/** Kinds of place whose text cannot be traced to the issuer: a source read there is at most medium confidence. */
export const COPY_KINDS: readonly ReadKind[] = ["aggregator", "copy"];

/** The tier as a noun phrase for prose, singular or plural by count: "1 little giant", "9 specialized & new SMEs"
 * (case.json `tiers[].one` / `many`); a code outside the case is shown as it is. */
export function tierPhrase(tier: Tier, n: number): string {
  const t = CASE.tiers.find((x) => x.id === tier);
  return t ? (n === 1 ? t.one : t.many) : tier;
}

/** The kinds of tool without a price (data/cases/<case>/tools/tools.csv `tool`; the loader's closed list), as nouns: one, many. */
export const TOOL_KIND_NOUNS: Record<string, readonly [string, string]> = {
  quota: ["production quota", "production quotas"],
  export_control: ["export control", "export controls"],
  consolidation: ["consolidation step", "consolidation steps"],
  stockpile: ["stockpile", "stockpiles"],
  dpa_determination: ["Defense Production Act determination", "Defense Production Act determinations"],
  executive_order: ["executive order", "executive orders"],
  sourcing_rule: ["sourcing rule", "sourcing rules"],
  tariff: ["tariff action", "tariff actions"],
  price_floor_offtake: ["price floor or offtake", "price floors and offtakes"],
  other: ["other tool", "other tools"]
};

/** Regions of the case's regional counts (china/regional_counts.csv; case.json `regions`). */
export const REGION_LABELS: Readonly<Record<string, string>> = Object.fromEntries(CASE.regions.map((r) => [r.id, r.label]));
export const REGIONAL_MEASURE_LABELS: Record<string, string> = {
  cumulative: "cumulative national designations",
  key_supported_2025: "key-supported, new in 2025",
  key_supported_total: "key-supported, all",
  new_in_one_batch: "new in one national batch",
  cultivation_pool: "cultivation pool",
  region_level: "region-level designations (not national)",
  cluster_subset: "cluster subset (not a regional total)"
};
