// The /scenarios page's inputs: sliders that start at a scenario's values (Adjustments), and the "Save as scenario"
// download link. Ranges have no fixed step (a fixed step would snap a file's 314,363 to 310,000 before anyone
// touched it); values are rounded to a sensible precision, and a slider left within half a step of the file's value
// keeps the file's exact value, so an untouched form reproduces the scenario exactly.
import {Inputs, html} from "./libs.js";
import {SCENARIO_NAME, scenarioToJson, type Adjustments, type Scenario} from "../lib/scenario.js";
import {tierValue} from "../lib/gaps.js";
import {STAGES, STAGE_LABELS, type Stage} from "../lib/taxonomy.js";
import {TIER_INPUTS} from "./tier-inputs.js";
import {bindUrl, type Codec} from "./url-state.js";
import {nameControls} from "./controls.js";

/** URL keys of B's adjustments (short and stable; docs/publishing.md "Shareable URLs"): per tier `g_<code>` (growth)
 * and `s_<code>` (support), with the tier's code from the case. Cleared when B changes. */
export const ADJUSTMENT_URL_KEYS: Record<string, [string, Codec]> = {
  ...Object.fromEntries([...TIER_INPUTS].reverse().map((t) => [`growth_${t.id}`, [`g_${t.inputs.code}`, "number"]])),
  ...Object.fromEntries([...TIER_INPUTS].reverse().map((t) => [`support_${t.id}`, [`s_${t.inputs.code}`, "number"]])),
  china_continuation: ["ccont", "number"],
  us_continuation: ["cont", "number"],
  stages: ["stages", "list"],
  firms_per_stage_per_year: ["fps", "number"],
  start_year: ["start", "number"],
  ramp_up_years: ["ramp", "number"],
  attrition: ["attr", "number"],
  usd_entry: ["u1", "number"],
  usd_growth: ["u2", "number"],
  usd_scale: ["u3", "number"]
};

/** `v` rounded to multiples of `step`, or `original` when within half a step of it. */
export function snap(v: number, original: number, step: number): number {
  if (Math.abs(v - original) < step / 2) return original;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number((Math.round(v / step) * step).toFixed(decimals));
}

/** The slider form for one scenario; its value is an Adjustments (already snapped). Fires "input" on change. */
export function adjustmentsForm(start: Adjustments): HTMLElement & {value: Adjustments} {
  const r = (label: string, [min, max]: [number, number], value: number, format: (v: number) => string) =>
    nameControls(Inputs.range([min, max], {label, value: Math.max(min, Math.min(max, value)), format})) as HTMLElement & {value: number};
  const inputs: Record<string, HTMLElement & {value: unknown}> = {};
  for (const t of TIER_INPUTS) inputs[`growth_${t.id}`] = r(`${t.label}: growth per year`, [-0.5, 1], tierValue(start.tier_growth, t.id, "growth"), (v) => v.toFixed(4));
  for (const t of TIER_INPUTS) inputs[`support_${t.id}`] = r(`${t.label}: CNY per designation`, [0, t.inputs.support_max_cny], tierValue(start.support_central, t.id, "central support"), (v) => String(Math.round(v)));
  inputs.china_continuation = r("China's known support in the scope after 2025 (× its yearly average)", [0, 3], start.china_continuation, (v) => v.toFixed(2));
  inputs.us_continuation = r("Existing US support after 2025 (× the window's yearly average)", [0, 3], start.us_continuation, (v) => v.toFixed(2));
  inputs.stages = Inputs.checkbox(STAGES, {label: "Program stages", value: start.stages, format: (s: Stage) => STAGE_LABELS[s]});
  inputs.firms_per_stage_per_year = r("New firms per stage per year", [0, 50], start.firms_per_stage_per_year, (v) => v.toFixed(1));
  inputs.start_year = Inputs.select(Array.from({length: 10}, (_, i) => 2026 + i), {label: "First year", value: start.start_year, format: String});
  inputs.ramp_up_years = r("Ramp-up (years)", [0, 10], start.ramp_up_years, (v) => v.toFixed(0));
  inputs.attrition = r("Attrition per year", [0, 0.9], start.attrition, (v) => v.toFixed(2));
  inputs.usd_entry = r("Entry tier: USD per firm-year", [0, 2_000_000], start.usd_per_firm_year.entry, (v) => String(Math.round(v)));
  inputs.usd_growth = r("Growth tier: USD per firm-year", [0, 10_000_000], start.usd_per_firm_year.growth, (v) => String(Math.round(v)));
  inputs.usd_scale = r("Scale tier: USD per firm-year", [0, 50_000_000], start.usd_per_firm_year.scale, (v) => String(Math.round(v)));
  for (const [k, el] of Object.entries(inputs)) {
    el.dataset.key = k;
    const [key, codec] = ADJUSTMENT_URL_KEYS[k]!;
    bindUrl(el, key, codec);
  }

  const n = (k: string) => Number(inputs[k]!.value);
  const read = (): Adjustments => ({
    tier_growth: Object.fromEntries(TIER_INPUTS.map((t) => [t.id, snap(n(`growth_${t.id}`), tierValue(start.tier_growth, t.id, "growth"), 0.005)])),
    support_central: Object.fromEntries(TIER_INPUTS.map((t) => [t.id, snap(n(`support_${t.id}`), tierValue(start.support_central, t.id, "central support"), t.inputs.scenario_step_cny)])),
    china_continuation: snap(n("china_continuation"), start.china_continuation, 0.05),
    us_continuation: snap(n("us_continuation"), start.us_continuation, 0.05),
    stages: STAGES.filter((s) => (inputs.stages!.value as Stage[]).includes(s)),
    firms_per_stage_per_year: snap(n("firms_per_stage_per_year"), start.firms_per_stage_per_year, 0.5),
    start_year: n("start_year"),
    ramp_up_years: snap(n("ramp_up_years"), start.ramp_up_years, 1),
    attrition: snap(n("attrition"), start.attrition, 0.01),
    usd_per_firm_year: {
      entry: snap(n("usd_entry"), start.usd_per_firm_year.entry, 10_000),
      growth: snap(n("usd_growth"), start.usd_per_firm_year.growth, 50_000),
      scale: snap(n("usd_scale"), start.usd_per_firm_year.scale, 100_000)
    }
  });
  const group = (legend: string, keys: string[]) => html`<fieldset><legend>${legend}</legend>${keys.map((k) => inputs[k])}</fieldset>`;
  const form = html`<div class="scenario-sliders">
    <div class="column">
      ${TIER_INPUTS.length ? group("China: growth of designated firms per year (0.2 = +20%)", TIER_INPUTS.map((t) => `growth_${t.id}`)) : ""}
      ${TIER_INPUTS.length ? group("China: support per designation, central (low/high widen to include it)", TIER_INPUTS.map((t) => `support_${t.id}`)) : ""}
      ${group("Existing support continuing after 2025", ["china_continuation", "us_continuation"])}
    </div>
    <div class="column">
      ${group("US: a hypothetical SME pipeline program (entry → growth → scale)", ["stages", "firms_per_stage_per_year", "start_year", "ramp_up_years", "attrition", "usd_entry", "usd_growth", "usd_scale"])}
    </div>
  </div>` as HTMLElement & {value: Adjustments};
  form.value = read();
  // Runs before Framework's view() listener (registered later), so the view reads the updated value.
  form.addEventListener("input", () => {
    form.value = read();
  });
  return form;
}

/**
 * "Save as scenario": a link that downloads the scenario as data/cases/<case>/scenarios/<name>.json (a Blob URL, no
 * network) and a preview of the file, made once and kept up to date by `update(s, replaces)` (B's sliders re-run the
 * cell that calls it: the page displays `link` and `preview` once). The Blob is made when the link is clicked, not on
 * every change, and an open preview stays open. `replaces`: a shipped scenario has this name.
 */
export function saveControls(): {link: HTMLElement; preview: HTMLElement; update(s: Scenario, replaces: boolean): void} {
  const link = document.createElement("p");
  const anchor = html`<a class="save-scenario" data-testid="save-scenario" href="#">Save as scenario: <code></code></a>` as HTMLAnchorElement;
  const fileName = anchor.querySelector("code")!;
  const pre = html`<pre class="scenario-json" data-testid="scenario-json" data-technical></pre>` as HTMLElement;
  const preview = html`<details><summary>Preview the file</summary>${pre}</details>` as HTMLElement;
  let current: Scenario | null = null;
  let url: string | null = null;
  // Set during the click's dispatch, before the link's default action reads href.
  anchor.addEventListener("click", () => {
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(new Blob([scenarioToJson(current!)], {type: "application/json"}));
    anchor.href = url;
  });
  let shown = "";
  return {
    link,
    preview,
    update(s, replaces) {
      current = s;
      const json = scenarioToJson(s);
      if (pre.textContent !== json) pre.textContent = json;
      const key = JSON.stringify([s.name, replaces]);
      if (key === shown) return;
      shown = key;
      if (SCENARIO_NAME.test(s.name)) {
        anchor.download = `${s.name}.json`;
        fileName.textContent = `${s.name}.json`;
        link.replaceChildren(anchor);
      } else link.replaceChildren(html`<p class="save-error" data-testid="save-error">Name "${s.name}" is not a valid scenario name: use lowercase letters, digits and hyphens.</p>`);
      if (replaces) link.append(html` <span class="muted">(a shipped scenario has this name: the file would replace it)</span>`);
    }
  };
}
