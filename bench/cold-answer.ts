// Issue 23's "cold first answer": a reader opens a page cold (new browser context: empty HTTP and code caches, the
// shipped data, served as `npm run serve` serves it), and changes one input as soon as the page's first view is drawn.
// Timed in the page from the change until the new answer is on screen (every named element replaced, then a frame),
// whatever computes it (the build-time answers, the page's own code, or DuckDB started for it). Beside it, DuckDB's
// ready time (mark re:duckdb-ready) on the same visit and on the one-page baseline (bench/build.ts "floor": a Plot
// chart and `SELECT 42` through the same client), loaded in the same rounds.
import type {Browser} from "playwright-core";
import {PRERENDERED_CLASS} from "../scripts/prerender.ts";
import {coldLoad} from "./browser.ts";
import {byLabel} from "./sbir-interaction.ts";
import {median, ms} from "./stats.ts";

/** The copies prerendered into the HTML (scripts/prerender.ts) are not the page's own drawing. */
const PRERENDERED = `observablehq-loading.${PRERENDERED_CLASS}`;

const radio = (label: string, text: string) => `const form = ${byLabel(label)};
[...form.querySelectorAll("label")].find((l) => l.textContent.trim() === ${JSON.stringify(text)}).querySelector("input").click();`;
const select = (label: string, startsWith: string) => `const s = ${byLabel(label)}.querySelector("select");
s.selectedIndex = [...s.options].findIndex((o) => o.textContent.startsWith(${JSON.stringify(startsWith)}));
s.dispatchEvent(new Event("input", {bubbles: true}));`;
const checkbox = (label: string, text: string) => radio(label, text);

export interface ColdChange {
  name: string;
  path: string;
  /** the input the reader changes (its form's label): the change waits until it is on the page */
  input: string;
  /** page code that changes it */
  change: string;
  /** elements the change replaces: the answer is on screen when each is new */
  wait: string[];
}

export const COLD_CHANGES: ColdChange[] = [
  {name: "/gaps: CNY → USD basis to PPP", path: "/gaps", input: "CNY → USD basis", change: radio("CNY → USD basis", "PPP (GDP)"), wait: ["#chart-gaps svg"]},
  {name: "/gaps: US side to SBIR/STTR matches", path: "/gaps", input: "US side", change: radio("US side", "SBIR/STTR rare-earth matches"), wait: ["#chart-gaps svg", "[data-testid=gaps-us-total]"]},
  {name: "/gaps: US statuses + announced", path: "/gaps", input: "US statuses that count", change: checkbox("US statuses that count", "announced"), wait: ["#chart-gaps svg", "[data-testid=gaps-us-total]"]},
  {name: "/us: statuses + announced", path: "/us", input: "Statuses that count", change: checkbox("Statuses that count", "announced"), wait: ["#chart-us-year svg", "#chart-us-stage svg"]},
  {name: "/scenarios: scenario A to china-slowdown", path: "/scenarios", input: "Scenario A (as built)", change: select("Scenario A (as built)", "china-slowdown"), wait: ["#chart-firms svg", "#chart-scope-total svg"]}
];

export interface ColdAnswerSample {
  /** navigation start → the change (the input on the page and the page's own first view drawn) */
  changedAt: number;
  /** the change → the new answer on screen */
  answer: number;
  /** navigation start → re:duckdb-ready on this visit (null: not ready by the time the answer was on screen + 0.5 s) */
  ready: number | null;
  /** queries the change ran in DuckDB */
  live: number;
}

export async function coldAnswer(browser: Browser, base: string, spec: ColdChange, timeout = 120_000): Promise<ColdAnswerSample> {
  const context = await browser.newContext({bypassCSP: true});
  try {
    const page = await context.newPage();
    await page.goto(`${base}${spec.path}`, {waitUntil: "commit", timeout});
    // First view: the input is there and the page has drawn its own copy of each element the change replaces.
    await page.waitForFunction(
      `${byLabel(spec.input)} !== undefined && ${JSON.stringify(spec.wait)}.every((s) => [...document.querySelectorAll(s)].some((el) => !el.closest(${JSON.stringify(PRERENDERED)})))`,
      null,
      {timeout, polling: "raf"}
    );
    const r = (await page.evaluate(`new Promise((resolve, reject) => {
      const sels = ${JSON.stringify(spec.wait)};
      for (const s of sels) for (const el of document.querySelectorAll(s)) el.__stale = true;
      const fresh = () => sels.every((s) => { const el = document.querySelector(s); return el !== null && !el.__stale && !el.closest(${JSON.stringify(PRERENDERED)}); });
      const live0 = window.__reDatabase ? window.__reDatabase.live.length : 0;
      const timer = setTimeout(() => reject(new Error("no answer within ${timeout} ms")), ${timeout});
      const t0 = performance.now();
      const obs = new MutationObserver(() => {
        if (!fresh()) return;
        obs.disconnect();
        requestAnimationFrame(() => { clearTimeout(timer); resolve({changedAt: t0, answer: performance.now() - t0, live: (window.__reDatabase ? window.__reDatabase.live.length : 0) - live0}); });
      });
      obs.observe(document.body, {childList: true, subtree: true, attributes: true});
      { ${spec.change} }
    })`)) as Omit<ColdAnswerSample, "ready">;
    // DuckDB starts in the background after the first view: note when it was ready (up to 30 s more).
    await page.waitForFunction(`performance.getEntriesByName("re:duckdb-ready").length > 0`, null, {timeout: 30_000}).catch(() => {});
    const ready = (await page.evaluate(`performance.getEntriesByName("re:duckdb-ready")[0]?.startTime ?? null`)) as number | null;
    return {...r, ready};
  } finally {
    await context.close();
  }
}

export interface ColdAnswerFigure {
  name: string;
  samples: ColdAnswerSample[];
  compare?: ColdAnswerSample[];
}

/**
 * `runs` rounds; each loads the floor baseline once and makes every change once on each site (the compare site
 * first), so background load falls on all alike.
 */
export async function measureColdAnswers(browser: Browser, sites: {site: string; floor: string; compare: string | null}, runs: number, log: (s: string) => void): Promise<{figures: ColdAnswerFigure[]; floorReady: (number | null)[]}> {
  const figures: ColdAnswerFigure[] = COLD_CHANGES.map((c) => ({name: c.name, samples: [], ...(sites.compare ? {compare: []} : {})}));
  const floorReady: (number | null)[] = [];
  for (let i = 0; i < runs; i++) {
    log(`cold answer round ${i + 1}/${runs}`);
    floorReady.push((await coldLoad(browser, `${sites.floor}/`, 60_000)).ready);
    for (const [k, spec] of COLD_CHANGES.entries()) {
      if (sites.compare) figures[k]!.compare!.push(await coldAnswer(browser, sites.compare, spec));
      figures[k]!.samples.push(await coldAnswer(browser, sites.site, spec));
    }
  }
  return {figures, floorReady};
}

const cell = (xs: ColdAnswerSample[]) =>
  `${ms(median(xs.map((s) => s.answer)))} (change at ${ms(median(xs.map((s) => s.changedAt)))}; DuckDB ready ${ms(median(xs.map((s) => s.ready)))}; live queries ${xs.map((s) => s.live).join("/")})`;

export function coldAnswerTable(figures: ColdAnswerFigure[], floorReady: (number | null)[], compareLabel = "compare site"): string {
  const withCompare = figures.some((f) => f.compare);
  return [
    `One-page baseline (Plot + DuckDB \`SELECT 42\`, same client): DuckDB ready ${ms(median(floorReady))} (runs: ${floorReady.map(ms).join(", ")}).\n`,
    `| change right after the first view | change → answer on screen (median) |${withCompare ? ` ${compareLabel} |` : ""} n | budget | verdict |`,
    `| --- | --- |${withCompare ? " --- |" : ""} ---: | --- | --- |`,
    ...figures.map((f) => {
      const p50 = median(f.samples.map((s) => s.answer));
      return `| ${f.name} | ${cell(f.samples)} |${withCompare ? ` ${f.compare ? cell(f.compare) : "—"} |` : ""} ${f.samples.length} | ≤ 1.5 s | ${p50 !== null && p50 <= 1500 ? "**met**" : "**not met**"} |`;
    })
  ].join("\n");
}
