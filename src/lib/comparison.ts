/**
 * When may China's and the US's support be set side by side as a ratio or a gap? Pure and isomorphic.
 *
 * A ratio (China ÷ US) or gap (China − US) is shown only when both sides
 *   1. are measured in the same scope, with the same measure (grant equivalent vs grant equivalent), the same currency
 *      basis and the same status class, and
 *   2. each side has at least `min_priced_rows` priced rows and at least `min_priced_share` of its known instruments
 *      priced (unpriced but known instruments count in the denominator).
 * Otherwise the result says what is missing, side by side. A ratio outside [band_low, band_high] carries a warning
 * ("check the scope match"), never a filter. The thresholds are data (data/cases/<case>/assumptions/comparison_rule.csv).
 */

export interface ComparisonRule {
  min_priced_rows: number;
  min_priced_share: number;
  band_low: number;
  band_high: number;
}

/** What must be identical on both sides. */
export interface ComparisonKey {
  scope: string;
  measure: string;
  basis: string;
  status_class: string;
}

export interface SideTotal extends ComparisonKey {
  /** Sum of the priced rows (e.g. grant equivalent in constant USD). */
  value: number;
  /** Rows with a price. */
  priced: number;
  /** Known instruments in the scope, priced or not. */
  known: number;
}

export interface Comparison {
  comparable: boolean;
  ratio: number | null;
  gap: number | null;
  /** Why no ratio is shown, in plain words, one per failed condition (empty when comparable). */
  missing: string[];
  /** Set when the ratio is outside the plausibility band. */
  warning: string | null;
  china_share: number | null;
  us_share: number | null;
}

const KEY_WORDS: Record<keyof ComparisonKey, string> = {scope: "scope", measure: "measure", basis: "currency basis", status_class: "status class"};

/** Priced share of a side's known instruments, or null when it knows none. */
export function pricedShare(s: Pick<SideTotal, "priced" | "known">): number | null {
  return s.known > 0 ? s.priced / s.known : null;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

function sideShortfall(name: string, s: SideTotal, rule: ComparisonRule): string | null {
  if (s.known === 0) return `${name}: no known instrument`;
  const share = pricedShare(s);
  const lacks: string[] = [];
  if (s.priced < rule.min_priced_rows) lacks.push(`fewer than ${rule.min_priced_rows} priced instruments`);
  if (share === null || share < rule.min_priced_share) lacks.push(`under ${percent(rule.min_priced_share)} priced`);
  if (!lacks.length) return null;
  return `${name}: ${s.priced} of ${s.known} instruments priced${share === null ? "" : ` (${percent(share)})`}, ${lacks.join(" and ")}`;
}

export function checkRule(rule: ComparisonRule): ComparisonRule {
  const ok =
    Number.isInteger(rule.min_priced_rows) && rule.min_priced_rows >= 1 &&
    rule.min_priced_share > 0 && rule.min_priced_share <= 1 &&
    rule.band_low > 0 && rule.band_high > rule.band_low;
  if (!ok) throw new RangeError(`comparison rule out of range: ${JSON.stringify(rule)} (need min_priced_rows ≥ 1, 0 < min_priced_share ≤ 1, 0 < band_low < band_high)`);
  return rule;
}

/** Apply the rule to one pair of sides (a scope's total or one stage). */
export function compareSides(china: SideTotal, us: SideTotal, rule: ComparisonRule): Comparison {
  const missing: string[] = [];
  for (const k of Object.keys(KEY_WORDS) as (keyof ComparisonKey)[]) {
    if (china[k] !== us[k]) missing.push(`the two sides differ in ${KEY_WORDS[k]} (China ${china[k]}, US ${us[k]})`);
  }
  for (const [name, side] of [["China", china], ["US", us]] as const) {
    const m = sideShortfall(name, side, rule);
    if (m) missing.push(m);
  }
  const shares = {china_share: pricedShare(china), us_share: pricedShare(us)};
  if (missing.length || !(us.value > 0) || !Number.isFinite(china.value / us.value)) {
    if (!missing.length) missing.push("the US side has no priced amount to divide by");
    return {comparable: false, ratio: null, gap: null, missing, warning: null, ...shares};
  }
  const ratio = china.value / us.value;
  const warning = ratio < rule.band_low || ratio > rule.band_high ? `China/US of ${+ratio.toPrecision(2)}× is outside the plausible band ${rule.band_low}×–${rule.band_high}×: check that the scopes match` : null;
  return {comparable: true, ratio, gap: china.value - us.value, missing: [], warning, ...shares};
}
