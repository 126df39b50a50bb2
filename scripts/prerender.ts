// Prerendered charts: each page's default-view charts, drawn at build time by the page itself, are written into the
// built HTML, so a reader sees them at first paint instead of after the page's modules load (docs/performance.md).
//
// How: the built site is served on 127.0.0.1 and every page opened in headless Chromium with its build-time answers
// (DuckDB is not started: the wasm is blocked). When a page has answered its default queries and drawn its charts,
// the output of every block cell that shows a chart (a <figure> with an <svg>) and has no input controls, and of every
// inline value in the prose (`${…}`: text, no links or controls), is copied into the page's HTML inside the cell's
// `<observablehq-loading class="re-prerendered">` placeholder. Framework
// removes that placeholder when the cell first displays its own output (the same chart, now interactive), so the
// prerendered copy lives only until the page has run. A URL with a query (`?rel=0`: not the default view) hides the
// copies and shows Framework's usual loading indicator (style.css, the inline script added here).
//
// Off with RE_PRERENDER=off; without Chromium the build warns and publishes the pages without prerendered charts
// (they are correct either way, only slower to show a first chart).
import {existsSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser, BrowserContext} from "playwright-core";
import {CHROMIUM, launch} from "../test/e2e/browser.ts";
import {startServer} from "./server.ts";

/** Pages prerendered at once (in separate browser contexts). */
const CONCURRENT_PAGES = 3;

/** Class of the placeholders that carry prerendered output (style.css styles them; the bench tells them apart). */
export const PRERENDERED_CLASS = "re-prerendered";

/** Hides the prerendered charts when the URL asks for another view than the default one (hashed by the CSP step). */
export const URL_STATE_SCRIPT = `if (location.search.length > 1) document.documentElement.classList.add("re-url-state");`;

/** One cell's prerendered output: Framework's cell id and the HTML its root displayed. */
export interface PrerenderedCell {
  id: string;
  html: string;
}

// Page code: nodes as the HTML a parser turns back into them (elements as they are, text escaped, comments dropped).
const SERIALIZE = `const serialize = (nodes) => nodes.map((n) => n.nodeType === Node.ELEMENT_NODE ? n.outerHTML : n.nodeType === Node.TEXT_NODE ? n.textContent.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") : "").join("");`;

// Runs in the page: the chart cells' output once the default view is drawn. Block cell roots are
// `<div class="observablehq observablehq--block">…<!--:id:--></div>`; what precedes the comment is the output.
export const COLLECT = `(() => {
  ${SERIALIZE}
  const out = [];
  for (const div of document.querySelectorAll("div.observablehq.observablehq--block")) {
    const last = div.lastChild;
    const m = last && last.nodeType === Node.COMMENT_NODE ? /^:([a-f0-9]+):$/.exec(last.data) : null;
    if (!m) continue;
    if (!div.querySelector("figure svg") || div.querySelector("input, select, textarea, button, observablehq-loading")) continue;
    const html = serialize([...div.childNodes].slice(0, -1));
    out.push({id: m[1], html});
  }
  return out;
})()`;

// Inline cells (`${…}` in prose) render into `<observablehq-loading></observablehq-loading><!--:id:-->`; in the build's
// browser each gets a start marker, so what the cell displayed is what lies between the marker and its comment.
// (The tests mark the prerendered ones too, to compare them with what the page draws.)
const INLINE_ROOT = /(?<!<div class="observablehq observablehq--block">)<observablehq-loading(?: class="re-prerendered")?>[^<]*(?:<(?!\/?observablehq-loading)[^<]*)*<\/observablehq-loading><!--:([a-f0-9]+):-->/g;
export const markInline = (html: string) => html.replace(INLINE_ROOT, (m, id: string) => `<!--re:${id}-->${m}`);

// Runs in the page: the inline cells' output (text and phrasing elements only: no links, controls or blocks).
export const COLLECT_INLINE = `(() => {
  ${SERIALIZE}
  const PHRASING = new Set(["span", "strong", "em", "b", "i", "code", "abbr", "sub", "sup", "small", "mark", "time", "data", "bdi", "bdo", "kbd", "q", "s", "u", "var", "samp", "cite", "dfn", "br", "wbr"]);
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
  for (let c = walker.nextNode(); c; c = walker.nextNode()) {
    const m = /^re:([a-f0-9]+)$/.exec(c.data);
    if (!m) continue;
    const nodes = [];
    let n = c.nextSibling;
    while (n && !(n.nodeType === Node.COMMENT_NODE && n.data === ":" + m[1] + ":")) { nodes.push(n); n = n.nextSibling; }
    // Only text and phrasing elements: a block element (div, table, …) inside a paragraph would make the HTML parser
    // close the paragraph and split the placeholder from its comment.
    const phrasing = (x) => x.nodeType === Node.TEXT_NODE || (x.nodeType === Node.ELEMENT_NODE && PHRASING.has(x.localName) && [...x.childNodes].every(phrasing));
    if (!n || !nodes.every(phrasing)) continue;
    const html = serialize(nodes);
    if (html) out.push({id: m[1], html});
  }
  return out;
})()`;

// Ready: every query of the default view answered (none pending), nothing run live, no cell still loading, and the
// DOM unchanged for 400 ms and for two animation frames. The time alone is not enough on a starved machine: a chart
// that Framework's resize() draws in a ResizeObserver callback waits for the next rendering update, and a timer that
// fires late can run before it. A frame counted after the mutation's frame means a whole rendering update (style,
// layout, ResizeObserver callbacks) has run since. QUIET_INIT counts DOM changes and frames from the start of the page.
const QUIET_INIT = `(() => {
  window.__reQuiet = performance.now();
  window.__reFrames = 0;
  window.__reQuietFrame = 0;
  const frame = () => { window.__reFrames++; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new MutationObserver(() => { window.__reQuiet = performance.now(); window.__reQuietFrame = window.__reFrames; }).observe(document, {childList: true, subtree: true, characterData: true, attributes: true});
})();`;
const SETTLED = `(() => {
  const db = window.__reDatabase;
  if (!db || db.pending > 0 || db.answered.length === 0) return false;
  if (db.live.length > 0) throw new Error("queries ran live in the default view: " + db.live.join(", "));
  return document.querySelectorAll("observablehq-loading").length === 0 && performance.now() - window.__reQuiet > 400 && window.__reFrames - window.__reQuietFrame >= 2;
})()`;

/**
 * A browser context for collecting pages: a desktop reading width (the charts scale down with the page until the page
 * redraws them at its own width), DuckDB blocked (the first view comes from the build-time answers; DuckDB's
 * background start would only cost time here), and the quiet-DOM counter. The pages of one build share it, so the
 * site's modules, compiled once, come from Chromium's caches for the next pages (served cacheable: see
 * prerenderCharts); nothing a page draws depends on another page having run (the browser test compares every copy
 * with a fresh context's drawing).
 */
export async function collectingContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  await context.route(/\/_node\/@duckdb\/|duckdb-eh\.wasm|\.arrow$/, (route) => route.abort());
  await context.addInitScript(QUIET_INIT);
  return context;
}

/** The chart cells and inline cells of one built page in its default view, in a tab of `context`. */
export async function collectCells(context: BrowserContext, url: string): Promise<{blocks: PrerenderedCell[]; inline: PrerenderedCell[]}> {
  const page = await context.newPage();
  try {
    await page.route(url, async (route) => {
      const response = await route.fetch();
      await route.fulfill({response, body: markInline(await response.text())});
    });
    await page.goto(url, {waitUntil: "load"});
    await page.waitForFunction(SETTLED, null, {timeout: 60_000, polling: 100});
    return {blocks: (await page.evaluate(COLLECT)) as PrerenderedCell[], inline: (await page.evaluate(COLLECT_INLINE)) as PrerenderedCell[]};
  } finally {
    await page.close();
  }
}

/** The page's HTML with each cell's output placed in its root, and the URL-state script in the head. */
export function withPrerendered(html: string, cells: readonly PrerenderedCell[], file = "page", inline: readonly PrerenderedCell[] = []): string {
  const placeholder = (id: string, inner: string) => `<observablehq-loading class="${PRERENDERED_CLASS}">${inner}</observablehq-loading><!--:${id}:-->`;
  const block = (content: string) => `<div class="observablehq observablehq--block">${content}</div>`;
  // Replace `root`, which must occur exactly once, by `filled`.
  const fill = (page: string, id: string, kind: string, root: string, filled: string) => {
    const at = page.indexOf(root);
    if (at < 0 || page.indexOf(root, at + 1) >= 0) throw new Error(`${file}: cell ${id} is not exactly one empty ${kind} root in the HTML`);
    return page.slice(0, at) + filled + page.slice(at + root.length);
  };
  let out = html;
  for (const {id, html: inner} of inline) out = fill(out, id, "inline", `<observablehq-loading></observablehq-loading><!--:${id}:-->`, placeholder(id, inner));
  for (const {id, html: inner} of cells) out = fill(out, id, "block", block(`<!--:${id}:-->`), block(placeholder(id, inner)));
  if (!cells.length && !inline.length) return out;
  const head = out.indexOf("</head>");
  if (head < 0) throw new Error(`${file}: no </head> for the URL-state script`);
  return `${out.slice(0, head)}<script>${URL_STATE_SCRIPT}</script>\n${out.slice(head)}`;
}

/** Prerender every page (paths such as "/", "/china"); returns the charts written per page. */
export async function prerenderCharts(dir: string, paths: readonly string[], log: (s: string) => void = (s) => console.error(s)): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  const inlineCount: Record<string, number> = {};
  if (process.env.RE_PRERENDER === "off") {
    log("prerender: off (RE_PRERENDER=off)");
    return written;
  }
  if (!existsSync(CHROMIUM)) {
    log(`prerender: WARNING: no Chromium at ${CHROMIUM}; pages are published without prerendered charts (run \`bash scripts/ensure-test-deps.sh\`)`);
    return written;
  }
  const started = performance.now();
  // Cacheable: the staged site does not change while its pages are read (the page HTML itself is fetched per page).
  const {server, url} = await startServer(dir, 0, {"cache-control": "max-age=3600"});
  const browser = await launch();
  try {
    const context = await collectingContext(browser);
    // A few pages at a time: each spends part of its time waiting (network, its quiet period), not computing.
    const queue = [...paths];
    const worker = async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        const file = join(dir, path === "/" ? "index.html" : `${path.slice(1)}.html`);
        const at = path;
        const {blocks, inline} = await collectCells(context, `${url}${path}`).catch((e: Error) => {
          throw new Error(`${at}: ${e.message.split("\n")[0]}`);
        });
        writeFileSync(file, withPrerendered(readFileSync(file, "utf8"), blocks, file, inline));
        written[path] = blocks.length;
        inlineCount[path] = inline.length;
      }
    };
    await Promise.all(Array.from({length: CONCURRENT_PAGES}, worker));
  } finally {
    await browser.close();
    server.close();
  }
  log(`prerender: ${paths.map((p) => `${p} ${written[p]}`).join(", ")} chart cells (and ${Object.values(inlineCount).reduce((a, b) => a + b, 0)} inline values) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return written;
}
