// Charts and inputs for the comparison pages (/gaps, /coverage).
import {confidenceOpacity, withConfidenceKey} from "./confidence-key.js";
import {Plot, html} from "./libs.js";
import {STAGE_LABELS, TIER_LABELS, TIER_SHORT_LABELS, TIERS, type StageOrUnknown, type Tier} from "../lib/taxonomy.js";
import {CASE} from "../lib/case.js";
import {formatCountOf, formatFirmsWithUnstated, formatInt, formatUsd, valuationUnit} from "../lib/format.js";
import type {StageGap} from "../lib/gaps.js";
import {barLayout, chartTitle, logAt, textWidth, tickCount} from "./chart-layout.js";
import {scrollCue, watchOverflow} from "./table.js";

const stageLabel = (s: string) => STAGE_LABELS[s as StageOrUnknown] ?? s;
export const SIDE_COLORS = {domain: ["China (estimate)", "US (awards)"], range: ["#c0392b", "#1f4e9c"]};

/**
 * China vs US support by stage on a log scale (the two sides differ by orders of magnitude): China central estimate
 * with its low–high range, drawn solid in proportion to the part resting on a sourced per-firm figure and pale
 * where assumed; US counted awards. Zero values are labelled, not drawn (log scale).
 */
export function gapChart(rows: StageGap[], {width, baseYear, basis}: {width: number; baseYear: number; basis: string}) {
  const bars = rows.flatMap((r) => [
    {stage: stageLabel(r.stage), side: "China (estimate)", value: r.china_central_usd, low: r.china_low_usd, high: r.china_high_usd, sourced: r.china_sourced_usd, r},
    {stage: stageLabel(r.stage), side: "US (awards)", value: r.us_usd, low: r.us_usd, high: r.us_usd, sourced: r.us_usd, r}
  ]);
  const positive = bars.filter((b) => b.value > 0);
  const max = Math.max(1e6, ...bars.map((b) => b.high));
  const floor = 1e3;
  type Bar = (typeof bars)[number];
  const title = (b: Bar) =>
    b.side.startsWith("China")
      ? `${b.stage} — China central ${formatUsd(b.value)} (range ${formatUsd(b.low)}–${formatUsd(b.high)}; ${formatUsd(b.sourced)} rests on a sourced per-firm figure, the rest is assumed); ${formatFirmsWithUnstated(b.r.china_firms, b.r.china_firms_unstated)}`
      : `${b.stage} — US ${formatUsd(b.value)} in ${formatCountOf(b.r.us_awards, "award row")} to ${formatCountOf(b.r.us_recipients, "recipient")}`;
  const domain = [floor, max * 1.5];
  const valueText = (b: Bar) => (b.value > 0 ? formatUsd(b.value) : "$0");
  const L = barLayout(width, rows.map((r) => stageLabel(r.stage)), bars.map((b) => ({at: logAt(Math.max(floor, b.value), domain[0]!, domain[1]!), text: valueText(b)})), {share: 0.34, minRow: 20});
  return Plot.plot({
    ...chartTitle(`China's estimated support vs US awards by value-chain stage (${valuationUnit(baseYear, basis)}; log scale)`, "Top panel China (estimate): solid where it rests on a sourced per-firm figure, pale where assumed, with its low–high range; bottom panel US awards counted."),
    width,
    height: 70 + rows.length * 2 * L.row,
    marginLeft: L.marginLeft,
    marginRight: L.marginRight,
    x: {type: "log", domain, label: `${valuationUnit(baseYear, basis)} (log scale) →`, grid: true, ticks: tickCount(width - L.marginLeft - L.marginRight, textWidth("$400.0 m")), tickFormat: (d: number) => formatUsd(d)},
    y: {label: null, domain: rows.map((r) => stageLabel(r.stage)), tickFormat: L.yFormat},
    // The two panels are told apart by colour (legend) rather than by labels in the right margin, where the values go.
    fy: {axis: null, label: null, domain: SIDE_COLORS.domain},
    color: {...SIDE_COLORS, legend: true},
    marks: [
      // assumed part (pale), then the sourced part (solid) on top
      Plot.barX(positive, {x1: floor, x2: "value", y: "stage", fy: "side", fill: "side", fillOpacity: 0.35, title, tip: true}),
      Plot.barX(positive.filter((b) => b.sourced > floor), {x1: floor, x2: "sourced", y: "stage", fy: "side", fill: "side", title}),
      Plot.ruleY(positive.filter((b) => b.side.startsWith("China") && b.high > b.low), {x1: (b: Bar) => Math.max(floor, b.low), x2: "high", y: "stage", fy: "side", stroke: "var(--theme-foreground)", strokeWidth: 1.5}),
      Plot.text(bars, {x: (b: Bar) => Math.max(floor, b.value), y: "stage", fy: "side", text: (b: Bar) => L.label(valueText(b)), dx: 6, textAnchor: "start", fontSize: 10})
    ]
  });
}

export interface CoverageCell {
  stage: string;
  column: string;
  side: "china" | "us";
  count: number | null;
  /** Firms known at the stage without a stated count. */
  unstated?: boolean;
}

/**
 * The stage × side coverage matrix as an input: clicking a cell sets `value` to {stage, side} and fires "input",
 * so the page can list the entities or awards behind it. Uncovered stages (no firm / no recipient) stand out.
 */
export function coverageMatrix(cells: CoverageCell[], {chinaColumns, usColumns, stages}: {chinaColumns: string[]; usColumns: string[]; stages: string[]}): HTMLElement & {value: {stage: string; side: "china" | "us"} | null} {
  const get = (stage: string, side: string, column: string) => cells.find((c) => c.stage === stage && c.side === side && c.column === column);
  const sideTotal = (stage: string, side: "china" | "us") => cells.filter((c) => c.stage === stage && c.side === side);
  const covered = (stage: string, side: "china" | "us") => sideTotal(stage, side).some((c) => (c.count ?? 0) > 0 || c.unstated);
  // A tier's column head: the case's compact word (terms `tier-column-<tier>`), else its label.
  const SHORT: Record<string, string | undefined> = Object.fromEntries(TIERS.map((t) => [t, CASE.terms[`tier-column-${t}`]]));
  const label = (c: string) => SHORT[c] ?? TIER_LABELS[c as Tier] ?? c;
  const cellText = (c: CoverageCell | undefined) => (!c ? "0" : c.count === null ? "≥1" : String(c.count));
  const form = html`<div class="coverage-matrix">
    ${scrollCue()}
    <table>
      <thead>
        <tr><th rowspan="2">Stage</th><th colspan=${chinaColumns.length + 1} class="side-china">China: designated firms by tier</th><th colspan=${usColumns.length + 1} class="side-us">US: distinct funded recipients by status</th></tr>
        <tr>${chinaColumns.map((c) => html`<th class="side-china">${label(c)}</th>`)}<th class="side-china">covered?</th>${usColumns.map((c) => html`<th class="side-us">${c}</th>`)}<th class="side-us">covered?</th></tr>
      </thead>
      <tbody>${stages.map((stage) => html`<tr data-stage=${stage}>
        <th scope="row">${stageLabel(stage)}</th>
        ${chinaColumns.map((c) => html`<td class="cell" data-side="china" data-stage=${stage} data-label=${label(c)} tabindex="0">${cellText(get(stage, "china", c))}</td>`)}
        <td class=${covered(stage, "china") ? "yes" : "no"} data-side="china" data-label="covered?" data-testid=${`covered-china-${stage}`}>${covered(stage, "china") ? "yes" : "no"}</td>
        ${usColumns.map((c) => html`<td class="cell" data-side="us" data-stage=${stage} data-label=${c} tabindex="0">${cellText(get(stage, "us", c))}</td>`)}
        <td class=${covered(stage, "us") ? "yes" : "no"} data-side="us" data-label="covered?" data-testid=${`covered-us-${stage}`}>${covered(stage, "us") ? "yes" : "no"}</td>
      </tr>`)}</tbody>
    </table>
  </div>` as HTMLElement & {value: {stage: string; side: "china" | "us"} | null};
  watchOverflow(form);
  // `value` is settable (e.g. from a shared URL): an unknown stage/side leaves nothing selected.
  let value: {stage: string; side: "china" | "us"} | null = null;
  const highlight = () => {
    form.querySelectorAll("td.selected").forEach((x) => x.classList.remove("selected"));
    if (value) form.querySelectorAll(`td.cell[data-side="${value.side}"][data-stage="${value.stage}"]`).forEach((x) => x.classList.add("selected"));
  };
  Object.defineProperty(form, "value", {
    get: () => value,
    set: (v: {stage?: unknown; side?: unknown} | null) => {
      value = v && (v.side === "china" || v.side === "us") && stages.includes(String(v.stage)) ? {stage: String(v.stage), side: v.side} : null;
      highlight();
    }
  });
  const select = (td: HTMLElement) => {
    form.value = {stage: td.dataset.stage!, side: td.dataset.side as "china" | "us"};
    form.dispatchEvent(new Event("input", {bubbles: true}));
  };
  form.addEventListener("click", (e) => {
    const td = (e.target as HTMLElement).closest("td.cell") as HTMLElement | null;
    if (td) select(td);
  });
  form.addEventListener("keydown", (e) => {
    const td = (e.target as HTMLElement).closest("td.cell") as HTMLElement | null;
    if (td && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      select(td);
    }
  });
  return form;
}

export interface FunnelRow {
  path: string;
  step: string;
  level: number;
  count: number;
  qualifier: string;
  as_of: string | null;
  share_of_previous: number | null;
  source_id: string;
  confidence: string;
}

const STEP_LABELS: Record<string, string> = {
  // China's steps are the case's tiers: the case's funnel word (terms `tier-funnel-<tier>`), else the tier's short name.
  ...Object.fromEntries(TIERS.map((t) => [t, CASE.terms[`tier-funnel-${t}`] ?? TIER_SHORT_LABELS[t]!])),
  phase_1_applications: "Phase I applications",
  phase_1: "Phase I awards",
  phase_2: "Phase II awards",
  phase_3: "Phase III / follow-on"
};

/** One small funnel per path (own steps, shared log x scale); labels give counts and the share of the previous step. */
export function funnelChart(rows: FunnelRow[], {width}: {width: number}) {
  const label = (d: FunnelRow) => STEP_LABELS[d.step] ?? d.step;
  const paths = [...new Set(rows.map((r) => r.path))];
  const domain = [50, 2_000_000];
  const count = (d: FunnelRow) => `${d.qualifier === "more_than" ? ">" : ""}${formatInt(d.count)}`;
  const text = (d: FunnelRow) => `${count(d)}${d.share_of_previous !== null ? ` · ${(100 * d.share_of_previous).toFixed(1)}% of previous step (derived)` : ""}`;
  // One layout for all funnels, so their scales line up.
  const L = barLayout(width, rows.map(label), rows.map((d) => ({at: logAt(d.count, domain[0]!, domain[1]!), text: text(d)})), {minRow: 24});
  return withConfidenceKey(html`<div class="funnels">${paths.map((path) => {
    const data = rows.filter((r) => r.path === path);
    return html`<div class="funnel" data-path=${path}><h4>${path}</h4>${Plot.plot({
      ariaLabel: `Funnel: ${path}, firms or awards at each step (log scale)`,
      width,
      height: 30 + data.length * L.row,
      marginLeft: L.marginLeft,
      marginRight: L.marginRight,
      x: {type: "log", label: null, grid: true, domain, ticks: width < 600 ? 3 : undefined, tickFormat: "~s"},
      y: {label: null, domain: data.map(label), tickFormat: L.yFormat},
      marks: [
        Plot.barX(data, {x1: 50, x2: "count", y: label, fill: path.startsWith("China") ? "#c0392b" : "#1f4e9c", fillOpacity: confidenceOpacity, tip: true, title: (d: FunnelRow) => `${d.path} — ${label(d)}: ${count(d)}${d.as_of ? ` (as of ${d.as_of})` : ""} (confidence ${d.confidence})`}),
        Plot.text(data, {x: "count", y: label, dx: 6, textAnchor: "start", fontSize: 10, text: (d: FunnelRow) => L.label(text(d))})
      ]
    })}</div>`;
  })}</div>` as HTMLElement, rows, "shading");
}
