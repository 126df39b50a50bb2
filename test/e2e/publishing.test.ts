// Shareable URLs, downloads of exactly the displayed rows, source tooltips, and phone-width layout.
import {readFileSync} from "node:fs";
import {parse} from "csv-parse/sync";
import type {Browser, BrowserContext} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import config from "../../observablehq.config.ts";
import {launch, openPage, waitForCount} from "./browser.ts";

let browser: Browser;
let context: BrowserContext;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({viewport: {width: 1280, height: 900}, acceptDownloads: true});
});
afterAll(async () => {
  await browser?.close();
});

describe("shareable URLs", () => {
  test("opening /china?from=2021&to=2023&tier=little_giant restores the inputs and the view", async () => {
    const {page} = await openPage(context, baseUrl, "/china?from=2021&to=2023&tier=little_giant");
    await page.waitForFunction(() => document.querySelector("[data-testid=batches-shown]")?.textContent === "3");
    expect(await page.getByTestId("batches-sum").innerText()).toBe("10,958");
    expect(await page.locator("form", {hasText: "From year"}).locator("select").first().inputValue()).not.toBe("");
    expect(await page.getByLabel("Little giants", {exact: true}).isChecked()).toBe(true);
    await page.waitForFunction(() => document.querySelector("#chart-tier-series")?.getAttribute("data-tier") === "little_giant");
    await page.close();
  });

  test("changing an input rewrites the query string without reloading or adding history entries", async () => {
    const {page} = await openPage(context, baseUrl, "/gaps");
    await waitForCount(page, "#table-gaps tbody tr");
    const before: number = await page.evaluate(() => window.history.length);
    await page.getByLabel("PPP (GDP)").check();
    await page.waitForFunction(() => location.search.includes("basis=ppp"));
    await page.getByLabel("announced", {exact: true}).check();
    await page.waitForFunction(() => location.search.includes("st=obligated%2Ccommitted%2Cannounced"));
    expect(await page.evaluate(() => window.history.length)).toBe(before);
    // the same URL in a fresh page restores both inputs and the same figure
    const url = page.url();
    const china = await page.getByTestId("gaps-china-total").getAttribute("data-value");
    const {page: again} = await openPage(context, baseUrl, url.slice(baseUrl.length));
    await waitForCount(again, "#table-gaps tbody tr");
    expect(await again.getByLabel("PPP (GDP)").isChecked()).toBe(true);
    expect(await again.getByLabel("announced", {exact: true}).isChecked()).toBe(true);
    await again.waitForFunction((v) => document.querySelector("[data-testid=gaps-china-total]")?.getAttribute("data-value") === v, china);
    await page.close();
    await again.close();
  });

  test("an invalid value in the URL falls back to the input's default", async () => {
    const {page} = await openPage(context, baseUrl, "/us?st=bogus&agg=maybe");
    await waitForCount(page, "#table-us-awards tbody tr");
    // defaults: obligated + committed, aggregates off
    expect(await page.getByTestId("us-total").innerText()).toBe("$2,661,800,000");
    expect(await page.getByLabel("Include programme-level totals (overlap award rows)").isChecked()).toBe(false);
    await page.close();
  });
});

describe("downloads", () => {
  test("the awards table's CSV has exactly the rows displayed, and the sources file lists their sources", async () => {
    const {page} = await openPage(context, baseUrl, "/us?st=obligated");
    await waitForCount(page, "#table-us-awards tbody tr");
    const shown = await page.locator("#table-us-awards tbody tr").count();
    const links = page.locator(".downloads[data-name=us-rows]");
    const [csv] = await Promise.all([page.waitForEvent("download"), links.locator(".dl-csv").click()]);
    const rows = parse(readFileSync((await csv.path())!), {columns: true}) as Record<string, string>[];
    expect(rows.length).toBe(shown);
    expect(rows.every((r) => r.status === "obligated")).toBe(true);
    const [src] = await Promise.all([page.waitForEvent("download"), links.locator(".dl-sources").click()]);
    const sources = parse(readFileSync((await src.path())!), {columns: true}) as Record<string, string>[];
    expect(new Set(sources.map((s) => s.source_id))).toEqual(new Set(rows.map((r) => r.source_id)));
    expect(sources.every((s) => s.title && s.confidence)).toBe(true);
    const [arrow] = await Promise.all([page.waitForEvent("download"), links.locator(".dl-arrow").click()]);
    expect(readFileSync((await arrow.path())!).subarray(0, 6).toString()).toBe("ARROW1");
    await page.close();
  });

  test("a filtered explorer table downloads only the filtered rows", async () => {
    const {page} = await openPage(context, baseUrl, "/sbir?rel=0&q=magnet");
    await page.waitForFunction(() => document.querySelector("[data-testid=sbir-matches]")?.textContent === "12");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.locator(".downloads[data-name=sbir-rows] .dl-csv").click()]);
    expect((parse(readFileSync((await csv.path())!), {columns: true}) as unknown[]).length).toBe(12);
    await page.close();
  });
});

test("hovering a bar shows a tooltip with its figures and confidence; the chart's sources note names the source", async () => {
  const {page} = await openPage(context, baseUrl, "/china");
  await waitForCount(page, "#chart-batches svg g[aria-label=bar] rect", 7);
  const bar = page.locator("#chart-batches svg g[aria-label=bar] rect").nth(2);
  await bar.scrollIntoViewIfNeeded();
  const box = (await bar.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, {steps: 5});
  await page.waitForFunction(() => (document.querySelector("#chart-batches svg g[aria-label=tip]")?.textContent ?? "").length > 0);
  // Plot wraps tip lines with zero-width spaces: compare on the visible characters
  const tip = (await page.locator("#chart-batches svg g[aria-label=tip]").textContent())!.replace(/\u200b/g, " ").replace(/\s+/g, " ");
  expect(tip).toContain("Batch 3 (2021): 2,930 announced");
  expect(tip).toContain("confidence medium");
  // Source ids are not prose: the tooltip does not show one; the sources note under the chart names the document.
  expect(tip).not.toContain("cn-35722aa-15949");
  const note = await page.locator("#chart-batches").locator("xpath=ancestor::div[contains(@class,'observablehq')][1]").locator(".sources-note").textContent();
  expect(note).toContain("Third batch of national specialized and new little giants");
  await page.close();
});

test("/sources lists the registry, searchable", async () => {
  const {page} = await openPage(context, baseUrl, "/sources?q=baotou");
  await waitForCount(page, "#table-sources tbody tr");
  const n = Number(await page.getByTestId("sources-count").innerText());
  expect(n).toBeGreaterThan(0);
  expect(await page.locator("#table-sources tbody tr").count()).toBe(n);
  // The registry names the issuer of each document (no source ids on the page).
  expect(await page.locator("#table-sources").innerText()).toContain("Baotou Municipal Bureau of Industry and Information Technology");
  expect(await page.locator("#table-datasets tbody tr").count()).toBeGreaterThan(20);
  await page.close();
});

describe("phone width (390 px): no horizontal overflow", () => {
  let phone: BrowserContext;
  beforeAll(async () => {
    phone = await browser.newContext({viewport: {width: 390, height: 844}, deviceScaleFactor: 1});
  });
  for (const path of ["/", ...config.pages.map((p) => p.path)]) {
    test(path, async () => {
      const {page} = await openPage(phone, baseUrl, path);
      await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 30_000});
      await page.waitForTimeout(800);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await page.close();
    });
  }
});

test("the built site works unchanged under a sub-path (/pipelines/)", async () => {
  const {startServer} = await import("../../scripts/server.ts");
  const {join} = await import("node:path");
  const {ROOT} = await import("../../loaders/paths.ts");
  const {server, url} = await startServer(join(ROOT, "dist"), 0, {}, "/pipelines");
  try {
    const origin = new URL(url).origin;
    const {page, log} = await openPage(context, origin, "/pipelines/gaps");
    await waitForCount(page, "#table-gaps tbody tr");
    expect(log.failedRequests).toEqual([]);
    expect(log.externalRequests).toEqual([]);
    expect(log.requests.every((r) => r.startsWith(`${origin}/pipelines/`))).toBe(true);
    await page.locator("a[href='./china']").first().click();
    await page.waitForURL(`${origin}/pipelines/china`);
    await waitForCount(page, "#chart-batches svg");
    await page.close();
  } finally {
    server.close();
  }
});

test("site search works offline", async () => {
  const {page, log} = await openPage(context, baseUrl, "/");
  await page.locator("#observablehq-search input").fill("Baogang");
  await page.waitForFunction(() => document.querySelectorAll("#observablehq-search-results li").length > 0);
  expect(await page.locator("#observablehq-search-results").innerText()).toContain("China");
  expect(log.externalRequests).toEqual([]);
  expect(log.failedRequests).toEqual([]);
  await page.close();
});

test("dark theme follows the reader's system setting", async () => {
  const dark = await browser.newContext({viewport: {width: 1280, height: 900}, colorScheme: "dark"});
  const {page} = await openPage(dark, baseUrl, "/china");
  await waitForCount(page, "#chart-batches svg");
  const [r, g, b] = (await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).match(/\d+/g)!.map(Number) as [number, number, number];
  expect((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255).toBeLessThan(0.25);
  await dark.close();
});

test("a shared /coverage URL restores the selected cell and its details", async () => {
  const cell = encodeURIComponent(JSON.stringify({stage: "separation", side: "us"}));
  const {page} = await openPage(context, baseUrl, `/coverage?cell=${cell}`);
  await page.waitForFunction(() => document.querySelector("#cell-details")?.getAttribute("data-stage") === "separation");
  expect(await page.locator("#cell-details").innerText()).toContain("MP Materials");
  await page.locator('.coverage-matrix td.cell[data-side="china"][data-stage="applications"]').first().click();
  await page.waitForFunction(() => decodeURIComponent(location.search).includes('"stage":"applications"'));
  await page.close();
});

test("/scenarios: scenario picks and B's sliders are restored from the URL", async () => {
  const {page} = await openPage(context, baseUrl, "/scenarios?a=china-slowdown&fps=10&year=2030");
  await page.waitForFunction(() => (document.querySelector('[data-key="firms_per_stage_per_year"] input[type=number]') as HTMLInputElement | null)?.value === "10.0", null, {timeout: 30_000});
  expect(await page.locator("form", {hasText: "Scenario A (as built)"}).locator("select").first().inputValue()).not.toBe("");
  expect(await page.getByTestId("scenario-card-A").innerText()).toContain("china-slowdown");
  await page.close();
});
