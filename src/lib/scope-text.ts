/**
 * Matched scopes in words, for the terminal (`npm run gaps`), the overview and the report: stage-group labels, the
 * priced share, a ratio, and the CSIS context. Pure and isomorphic; numbers through src/lib/format.ts. Never a ratio
 * unless the comparison rule (src/lib/comparison.ts) allowed it: callers pass a Comparison, not two numbers.
 */
import type {Comparison} from "./comparison.js";
import {formatMoney, formatUsd} from "./format.js";
import {NOT_ITEMISED, SEVERAL_STAGES, type SideSummary} from "./scopes.js";
import {STAGE_LABELS, TOOL_KIND_NOUNS, type StageOrUnknown} from "./taxonomy.js";

// The same words as /gaps' table (src/components/scope-view.ts scopeStageLabel).
const GROUP_LABELS: Record<string, string> = {[SEVERAL_STAGES]: "Several stages (not split)", [NOT_ITEMISED]: "Not itemised by stage", total: "All stages"};

/** A stage group of src/lib/scopes.ts in words: a stage's label, "Several stages (not split)", "Not itemised by
 * stage" or "All stages" (the total). */
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
  const v = r.measure === "share_of_gdp_pct" ? `${r.value}% of GDP` : r.measure === "cny" ? formatMoney(r.value, "CNY") : formatMoney(r.value, "USD");
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

/** Scopes as the pages and the terminal list them: the domestic ones, the headline scope first, and apart the ones
 * whose sides are both finance abroad (reported on their own, never beside a domestic figure). */
export function orderScopes<S extends {scope_id: string; sides: Record<string, {geography: readonly string[]}>}>(scopes: readonly S[], headline: string): {domestic: S[]; outbound: S[]} {
  const abroad = (s: S) => Object.values(s.sides).every((x) => !x.geography.includes("domestic") && !x.geography.includes("*"));
  const domestic = scopes.filter((s) => !abroad(s));
  return {domestic: [...domestic.filter((s) => s.scope_id === headline), ...domestic.filter((s) => s.scope_id !== headline)], outbound: scopes.filter(abroad)};
}

/** What each side financed abroad, as one clause: "US: $0 grant equivalent, 0 of 1 priced, $105.0 m capital deployed
 * (1 stake); China: none in the data". Never set beside a domestic figure. */
export function outboundSides(r: ScopeLike & {selection: Record<"china" | "us", {counted: readonly unknown[]}>}): string {
  const t = totalOf(r);
  const side = (name: string, s: SideSummary, n: number) =>
    n === 0 ? `${name}: none in the data` : `${name}: ${formatUsd(s.ge_usd)} grant equivalent, ${pricedText(s)}${s.equity_rows ? `, ${formatUsd(s.capital_deployed_usd)} capital deployed (${s.equity_rows} ${s.equity_rows === 1 ? "stake" : "stakes"})` : ""}`;
  return `${side("US", t.us, r.selection.us.counted.length)}; ${side("China", t.china, r.selection.china.counted.length)}`;
}

/** A tool without a price (data/cases/<case>/tools/tools.csv): its side and kind are what the findings count. */
export interface ToolRow {
  side: string;
  tool: string;
}

/** One finding: a short lead sentence, the sentences that back it and, where there are several cases, one item per
 * case; every number from the scope results. */
export interface Finding {
  id: "comparable" | "priced" | "tools";
  lead: string;
  body: string;
  items: string[];
}

const pct = (n: number, d: number) => (d > 0 ? `${Math.round((100 * n) / d)}%` : "none known");
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const scopeName = (r: Pick<ScopeLike, "scope" | "statusClass" | "window">) => `${r.scope.label} (${r.statusClass.label.toLowerCase()}, ${r.window[0]}–${r.window[1]})`;

/** What the findings read of a scope result (src/queries/scopes.ts ScopeResult). */
export interface ScopeLike {
  scope: {scope_id: string; label: string};
  statusClass: {label: string};
  window: readonly [number, number] | readonly number[];
  rows: readonly {stage: string; china: SideSummary; us: SideSummary; comparison: Comparison}[];
}

const totalOf = (r: ScopeLike) => r.rows.find((x) => x.stage === "total")!;

/** "16 production quotas, 10 export controls and 3 other tools": one side's tools by kind, largest first, "other" last. */
export function toolKinds(rows: readonly ToolRow[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.tool, (counts.get(r.tool) ?? 0) + 1);
  const sorted = [...counts].sort(([a, m], [b, n]) => Number(a === "other") - Number(b === "other") || n - m || a.localeCompare(b));
  const parts = sorted.map(([tool, n]) => `${n} ${(TOOL_KIND_NOUNS[tool] ?? [tool, tool])[n === 1 ? 0 : 1]}`);
  return parts.length < 2 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/**
 * The overview's and the report's findings, from the domestic scopes (the headline scope first), each side's tools
 * without a price and the rule: whether any scope is comparable and why not; what each side has priced in the
 * headline scope; what the tools without a price add. A ratio appears only for a scope the rule allowed.
 */
export function scopeFindings(scopes: readonly ScopeLike[], tools: readonly ToolRow[], rule: {min_priced_rows: number; min_priced_share: number}, baseYear: number): Finding[] {
  const comparable = scopes.filter((r) => totalOf(r).comparison.comparable);
  const threshold = `at least ${rule.min_priced_rows} priced instruments and ${Math.round(rule.min_priced_share * 100)}% of its known instruments priced`;
  const items = scopes.map((r) => {
    const c = totalOf(r).comparison;
    return `${scopeName(r)}: ${c.comparable ? ratioText(c) : `no ratio. ${c.missing.join("; ")}`}.`;
  });
  const findings: Finding[] = [{
    id: "comparable",
    lead: comparable.length ? `${comparable.length} of ${scopes.length} matched scopes ${comparable.length === 1 ? "is" : "are"} comparable.` : "No matched scope is comparable yet, so no China/US ratio is shown.",
    body: `A ratio or gap needs both sides in the same scope, each with ${threshold}.`,
    items
  }];
  const head = scopes[0];
  if (head) {
    const t = totalOf(head);
    const side = (name: string, s: SideSummary) => `${name} ${formatUsd(s.ge_usd)} from ${s.priced} of ${s.known} known instruments (${pct(s.priced, s.known)} priced)`;
    const capital = [t.china.equity_rows ? `China ${formatUsd(t.china.capital_deployed_usd)}` : "", t.us.equity_rows ? `the US ${formatUsd(t.us.capital_deployed_usd)}` : ""].filter(Boolean);
    findings.push({
      id: "priced",
      lead: "What is priced is a floor, not a total.",
      body: `In the ${lower(scopeName(head))}, the known grant equivalent is ${side("China", t.china)} and ${side("the US", t.us)}, in constant ${baseYear} US dollars. The other instruments are known but have no price (${t.china.unpriced} in China, ${t.us.unpriced} in the US).${capital.length ? ` Equity and fund stakes are capital deployed and kept apart: ${capital.join(", ")}.` : ""}`,
      items: []
    });
  }
  const bySide = (s: string) => tools.filter((r) => r.side === s);
  const count = (s: string) => bySide(s).length;
  findings.push({
    id: "tools",
    lead: "Much of the support has no price at all.",
    body: `Beside the money, the data hold ${count("china")} Chinese ${count("china") === 1 ? "tool" : "tools"} without a price (${toolKinds(bySide("china"))}) and ${count("us")} US ${count("us") === 1 ? "one" : "ones"} (${toolKinds(bySide("us"))}). They are counted, stage by stage, and never added to the money.`,
    items: []
  });
  return findings;
}
