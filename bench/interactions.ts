// The interactions `npm run bench` times (bench/browser.ts interactionLatency): what each changes in the page, which
// elements must be new before the change counts as shown, and its budget (docs/performance.md).
import type {Browser} from "playwright-core";
import {interactionLatency} from "./browser.ts";
import {byLabel, SBIR_CHANGE, SBIR_WAIT} from "./sbir-interaction.ts";
import {median, ms, percentile} from "./stats.ts";

/** Set the range input of the Inputs.range labelled `label` to `value` (page code, `i` is the change index). */
const slide = (label: string, value: string) => `const r = ${byLabel(label)}.querySelector("input[type=range]");
r.value = String(${value});
r.dispatchEvent(new Event("input", {bubbles: true}));`;

// 2.0 m, 2.5 m, … 11.0 m CNY: every step differs from the previous one and from the default.
const GAPS_CHANGE = slide("Little giant", "2000000 + (i % 19) * 500000");
// B's program intake (us-sme-pipeline starts at 5): 2, 4, … 38, never twice in a row. It moves B's US side, so the
// matched-scope chart, the firms chart and the stage panels of the 8 stages B's program funds all change (the other 3
// panels keep their SVG). The wait names every chart the change redraws, not only the first panel's.
const SCENARIOS_CHANGE = slide("New firms per stage per year", "2 + (i % 19) * 2");
const SCENARIOS_FUNDED_STAGES = ["exploration", "mining", "separation", "metals", "magnets", "applications", "recycling", "rnd"];
const SCENARIOS_WAIT = ["#chart-scope-total svg", ...SCENARIOS_FUNDED_STAGES.map((s) => `#chart-sides-stages [data-stage="${s}"] svg`), "#chart-firms svg"];

export interface InteractionSpec {
  name: string;
  /** Path and query on the site (`full`: on the 220k-row build). */
  path: string;
  full?: boolean;
  wait: string[];
  change: string;
  /** p50 budget in ms; null for a figure that is only a baseline. */
  budget: number | null;
  /** Turn off the page's kept query results (every change runs its SQL). */
  noResultCache?: boolean;
}

export const INTERACTIONS: InteractionSpec[] = [
  // The change cycles through 5 filter sets, so with the page's result cache most changes would be answered from it:
  // the budgeted figures turn it off (every change runs its SQL); the cache-on figures are shown beside them.
  {name: "/sbir filter change, 220k rows, all awards (rel=0), every change runs its SQL", path: "/sbir?rel=0", full: true, wait: SBIR_WAIT, change: SBIR_CHANGE, budget: 100, noResultCache: true},
  {name: "/sbir filter change, 220k rows, rare-earth relevant only (default), every change runs its SQL", path: "/sbir", full: true, wait: SBIR_WAIT, change: SBIR_CHANGE, budget: 100, noResultCache: true},
  {name: "/sbir filter change, 220k rows, all awards (rel=0), result cache on (repeated filter sets answered from it)", path: "/sbir?rel=0", full: true, wait: SBIR_WAIT, change: SBIR_CHANGE, budget: null},
  {name: "/sbir filter change, shipped extract, all awards (rel=0), every change runs its SQL", path: "/sbir?rel=0", wait: SBIR_WAIT, change: SBIR_CHANGE, budget: null, noResultCache: true},
  {name: "/gaps slider → chart", path: "/gaps", wait: ["#chart-gaps svg"], change: GAPS_CHANGE, budget: 50},
  {name: "/scenarios B slider → projection charts", path: "/scenarios", wait: SCENARIOS_WAIT, change: SCENARIOS_CHANGE, budget: 50}
];

export interface Interaction {
  name: string;
  budget: number | null;
  samples: number[];
  /** The same interaction on the --compare site, measured in the same run (alternating halves). */
  compare?: number[];
}

export interface Sites {
  site: string;
  full: string | null;
  compare: string | null;
  /** Only the interactions on these routes (e.g. ["/gaps", "/scenarios"]); all when empty. */
  routes?: readonly string[];
}

/**
 * Time every interaction whose site exists: `changes` changes each. With a compare site, the two sites alternate in
 * two halves (compare, site, compare, site) so background load falls on both alike.
 */
export async function measureInteractions(browser: Browser, sites: Sites, changes: number, log: (s: string) => void, notes: string[]): Promise<Interaction[]> {
  const out: Interaction[] = [];
  for (const spec of INTERACTIONS) {
    const base = spec.full ? sites.full : sites.site;
    if (base === null || (sites.routes?.length && !sites.routes.includes(spec.path.split("?")[0]!))) continue;
    const compare = spec.full ? null : sites.compare;
    log(`interaction: ${spec.name} (${changes} changes${compare ? ", beside the compare site" : ""})`);
    const run = (url: string, n: number) => interactionLatency(browser, `${url}${spec.path}`, spec.wait, spec.change, n, {noResultCache: spec.noResultCache === true}).then((r) => r.samples);
    try {
      const it: Interaction = {name: spec.name, budget: spec.budget, samples: []};
      if (compare) {
        it.compare = [];
        const half = Math.ceil(changes / 2);
        for (const n of [half, changes - half]) {
          it.compare.push(...(await run(compare, n)));
          it.samples.push(...(await run(base, n)));
        }
      } else it.samples = await run(base, changes);
      out.push(it);
    } catch (e) {
      notes.push(`${spec.name}: failed: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return out;
}

const stat = (xs: number[]) => `${ms(median(xs))} / ${ms(percentile(xs, 95))}`;
const verdict = (it: Interaction) => {
  const p50 = median(it.samples);
  return it.budget === null ? "—" : p50 !== null && p50 <= it.budget ? "**met**" : "**not met**";
};

/** The markdown table of interaction figures (with a compare column when any was measured). */
export function interactionsTable(interactions: readonly Interaction[], compareLabel = "compare site"): string {
  const withCompare = interactions.some((it) => it.compare);
  const rows = interactions.map(
    (it) =>
      `| ${it.name} | ${stat(it.samples)} |${withCompare ? ` ${it.compare ? stat(it.compare) : "—"} |` : ""} ${it.samples.length} | ${it.budget === null ? "— (baseline)" : `p50 ≤ ${it.budget} ms`} | ${verdict(it)} |`
  );
  return [
    `| interaction | p50 / p95 |${withCompare ? ` ${compareLabel} p50 / p95 |` : ""} n | budget | verdict |`,
    `| --- | ---: |${withCompare ? " ---: |" : ""} ---: | --- | --- |`,
    ...rows
  ].join("\n");
}
