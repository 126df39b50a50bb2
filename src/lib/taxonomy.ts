/**
 * The one taxonomy used everywhere: value-chain stages, China's tiers, US statuses and instruments.
 * Pure and isomorphic: imported by loaders (validation) and pages (labels, ordering).
 */

export const STAGES = [
  "exploration",
  "mining",
  "separation",
  "metals",
  "magnets",
  "applications",
  "recycling",
  "rnd",
  "byproducts",
  "support"
] as const;
export type Stage = (typeof STAGES)[number];
/** `unknown` is allowed where a source does not say the stage; it is shown as unknown, never guessed. */
export const STAGES_OR_UNKNOWN = [...STAGES, "unknown"] as const;
export type StageOrUnknown = (typeof STAGES_OR_UNKNOWN)[number];

export const STAGE_LABELS: Record<StageOrUnknown, string> = {
  exploration: "Exploration",
  mining: "Mining & beneficiation",
  separation: "Separation & refining",
  metals: "Metals & alloys",
  magnets: "Permanent magnets",
  applications: "Applications",
  recycling: "Recycling",
  rnd: "R&D, testing, services",
  byproducts: "By-products",
  support: "Industrial support & equipment",
  unknown: "Unknown (not stated)"
};

/** China's tiered SME cultivation system, lowest tier first. `single_champion` is context, not a pipeline tier. */
export const TIERS = ["tech_innovative", "specialized_new", "little_giant", "single_champion"] as const;
export type Tier = (typeof TIERS)[number];
export const PIPELINE_TIERS = ["tech_innovative", "specialized_new", "little_giant"] as const satisfies readonly Tier[];

export const TIER_LABELS: Record<Tier, string> = {
  tech_innovative: "Innovative SMEs (tech & innovative)",
  specialized_new: "Specialized & new SMEs",
  little_giant: "Little giants",
  single_champion: "Single champions"
};

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

/** China's support instruments (data/china/instruments.csv): a closed list; each maps to a grant-equivalent class. */
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

export const CONFIDENCE = ["high", "medium", "low", "derived"] as const;
export type Confidence = (typeof CONFIDENCE)[number];

const TIER_NOUNS: Record<Tier, [string, string]> = {
  tech_innovative: ["innovative SME", "innovative SMEs"],
  specialized_new: ["specialized & new SME", "specialized & new SMEs"],
  little_giant: ["little giant", "little giants"],
  single_champion: ["single champion", "single champions"]
};

/** The tier as a noun phrase for prose, singular or plural by count: "1 little giant", "9 specialized & new SMEs". */
export function tierPhrase(tier: Tier, n: number): string {
  const [one, many] = TIER_NOUNS[tier];
  return n === 1 ? one : many;
}
