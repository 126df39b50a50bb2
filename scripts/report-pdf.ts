// `npm run report:pdf [-- --out report.pdf --query "basis=ppp&base=2024"]`: print /report from the built dist/
// to PDF with Debian's Chromium (no network; the site is served on 127.0.0.1 for the duration).
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {ROOT} from "../loaders/paths.ts";
import {launch} from "../test/e2e/browser.ts";
import {startServer} from "./server.ts";

export async function printReport(out: string, query = ""): Promise<string> {
  const {server, url} = await startServer(join(ROOT, "dist"));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.emulateMedia({media: "print"});
    await page.goto(`${url}/report${query ? `?${query}` : ""}`, {waitUntil: "load"});
    await page.waitForSelector("[data-testid=report-ready]", {timeout: 60_000});
    // inline ${…} expressions show a spinner element until their value resolves
    await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 60_000});
    const errors = await page.$$eval(".observablehq--error", (els) => els.map((e) => e.textContent));
    if (errors.length) throw new Error(`report has errors: ${errors.join("; ")}`);
    const path = resolve(out);
    await page.pdf({path, format: "A4", printBackground: true, margin: {top: "15mm", bottom: "15mm", left: "15mm", right: "15mm"}});
    return path;
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {values} = parseArgs({options: {out: {type: "string", default: "report.pdf"}, query: {type: "string", default: ""}}});
  printReport(values.out, values.query).then(
    (path) => console.log(`report written to ${path}`),
    (e) => {
      console.error(`report:pdf failed: ${(e as Error).message}`);
      process.exit(1);
    }
  );
}
