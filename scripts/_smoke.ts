import {launch, openPage, cellErrors} from "/work/main/test/e2e/browser.ts";
import {startServer} from "/work/main/scripts/server.ts";
const {server, url} = await startServer("/work/main/dist");
const browser = await launch();
const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
for (const path of (process.argv[2] ?? "/,/china").split(",")) {
  const t0 = Date.now();
  const {page, log} = await openPage(ctx, url, path);
  try { await page.waitForFunction(() => document.querySelectorAll("figure svg, figure figure").length >= 1, null, {timeout: 20000}); } catch (e) { console.log("no chart", String(e).slice(0, 100)); }
  await page.waitForTimeout(1500);
  console.log(path, Date.now() - t0, "ms", JSON.stringify({...log, requests: log.requests.length}), await cellErrors(page));
  const h = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0, i = 0; y < h && i < 12; y += 1300, i++) await page.screenshot({path: `/tmp/shots/${path.replace(/\W/g, "_") || "root"}-${i}.png`, fullPage: true, clip: {x: 0, y, width: 1280, height: Math.min(1300, h - y)}});
}
await browser.close(); server.close();
