// `npm run report:pdf [-- --out report.pdf --query "basis=ppp&base=2024" --base-url https://example.org/pipelines]`:
// print /report from the built dist/ to PDF with Debian's Chromium (no network; the site is served on 127.0.0.1 for
// the duration). Pages, margins, the running header and the page numbers come from the site's @page rules
// (src/style.css). Links within the site point to --base-url (where the site is published) in the PDF; without it
// they print as plain text, so the PDF never links to the temporary 127.0.0.1 server.
import {execFileSync} from "node:child_process";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {ROOT} from "../loaders/paths.ts";
import {launch} from "../test/e2e/browser.ts";
import {startServer} from "./server.ts";

export interface PrintOptions {
  /** The query string of the report's settings, e.g. "basis=ppp&st=obligated" or "scenario=baseline". */
  query?: string;
  /** Where the site is published (e.g. "https://example.org/pipelines"): links within the site point there. */
  baseUrl?: string;
}

export async function printReport(out: string, {query = "", baseUrl}: PrintOptions = {}): Promise<string> {
  if (baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(baseUrl)) throw new Error(`--base-url "${baseUrl}": give the published site's address, e.g. https://example.org/pipelines`);
  const {server, url} = await startServer(join(ROOT, "dist"));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.emulateMedia({media: "print"});
    await page.goto(`${url}/report${query ? `?${query.replace(/^\?/, "")}` : ""}`, {waitUntil: "load"});
    await page.waitForSelector("[data-testid=report-ready]", {timeout: 60_000});
    // inline ${…} expressions show a spinner element until their value resolves
    await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 60_000});
    const errors = await page.$$eval(".observablehq--error", (els) => els.map((e) => e.textContent));
    if (errors.length) throw new Error(`report has errors: ${errors.join("; ")}`);
    // (no named functions inside: tsx would wrap them in a helper the page does not have)
    await page.evaluate((base) => {
      const site = location.origin;
      for (const a of document.querySelectorAll<HTMLAnchorElement>("a[href]")) {
        if (!a.href.startsWith(site)) continue;
        const u = new URL(a.href);
        if (base) a.href = `${base.replace(/\/$/, "")}${u.pathname}${u.search}${u.hash}`;
        else a.replaceWith(...a.childNodes);
      }
      const online = document.querySelector("[data-testid=report-online]");
      const address = `${(base ?? "").replace(/\/$/, "")}${location.pathname}${location.search}`;
      if (online && base) online.replaceChildren(Object.assign(document.createElement("a"), {href: address, textContent: address}));
      else online?.closest("tr")?.remove();
    }, baseUrl ?? null);
    if (!hasChineseFont()) console.warn("report:pdf: WARNING: no font with Chinese glyphs (fc-list :lang=zh); source titles in Chinese print as boxes: run `bash scripts/ensure-test-deps.sh`");
    const path = resolve(out);
    await page.pdf({path, preferCSSPageSize: true, printBackground: true});
    return path;
  } finally {
    await browser.close();
    server.close();
  }
}

function hasChineseFont(): boolean {
  try {
    return execFileSync("fc-list", [":lang=zh"], {encoding: "utf8"}).trim() !== "";
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {values} = parseArgs({options: {out: {type: "string", default: "report.pdf"}, query: {type: "string", default: ""}, "base-url": {type: "string"}}});
  printReport(values.out, {query: values.query, baseUrl: values["base-url"]}).then(
    (path) => console.log(`report written to ${path}`),
    (e) => {
      console.error(`report:pdf failed: ${(e as Error).message}`);
      process.exit(1);
    }
  );
}
