// The engine builds a second case with no code change (issue 24, docs/cases.md): the test case
// test/fixtures/cases/toy-chain (made-up data, four stages, two tiers) is built once with the same command an analyst
// uses (`npm run build -- --case … --out <temp>`), served, and every page of its site map and every one of ITS stage
// pages is opened in one Chromium: clean console, no failed or off-origin request, no cell error, labelled as the
// test case. Then the figures it shows are checked against values worked out by hand from its CSVs. One build (~1–3
// min on 2 busy cores), 13 page loads.
import {spawn} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import type {Server} from "node:http";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import config from "../../observablehq.config.ts";
import {startServer} from "../../scripts/server.ts";
import {cellErrors, launch, openPage} from "./browser.ts";

const TOY = join(ROOT, "test/fixtures/cases/toy-chain");
const toy = JSON.parse(readFileSync(join(TOY, "case.json"), "utf8")) as {title: string; stages: {id: string; label: string}[]};
/** The toy site's pages: the site map's (the same for every case) and one per stage of the TOY case. */
const PATHS = ["/", ...(config.pages as {path: string}[]).map((p) => p.path), ...toy.stages.map((s) => `/stage/${s.id}`)];

let out: string;
let server: Server | undefined;
let baseUrl: string;
let browser: Browser;
let context: BrowserContext;
let distBefore: string | null;

const distIndex = () => (existsSync(join(ROOT, "dist/index.html")) ? createHash("sha256").update(readFileSync(join(ROOT, "dist/index.html"))).digest("hex") : null);

beforeAll(async () => {
  distBefore = distIndex();
  out = mkdtempSync(join(tmpdir(), "re-toy-site-"));
  const {RE_DATA_DIR: _ignored, ...env} = process.env;
  const {code, log} = await new Promise<{code: number | null; log: string}>((done) => {
    const c = spawn(process.execPath, ["--import", "tsx", "scripts/build.ts", "--case", TOY, "--out", out], {cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"]});
    let log = "";
    c.stdout.on("data", (d) => (log = (log + d).slice(-20_000)));
    c.stderr.on("data", (d) => (log = (log + d).slice(-20_000)));
    c.on("exit", (code) => done({code, log}));
  });
  if (code !== 0) throw new Error(`the test case's build failed (exit ${code}):\n${log.slice(-4000)}`);
  ({server, url: baseUrl} = await startServer(out));
  browser = await launch();
  context = await browser.newContext({viewport: {width: 1280, height: 900}});
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  if (out) rmSync(out, {recursive: true, force: true});
});

async function open(path: string): Promise<Page> {
  const {page, log} = await openPage(context, baseUrl, path);
  await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 30_000});
  await page.waitForTimeout(300);
  expect(await cellErrors(page), path).toEqual([]);
  expect(log.pageErrors, path).toEqual([]);
  expect(log.consoleErrors, path).toEqual([]);
  expect(log.failedRequests, path).toEqual([]);
  expect(log.externalRequests, path).toEqual([]);
  return page;
}

const byTestId = (page: Page, id: string) => page.getByTestId(id).first();

describe("the test case built as its own site", () => {
  test("it went into its own folder, not dist/, with one page per stage of the test case", () => {
    expect(distIndex()).toBe(distBefore);
    for (const p of PATHS) expect(existsSync(join(out, `${p === "/" ? "/index" : p}.html`)), p).toBe(true);
    // The rare-earth case's stage pages are not there.
    expect(existsSync(join(out, "stage/magnets.html"))).toBe(false);
  });

  test("every page is clean, offline and labelled as the test case", async () => {
    for (const path of PATHS) {
      const page = await open(path);
      expect(await page.title(), path).toMatch(/ \| Test case \(made-up data\)$/);
      await page.close();
    }
    // A stage page's title names its stage (Quarrying, not the template's title).
    const page = await open("/stage/quarry");
    expect(await page.title()).toBe("Value-chain stage: Quarrying | Test case (made-up data)");
    await page.close();
  }, 300_000);

  // Worked by hand from the test case's CSVs (macro rows copied from the rare-earth case): the default matched scope
  // "Toy chain, central and federal support", paid or binding, 2012–2025, constant 2024 USD by CPI-U, CNY at the market
  // rate of the row's year. CNY per USD 2021 6.4508, 2022 6.729, 2023 7.0809; CPI-U 2021 270.97, 2022 292.655,
  // 2023 304.702, 2024 313.689.
  //   China (central grant/reward rows; the policy-bank loan has no terms: known, unpriced; the provincial reuse grant
  //   is out of scope; the per-firm rule is general, not chain):
  //     quarry 10,000,000 / 6.4508 × 313.689 / 270.97  = 1,794,587
  //     smelt  20,000,000 / 6.729  × 313.689 / 292.655 = 3,185,832   (1 of 2 priced)
  //     forge   5,000,000 / 7.0809 × 313.689 / 304.702 =   726,952
  //     total 5,707,370, 3 of 4 known instruments priced
  //   US (obligated or committed awards; the announced reuse award is out):
  //     quarry 2,000,000 × 313.689 / 270.97  = 2,315,304
  //     smelt  4,000,000 × 313.689 / 292.655 = 4,287,492
  //     forge  1,500,000 × 313.689 / 304.702 = 1,544,242
  //     total 8,147,038, 3 of 3 priced
  //   Ratio 5,707,370 / 8,147,038 = 0.7005 (each side ≥ 3 priced and ≥ 60 % priced: 75 %, 100 %); gap −2,439,668.
  test("/gaps: each side's known grant equivalent by stage and in total, and the ratio", async () => {
    const page = await open("/gaps");
    const value = async (id: string) => Number(await byTestId(page, id).getAttribute("data-value"));
    expect(Math.abs((await value("scope-china-ge")) - 5_707_370)).toBeLessThan(1);
    expect(Math.abs((await value("scope-us-ge")) - 8_147_038)).toBeLessThan(1);
    expect(await byTestId(page, "scope-china-ge").innerText()).toBe("$5.71 m");
    expect(await byTestId(page, "scope-us-ge").innerText()).toBe("$8.15 m");
    expect(await byTestId(page, "scope-ratio").innerText()).toBe("0.701×");
    const rows = await page.$$eval("table", (tables) =>
      tables
        .filter((t) => /China: known GE/.test(t.querySelector("thead")?.textContent ?? ""))
        .flatMap((t) => [...t.querySelectorAll("tbody tr, tfoot tr")].map((tr) => [...tr.querySelectorAll("th, td")].map((c) => (c.textContent ?? "").trim())))
    );
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ["Quarrying", "$1.79 m1 of 1", "$2.32 m1 of 1"],
      ["Smelting", "$3.19 m1 of 2", "$4.29 m1 of 1"],
      ["Forging", "$727 k1 of 1", "$1.54 m1 of 1"],
      ["All stages", "$5.71 m3 of 4", "$8.15 m3 of 3"]
    ]);
    await page.close();
  });

  // china/tier_counts.csv: the latest national count of each tier (sprout 1,000 and grove 100, both 2024);
  // china/baogang_portfolio.csv: 5 sprout + 2 grove firms = 7, of which 2 new.
  test("/china: the firms of each tier, nationally and in the portfolio", async () => {
    const page = await open("/china");
    expect(await byTestId(page, "tier-card-sprout").innerText()).toMatch(/Sprout firms \(test tier\)\s+1,000\s+as of 2024/);
    expect(await byTestId(page, "tier-card-grove").innerText()).toMatch(/Grove firms \(test tier\)\s+100\s+as of 2024/);
    expect(await byTestId(page, "baogang-sprout").innerText()).toBe("5");
    expect(await byTestId(page, "baogang-grove").innerText()).toBe("2");
    expect(await byTestId(page, "baogang-total").innerText()).toBe("7");
    expect(await byTestId(page, "baogang-new").innerText()).toBe("2");
    await page.close();
  });

  // us/awards.csv, obligated or committed, nominal: 2,000,000 + 4,000,000 + 1,500,000 = 7,500,000 over 3 awards to 3
  // recipients (the announced 3,000,000 reuse award does not count by default).
  test("/us: the award total", async () => {
    const page = await open("/us");
    expect(await byTestId(page, "us-total").innerText()).toBe("$7.5 m");
    expect(await byTestId(page, "us-rows").innerText()).toBe("3");
    expect(await byTestId(page, "us-recipients").innerText()).toBe("3");
    await page.close();
  });

  // The smelting stage (see /gaps above): China 3,185,832 (1 of 2 priced), US 4,287,492; the description is the
  // stage's note in chain/stages.csv with its neighbours from chain/edges.csv (reuse feeds back into smelting).
  test("/stage/smelt: the stage's own figures", async () => {
    const page = await open("/stage/smelt");
    expect(await byTestId(page, "stage-description").innerText()).toBe("Toy ore to toy metal. It follows Reuse and Quarrying and feeds Forging.");
    expect(await byTestId(page, "stage-scope-china").innerText()).toBe("$3.19 m");
    expect(await byTestId(page, "stage-scope-us").innerText()).toBe("$4.29 m");
    expect(await byTestId(page, "stage-china-instruments").innerText()).toBe("2");
    expect(await byTestId(page, "stage-us-awards").innerText()).toBe("1");
    await page.close();
  });
});
