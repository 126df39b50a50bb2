// Every page at every width (docs/testing.md "Widths"): each page of the site (SITE_PATHS in observablehq.config.ts: "/", the site map, the stage pages),
// so a page added later is covered without touching this file, at 320, 390, 768, 1280 and 1920 px, in two states:
//   - first paint: the built HTML with scripts off (what a reader sees before the modules run: the prerendered
//     charts of scripts/prerender.ts and the static tables);
//   - after the page has run: its own charts and tables, redrawn by the page at each width.
// At each width it asserts: no console error or warning, no page-level horizontal overflow, no table wider than its
// box unless a visible scroll cue says it scrolls (from 1280 px up, no table wider than its box at all), no two text
// labels of a chart overlapping (bounding boxes), and no label cut off by its SVG.
// Cost: one browser context and one tab per state per page; the widths are viewport resizes of the same tab, not new
// page loads (the timing is in docs/testing.md).
import type {Browser, BrowserContext, CDPSession, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {SITE_PATHS} from "../../observablehq.config.ts";
import {A11Y_PROBLEMS, LAYOUT_PROBLEMS} from "./layout.ts";
import {WORDS_PROBLEMS, sourceIds} from "./words.ts";
import {launch, openPage} from "./browser.ts";

const baseUrl = inject("baseUrl");
const PATHS = SITE_PATHS;
const WIDTHS = [320, 390, 768, 1280, 1920];
/** From this width up every table fits its box (no scrolling, cue or not); below, a table may scroll with its cue. */
const FIT_WIDTH = 1280;
const HEIGHT = 900;
const IDS = sourceIds();

let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({viewport: {width: WIDTHS[0]!, height: HEIGHT}});
});
afterAll(async () => {
  await browser?.close();
});

/** Resolves once the DOM has not changed for `quietMs` and two animation frames have run since (charts redraw in
 * ResizeObserver callbacks after a resize), or after `maxMs`. Works with scripts off too (it is the test's script). */
async function quiet(page: Page, quietMs = 150, maxMs = 8_000): Promise<void> {
  await page.evaluate(
    ([q, max]) =>
      new Promise<void>((done) => {
        const start = performance.now();
        let last = performance.now();
        let frames = 0;
        const mo = new MutationObserver(() => {
          last = performance.now();
          frames = 0;
        });
        mo.observe(document, {childList: true, subtree: true, characterData: true, attributes: true});
        const tick = () => {
          frames++;
          const now = performance.now();
          if ((now - last > q && frames >= 2) || now - start > max) {
            mo.disconnect();
            done();
          } else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    [quietMs, maxMs] as const
  );
}

/** Console errors and warnings of a tab, attributed to the width being checked. */
function consoleLog(page: Page): string[] {
  const messages: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") messages.push(`console ${m.type()}: ${m.text().slice(0, 300)}`);
  });
  page.on("pageerror", (e) => messages.push(`page error: ${String(e).slice(0, 300)}`));
  return messages;
}

/** Check the page at every width; problems are returned as "<width>px: <problem>". */
async function atEveryWidth(page: Page, messages: string[], ready: () => Promise<void>): Promise<string[]> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({width, height: HEIGHT});
    await ready();
    const found = [...messages.splice(0), ...((await page.evaluate(`(${LAYOUT_PROBLEMS})(${width >= FIT_WIDTH})`)) as string[])];
    problems.push(...found.map((p) => `${width}px: ${p}`));
  }
  return problems;
}

for (const path of PATHS) {
  describe(path, () => {
    test("first paint (scripts off, prerendered charts) reads right at every width", async () => {
      const page = await context.newPage();
      try {
        const cdp: CDPSession = await context.newCDPSession(page);
        await cdp.send("Emulation.setScriptExecutionDisabled", {value: true});
        const messages = consoleLog(page);
        await page.goto(`${baseUrl}${path}`, {waitUntil: "load"});
        // With scripts off the test's own evaluate still runs (it is not the page's script).
        expect(await atEveryWidth(page, messages, () => page.waitForTimeout(50))).toEqual([]);
        expect(await page.evaluate(A11Y_PROBLEMS)).toEqual([]);
      } finally {
        await page.close();
      }
    });

    test("after the page has run, it reads right at every width", async () => {
      const {page, log} = await openPage(context, baseUrl, path);
      try {
        const messages = consoleLog(page);
        await page.waitForFunction(() => {
          const s = (window as unknown as {__reDatabase?: {answered: string[]; pending: number}}).__reDatabase;
          return !!s && s.pending === 0 && !document.querySelector("observablehq-loading");
        }, null, {timeout: 60_000});
        await quiet(page, 300);
        expect(await atEveryWidth(page, messages, () => quiet(page))).toEqual([]);
        expect(log.failedRequests).toEqual([]);
        expect(await page.evaluate(A11Y_PROBLEMS)).toEqual([]);
        // Keyboard focus is visible: the first element Tab reaches in the page's content draws an outline.
        await page.locator("#observablehq-main").locator("a[href], input, select, button, [tabindex]").first().focus();
        await page.keyboard.press("Shift+Tab");
        await page.keyboard.press("Tab");
        const focus = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          const style = el ? getComputedStyle(el) : null;
          return {inMain: !!el?.closest("#observablehq-main"), outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : "none"};
        });
        expect(focus.inMain).toBe(true);
        expect(focus.outline).toMatch(/^(solid|auto|dotted|dashed|double) [1-9]/);
        // Words and numbers (test/e2e/words.ts), last: it opens every <details>.
        expect(await page.evaluate(`(${WORDS_PROBLEMS})(${JSON.stringify(IDS)})`)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
}
