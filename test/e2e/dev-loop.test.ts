// The analyst's loop (docs/analyst.md), end to end in Chromium: `npm run dev` in a temporary copy of the repository
// (node_modules linked, the library bundles copied so no page waits for rollup), then on the open /gaps page:
// a saved CSV value changes the figure by itself, an invalid value shows the validation message once above the page
// with the last good figure kept, the fix recovers, and a plain kill of the `npm run dev` process leaves nothing
// listening; a saved text of the case (text/<key>.md) redraws the page's prose. Then the restarts: a value saved while `npm run dev` was stopped shows after the next start (the outputs
// that read it are rebuilt, the others served from the last run), and a start with nothing changed serves every
// output of the last run at once. No timing is asserted (the bench measures it).
import {spawn, type ChildProcess} from "node:child_process";
import {readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {afterAll, expect, test} from "vitest";
import {copyRepository, freePort, groupAlive, listening} from "../helpers/dev-server.ts";
import {cellErrors, launch} from "./browser.ts";

const dir = copyRepository();
let pgid = 0;
afterAll(() => {
  if (pgid && groupAlive(pgid)) process.kill(-pgid, "SIGKILL");
  rmSync(dir, {recursive: true, force: true});
});

const total = (page: Page) => page.$eval('[data-testid="gaps-china-total"]', (e) => Number(e.getAttribute("data-value")));
async function totalBecomes(page: Page, expected: number, timeout = 45_000): Promise<void> {
  await page.waitForFunction((v) => Math.abs(Number(document.querySelector('[data-testid="gaps-china-total"]')?.getAttribute("data-value")) - v) < 0.01, expected, {timeout});
}

/** `npm run dev` in the copy, on a free port, once it listens; `output` collects what it prints. */
async function startDev(): Promise<{npm: ChildProcess; port: number; output: () => string; exited: Promise<number | null>}> {
  const port = await freePort();
  // Its own process group, so the cleanup above can kill everything if an assertion fails first.
  const npm = spawn("npm", ["run", "dev"], {cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"], env: {...process.env, PORT: String(port)}});
  pgid = npm.pid!;
  let output = "";
  npm.stdout!.on("data", (d: Buffer) => (output += d));
  npm.stderr!.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((done) => npm.on("exit", (code) => done(code)));
  for (let i = 0; !(await listening(port)); i++) {
    if (i > 600) throw new Error(`npm run dev did not listen on ${port}:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {npm, port, output: () => output, exited};
}

/** A plain kill of the `npm run dev` process: everything it started stops, and the port is free. */
async function stopDev({npm, port, exited}: Awaited<ReturnType<typeof startDev>>): Promise<void> {
  process.kill(npm.pid!, "SIGTERM");
  await exited;
  for (let i = 0; groupAlive(pgid) && i < 100; i++) await new Promise((r) => setTimeout(r, 100));
  expect(groupAlive(pgid)).toBe(false);
  expect(await listening(port)).toBe(false);
}

const csv = join(dir, "data/cases/rare-earths/assumptions/china_support.csv");
const original = readFileSync(csv, "utf8");

test("npm run dev: a saved CSV value redraws the open page, a mistake shows once above it, a saved text redraws the prose, a kill stops everything", async () => {
  const dev = await startDev();
  const {port} = dev;
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/gaps`, {waitUntil: "domcontentloaded", timeout: 120_000});
    // China central = (1 little giant × 6,000,000 + 22 innovative SMEs × 100,000 CNY) ÷ 7.1957 CNY per USD (2024,
    // market rate; base year 2024, so no deflation) = 8,200,000 ÷ 7.1957 = 1,139,569.47 USD.
    await totalBecomes(page, 8_200_000 / 7.1957);

    // The little giant's central support 6,000,000 → 8,000,000 CNY: (8,000,000 + 2,200,000) ÷ 7.1957 = 1,417,513.24.
    expect(original).toContain("little_giant,0,6000000,10000000,");
    writeFileSync(csv, original.replace("little_giant,0,6000000,10000000,", "little_giant,0,8000000,10000000,"));
    await totalBecomes(page, 10_200_000 / 7.1957);

    // An invalid value: the message (file, row, column, value, fix) once, above the page; the last good figure stays.
    writeFileSync(csv, original.replace("little_giant,0,6000000,10000000,", "little_giant,0,8 million,10000000,"));
    await page.waitForSelector("#re-dev-status", {timeout: 45_000});
    const banner = await page.$$eval("#re-dev-status", (els) => els.map((e) => e.textContent ?? ""));
    expect(banner).toHaveLength(1);
    expect(banner[0]).toContain('data/cases/rare-earths/assumptions/china_support.csv, row 2, column "central_cny"');
    expect(banner[0]).toContain('(value: "8 million")');
    expect(banner[0]).toContain("Fix:");
    expect(banner[0]).toContain("stale");
    expect(await page.evaluate(() => document.body.classList.contains("re-stale"))).toBe(true);
    expect(await total(page)).toBeCloseTo(10_200_000 / 7.1957, 2);
    expect(await cellErrors(page)).toEqual([]);

    // Fixed: the message goes and the figure follows the file again.
    writeFileSync(csv, original);
    await page.waitForSelector("#re-dev-status", {state: "detached", timeout: 45_000});
    await totalBecomes(page, 8_200_000 / 7.1957);
    expect(await cellErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    // A saved text of the case: the page that uses it ({{case:gaps-estimate}} on /gaps) shows the new words, then the
    // old ones again; the figures are untouched.
    const text = join(dir, "data/cases/rare-earths/text/gaps-estimate.md");
    const words = readFileSync(text, "utf8");
    const hasText = (s: string) => page.waitForFunction((t) => document.body.textContent?.includes(t), s, {timeout: 45_000});
    writeFileSync(text, words.replace("mostly assumption", "mostly an assumption (edited)"));
    await hasText("mostly an assumption (edited)");
    writeFileSync(text, words);
    await hasText("The China side is mostly assumption");
    expect(await page.evaluate(() => document.body.textContent?.includes("(edited)"))).toBe(false);
    expect(await total(page)).toBeCloseTo(8_200_000 / 7.1957, 2);
    expect(errors).toEqual([]);
    // The terminal printed the same message, and no request lines (those need --verbose).
    expect(dev.output()).toContain('data/cases/rare-earths/assumptions/china_support.csv, row 2, column "central_cny"');
    expect(dev.output()).not.toMatch(/^(GET |socket open|↓ \{|success .* in \d+ms$)/m);
  } finally {
    await browser.close();
  }

  await stopDev(dev);
}, 240_000);

test("npm run dev again: a value saved while it was stopped shows; with nothing changed, the last run's outputs are served", async () => {
  // (8,000,000 + 2,200,000) CNY ÷ 7.1957 CNY per USD, as above.
  writeFileSync(csv, original.replace("little_giant,0,6000000,10000000,", "little_giant,0,8000000,10000000,"));
  const browser = await launch();
  try {
    for (const expectKept of [/data: \d+ of \d+ outputs unchanged since the last run/, /data: every output unchanged since the last run/]) {
      const dev = await startDev();
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${dev.port}/gaps`, {waitUntil: "domcontentloaded", timeout: 120_000});
      // The start rebuilds what read the saved file (all of the data step's work when it is the first page's only
      // missing output): on a loaded 2-core machine that can take a minute.
      await totalBecomes(page, 10_200_000 / 7.1957, 150_000);
      expect(dev.output()).toMatch(expectKept);
      await page.close();
      await stopDev(dev);
    }
  } finally {
    writeFileSync(csv, original);
    await browser.close();
  }
}, 480_000);
