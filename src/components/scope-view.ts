// The matched-scope comparison as a reader sees it (/gaps): KPI cards, the stage table, the tools without a price
// by stage, and the sentences for outbound finance, the rule and the economy-wide context. Pure DOM building from
// the results of src/queries/scopes.ts; numbers in the site's one style (src/lib/format.ts).
import {html} from "./libs.js";
import {dataTable, valueSpan} from "./table.js";
import {formatUsd, valuationUnit} from "../lib/format.js";
import {toConstantUsd, type MacroSeries} from "../lib/normalize.js";
import type {SideSummary} from "../lib/scopes.js";
import {formatRatio, outboundSides, stageGroupLabel} from "../lib/scope-text.js";
import {STAGE_LABELS, TOOL_KIND_NOUNS} from "../lib/taxonomy.js";
import {term} from "../lib/case.js";
import type {ScopeResult} from "../queries/scopes.js";
import type {ComparisonRule} from "../lib/comparison.js";
import type {Row} from "../lib/rows.js";

const percent = (x: number | null) => (x === null ? "none known" : `${Math.round(x * 100)}%`);
const ratioText = formatRatio;

/** A stage group in words (the lib's, so the terminal, the report and the pages say the same). */
export const scopeStageLabel = stageGroupLabel;

/** "2 of 3 priced (67%)", with capital deployed when a side has equity. */
function pricedLine(s: SideSummary): string {
  const priced = `${s.priced} of ${s.known} known instrument${s.known === 1 ? "" : "s"} priced (${percent(s.known ? s.priced / s.known : null)})`;
  const equity = s.equity_rows ? ` · ${formatUsd(s.capital_deployed_usd)} of equity in ${s.equity_rows} row${s.equity_rows === 1 ? "" : "s"}, capital deployed, not counted` : "";
  return priced + equity;
}

export function scopeKpis(r: ScopeResult, {basis, baseYear}: {basis: string; baseYear: number}): HTMLElement {
  const t = r.rows.find((x) => x.stage === "total")!;
  const c = t.comparison;
  const unit = valuationUnit(baseYear, basis);
  const verdict = c.comparable
    ? html`<span class="big" data-testid="scope-ratio" data-value=${c.ratio}>${ratioText(c.ratio!)}</span>
        <p class="muted">China/US; gap ${formatUsd(c.gap)} (China − US)${c.warning ? html`<br><strong>${c.warning}</strong>` : ""}</p>`
    : html`<span class="big not-comparable" data-testid="scope-ratio" data-value="none">Not comparable</span>
        <p class="muted" data-testid="scope-missing">${c.missing.map((m, i) => html`${i ? html`<br>` : ""}${m}`)}</p>`;
  return html`<div class="kpis">
    <div class="card"><h2>China: known grant equivalent</h2><span class="big" data-testid="scope-china-ge" data-value=${t.china.ge_usd}>${formatUsd(t.china.ge_usd)}</span>
      <p class="muted">${pricedLine(t.china)}; ${unit}</p></div>
    <div class="card"><h2>US: known grant equivalent</h2><span class="big" data-testid="scope-us-ge" data-value=${t.us.ge_usd}>${formatUsd(t.us.ge_usd)}</span>
      <p class="muted">${pricedLine(t.us)}; ${unit}</p></div>
    <div class="card"><h2>Ratio and gap</h2>${verdict}</div>
  </div>`;
}

/** The reason a stage shows no ratio, in a few words (the full reasons are the cell's tooltip). */
function shortReason(missing: readonly string[]): string {
  if (missing.some((m) => m.startsWith("rows not itemised"))) return "not one stage";
  if (missing.some((m) => m.includes("differ in"))) return "sides differ";
  if (missing.some((m) => m.endsWith("no known instrument"))) return "nothing known on one side";
  return "too few priced";
}

/** What the table reads of a row: /gaps' scope rows, or a scenario's projected rows (src/lib/scope-projection.ts). */
export interface ScopeTableRow {
  stage: string;
  china: Pick<SideSummary, "ge_usd" | "priced" | "known">;
  us: Pick<SideSummary, "ge_usd" | "priced" | "known">;
  comparison: ScopeResult["rows"][number]["comparison"];
}

/** One row per stage group and the total: each side's known GE and priced share, and the ratio only where allowed. */
export function scopeTable(rows: readonly ScopeTableRow[], {id}: {id: string}): HTMLElement {
  // DOM calls, not htl templates: /scenarios redraws these tables on every slider change.
  const side = (x: ScopeTableRow["china"]) => [valueSpan(formatUsd(x.ge_usd), x.ge_usd), document.createElement("br"), valueSpan(`${x.priced} of ${x.known}`, null, "muted")];
  const shown = rows.map((r) => ({stage: r.stage, china: r.china, us: r.us, comparison: r.comparison}));
  return dataTable(shown, [
    {key: "stage", label: "Stage", format: scopeStageLabel, width: "22%"},
    {key: "china", label: "China: known GE, instruments priced", numeric: true, format: side, width: "20%"},
    {key: "us", label: "US: known GE, instruments priced", numeric: true, format: side, width: "20%"},
    {
      key: "comparison", label: "China/US", width: "38%",
      format: (c: ScopeResult["rows"][number]["comparison"]) => {
        if (c.comparable) return valueSpan(`${ratioText(c.ratio!)}${c.warning ? " (outside the plausible band)" : ""}`, c.ratio, "ratio");
        const span = valueSpan(`not comparable: ${shortReason(c.missing)}`, "none", "muted");
        span.title = c.missing.join("; ");
        return span;
      }
    }
  ], {id});
}

/** Tools without a price per stage: how many on each side, and of which kinds. */
export function toolsByStageTable(rows: readonly Row[], {id}: {id: string}): HTMLElement {
  const byStage = new Map<string, {stage: string; china: string; us: string}>();
  const kinds = (r: Row) => `${r.n_tools}: ${String(r.kinds).split(";").map((k) => TOOL_KIND_NOUNS[k]?.[0] ?? k.replaceAll("_", " ")).join(", ")}`;
  for (const r of rows) {
    const s = String(r.stage);
    const e = byStage.get(s) ?? {stage: s, china: "none", us: "none"};
    e[r.side as "china" | "us"] = kinds(r);
    byStage.set(s, e);
  }
  const order = [...Object.keys(STAGE_LABELS), "all"];
  const shown = [...byStage.values()].sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage));
  return dataTable(shown, [
    {key: "stage", label: "Stage", format: (s: string) => (s === "all" ? "The whole chain" : scopeStageLabel(s))},
    {key: "china", label: "China: tools, and their kinds"},
    {key: "us", label: "US: tools, and their kinds"}
  ], {id});
}

export const contextSentence = {
  outbound(r: ScopeResult): string {
    return `${r.window[0]}–${r.window[1]}, ${r.statusClass.label.toLowerCase()}: ${outboundSides(r)}.`;
  },
  rule(rule: ComparisonRule): string {
    return `A ratio or gap is shown only when both sides are in the same scope, measure, currency basis and class of statuses, and each side has at least ${rule.min_priced_rows} priced instruments and at least ${Math.round(rule.min_priced_share * 100)}% of its known instruments priced. A ratio outside ${rule.band_low}× to ${rule.band_high}× carries a warning to check that the scopes match. These thresholds are inputs of the comparison, not findings.`;
  },
  /** CSIS Red Ink's 2019 estimates: both sides from one study on one basis, so their ratio is a like-for-like one. */
  economy(rows: readonly Row[], macro: MacroSeries): string {
    const get = (id: string) => rows.find((r) => r.estimate_id === id);
    const cnGdp = get("csis-2019-china-gdp");
    const usGdp = get("csis-2019-us-gdp");
    const cnCny = get("csis-2019-china-cny");
    const usUsd = get("csis-2019-us-usd");
    if (!cnGdp || !usGdp || !cnCny || !usUsd) return "No economy-wide estimate is in the data.";
    const cnUsd = toConstantUsd(Number(cnCny.value), "CNY", 2019, {basis: "market", baseYear: 2019, deflator: "cpi"}, macro);
    return `CSIS estimated China's industrial-policy spending in 2019, across all sectors and counting only the tools it could price, at at least ${cnGdp.value}% of GDP (at least CNY ${(Number(cnCny.value) / 1e12).toFixed(2)} trn, ${formatUsd(cnUsd)} at that year's market rate) and the United States' at ${usGdp.value}% (${formatUsd(Number(usUsd.value))}): China at least ${(Number(cnGdp.value) / Number(usGdp.value)).toFixed(1)}× the US as a share of GDP (derived: ${cnGdp.value} ÷ ${usGdp.value}). Not a ${term("chain")} figure: the scale against which the chain's figures above can be read.`;
  }
};
