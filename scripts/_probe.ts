import {launch, openPage} from "../test/e2e/browser.ts";
import {startServer} from "./server.ts";
const {server, url} = await startServer("dist");
const browser = await launch();
const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
const {page} = await openPage(ctx, url, process.argv[2] ?? "/china");
await page.waitForTimeout(4000);
console.log(await page.evaluate(process.argv[3] ?? "1"));
await browser.close(); server.close();
