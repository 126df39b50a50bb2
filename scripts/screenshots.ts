// `npm run screenshots -- /china,/us [--width 1280]`: full-page screenshots of the built site, cut into viewport-
// sized PNGs under screenshots/ (gitignored), with each page's console errors and external requests printed.
// For looking at pages as a reader would, not a test.
// --case <id-or-path>: screenshots of another case's build (dist-cases/<id>/; scripts/case-arg.ts, first).
import {siteDir} from "./case-arg.ts";
import {mkdirSync} from "node:fs";
import {join} from "node:path";
import {parseArgs} from "node:util";
import {ROOT} from "../loaders/paths.ts";
import {CASE} from "../src/lib/case.ts";
import {SITE_PATHS} from "../observablehq.config.ts";
import {cellErrors, launch, openPage} from "../test/e2e/browser.ts";
import {startServer} from "./server.ts";

const {values, positionals} = parseArgs({allowPositionals: true, options: {width: {type: "string", default: "1280"}}});
const paths = positionals[0]?.split(",") ?? [...SITE_PATHS];
const width = Number(values.width);
const out = join(ROOT, "screenshots");
mkdirSync(out, {recursive: true});
const {server, url} = await startServer(siteDir(CASE.id));
const browser = await launch();
const context = await browser.newContext({viewport: {width, height: 900}});
for (const path of paths) {
  const started = Date.now();
  const {page, log} = await openPage(context, url, path);
  await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 30_000}).catch(() => {});
  await page.waitForTimeout(1000);
  const name = path.replace(/\W+/g, "_").replace(/^_|_$/g, "") || "index";
  const height = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0, i = 0; y < height && i < 20; y += 1300, i++) {
    await page.screenshot({path: join(out, `${name}-${width}-${i}.png`), fullPage: true, clip: {x: 0, y, width, height: Math.min(1300, height - y)}});
  }
  console.log(`${path}: ${Date.now() - started} ms, ${log.requests.length} requests, errors ${JSON.stringify([...log.consoleErrors, ...log.pageErrors, ...(await cellErrors(page))])}, external ${JSON.stringify(log.externalRequests)}`);
  await page.close();
}
await browser.close();
server.close();
