/**
 * Matched scopes in words, for the terminal (`npm run gaps`), the overview and the report: stage-group labels, the
 * priced share, a ratio, and the CSIS context. Pure and isomorphic; numbers through src/lib/format.ts. Never a ratio
 * unless the comparison rule (src/lib/comparison.ts) allowed it: callers pass a Comparison, not two numbers.
 */
import type {Comparison} from "./comparison.js";
import {formatMoney, formatUsd} from "./format.js";
import {NOT_ITEMISED, SEVERAL_STAGES, type SideSummary} from "./scopes.js";
import {STAGE_LABELS, type StageOrUnknown} from "./taxonomy.js";

const GROUP_LABELS: Record<string, string> = {[SEVERAL_STAGES]: "Several stages", [NOT_ITEMISED]: "Not itemised by stage", total: "Total"};

/** A stage group of src/lib/scopes.ts in words: a stage's label, "Several stages", "Not itemised by stage" or "Total". */
export function stageGroupLabel(group: string): string {
  return GROUP_LABELS[group] ?? STAGE_LABELS[group as StageOrUnknown] ?? group;
}

/** "2 of 3 priced" (known instruments, equity apart). */
export function pricedText(s: Pick<SideSummary, "priced" | "known">): string {
  return `${s.priced} of ${s.known} priced`;
}

/** A ratio the rule allowed, to three significant figures: 2.4567 → "2.46×". */
export function formatRatio(ratio: number): string {
  return `${+ratio.toPrecision(3)}×`;
}

/** The ratio and gap of a comparison in words, or null when the rule withheld them. */
export function ratioText(c: Comparison): string | null {
  if (!c.comparable || c.ratio === null || c.gap === null) return null;
  return `China/US ${formatRatio(c.ratio)}, gap ${formatUsd(c.gap)}${c.warning ? ` (${c.warning})` : ""}`;
}

/** What keeps a comparison from a ratio, as one sentence ("" when it has one). */
export function missingText(c: Comparison): string {
  return c.missing.join("; ");
}

export interface ContextEstimate {
  estimate_id: string;
  side: string;
  year: number;
  measure: string;
  value: number;
  lower_bound: boolean;
  scope: string;
}

const contextValue = (r: ContextEstimate) => {
  const v = r.measure === "share_of_gdp_pct" ? `${r.value} % of GDP` : r.measure === "cny" ? formatMoney(r.value, "CNY") : formatMoney(r.value, "USD");
  return `${r.lower_bound ? "at least " : ""}${v}`;
};

/** The economy-wide context estimates of one year and scope, one clause per side: "China at least 1.73 % of GDP
 * (at least CNY 1.7 trn)…". Each side's figures as published; no ratio (not a matched scope of this site). */
export function contextSides(rows: readonly ContextEstimate[]): {year: number; scope: string; china: string; us: string} | null {
  if (!rows.length) return null;
  const side = (s: string) => {
    const r = rows.filter((x) => x.side === s);
    const share = r.filter((x) => x.measure === "share_of_gdp_pct").map(contextValue);
    const money = r.filter((x) => x.measure !== "share_of_gdp_pct").map(contextValue);
    return [...share, ...money.map((m, i) => (share.length && i === 0 ? `(${m})` : m))].join(" ");
  };
  return {year: rows[0]!.year, scope: rows[0]!.scope, china: side("china"), us: side("us")};
}
