// Every page of the built site in Chromium: clean console, no failed or external requests, charts rendered; and
// per page, figures read off the page match the curated data, and changing an input changes what depends on it.
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import config from "../../observablehq.config.ts";
import {cellErrors, launch, openPage, waitForCount, type PageLog} from "./browser.ts";

let browser: Browser;
let context: BrowserContext;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({viewport: {width: 1280, height: 900}});
});
afterAll(async () => {
  await browser?.close();
});

function expectClean(log: PageLog) {
  expect(log.pageErrors).toEqual([]);
  expect(log.consoleErrors).toEqual([]);
  expect(log.failedRequests).toEqual([]);
  expect(log.externalRequests).toEqual([]);
}

async function settle(page: Page) {
  // Framework marks pending cells; wait until none is pending and the DOM is quiet.
  await page.waitForFunction(() => !document.querySelector(".observablehq--loading"), null, {timeout: 30_000});
  await page.waitForTimeout(200);
}

const text = (page: Page, testId: string) => page.getByTestId(testId).first().innerText();

describe("every page is clean and offline", () => {
  for (const path of ["/", ...config.pages.map((p) => p.path)]) {
    test(path, async () => {
      const {page, log} = await openPage(context, baseUrl, path);
      await settle(page);
      await page.waitForTimeout(500);
      expect(await cellErrors(page)).toEqual([]);
      expectClean(log);
      expect(log.requests.length).toBeGreaterThan(5);
      await page.close();
    });
  }
});

describe("/ overview", () => {
  test("headline figures come from the data", async () => {
    const {page, log} = await openPage(context, baseUrl, "/");
    await waitForCount(page, "[data-testid=headline-baogang]");
    expect(await text(page, "headline-little_giant")).toContain(">17,600");
    expect(await text(page, "headline-baogang")).toContain("32");
    expect(await text(page, "headline-baogang")).toContain("22 innovative SMEs · 9 specialized & new SMEs · 1 little giant");
    expect(await page.locator("a[href='./china']").count()).toBeGreaterThan(0);
    expectClean(log);
    await page.close();
  });
});

describe("/china", () => {
  let page: Page;
  let log: PageLog;
  beforeAll(async () => {
    ({page, log} = await openPage(context, baseUrl, "/china"));
    await waitForCount(page, "#chart-batches svg rect", 7);
    await waitForCount(page, "#table-support tbody tr");
    await settle(page);
  });

  test("all six charts render", async () => {
    for (const id of ["pyramid", "batches", "growth", "tier-series", "baogang-tier", "baogang-stage"]) {
      expect(await page.locator(`#chart-${id} svg`).count(), id).toBeGreaterThan(0);
    }
  });

  test("Baogang 32 = 22 + 9 + 1 and 12 new, read from the page", async () => {
    expect(await text(page, "baogang-total")).toBe("32");
    expect(await text(page, "baogang-new")).toBe("12");
    expect(await text(page, "baogang-tech_innovative")).toBe("22");
    expect(await text(page, "baogang-specialized_new")).toBe("9");
    expect(await text(page, "baogang-little_giant")).toBe("1");
  });

  test("batch 3 = 2,930 on the batches chart", async () => {
    const labels = await page.locator("#chart-batches svg text").allTextContents();
    expect(labels).toContain("2,930");
    expect(labels).toContain("3 (2021)");
    expect(await text(page, "batches-shown")).toBe("7");
    expect(await text(page, "batches-sum")).toBe("19,444");
  });

  test("tier cards show the latest national counts", async () => {
    expect(await text(page, "tier-card-little_giant")).toContain(">17,600");
    expect(await text(page, "tier-card-specialized_new")).toContain(">140,000");
    expect(await text(page, "gross-net-gap")).toBe("1,844");
  });

  test("changing the year range re-queries DuckDB and redraws the batches chart", async () => {
    await page.locator("form", {hasText: "From year"}).locator("select").first().selectOption({label: "2021"});
    await page.locator("form", {hasText: "To year"}).locator("select").first().selectOption({label: "2023"});
    await page.waitForFunction(() => document.querySelector("[data-testid=batches-shown]")?.textContent === "3");
    // 2930 + 4357 + 3671
    expect(await text(page, "batches-sum")).toBe("10,958");
    await waitForCount(page, "#chart-batches svg rect", 3);
    expect(await page.locator("#chart-batches svg g[aria-label=bar] rect").count()).toBe(3);
  });

  test("switching the tier redraws the series chart with that tier's points", async () => {
    const dots = () => page.locator("#chart-tier-series svg g[aria-label=dot] path, #chart-tier-series svg g[aria-label=dot] circle").count();
    expect(await dots()).toBe(8);
    await page.getByLabel("Little giants", {exact: true}).check();
    await page.waitForFunction(() => document.querySelector("#chart-tier-series")?.getAttribute("data-tier") === "little_giant");
    expect(await dots()).toBe(12);
  });

  test("the entity filter hides firms known not to be Baogang's", async () => {
    const rows = () => page.locator("#table-entities tbody tr").count();
    expect(await rows()).toBe(10);
    await page.getByLabel("Only Baogang-affiliated or unverified").check();
    await page.waitForFunction(() => document.querySelectorAll("#table-entities tbody tr").length === 7);
    expect(await page.locator("#table-entities").innerText()).not.toContain("Baotou Xijun Rare Earth");
  });

  test("every chart names its sources", async () => {
    const notes = await page.locator(".sources-note").count();
    expect(notes).toBeGreaterThanOrEqual(9);
    expect(await page.locator(".sources-note .source.missing").count()).toBe(0);
  });

  test("no errors after all the interactions", async () => {
    expect(await cellErrors(page)).toEqual([]);
    expectClean(log);
  });
});

describe("/us", () => {
  let page: Page;
  let log: PageLog;
  beforeAll(async () => {
    ({page, log} = await openPage(context, baseUrl, "/us"));
    await waitForCount(page, "#table-us-awards tbody tr");
    await waitForCount(page, "#chart-sbir-totals svg");
    await settle(page);
  });

  test("charts render", async () => {
    for (const id of ["us-year", "us-instrument", "us-agency", "us-stage", "us-mp-deal", "sbir-totals", "sbir-agency", "nih", "events"]) {
      expect(await page.locator(`#chart-${id} svg`).count(), id).toBeGreaterThan(0);
    }
  });

  test("MP Materials' $35,000,000 IBAS award of 2022-02-22 is listed", async () => {
    const row = page.locator("#table-us-awards tbody tr", {hasText: "2022-02-22"}).filter({hasText: "MP Materials"});
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain("$35,000,000");
    expect(await row.innerText()).toContain("IBAS");
  });

  test("FY2022 SBIR obligations $4,115,812,863", async () => {
    expect(await text(page, "sbir-fy22-obligations")).toBe("$4,115,812,863");
  });

  test("the MP deal shows its components separately", async () => {
    expect(await page.locator("#table-mp-deal tbody tr").count()).toBe(6);
    expect(await page.locator("#table-mp-deal").innerText()).toContain("$400,000,000");
  });

  test("ticking 'announced' adds exactly the announced amounts to the total and rows to the table", async () => {
    // obligated + committed = $2,661,800,000 over 22 rows; announced adds $2,878,800,000 over 10 rows (data/us/awards.csv)
    expect(await text(page, "us-total")).toBe("$2,661,800,000");
    expect(await page.locator("#table-us-awards tbody tr").count()).toBe(22);
    await page.getByLabel("announced", {exact: true}).check();
    await page.waitForFunction(() => document.querySelector("[data-testid=us-total]")?.textContent === "$5,540,600,000");
    expect(await page.locator("#table-us-awards tbody tr").count()).toBe(32);
    expect(await text(page, "us-rows")).toBe("32");
    await page.getByLabel("announced", {exact: true}).uncheck();
    await page.waitForFunction(() => document.querySelector("[data-testid=us-total]")?.textContent === "$2,661,800,000");
  });

  test("no errors after the interactions", async () => {
    expect(await cellErrors(page)).toEqual([]);
    expectClean(log);
  });
});

describe("/sbir", () => {
  let page: Page;
  let log: PageLog;
  beforeAll(async () => {
    ({page, log} = await openPage(context, baseUrl, "/sbir"));
    await waitForCount(page, "#table-sbir tbody tr");
    await settle(page);
  });
  const matches = () => text(page, "sbir-matches");
  const waitMatches = (n: string) => page.waitForFunction((v) => document.querySelector("[data-testid=sbir-matches]")?.textContent === v, n);

  test("the extract's 560 awards are loaded; rare-earth relevant only by default", async () => {
    // 560 = data rows of data/sbir/extract.csv, counted with Python's csv module
    expect(await text(page, "sbir-total-awards")).toBe("560");
    const relevant = await matches();
    expect(Number(relevant)).toBeGreaterThan(0);
    expect(await page.locator("#table-sbir tbody tr").count()).toBe(Number(relevant));
    for (const id of ["sbir-year", "sbir-agency-explorer", "sbir-stage"]) expect(await page.locator(`#chart-${id} svg`).count(), id).toBeGreaterThan(0);
  });

  test("turning off the relevance filter shows all 560 awards (table capped at 200)", async () => {
    await page.getByLabel("Rare-earth relevant only").uncheck();
    await waitMatches("560");
    expect(await page.locator("#table-sbir tbody tr").count()).toBe(200);
  });

  test("a keyword narrows the rows: 'magnet' in company, title or topic code matches 12 awards", async () => {
    // counted with Python over data/sbir/extract.csv: 'magnet' in lower(Company + Award Title + Topic Code)
    await page.getByPlaceholder("company, title or topic code").fill("magnet");
    await waitMatches("12");
    expect(await page.locator("#table-sbir tbody tr").count()).toBe(12);
  });

  test("a quote-and-semicolon payload is a plain search string: no error, no rows, and the page keeps working", async () => {
    await page.getByPlaceholder("company, title or topic code").fill("x'); DROP TABLE sbir_awards; --");
    await waitMatches("0");
    expect(await cellErrors(page)).toEqual([]);
    await page.getByPlaceholder("company, title or topic code").fill("");
    await waitMatches("560");
  });

  test("agency filter: DoD has 159 awards in the extract", async () => {
    // counted with Python: Agency == "Department of Defense"
    await page.locator("form", {hasText: "Agency"}).locator("select").first().selectOption({label: "DoD"});
    await waitMatches("159");
  });

  test("no errors after the interactions", async () => {
    expect(await cellErrors(page)).toEqual([]);
    expectClean(log);
  });
});
