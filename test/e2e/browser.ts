// Browser-test harness: Debian's Chromium through playwright-core, against the built dist/ on 127.0.0.1.
// Every page opened here records console errors, page errors, failed requests and any request that leaves the
// site's own origin, so each test can assert the page is clean and fully offline.
import {existsSync} from "node:fs";
import {chromium, type Browser, type BrowserContext, type Page} from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage"
];

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run \`bash scripts/ensure-test-deps.sh\` (installs Debian's chromium)`);
  // playwright gives every launch a fresh, empty profile (the --user-data-dir the offline notes ask for).
  return chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS});
}

export interface PageLog {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  externalRequests: string[];
  requests: string[];
}

export async function openPage(context: BrowserContext, baseUrl: string, path: string): Promise<{page: Page; log: PageLog}> {
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const log: PageLog = {consoleErrors: [], pageErrors: [], failedRequests: [], externalRequests: [], requests: []};
  // Every Content-Security-Policy violation becomes a console error (Chromium logs most, this makes it certain), so
  // the pages' "no console errors" checks also assert zero violations.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} ${JSON.stringify(e.sample)} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on("console", (m) => {
    if (m.type() === "error") log.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => log.pageErrors.push(String(e)));
  page.on("requestfailed", (r) => log.failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("request", (r) => {
    const url = r.url();
    log.requests.push(url);
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) log.externalRequests.push(url);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) log.failedRequests.push(`${r.url()} HTTP ${r.status()}`);
  });
  await page.goto(`${baseUrl}${path}`, {waitUntil: "load"});
  return {page, log};
}

/** Wait until `selector` matches at least `n` elements (charts render asynchronously after DuckDB answers). */
export async function waitForCount(page: Page, selector: string, n = 1, timeout = 20_000): Promise<void> {
  await page.waitForFunction(([s, k]) => document.querySelectorAll(s as string).length >= (k as number), [selector, n] as const, {timeout});
}

/** Framework shows cell errors in place; surface their text. */
export async function cellErrors(page: Page): Promise<string[]> {
  return page.$$eval(".observablehq--error", (els) => els.map((e) => e.textContent ?? ""));
}
