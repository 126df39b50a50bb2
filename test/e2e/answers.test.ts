// Build-time answers in the browser: every page draws its default view without DuckDB (no live query, and the
// overview never fetches the wasm at all), what it shows is exactly what it shows when every query runs live, and
// the first changed input starts DuckDB and answers live.
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {SITE_PATHS} from "../../observablehq.config.ts";
import {cellErrors, launch, openPage} from "./browser.ts";

let browser: Browser;
let context: BrowserContext;
const baseUrl = inject("baseUrl");
const PATHS = SITE_PATHS;

interface Stats {
  answered: string[];
  live: string[];
  pending: number;
  engine: string;
}

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({viewport: {width: 1280, height: 900}});
});
afterAll(async () => {
  await browser?.close();
});

/** Settled: queries were asked and none is pending, no cell shows Framework's loading placeholder, twice in a row. */
async function settle(page: Page) {
  const quiet = () =>
    page.waitForFunction(() => {
      const s = (window as unknown as {__reDatabase?: Stats}).__reDatabase;
      return !!s && s.answered.length + s.live.length > 0 && s.pending === 0 && !document.querySelector("observablehq-loading");
    }, null, {timeout: 60_000});
  await quiet();
  await page.waitForTimeout(400);
  await quiet();
}

const stats = (page: Page) => page.evaluate(() => (window as unknown as {__reDatabase: Stats}).__reDatabase);

/** What a reader sees: the main column's text, and each chart's text (axes, labels) and mark count. */
async function visible(page: Page) {
  return page.evaluate(() => ({
    text: (document.querySelector("main") as HTMLElement).innerText,
    charts: [...document.querySelectorAll("figure svg")].map((svg) => `${svg.textContent} | ${svg.querySelectorAll("path, rect, circle, line, text").length}`)
  }));
}

describe("default views are answered at build time", () => {
  for (const path of PATHS) {
    test(path, async () => {
      const {page, log} = await openPage(context, baseUrl, path);
      await settle(page);
      expect(await cellErrors(page)).toEqual([]);
      const s = await stats(page);
      expect(s.live, "queries that ran live in the default view (add them to src/queries/plans.ts)").toEqual([]);
      expect(s.answered.length).toBeGreaterThan(1);
      const answersFile = log.requests.filter((u) => /\/_file\/data\/answers\/[a-z-]+\.[0-9a-f]+\.json$/.test(u));
      expect(answersFile).toHaveLength(1);
      await page.close();
    });
  }

  test("the overview, which has no inputs, never downloads DuckDB or a table", async () => {
    const {page, log} = await openPage(context, baseUrl, "/");
    await settle(page);
    await page.waitForTimeout(2500);
    expect(log.requests.filter((u) => u.endsWith(".wasm") || u.includes("worker") || u.endsWith(".arrow"))).toEqual([]);
    expect((await stats(page)).engine).toBe("idle");
    await page.close();
  });
});

describe("answered pages show what live pages show", () => {
  for (const path of PATHS) {
    test(path, async () => {
      const answered = await openPage(context, baseUrl, path);
      await settle(answered.page);
      const expected = await visible(answered.page);
      await answered.page.close();

      const page = await context.newPage();
      await page.route(/\/_file\/data\/answers\//, (route) => route.abort());
      await page.goto(`${baseUrl}${path}`, {waitUntil: "load"});
      await settle(page);
      const s = await stats(page);
      expect(s.answered).toEqual([]);
      expect(s.live.length).toBeGreaterThan(1);
      expect(await visible(page)).toEqual(expected);
      await page.close();
    });
  }
});

test("the first changed input starts DuckDB and is answered live", async () => {
  const {page, log} = await openPage(context, baseUrl, "/china");
  await settle(page);
  await page.getByLabel("Little giants", {exact: true}).check();
  await page.waitForFunction(() => document.querySelector("#chart-tier-series")?.getAttribute("data-tier") === "little_giant", null, {timeout: 60_000});
  const s = await stats(page);
  expect(s.live).toContain("china.tierSeries");
  expect(s.engine).toBe("ready");
  expect(log.requests.some((u) => u.endsWith(".wasm"))).toBe(true);
  expect(log.requests.some((u) => /china\/tier_counts\.[0-9a-f]+\.arrow$/.test(u))).toBe(true);
  await page.close();
});

test("/sbir warms up on the relevant awards alone and fetches the full SBIR table only once the filter is off", async () => {
  const {page, log} = await openPage(context, baseUrl, "/sbir");
  await settle(page);
  await page.waitForFunction(() => (window as unknown as {__reDatabase: Stats}).__reDatabase.engine === "ready", null, {timeout: 60_000});
  const fetched = (name: string) => log.requests.some((u) => new RegExp(`/_file/data/${name}\\.[0-9a-f]+\\.arrow$`).test(u));
  expect(fetched("sbir_relevant")).toBe(true);
  expect(fetched("sbir_awards")).toBe(false);
  // A change with the filter on runs live over sbir_relevant: still no full table.
  await page.getByLabel("Phase I", {exact: true}).check();
  await page.waitForFunction(() => (window as unknown as {__reDatabase: Stats}).__reDatabase.live.includes("sbir.aggregates"), null, {timeout: 60_000});
  await settle(page);
  expect(fetched("sbir_awards")).toBe(false);
  await page.getByLabel("Rare-earth relevant only").uncheck();
  await page.waitForFunction(() => (window as unknown as {__reDatabase: Stats}).__reDatabase.live.filter((n) => n === "sbir.aggregates").length === 2, null, {timeout: 60_000});
  await settle(page);
  expect(fetched("sbir_awards")).toBe(true);
  expect(await cellErrors(page)).toEqual([]);
  await page.close();
});

test("a setting one step from the default is answered from the build too: no live query for it", async () => {
  // /gaps' US side set to the SBIR/STTR matches (src/queries/alternatives.ts): its rows are in the answers file.
  const {page} = await openPage(context, baseUrl, "/gaps");
  await settle(page);
  const before = await page.getByTestId("gaps-us-total").getAttribute("data-value");
  await page.getByLabel("SBIR/STTR rare-earth matches", {exact: true}).check();
  await page.waitForFunction((v) => document.querySelector("[data-testid=gaps-us-total]")?.getAttribute("data-value") !== v, before, {timeout: 60_000});
  await settle(page);
  const s = await stats(page);
  expect(s.answered).toContain("compare.usAwardsForGaps.sbir");
  expect(s.live).not.toContain("compare.usAwardsForGaps.sbir");
  expect(s.live).toEqual([]);
  expect(await cellErrors(page)).toEqual([]);
  await page.close();
});
