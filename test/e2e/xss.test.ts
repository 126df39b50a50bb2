// Text from data can never become markup. A copy of data/ carries script payloads in company names, award titles,
// programs, notes, event titles and source titles; the real loader entrypoints turn it into Arrow files, which the
// built site is served instead of its own (every /_file/data/*.arrow request). The pages are also served WITHOUT
// their Content-Security-Policy, so what is tested is the escaping itself: nothing executes (window.__xss stays
// undefined), no element or handler from the data is in the DOM, and the payload is shown as text.
import {mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync, existsSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {parse} from "csv-parse/sync";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {runLoaders} from "../helpers/loader-outputs.ts";
import {cellErrors, launch, openPage, type PageLog} from "./browser.ts";

const bump = "window.__xss=(window.__xss||0)+1";
const IMG = `<img src=x onerror="${bump}">`;
const SCRIPT = `<script>${bump}</script>`;
const SVG = `"><svg onload="${bump}">`;

const baseUrl = inject("baseUrl");
let browser: Browser;
let context: BrowserContext;
let data: string;
let arrows: string;
let served = 0;

type Rows = Record<string, string>[];
const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
/** Edit rows of a CSV in the data copy (parsed and written back fully quoted, so any payload stays one cell). */
function editCsv(file: string, edit: (rows: Rows) => void): void {
  const path = join(data, file);
  const text = readFileSync(path, "utf8");
  const header = (parse(text, {to: 1}) as string[][])[0]!;
  const rows = parse(text, {columns: true}) as Rows;
  edit(rows);
  writeFileSync(path, [header.map(quote).join(","), ...rows.map((r) => header.map((h) => quote(r[h] ?? "")).join(","))].join("\n") + "\n");
}
function row(rows: Rows, key: string, value: string): Record<string, string> {
  const r = rows.find((x) => x[key] === value);
  if (!r) throw new Error(`no row with ${key} = ${value}`);
  return r;
}

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), "re-xss-data-"));
  arrows = mkdtempSync(join(tmpdir(), "re-xss-arrow-"));
  cpSync(join(ROOT, "data/cases/rare-earths"), data, {recursive: true});
  editCsv("china/entities.csv", (rows) => {
    const r = row(rows, "entity_id", "baogang-electric");
    r.name_en = `${r.name_en} ${IMG}`;
    r.name_zh = SCRIPT;
    r.note = SVG;
  });
  editCsv("us/awards.csv", (rows) => {
    const r = row(rows, "award_id", "dod-ibas-mp-hree-2022");
    r.recipient = `MP Materials ${IMG}`;
    r.program = `${r.program} ${SCRIPT}`;
    r.note = SVG;
  });
  editCsv("us/events.csv", (rows) => {
    const r = row(rows, "event_id", "eo-14213");
    r.title = `${r.title} ${IMG}`;
  });
  editCsv("sources/us.csv", (rows) => {
    const r = row(rows, "source_id", "us-dod-mp-35m-2022-02-22");
    r.title = `${r.title} ${IMG}`;
    r.issuer = `${r.issuer} ${SCRIPT}`;
  });
  editCsv("sbir/extract.csv", (rows) => {
    const r = row(rows, "Company", "Urban Mining Company");
    r.Company = `Urban Mining Company ${IMG}`;
    r["Award Title"] = `${r["Award Title"]} ${SCRIPT}`;
  });
  // The real loader entrypoints, as the build runs them, on the payload data.
  await runLoaders({RE_DATA_DIR: data, RE_LOADER_OUT_DIR: arrows});
  browser = await launch();
  context = await browser.newContext({viewport: {width: 1280, height: 900}});
  await context.route("**/_file/data/**", async (route) => {
    // The maps' geometry (us-atlas, world-atlas) is not data a payload could be put in: the built file is served.
    if (/\/_file\/data\/atlas-[a-z]+\.[0-9a-f]{8}\.json$/.test(new URL(route.request().url()).pathname)) return route.fallback();
    const m = /\/_file\/data\/(.+)\.[0-9a-f]{8}\.arrow$/.exec(new URL(route.request().url()).pathname);
    const file = m ? join(arrows, `${m[1]}.arrow`) : "";
    if (!m || !existsSync(file)) return route.abort();
    served++;
    await route.fulfill({status: 200, contentType: "application/vnd.apache.arrow.stream", body: readFileSync(file)});
  });
  // The pages without their CSP: escaping alone must hold.
  await context.route(/\/[a-z]*$/, async (route) => {
    if (route.request().resourceType() !== "document") return route.fallback();
    const response = await route.fetch();
    const html = (await response.text()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "");
    await route.fulfill({response, body: html});
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const d of [data, arrows]) if (d) rmSync(d, {recursive: true, force: true});
});

async function settle(page: Page) {
  await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 30_000});
  await page.waitForTimeout(500);
}

/** Nothing from the payloads ran or became an element; returns the page's visible text. */
async function assertInert(page: Page, log: PageLog): Promise<string> {
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as {__xss?: number}).__xss)).toBeUndefined();
  const injected = await page.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"]').length,
    svg: document.querySelectorAll("svg[onload]").length,
    scripts: [...document.querySelectorAll("script")].filter((s) => s.textContent?.includes("__xss")).length,
    handlers: [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${el.tagName} ${a.name}`))
  }));
  expect(injected).toEqual({img: 0, svg: 0, scripts: 0, handlers: []});
  expect(log.pageErrors).toEqual([]);
  expect(await cellErrors(page)).toEqual([]);
  return page.evaluate(() => document.body.innerText);
}

describe("payloads in data are shown as text and never run", () => {
  test("/china: entity name, Chinese name and note", async () => {
    const {page, log} = await openPage(context, baseUrl, "/china");
    await page.waitForSelector("#table-entities tbody tr");
    await settle(page);
    // At 1280 px the note is folded into each row's detail (src/components/table.ts): open every row, so the note is
    // drawn (from the same cell formatter) where a reader reads it.
    await page.locator("#table-entities .fold-cue button").click();
    const table = await page.locator("#table-entities").innerText();
    expect(table).toContain(`Baogang Group Electric Co. ${IMG}`);
    expect(table).toContain(SCRIPT);
    expect(table).toContain(SVG);
    await assertInert(page, log);
    await page.close();
  });

  test("/us: recipient, program, event title and a source's title and issuer", async () => {
    const {page, log} = await openPage(context, baseUrl, "/us");
    await page.waitForSelector("#table-us-awards tbody tr");
    await page.waitForSelector("#chart-events svg");
    await settle(page);
    const table = await page.locator("#table-us-awards").innerText();
    expect(table).toContain(`MP Materials ${IMG}`);
    expect(table).toContain(`IBAS (heavy rare-earth separation, Mountain Pass) ${SCRIPT}`);
    // Plot draws the event title as SVG text.
    // (Plot wraps long labels into one tspan per line: compare without whitespace)
    const squash = (t: string | null) => (t ?? "").replace(/\s+/g, "");
    expect(squash(await page.locator("#chart-events").textContent())).toContain(squash(IMG));
    // The provenance line under the awards cites the source whose title and issuer carry payloads.
    const notes = (await page.locator(".sources-note").allTextContents()).join("\n");
    expect(notes).toContain(IMG);
    expect(notes).toContain(SCRIPT);
    await assertInert(page, log);
    await page.close();
  });

  test("/sbir: company and award title (the title is a link)", async () => {
    const {page, log} = await openPage(context, baseUrl, "/sbir");
    await page.waitForSelector("#table-sbir tbody tr");
    await settle(page);
    const row = page.locator("#table-sbir tbody tr", {hasText: "Urban Mining Company"});
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain(`Urban Mining Company ${IMG}`);
    expect(await row.locator("a").innerText()).toBe(`Upscaling and Optimization of Magnet to Magnet Recycling ${SCRIPT}`);
    await assertInert(page, log);
    await page.close();
  });

  test("/coverage: the awards behind a cell", async () => {
    const {page, log} = await openPage(context, baseUrl, "/coverage");
    await page.waitForSelector(".coverage-matrix tbody tr");
    await settle(page);
    await page.locator('.coverage-matrix td.cell[data-side="us"][data-stage="separation"]').first().click();
    await page.waitForFunction(() => document.querySelector("#cell-details")?.getAttribute("data-stage") === "separation");
    expect(await page.locator("#cell-details").innerText()).toContain(`MP Materials ${IMG}`);
    await assertInert(page, log);
    await page.close();
  });

  test("/ and /gaps render with the payload data and nothing runs", async () => {
    for (const path of ["/", "/gaps"]) {
      const {page, log} = await openPage(context, baseUrl, path);
      await settle(page);
      await assertInert(page, log);
      await page.close();
    }
  });

  test("control: the same payload inserted as markup does run here, and the checks catch it", async () => {
    const {page, log} = await openPage(context, baseUrl, "/");
    await settle(page);
    await page.evaluate((markup) => document.body.insertAdjacentHTML("beforeend", markup), IMG);
    await page.waitForFunction(() => (window as unknown as {__xss?: number}).__xss === 1);
    await expect(assertInert(page, log)).rejects.toThrow();
    await page.close();
  });

  test("every data file the pages asked for came from the payload copy", () => {
    expect(served).toBeGreaterThanOrEqual(20);
  });
});
