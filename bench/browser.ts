// Browser-side measurements in headless Chromium (test/e2e/browser.ts launch flags) against a built site served on
// 127.0.0.1: cold page loads (new context each: empty HTTP and code caches) and interaction latency.
import type {Browser, BrowserContext, Page} from "playwright-core";
import {PRERENDERED_CLASS} from "../scripts/prerender.ts";
import {emptyBytes, kindOf, type Bytes} from "./stats.ts";

/** The placeholders that hold the copies prerendered into the HTML (scripts/prerender.ts), as a CSS selector. */
const PRERENDERED = `observablehq-loading.${PRERENDERED_CLASS}`;

// Runs in the page before any of its scripts: note when the first chart (an <svg> inside a <figure>) enters the DOM,
// and when the first chart the page draws itself does (not a prerendered copy in the HTML: scripts/prerender.ts).
const INIT = `(() => {
  window.__reBench = {chart: null, drawn: null};
  const seen = () => {
    if (window.__reBench.chart === null && document.querySelector("figure svg")) window.__reBench.chart = performance.now();
    if (window.__reBench.drawn === null && [...document.querySelectorAll("figure svg")].some((svg) => !svg.closest(${JSON.stringify(PRERENDERED)}))) window.__reBench.drawn = performance.now();
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true});
})();`;

export interface LoadSample {
  /** navigation start → first `figure svg` in the DOM (ms), null when the page draws none */
  chart: number | null;
  /** navigation start → first chart the page drew itself (not prerendered into the HTML at build time) */
  drawn: number | null;
  /** navigation start → performance mark re:first-sql (first query answered, from the build-time answers or live) */
  sql: number | null;
  /** navigation start → re:first-live-sql (first query DuckDB answered in the page), null when the view needed none */
  liveSql: number | null;
  /** navigation start → re:duckdb-instantiated / re:duckdb-ready (wasm compiled; tables loaded) */
  instantiated: number | null;
  ready: number | null;
  /** navigation start → load event */
  load: number;
  /** bytes downloaded by the time the first view is drawn (first chart and first query result) */
  firstViewBytes: Bytes;
  /** wasm files fetched by then */
  firstViewWasm: number;
  /** everything the page downloaded until the network was idle (includes DuckDB warming up in the background) */
  bytes: Bytes;
  wasmRequests: number;
}

// The built pages carry a Content-Security-Policy without 'unsafe-eval', and Playwright compiles a string predicate
// (waitForFunction) inside the page with `new Function`: the harness bypasses the policy. The pages' own code never
// needs eval (test/e2e/csp.test.ts), so the figures are those of the pages under their policy.
const CONTEXT = {bypassCSP: true} as const;

/** The pages' build-time answers files (docs/architecture.md: First view without DuckDB). */
const ANSWERS_URL = /\/_file\/data\/answers\//;

/** One finished response: its kind, bytes, and when its request started (epoch ms, this machine's clock). */
interface Fetched {
  kind: ReturnType<typeof kindOf>;
  n: number;
  started: number;
}

async function newContext(browser: Browser): Promise<{context: BrowserContext; fetched: Fetched[]}> {
  const context = await browser.newContext(CONTEXT);
  await context.addInitScript(INIT);
  const fetched: Fetched[] = [];
  const started = new Map<unknown, number>();
  context.on("request", (req) => started.set(req, Date.now()));
  // requestfinished fires for the page and its workers (the DuckDB worker fetches the wasm).
  context.on("requestfinished", async (req) => {
    try {
      const sizes = await req.sizes();
      fetched.push({kind: kindOf(req.url()), n: sizes.responseBodySize + sizes.responseHeadersSize, started: started.get(req) ?? Date.now()});
    } catch {}
  });
  return {context, fetched};
}

function sumBytes(fetched: Fetched[]): Bytes {
  const bytes = emptyBytes();
  for (const f of fetched) {
    bytes[f.kind] += f.n;
    bytes.total += f.n;
  }
  return bytes;
}

/**
 * One cold load of `url`: waits for the first chart and first SQL result (when the page has them), up to `timeout`.
 * `live: true` blocks the page's build-time answers file, so every query runs in DuckDB (the baseline they replace).
 */
export async function coldLoad(browser: Browser, url: string, timeout = 30_000, {live = false} = {}): Promise<LoadSample> {
  const {context, fetched} = await newContext(browser);
  if (live) await context.route(ANSWERS_URL, (route) => route.abort());
  try {
    const page = await context.newPage();
    await page.goto(url, {waitUntil: "load", timeout});
    // A page is done when it has drawn its charts and answered its queries; pages without either settle at idle.
    // Every page runs SQL; charts follow their queries. A sample that times out is kept as null (and shows as n/a).
    await page.waitForFunction(`performance.getEntriesByName("re:first-sql").length > 0`, null, {timeout}).catch(() => {});
    await page.waitForFunction(`window.__reBench.chart !== null && window.__reBench.drawn !== null`, null, {timeout: 5_000}).catch(() => {});
    await page.waitForLoadState("networkidle", {timeout}).catch(() => {});
    const timeOrigin = (await page.evaluate("performance.timeOrigin")) as number;
    // Page code is passed as text: tsx would otherwise wrap named arrow functions in a helper the page lacks.
    const t = (await page.evaluate(`(() => {
      const mark = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
      const nav = performance.getEntriesByType("navigation")[0];
      return {chart: window.__reBench.chart, drawn: window.__reBench.drawn, sql: mark("re:first-sql"), liveSql: mark("re:first-live-sql"), instantiated: mark("re:duckdb-instantiated"), ready: mark("re:duckdb-ready"), load: nav ? nav.loadEventStart : 0};
    })()`)) as Omit<LoadSample, "bytes" | "wasmRequests" | "firstViewBytes" | "firstViewWasm">;
    await page.close();
    // The first view is drawn at the later of the first chart and the first query result; what was requested by
    // then was fetched for it (DuckDB warming up in the background starts after it).
    const firstView = timeOrigin + Math.max(t.chart ?? 0, t.sql ?? 0);
    const forFirstView = fetched.filter((f) => f.started <= firstView);
    return {
      ...t,
      firstViewBytes: sumBytes(forFirstView),
      firstViewWasm: forFirstView.filter((f) => f.kind === "wasm").length,
      bytes: sumBytes(fetched),
      wasmRequests: fetched.filter((f) => f.kind === "wasm").length
    };
  } finally {
    await context.close();
  }
}

/**
 * Interaction latency: open `url` once, wait until it has rendered, then `n` times: mark the current `waitFor`
 * elements stale, apply change i (in the page), and time until every `waitFor` selector matches a new element and a
 * frame has been produced after it. Times are taken inside the page (performance.now()), so harness overhead is out.
 */
export async function interactionLatency(browser: Browser, url: string, waitFor: string[], change: string, n: number, {noResultCache = false} = {}): Promise<{samples: number[]; page: Page | null}> {
  const context = await browser.newContext(CONTEXT);
  // Off: every change runs its SQL, even a filter set seen a few changes ago (src/components/duckdb.ts keeps 24 results).
  if (noResultCache) await context.addInitScript("window.__reNoResultCache = true;");
  // The page's build-time answers are blocked: a change back to the default view (Phase "All" after "Phase II") would
  // otherwise be answered from them, and the figure would flatter the engine. Every sampled change runs live.
  await context.route(ANSWERS_URL, (route) => route.abort());
  const page = await context.newPage();
  try {
    await page.goto(url, {waitUntil: "load"});
    // The page's own charts, not the copies prerendered into the HTML (scripts/prerender.ts): those are on screen
    // before any cell has run, so under load the change would find the page's inputs not displayed yet.
    await page.waitForFunction(`${JSON.stringify(waitFor)}.every((s) => [...document.querySelectorAll(s)].some((el) => !el.closest(${JSON.stringify(PRERENDERED)})))`, null, {timeout: 120_000});
    // Steady state: the first view comes from build-time answers and DuckDB starts in the background; wait for it, so
    // every sample measures a change, not the engine's start-up.
    await page.waitForFunction(`!window.__reDatabase || window.__reDatabase.engine === "ready"`, null, {timeout: 120_000});
    await page.waitForTimeout(500);
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = (await page.evaluate(`new Promise((resolve, reject) => {
        const sels = ${JSON.stringify(waitFor)};
        for (const s of sels) for (const el of document.querySelectorAll(s)) el.__stale = true;
        const fresh = () => sels.every((s) => { const el = document.querySelector(s); return el !== null && !el.__stale; });
        const timer = setTimeout(() => reject(new Error("no update after change ${i}")), 60000);
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (!fresh()) return;
          obs.disconnect();
          requestAnimationFrame(() => { clearTimeout(timer); resolve(performance.now() - t0); });
        });
        obs.observe(document.body, {childList: true, subtree: true});
        ((i) => { ${change} })(${i});
      })`)) as number;
      samples.push(t);
      await page.waitForTimeout(100);
    }
    return {samples, page: null};
  } finally {
    await context.close();
  }
}

/** What turning /sbir's relevance filter off downloaded (issue 23's bytes figure). */
export interface RelevanceOffSample {
  /** on the wire (encoded bodies + headers) after the toggle, until the table showed every award and the network was idle */
  wire: number;
  /** the same responses' bodies as files in dist/ (uncompressed) */
  raw: number;
  /** on the wire for the whole visit: the page, DuckDB's warm-up, then the toggle */
  visitWire: number;
  /** what the browser asked for (its Accept-Encoding) and what the large responses came as */
  encodings: string[];
  /** navigation start → DuckDB ready (re:duckdb-ready) */
  ready: number | null;
}

/**
 * Cold-load `url` (/sbir, the relevance filter on), wait for DuckDB to be ready, turn "Rare-earth relevant only" off,
 * and wait until the live query over every award has answered and the network is idle. `rawSize(url)` gives a
 * response's uncompressed size (its file in dist/).
 */
export async function relevanceOffBytes(browser: Browser, url: string, rawSize: (url: string) => number): Promise<RelevanceOffSample> {
  const context = await browser.newContext(CONTEXT);
  const responses: {url: string; n: number; after: boolean; encoding: string}[] = [];
  let toggled = false;
  context.on("requestfinished", async (req) => {
    const after = toggled;
    try {
      const sizes = await req.sizes();
      const encoding = (await req.response())?.headers()["content-encoding"] ?? "identity";
      responses.push({url: req.url(), n: sizes.responseBodySize + sizes.responseHeadersSize, after, encoding});
    } catch {}
  });
  try {
    const page = await context.newPage();
    await page.goto(url, {waitUntil: "load", timeout: 120_000});
    await page.waitForFunction(`window.__reDatabase && window.__reDatabase.engine === "ready"`, null, {timeout: 120_000});
    await page.waitForLoadState("networkidle", {timeout: 120_000}).catch(() => {});
    const ready = (await page.evaluate(`performance.getEntriesByName("re:duckdb-ready")[0]?.startTime ?? null`)) as number | null;
    toggled = true;
    const live = (await page.evaluate("window.__reDatabase.live.length")) as number;
    await page.evaluate(`${`[...document.querySelectorAll("form")].find((f) => f.querySelector(":scope > label")?.textContent.trim() === "Rare-earth relevant only")`}.querySelector("input[type=checkbox]").click()`);
    await page.waitForFunction(`window.__reDatabase.live.slice(${live}).includes("sbir.awards") && window.__reDatabase.pending === 0`, null, {timeout: 120_000});
    await page.waitForLoadState("networkidle", {timeout: 120_000}).catch(() => {});
    await page.waitForTimeout(300);
    const after = responses.filter((r) => r.after);
    return {
      wire: after.reduce((s, r) => s + r.n, 0),
      raw: after.reduce((s, r) => s + rawSize(r.url), 0),
      visitWire: responses.reduce((s, r) => s + r.n, 0),
      encodings: [...new Set(responses.filter((r) => r.n > 1e6).map((r) => `${new URL(r.url).pathname.split("/").pop()}: ${r.encoding}`))],
      ready
    };
  } finally {
    await context.close();
  }
}
