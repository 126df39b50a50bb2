// Shareable URLs, downloads of exactly the displayed rows, source tooltips, and phone-width layout.
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {JSDOM} from "jsdom";
import {parse} from "csv-parse/sync";
import JSZip from "jszip";
import type {Browser, BrowserContext} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {SITE_PATHS} from "../../observablehq.config.ts";
import {launch, openPage, waitForCount} from "./browser.ts";
import {ROOT} from "../../loaders/paths.ts";
import {hostOf, loadSources} from "../../loaders/sources.ts";
import {COPY_KINDS} from "../../src/lib/taxonomy.ts";
import {SCOPE_DEFAULTS} from "../../src/queries/defaults.ts";

/** Every host the registry read a document on that is a copy or an aggregator, plus the three the issue names. */
const REGISTRY = [...loadSources().values()];
const COPY_HOSTS = [...new Set([...REGISTRY.filter((s) => COPY_KINDS.includes(s.read_kind)).map((s) => hostOf(s.read_url)).filter((h): h is string => h !== null), "35722aa.com", "bet333ios4.com", "277762.cc"])];

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
    expect(await page.getByTestId("us-total").innerText()).toBe("$3.98 bn"); // obligated + committed: $3,979,060,000 (test/queries/us.test.ts), 3.97906 bn to 3 figures
    expect(await page.getByLabel("Include programme-level totals (overlap award rows)").isChecked()).toBe(false);
    await page.close();
  });
});

/** A downloaded zip's files, by name (text, or bytes for .arrow). */
async function unzip(path: string): Promise<Record<string, string | Uint8Array>> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const out: Record<string, string | Uint8Array> = {};
  for (const name of Object.keys(zip.files)) out[name] = name.endsWith(".arrow") ? await zip.file(name)!.async("uint8array") : await zip.file(name)!.async("string");
  return out;
}

describe("downloads", () => {
  test("the awards table's data zip has exactly the rows displayed, and the sources file lists their sources", async () => {
    const {page} = await openPage(context, baseUrl, "/us?st=obligated");
    await waitForCount(page, "#table-us-awards tbody tr");
    const shown = await page.locator("#table-us-awards tbody tr").count();
    const links = page.locator(".downloads[data-name=us-rows]");
    const [zip] = await Promise.all([page.waitForEvent("download"), links.locator(".dl-zip").click()]);
    expect(zip.suggestedFilename()).toBe("us-rows_obligated.zip");
    const files = await unzip((await zip.path())!);
    expect(Object.keys(files).sort()).toEqual(["README.txt", "metadata.json", "sources.csv", "us-rows_obligated.csv"]);
    const rows = parse(files["us-rows_obligated.csv"] as string, {columns: true}) as Record<string, string>[];
    expect(rows.length).toBe(shown);
    expect(rows.every((r) => r.status === "obligated")).toBe(true);
    // the zip's sources file and the "sources" link agree, and name every source of the rows
    const [src] = await Promise.all([page.waitForEvent("download"), links.locator(".dl-sources").click()]);
    const sources = parse(readFileSync((await src.path())!), {columns: true}) as Record<string, string>[];
    expect(new Set(sources.map((s) => s.source_id))).toEqual(new Set(rows.map((r) => r.source_id)));
    expect(parse(files["sources.csv"] as string, {columns: true})).toEqual(sources);
    expect(sources.every((s) => s.title && s.confidence)).toBe(true);
    const meta = JSON.parse(files["metadata.json"] as string);
    expect(meta.settings).toEqual([
      {key: "st", label: "Statuses that count", value: ["obligated"]},
      {key: "agg", label: "Include programme-level totals (overlap award rows)", value: false}
    ]);
    expect(meta.columns.find((c: {name: string}) => c.name === "amount_usd")).toMatchObject({unit: "US dollars", currency_basis: "nominal US dollars, as reported (not deflated)"});
    const [arrow] = await Promise.all([page.waitForEvent("download"), links.locator(".dl-arrow").click()]);
    expect(arrow.suggestedFilename()).toBe("us-rows_obligated.arrow");
    const table = tableFromIPC(readFileSync((await arrow.path())!));
    expect(table.numRows).toBe(shown);
    expect(JSON.parse(table.schema.metadata.get("settings")!)).toEqual(meta.settings);
    expect(table.schema.metadata.get("data_version")).toBe(meta.data_version);
    await page.close();
  });

  test("a filtered explorer table downloads only the filtered rows", async () => {
    const {page} = await openPage(context, baseUrl, "/sbir?rel=0&q=magnet");
    await page.waitForFunction(() => document.querySelector("[data-testid=sbir-matches]")?.textContent === "12");
    const [zip] = await Promise.all([page.waitForEvent("download"), page.locator(".downloads[data-name=sbir-rows] .dl-zip").click()]);
    expect(zip.suggestedFilename()).toMatch(/^sbir-rows_.*magnet_all-awards\.zip$/);
    const files = await unzip((await zip.path())!);
    const csv = Object.keys(files).find((f) => f.endsWith(".csv") && f !== "sources.csv")!;
    expect((parse(files[csv] as string, {columns: true}) as unknown[]).length).toBe(12);
    const meta = JSON.parse(files["metadata.json"] as string);
    expect(meta.settings.find((s: {key: string}) => s.key === "q").value).toBe("magnet");
    expect(meta.settings.find((s: {key: string}) => s.key === "rel").value).toBe(false);
    await page.close();
  });

  test("/gaps: the download's settings are the page's settings, its rows the table's, its version the footer's", async () => {
    const {page} = await openPage(context, baseUrl, "/gaps?basis=ppp&base=2023&defl=gdp");
    await waitForCount(page, "#table-gaps tbody tr");
    await page.waitForFunction(() => document.querySelector("[data-testid=ppp-ratio]") !== null);
    const [zip] = await Promise.all([page.waitForEvent("download"), page.locator(".downloads[data-name=gaps-designated-firm-estimate] .dl-zip").click()]);
    // The settings in force, read off the page's own controls (the options' text: Inputs' option values are indices)
    const chosen = (label: string) => page.locator("form", {hasText: label}).locator("select").evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent);
    const from = await chosen("Years from (both sides)");
    const to = await chosen("Years to (both sides)");
    expect(await chosen("Base year (constant USD of)")).toBe("2023");
    expect(await page.getByLabel("PPP (GDP)").isChecked()).toBe(true);
    expect(await page.getByLabel("US GDP deflator").isChecked()).toBe(true);
    const files = await unzip((await zip.path())!);
    const meta = JSON.parse(files["metadata.json"] as string);
    const setting = (key: string) => meta.settings.find((s: {key: string}) => s.key === key)?.value;
    expect(setting("basis")).toBe("ppp");
    expect(setting("base")).toBe(2023);
    expect(setting("defl")).toBe("gdp");
    expect(String(setting("sfrom"))).toBe(from);
    expect(String(setting("sto"))).toBe(to);
    // the scope radio left at its default
    expect(setting("scope")).toBe(SCOPE_DEFAULTS.scope);
    expect(meta.scope).toContain(SCOPE_DEFAULTS.scope);
    expect(meta.settings.find((s: {key: string}) => s.key === "basis").label).toBe("CNY → USD basis");
    // every bound input of the page is recorded, defaults included
    const keys = meta.settings.map((s: {key: string}) => s.key);
    for (const k of ["basis", "base", "defl", "scope", "sc", "sfrom", "sto"]) expect(keys).toContain(k);
    expect(zip.suggestedFilename()).toBe(`gaps-designated-firm-estimate_ppp_2023usd_gdp_${String(setting("scope")).replaceAll("_", "-")}_${from}-${to}.zip`);
    expect(meta.url).toBe(page.url());
    expect(meta.title).toBe("Designated-firm estimate by stage");
    expect(meta.columns.find((c: {name: string}) => c.name === "us_usd")).toMatchObject({unit: "US dollars", currency_basis: "constant 2023 US dollars (yuan converted at PPP (GDP) conversion factors, deflated by the US GDP deflator)", rounding: "rounded to whole units"});
    // the version and date are the footer's
    const footerVersion = await page.locator("#observablehq-footer [data-version]").innerText();
    expect(footerVersion).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
    expect(meta.data_version).toBe(footerVersion);
    expect(await page.locator("#observablehq-footer .data-version").innerText()).toContain(`data of ${meta.data_date}`);
    expect(files["README.txt"]).toContain(meta.citation);
    expect(files["README.txt"]).toContain("CNY → USD basis (basis): ppp");
    // the rows are the table's: one per stage, the same US award counts, money rounded to whole dollars
    const csv = Object.keys(files).find((f) => f.startsWith("gaps-designated-firm-estimate_"))!;
    const rows = parse(files[csv] as string, {columns: true}) as Record<string, string>[];
    const table = (await page.locator("#table-gaps tbody tr").allInnerTexts()).map((t) => t.split("\t").map((c) => c.trim()));
    expect(rows.length).toBe(table.length);
    expect(rows.map((r) => r.us_awards)).toEqual(table.map((r) => r[7]));
    expect(rows.every((r) => /^-?\d+$/.test(r.us_usd!) && /^-?\d+$/.test(r.china_central_usd!))).toBe(true);
    expect(Object.keys(rows[0]!)).not.toContain("gap_central_usd");

    // "full data": the published tables behind the rows, whole, with the same version in metadata and Arrow schema
    const [full] = await Promise.all([page.waitForEvent("download"), page.locator(".downloads[data-name=gaps-designated-firm-estimate] .dl-full").click()]);
    expect(full.suggestedFilename()).toBe("gaps-designated-firm-estimate_full-data.zip");
    const whole = await unzip((await full.path())!);
    const fullMeta = JSON.parse(whole["metadata.json"] as string);
    expect(fullMeta.datasets.map((d: {name: string}) => d.name)).toEqual(["baogang_portfolio", "china_support", "awards", "macro"]);
    for (const d of fullMeta.datasets as {name: string; rows: number}[]) {
      const published = tableFromIPC(whole[`${d.name}.arrow`] as Uint8Array);
      expect((parse(whole[`${d.name}.csv`] as string, {columns: true}) as unknown[]).length).toBe(published.numRows);
      expect(d.rows).toBe(published.numRows);
      expect(published.schema.metadata.get("data_version")).toBe(footerVersion);
    }
    expect(fullMeta.data_version).toBe(footerVersion);
    await page.close();
  });

  test("the same view downloads the same bytes twice", async () => {
    const {page} = await openPage(context, baseUrl, "/china");
    await waitForCount(page, "#chart-batches svg g[aria-label=bar] rect", 7);
    const links = page.locator(".downloads[data-name=china-batches]");
    const bytes = [];
    for (let i = 0; i < 2; i++) {
      const [zip] = await Promise.all([page.waitForEvent("download"), links.locator(".dl-zip").click()]);
      bytes.push(readFileSync((await zip.path())!));
    }
    expect(bytes[0]!.equals(bytes[1]!)).toBe(true);
    await page.close();
  });
});

test("/sources shows the corrections log; every page's footer has the data version and a citation", async () => {
  const {page} = await openPage(context, baseUrl, "/sources");
  await waitForCount(page, "#table-corrections tbody tr");
  const log = parse(readFileSync(join(ROOT, "data/cases/rare-earths/corrections/corrections.csv")), {columns: true}) as Record<string, string>[];
  expect(await page.locator("#table-corrections tbody tr").count()).toBe(log.length);
  expect(await page.locator("#table-corrections").innerText()).toContain("Instrument other → contract.");
  const version = await page.locator("#observablehq-footer [data-version]").innerText();
  expect(await page.locator("meta[name=re-data-version]").getAttribute("content")).toBe(version);
  expect(await page.locator("#observablehq-footer .cite-this").innerText()).toContain(`Rare-earth pipelines (${(await page.locator("meta[name=re-data-date]").getAttribute("content"))!.slice(0, 4)}). Sources and methods. Data version ${version}`);
  await page.close();
  const dist = join(ROOT, "dist");
  for (const f of readdirSync(dist).filter((x) => x.endsWith(".html") && x !== "404.html")) {
    const doc = new JSDOM(readFileSync(join(dist, f), "utf8")).window.document;
    expect(doc.querySelector("#observablehq-footer [data-version]")?.textContent, f).toBe(version);
    expect(doc.querySelector("#observablehq-footer .cite-this")?.textContent, f).toContain(`Data version ${version}`);
  }
});

describe("charts as images and links (src/components/chart-export.ts)", () => {
  // PNG: the IHDR chunk's width and height (bytes 16–23, big-endian)
  const pngSize = (b: Buffer) => ({width: b.readUInt32BE(16), height: b.readUInt32BE(20)});

  test("a chart saves as SVG and PNG with its title, the settings in force, its sources and the site's name", async () => {
    const {page, log} = await openPage(context, baseUrl, "/gaps?basis=ppp&from=2021");
    await waitForCount(page, "#chart-gaps svg g[aria-label=bar] rect");
    const tools = page.locator("figure#chart-gaps > .chart-tools");
    const [svgFile] = await Promise.all([page.waitForEvent("download"), tools.locator(".chart-svg").click()]);
    expect(svgFile.suggestedFilename()).toBe("gaps_chart-gaps.svg");
    const svgText = readFileSync((await svgFile.path())!, "utf8");
    const doc = new new JSDOM("").window.DOMParser().parseFromString(svgText, "image/svg+xml");
    const root = doc.documentElement;
    expect(root.localName).toBe("svg");
    // 720 px of chart and 24 px each side, whatever the window's width
    expect(root.getAttribute("width")).toBe("768");
    const height = Number(root.getAttribute("height"));
    const text = [...doc.querySelectorAll("text")].map((t) => t.textContent).join(" ").replace(/\s+/g, " ");
    expect(text).toContain("China's estimated support vs US awards by value-chain stage");
    // the subtitle carries the page's settings from the URL (PPP, window 2021–2025), not the defaults
    expect(text).toContain("CNY of 2024 at the PPP rate");
    expect(text).toContain("US curated awards 2021–2025");
    // the chart itself (its stage labels and legend), the source line from the note under it, the site's name
    expect(text).toContain("Separation & refining");
    expect(text).toContain("US (awards)");
    // the little giant's per-firm support, the only sourced part of the China estimate (data/cases/rare-earths/assumptions/china_support.csv)
    expect(text).toMatch(/Sources: Baotou IIT: key-supported little giants 2025 \(news item\) \(Baotou Municipal Bureau of Industry/);
    expect(text).toContain("Rare-earth pipelines");
    expect(text).toContain("/gaps?basis=ppp&from=2021#chart-gaps");
    // no theme variable or currentColor left for an image viewer to resolve
    expect(svgText).not.toMatch(/var\(--|currentColor/);

    const [pngFile] = await Promise.all([page.waitForEvent("download"), tools.locator(".chart-png").click()]);
    expect(pngFile.suggestedFilename()).toBe("gaps_chart-gaps.png");
    const png = readFileSync((await pngFile.path())!);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(pngSize(png)).toEqual({width: 2 * 768, height: 2 * height});
    // made within the Content-Security-Policy (the harness reports any violation as a console error)
    expect(log.consoleErrors).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    await page.close();
  });

  test("a chart's link opens the page in its current state, scrolled to the chart", async () => {
    const {page} = await openPage(context, baseUrl, "/us?st=obligated#chart-us-agency");
    // the charts above it draw after it (a URL with a query hides the prerendered copies): it ends at the top of the
    // window, below the room Framework keeps for its header (scroll-padding-top), and well down the page
    await page.waitForFunction(() => {
      const pad = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
      return [...document.querySelectorAll("figure.chart-figure")].filter((f) => !f.closest("observablehq-loading") && f.querySelector("svg")).length === 9 && Math.abs(document.querySelector("figure#chart-us-agency")!.getBoundingClientRect().top - pad) < 3;
    }, null, {timeout: 100_000});
    expect(await page.locator("#chart-us-agency[data-scrolled] svg").count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(1000);
    expect(await page.getByLabel("obligated", {exact: true}).isChecked()).toBe(true);
    expect(await page.getByLabel("committed", {exact: true}).isChecked()).toBe(false);
    // the link is "#id" on the page's current URL (which url-state.ts rewrites as inputs change)
    const href = await page.locator("figure#chart-us-agency a.chart-link").evaluate((a) => (a as HTMLAnchorElement).href);
    expect(href).toBe(`${baseUrl}/us?st=obligated#chart-us-agency`);
    await page.close();
  }, 120_000); // a URL with a query runs its queries live: DuckDB-WASM starts, which takes a while on a loaded machine
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
  // Five sources behind the batches: MIIT notices read on copies at roadmark and 35722aa.com (each corroborated), and
  // CSDN (batches 2, 4), Breaking Latest (5) and kczg.org.cn (6, 7), aggregators nothing corroborates: 3 single copies.
  expect(note).toContain("Sources (5):");
  expect(note).toContain("3 read on a single copy");
  expect(note).toContain("(Ministry of Industry and Information Technology (MIIT); read via a copy;");
  expect(note).not.toContain("35722aa.com");
  await page.close();
});

test("/sources lists the registry, searchable, with the mix of where figures were read and the single-copy list", async () => {
  const {page} = await openPage(context, baseUrl, "/sources?q=baotou");
  await waitForCount(page, "#table-sources tbody tr");
  const n = Number(await page.getByTestId("sources-count").innerText());
  expect(n).toBeGreaterThan(0);
  expect(await page.locator("#table-sources tbody tr").count()).toBe(n);
  // The registry names the issuer of each document (no source ids on the page).
  expect(await page.locator("#table-sources").innerText()).toContain("Baotou Municipal Bureau of Industry and Information Technology");
  expect(await page.locator("#table-datasets tbody tr").count()).toBeGreaterThan(20);

  // The mix: one row per kind of place, in the order strongest first; its figures add up to the count in the prose,
  // and its single-copy column to the length of the list below.
  const mix = (await page.locator("#table-source-mix tbody tr").allInnerTexts()).map((t) => t.split("\t").map((c) => c.trim()));
  expect(mix.map((r) => r[0])).toEqual(["the issuer's own site", "an official copy", "a data repository", "a company", "news media", "an aggregator", "a copy on an unrelated site"]);
  const int = (t: string | undefined) => Number((t ?? "").replaceAll(",", ""));
  expect(mix.reduce((k, r) => k + int(r[1]), 0)).toBe(int(await page.getByTestId("figures-count").innerText()));
  const singles = int(await page.getByTestId("single-copy-count").innerText());
  expect(singles).toBeGreaterThan(0);
  expect(mix.reduce((k, r) => k + int(r[2]), 0)).toBe(singles);
  // a single copy is read on a copy or an aggregator: the other kinds have none
  expect(mix.slice(0, 5).every((r) => r[2] === "0")).toBe(true);
  expect(await page.locator("#table-single-copy").getAttribute("data-rows")).toBe(String(singles));

  // The list names the figure, its value, the document by its issuer, and where it was read. Batch 5 (3,671) was
  // read only on an aggregator; batch 3 (2,930) was read on a copy but a Hangzhou news item states it too.
  await page.locator("#table-single-copy .show-more").click();
  while (await page.locator("#table-single-copy .show-more").isVisible()) await page.locator("#table-single-copy .show-more").click();
  const batch5 = page.locator("#table-single-copy tbody tr", {hasText: "Little giants, batch 5 (2023)"});
  expect(await batch5.count()).toBe(1);
  expect(await batch5.innerText()).toContain("3,671 announced");
  expect(await batch5.locator(".where-read").innerText()).toContain("an aggregator");
  expect(await page.locator("#table-single-copy tbody tr", {hasText: "Little giants, batch 3 (2021)"}).count()).toBe(0);
  // >60,000 specialized & new SMEs: a People's Daily item read on a copy at tyjgjz.com, cited as People's Daily's
  const sn = page.locator("#table-single-copy tbody tr", {hasText: "Specialized & new SMEs: stock (national, 2022-11)"});
  expect(await sn.locator(".issuer").innerText()).toBe("People's Daily, 2022-11-11");
  expect(await sn.locator(".where-read a").getAttribute("href")).toBe("http://tyjgjz.com/cn/Instant/municipal/202211/t20221111_7306867.html");
  expect(await sn.locator(".where-read").innerText()).toContain("a copy on an unrelated site");

  // Its sources file names the issuer apart from where each was read; no copy's host is an issuer.
  const [src] = await Promise.all([page.waitForEvent("download"), page.locator(".downloads[data-name=single-copy-figures] .dl-sources").click()]);
  const rows = parse(readFileSync((await src.path())!), {columns: true}) as Record<string, string>[];
  expect(rows.length).toBeGreaterThan(10);
  expect(Object.keys(rows[0]!)).not.toContain("publisher");
  expect(rows.every((r) => r.issuer && ["copy", "aggregator"].includes(r.read_kind!) && r.single_copy === "yes")).toBe(true);
  expect(rows.flatMap((r) => COPY_HOSTS.filter((h) => r.issuer!.toLowerCase().includes(h)))).toEqual([]);
  await page.close();
});

describe("no copy's domain is named as a publisher in the built pages and data", () => {
  test("every provenance line and issuer in the built HTML names the issuer, never a copy or aggregator host", () => {
    const dist = join(ROOT, "dist");
    const pages = readdirSync(dist).filter((f) => f.endsWith(".html"));
    let issuers = 0;
    for (const f of pages) {
      const doc = new JSDOM(readFileSync(join(dist, f), "utf8")).window.document;
      const texts = [...doc.querySelectorAll(".sources-note, .issuer")].map((e) => e.textContent ?? "");
      issuers += doc.querySelectorAll(".issuer").length;
      const found = texts.flatMap((t) => COPY_HOSTS.filter((h) => t.toLowerCase().includes(h)).map((h) => `${f}: ${h}`));
      expect(found).toEqual([]);
    }
    // /china's prerendered provenance cites the MIIT notice read on 35722aa.com: by its issuer, read via a copy
    const china = new JSDOM(readFileSync(join(dist, "china.html"), "utf8")).window.document;
    const cited = china.querySelector('.source[data-source-id="cn-35722aa-15949"]');
    expect(cited?.querySelector(".issuer")?.textContent).toBe("Ministry of Industry and Information Technology (MIIT)");
    expect(cited?.textContent).toContain("read via a copy");
    expect(cited?.querySelector("a")?.getAttribute("href")).toBe("http://www.35722aa.com/thread-15949-1-1.html");
    expect(issuers).toBeGreaterThan(0);
  });

  test("every published table's metadata names issuers, never a copy or aggregator host, and has no publisher", () => {
    const files = (readdirSync(join(ROOT, "dist/_file/data"), {recursive: true}) as string[]).filter((f) => f.endsWith(".arrow"));
    expect(files.length).toBeGreaterThan(20);
    let cited = 0;
    for (const f of files) {
      const t = tableFromIPC(readFileSync(join(ROOT, "dist/_file/data", f)));
      const meta = JSON.parse(t.schema.metadata.get("sources") ?? "[]") as Record<string, unknown>[];
      cited += meta.length;
      for (const s of meta) {
        expect(s).not.toHaveProperty("publisher");
        expect(COPY_HOSTS.filter((h) => String(s.issuer).toLowerCase().includes(h)), `${f}: ${s.source_id}`).toEqual([]);
      }
      if (f.startsWith("sources.")) {
        const issuers = t.getChild("issuer")!.toArray() as string[];
        expect(issuers.length).toBe(REGISTRY.length);
        expect(issuers.flatMap((i) => COPY_HOSTS.filter((h) => i.toLowerCase().includes(h)))).toEqual([]);
      }
    }
    expect(cited).toBeGreaterThan(100);
  });
});

describe("phone width (390 px): no horizontal overflow", () => {
  let phone: BrowserContext;
  beforeAll(async () => {
    phone = await browser.newContext({viewport: {width: 390, height: 844}, deviceScaleFactor: 1});
  });
  for (const path of SITE_PATHS) {
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

test("/scenarios reads the matched scope from the URL key /gaps writes (scope)", async () => {
  const {page} = await openPage(context, baseUrl, "/scenarios?scope=sme_programmes");
  await page.waitForFunction(() => document.body.innerText.includes("National SME programmes, central and federal, 2021–2025"), null, {timeout: 30_000});
  expect(await page.getByLabel("National SME programmes, central and federal", {exact: true}).isChecked()).toBe(true);
  // SBIR/STTR against China's two unpriced central SME rows: no ratio, what is missing instead
  expect(await page.getByTestId("kpi-scope-a").getAttribute("data-value")).toBe("none");
  expect(await page.locator(".kpis").first().innerText()).toContain("China: 0 of 2 instruments priced (0%)");
  await page.close();
});

test("/scenarios: scenario picks and B's sliders are restored from the URL", async () => {
  const {page} = await openPage(context, baseUrl, "/scenarios?a=china-slowdown&fps=10&year=2030");
  await page.waitForFunction(() => (document.querySelector('[data-key="firms_per_stage_per_year"] input[type=number]') as HTMLInputElement | null)?.value === "10.0", null, {timeout: 30_000});
  expect(await page.locator("form", {hasText: "Scenario A (as built)"}).locator("select").first().inputValue()).not.toBe("");
  expect(await page.getByTestId("scenario-card-A").innerText()).toContain("A: China slowdown");
  await page.close();
});
