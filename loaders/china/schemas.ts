import {z} from "zod";
import {CHINA_INSTRUMENTS, CHINA_LEVELS, CHINA_RECIPIENT_KINDS, CHINA_SCOPES, CHINA_STATUSES, PIPELINE_TIERS, REGION_LABELS, RULE_UNITS, STAGES_OR_UNSPECIFIED, TIERS} from "../../src/lib/taxonomy.ts";
import {amount, confidence, count, enumCell, listOf, LOAN_REPAYMENTS, optEnumCell, isoDate, optAmount, optCoordinate, optCount, optIsoDate, optText, sourceId, stages, text, year} from "../schemas/cells.ts";

// One schema per file in data/cases/<case>/china/ (see data/cases/<case>/china/README.md). Keys are the CSV header, in order.

/** A named firm's designation: the pipeline tiers of the case, highest first, with the top tier's key-supported
 * status before it (`<top tier>_key_supported`: key support is given to firms of the top tier), or `none_found` for a
 * candidate whose designation was not found. */
export const DESIGNATIONS: readonly string[] = [
  ...PIPELINE_TIERS.slice(-1).map((t) => `${t}_key_supported`),
  ...[...PIPELINE_TIERS].reverse(),
  "none_found"
];

export const littleGiantBatches = z.object({
  batch: count(),
  year: year(),
  count_firms_announced: count(),
  count_firms_confirmed: optCount(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

const qualifier = () => enumCell(["exact", "more_than", "about"] as const);

export const tierCounts = z.object({
  tier: enumCell(PIPELINE_TIERS),
  as_of: isoDate(),
  count_firms: count(),
  qualifier: qualifier(),
  scope: enumCell(["national", "provincial_designations"] as const),
  measure: enumCell(["cumulative_net", "stock"] as const),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const targets = z.object({
  target_id: text(),
  scope: enumCell(["national", "inner_mongolia", "ordos"] as const),
  tier: enumCell(TIERS),
  count_firms: count(),
  qualifier: qualifier(),
  period_end: year(),
  set_date: optIsoDate(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const criteria = z.object({
  criterion_id: text(),
  tier: enumCell(TIERS),
  dimension: text(),
  criterion: text(),
  threshold: optText(),
  unit: optText(),
  source_id: sourceId(),
  confidence: confidence()
});

/** One China support instrument or payment per row (data/cases/<case>/china/README.md, docs/instruments.md). */
export const instruments = z.object({
  instrument_id: text(),
  recipient: text(),
  recipient_kind: enumCell(CHINA_RECIPIENT_KINDS),
  programme: text(),
  level: enumCell(CHINA_LEVELS),
  instrument: enumCell(CHINA_INSTRUMENTS),
  status: enumCell(CHINA_STATUSES),
  amount_cny: optAmount(),
  rule: optEnumCell(RULE_UNITS),
  rule_value: optAmount(),
  rule_cap_cny: optAmount(),
  period_start: optIsoDate(),
  period_end: optIsoDate(),
  stages: listOf(STAGES_OR_UNSPECIFIED),
  scope: enumCell(CHINA_SCOPES),
  within_id: optText(),
  supersedes_id: optText(),
  loan_rate: optAmount(),
  loan_term_years: optCount(),
  loan_repayment: optEnumCell(LOAN_REPAYMENTS),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const regionalCounts = z.object({
  region: enumCell(Object.keys(REGION_LABELS)),
  tier: optEnumCell(TIERS),
  count_firms: count(),
  qualifier: qualifier(),
  as_of: optIsoDate(),
  measure: text(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const baogangPortfolio = z.object({
  tier: enumCell(PIPELINE_TIERS),
  count_firms: count(),
  count_new: optCount(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const baogangNewKinds = z.object({
  kind: text(),
  stage: stages(),
  count_firms: optCount(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const entities = z.object({
  entity_id: text(),
  name_zh: optText(),
  name_en: text(),
  baogang_affiliation: enumCell(["yes", "no", "unverified"] as const),
  designation: enumCell(DESIGNATIONS),
  designation_status: enumCell(["confirmed", "candidate", "not_designated_found"] as const),
  stages: stages(),
  as_of: optIsoDate(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const valueChainContext = z.object({
  metric_id: text(),
  metric: text(),
  value: amount(),
  unit: text(),
  year: optText(),
  scope: text(),
  stage: stages(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

/** Cities on China's map, with coordinates read in a gazetteer (data/cases/<case>/china/README.md). */
export const places = z.object({
  place_id: text(),
  name_en: text(),
  name_zh: text(),
  province: text(),
  lat: optCoordinate(90),
  lon: optCoordinate(180),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

/** Which instrument or designated firm is at which city: the row's own source names the city. */
export const placeLinks = z.object({
  kind: enumCell(["instrument", "entity"] as const),
  item_id: text(),
  place_id: text(),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});
