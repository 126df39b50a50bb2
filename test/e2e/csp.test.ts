// Every built page carries a strict Content-Security-Policy and runs without a single violation; the policy is
// really enforced (injected script, handlers, styles and foreign requests are blocked and reported).
import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {SITE_PATHS} from "../../observablehq.config.ts";
import {htmlFiles} from "../../scripts/html-files.ts";
import {launch, openPage, waitForCount} from "./browser.ts";

const dist = join(ROOT, "dist");
const baseUrl = inject("baseUrl");
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext();
  // Collect violations on the page too (the harness also turns each into a console error).
  await context.addInitScript(() => {
    const w = window as unknown as {__csp: string[]};
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI || "inline"}`));
  });
});
afterAll(async () => {
  await browser?.close();
});

const violations = (page: Page) => page.evaluate(() => (window as unknown as {__csp: string[]}).__csp);

describe("the policy in every built page", () => {
  const pages = htmlFiles(dist);

  test("every page of the site is there", () => {
    expect(pages).toEqual(SITE_PATHS.map((p) => (p === "/" ? "index" : p.slice(1))).map((p) => `${p}.html`).sort());
  });

  test.each(pages)("%s: one policy, right after <meta charset>, allowing exactly its own inline scripts", (file) => {
    const html = readFileSync(join(dist, file), "utf8");
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
    expect(metas).toHaveLength(1);
    const at = metas[0]!.index!;
    expect(html.slice(0, at)).toMatch(/^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n$/);
    expect(html.indexOf('<meta charset="utf-8">')).toBeLessThan(1024);
    const head = html.slice(0, html.indexOf("</head>"));
    for (const tag of ["<script", "<link", "<style"]) expect(head.indexOf(tag) === -1 || head.indexOf(tag) > at, tag).toBe(true);
    // Independently of scripts/csp.ts: hash every inline script of the page.
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash("sha256").update(m[1]!).digest("base64")}'`);
    expect(inline.length).toBeGreaterThanOrEqual(2);
    const policy = metas[0]![1]!;
    const scriptSrc = policy.split("; ").find((d) => d.startsWith("script-src "))!.split(" ").slice(1);
    expect(scriptSrc).toEqual(["'self'", "'report-sample'", ...[...new Set(inline)].sort()]);
    expect(policy).toMatch(/^default-src 'self'; /);
    expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'|'wasm-unsafe-eval'|https?:|\*/);
  });
});

describe("in Chromium", () => {
  for (const path of SITE_PATHS) {
    test(`${path}: no violation while the page loads, queries DuckDB and draws`, async () => {
      const {page, log} = await openPage(context, baseUrl, path);
      await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 30_000});
      // Charts (with Plot's <style> elements) and tables drawn from DuckDB results.
      if (path !== "/" && path !== "/sources") await waitForCount(page, "figure svg");
      await waitForCount(page, path === "/" ? ".card" : "table tbody tr");
      await page.waitForTimeout(1000);
      expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);
      expect(await violations(page)).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
      await page.close();
    });
  }

  test("the policy is enforced: injected script, handler, style and a foreign request are blocked and reported", async () => {
    const {page} = await openPage(context, baseUrl, "/china");
    await page.waitForSelector("#chart-batches svg");
    const result = await page.evaluate(async () => {
      const w = window as unknown as {__ran?: number};
      document.body.insertAdjacentHTML("beforeend", `<img src="data:," onload="window.__ran=1"><div id="styled" style="color: rgb(255, 0, 0)">x</div>`);
      const s = document.createElement("script");
      s.textContent = "window.__ran=2";
      document.body.append(s);
      const fetched = await fetch("https://example.org/").then(() => "fetched", () => "blocked");
      await new Promise((r) => setTimeout(r, 300));
      return {ran: w.__ran ?? null, fetched, color: getComputedStyle(document.getElementById("styled")!).color};
    });
    expect(result.ran).toBeNull();
    expect(result.fetched).toBe("blocked");
    expect(result.color).not.toBe("rgb(255, 0, 0)");
    expect((await violations(page)).sort()).toEqual(["connect-src https://example.org/", "script-src-attr inline", "script-src-elem inline", "style-src-attr inline"]);
    await page.close();
  });
});
