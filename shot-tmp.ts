import {launch, openPage} from "./test/e2e/browser.ts";
const [path, out, width] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4] ?? 1280)];
const browser = await launch();
const ctx = await browser.newContext({viewport: {width, height: 1000}});
const {page, log} = await openPage(ctx, "http://127.0.0.1:3101", path);
await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 30000});
await page.waitForTimeout(1500);
let i = 0;
for (const sel of process.argv.slice(5)) {
  await page.evaluate((s) => document.querySelector(s)!.scrollIntoView({block: "start"}), sel);
  await page.screenshot({path: out.replace(".png", `_${i++}.png`)});
}
console.log(JSON.stringify({console: log.consoleErrors, page: log.pageErrors, ext: log.externalRequests}), await page.evaluate(() => document.documentElement.scrollWidth));
await browser.close();
