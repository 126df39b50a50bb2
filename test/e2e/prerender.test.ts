// Prerendered charts (scripts/prerender.ts): the built HTML carries each page's default-view charts, a reader sees
// them before any script runs, they are exactly the charts the page then draws itself, and a URL asking for another
// view hides them.
import type {Browser, BrowserContext} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {SITE_PATHS, STAGE_PATHS} from "../../observablehq.config.ts";
import {COLLECT, COLLECT_INLINE, PRERENDERED_CLASS, markInline, type PrerenderedCell} from "../../scripts/prerender.ts";
import {cellErrors, launch, openPage} from "./browser.ts";

let browser: Browser;
const baseUrl = inject("baseUrl");
const PATHS = SITE_PATHS;
// Pages whose default view has charts (the sources page has none; the overview has the chain diagram).
const WITH_CHARTS = ["/", "/china", "/us", "/sbir", "/coverage", "/gaps", "/scenarios", "/report", ...STAGE_PATHS];
const VIEWPORT = {width: 1280, height: 900};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Run `fn` in a fresh browser context at the prerender width (`scripts: false`: JavaScript off), then close it. */
async function inContext<T>(scripts: boolean, fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext({viewport: VIEWPORT, javaScriptEnabled: scripts});
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

/** The prerendered cells in a built page's HTML, as served (block cells: charts; or inline values in the prose). */
async function prerendered(path: string, kind: "block" | "inline" = "block"): Promise<PrerenderedCell[]> {
  const html = await (await fetch(`${baseUrl}${path}`)).text();
  const re = new RegExp(`(<div class="observablehq observablehq--block">)?<observablehq-loading class="${PRERENDERED_CLASS}">([\\s\\S]*?)</observablehq-loading><!--:([a-f0-9]+):-->`, "g");
  return [...html.matchAll(re)].filter((m) => (m[1] !== undefined) === (kind === "block")).map((m) => ({id: m[3] as string, html: m[2] as string}));
}

describe("each page's HTML carries the charts its default view draws", () => {
  for (const path of PATHS) {
    test(path, async () => {
      const built = await prerendered(path);
      const builtInline = await prerendered(path, "inline");
      if (WITH_CHARTS.includes(path)) expect(built.length).toBeGreaterThan(0);
      else expect(built).toEqual([]);
      await inContext(true, async (context) => {
        // Mark the inline cells (as the build does) to read back what the page displays in each.
        await context.route(`${baseUrl}${path}`, async (route) => {
          const response = await route.fetch();
          await route.fulfill({response, body: markInline(await response.text())});
        });
        const {page, log} = await openPage(context, baseUrl, path);
        await page.waitForFunction(() => {
          const s = (window as unknown as {__reDatabase?: {answered: string[]; pending: number}}).__reDatabase;
          return !!s && s.answered.length > 0 && s.pending === 0 && !document.querySelector("observablehq-loading");
        }, null, {timeout: 60_000});
        await page.waitForTimeout(500);
        expect(await cellErrors(page)).toEqual([]);
        // The page replaced every prerendered copy with its own output, and that output is the same chart.
        expect(await page.locator(`observablehq-loading.${PRERENDERED_CLASS}`).count()).toBe(0);
        const live = (await page.evaluate(COLLECT)) as PrerenderedCell[];
        expect(live.map((c) => c.id)).toEqual(built.map((c) => c.id));
        for (const [i, cell] of built.entries()) expect(cell.html, `cell ${cell.id}`).toBe(live[i]?.html);
        // Every inline value written into the prose is what the page then displays there.
        const liveInline = new Map(((await page.evaluate(COLLECT_INLINE)) as PrerenderedCell[]).map((c) => [c.id, c.html]));
        for (const cell of builtInline) expect(cell.html, `inline cell ${cell.id}`).toBe(liveInline.get(cell.id));
        // Under the site's Content-Security-Policy (style attributes allowed by hash), nothing was blocked.
        expect(log.consoleErrors).toEqual([]);
      });
    });
  }
});

test("with scripts off, /china shows its charts and no loading marks where they stand", () =>
  inContext(false, async (context) => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/china`);
    const charts = page.locator(`observablehq-loading.${PRERENDERED_CLASS} svg`);
    const inHtml = (await prerendered("/china")).reduce((n, c) => n + (c.html.match(/<svg\b/g) ?? []).length, 0);
    expect(inHtml).toBeGreaterThanOrEqual(6);
    expect(await charts.count()).toBe(inHtml);
    await expect.poll(() => charts.first().isVisible()).toBe(true);
    const box = await charts.first().boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    // The loading glyph (::before) is not drawn over a prerendered chart.
    const glyph = await page.locator(`observablehq-loading.${PRERENDERED_CLASS}`).first().evaluate((el) => getComputedStyle(el, "::before").content);
    expect(glyph).toBe("none");
  }));

test("a URL with a query (not the default view) hides the prerendered charts until the page draws its own", async () => {
  await inContext(false, async (context) => {
    const page = await context.newPage();
    // With scripts off the inline URL-state script does not run either: check the rule it switches on.
    await page.goto(`${baseUrl}/sbir?rel=0`);
    expect(await page.locator(`observablehq-loading.${PRERENDERED_CLASS} figure svg`).first().isVisible()).toBe(true);
    await page.evaluate(() => document.documentElement.classList.add("re-url-state"));
    expect(await page.locator(`observablehq-loading.${PRERENDERED_CLASS} figure svg`).first().isVisible()).toBe(false);
  });
  await inContext(true, async (live) => {
    const {page, log} = await openPage(live, baseUrl, "/sbir?rel=0");
    expect(await page.evaluate(() => document.documentElement.classList.contains("re-url-state"))).toBe(true);
    const {page: plain} = await openPage(live, baseUrl, "/sbir");
    expect(await plain.evaluate(() => document.documentElement.classList.contains("re-url-state"))).toBe(false);
    expect(log.consoleErrors).toEqual([]);
  });
});
