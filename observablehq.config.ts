// Observable Framework configuration. The sidebar (`pages`) is the site map; routes are part of the interface.
// Offline by design: no web-font stylesheet, a data-URL favicon, DuckDB extensions off (see docs/architecture.md "Offline by design").
import {DEV_BANNER_HEAD} from "./scripts/dev-banner.ts";
import {dataVersion} from "./loaders/version.ts";
import {citationText} from "./src/lib/publication.ts";
import {STAGES, STAGE_LABELS} from "./src/lib/taxonomy.ts";
import {CASE, CASE_ELEMENT_ID, term} from "./src/lib/case.ts";
import {caseTextPlugin} from "./loaders/case-text.ts";

/** One page per value-chain stage (src/stage/[stage].md), from the taxonomy: /stage/exploration, /stage/mining, … */
export const STAGE_PATHS: readonly string[] = STAGES.map((s) => `/stage/${s}`);

// The data version (loaders/version.ts) is computed from the files when a page is rendered: a build computes it
// once per page from the same checkout (so every page says the same), `npm run dev` again after a save.
let versionMemo: {at: number; value: ReturnType<typeof dataVersion>} | null = null;
function version(): ReturnType<typeof dataVersion> {
  if (!versionMemo || Date.now() - versionMemo.at > 2000) versionMemo = {at: Date.now(), value: dataVersion()};
  return versionMemo.value;
}
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** Every page's footer: what the site promises, the data version and date, and how to cite the page. */
function footer({title, path}: {title: string | null; path: string}): string {
  const v = version();
  const page = path === "/index" || path === "/" ? "Overview" : (stageTitle(path) ?? title ?? path);
  const cite = citationText({page, version: v});
  // Links relative to the page's folder: "./sources" from /gaps, "../sources" from /stage/mining.
  const up = "../".repeat(Math.max(0, path.split("/").length - 2)) || "./";
  return `<p>${escapeHtml(CASE.title)} — every figure links to its source; estimates are labelled.</p>
<p class="data-version">Data version <span data-version="${v.version}">${v.version}</span>${v.date ? `, data of ${v.date}` : ""} (<a href="${up}sources#data-corrections">corrections</a> · <a href="${up}sources#cite-and-download">how to cite and download</a>).</p>
<p class="cite-this"><strong>Cite this page:</strong> <span class="cite-text">${escapeHtml(cite)}</span> <span class="cite-url">${escapeHtml(path.replace(/\/index$/, "/"))}</span></p>`;
}

/** A stage page's title ("Value-chain stage: Mining & beneficiation"); null for any other path. */
export function stageTitle(path: string): string | null {
  const m = /^\/stage\/([a-z]+)$/.exec(path);
  return m && m[1]! in STAGE_LABELS ? `Value-chain stage: ${STAGE_LABELS[m[1] as keyof typeof STAGE_LABELS]}` : null;
}

// One sentence per page for its meta description (the case's descriptions, case.json `descriptions`); a page
// without one fails test/e2e/widths.test.ts.
const DESCRIPTIONS: Record<string, string> = {
  ...CASE.descriptions,
  ...Object.fromEntries(STAGES.map((s) => [`/stage/${s}`, `${STAGE_LABELS[s]} in the ${term("chain")} value chain: China's designated firms and US recipients, support instruments and awards with their sources, the matched-scope comparison over time, tools without a price and the scenarios' projection.`]))
};

/** The case's vocabulary as JSON in every page's head, read by src/lib/case.ts in the browser (`<` escaped so no text
 * can close the script element). */
const CASE_HEAD = `<script type="application/json" id="${CASE_ELEMENT_ID}">${JSON.stringify({...CASE, descriptions: undefined}).replace(/</g, "\\u003c")}</script>`;

const config = {
  root: "src",
  // scripts/build.ts builds into a staging folder and swaps it into dist/ only on success.
  output: process.env.RE_BUILD_OUTPUT ?? "dist",
  title: CASE.title,
  pages: [
    {name: "China's SME pipeline", path: "/china"},
    {name: "US program funding", path: "/us"},
    {name: "SBIR/STTR explorer", path: "/sbir"},
    {name: "Value-chain coverage", path: "/coverage"},
    {name: "Funding gaps", path: "/gaps"},
    {name: "Scenarios", path: "/scenarios"},
    {name: "Sources and methods", path: "/sources"},
    {name: "Report", path: "/report"}
  ],
  // The stage pages: one template (src/stage/[stage].md), one path per stage of the taxonomy.
  dynamicPaths: STAGE_PATHS,
  // Each page's meta description (what search results and link previews show): DESCRIPTIONS above, by path.
  // `npm run dev` (RE_DEV_STATUS set): every page shows an invalid input's message above it (scripts/dev-banner.ts).
  head: ({path}: {path: string}) => {
    const description = DESCRIPTIONS[path.replace(/^\/index$/, "/")];
    const v = version();
    return `<link rel="icon" href="data:,">\n${CASE_HEAD}\n<meta name="re-data-version" content="${v.version}">\n<meta name="re-data-date" content="${v.date ?? ""}">${description ? `\n<meta name="description" content="${description.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;")}">` : ""}${process.env.RE_DEV_STATUS ? DEV_BANNER_HEAD : ""}`;
  },
  globalStylesheets: [],
  style: "style.css",
  footer,
  duckdb: {extensions: {json: null, parquet: null}},
  // `npm run build` and `npm run dev` build every loader output in one process beside Framework (scripts/build-data.ts,
  // scripts/dev-data.ts) and set RE_PREBUILT_DIR: a .ts loader then only waits for its output there and copies it
  // (scripts/await-output.mjs). Otherwise (build --framework-loaders) Framework runs each entrypoint through tsx.
  interpreters: process.env.RE_PREBUILT_DIR ? {".ts": [process.execPath, "scripts/await-output.mjs"]} : {},
  search: true,
  // The case's prose: `{{case:key}}` and `{{term:key}}` in a page become the case's text (loaders/case-text.ts).
  markdownIt: caseTextPlugin
};
export default config;

/** Every page of the built site: the overview, the site map's pages, and the stage pages. */
export const SITE_PATHS: readonly string[] = ["/", ...config.pages.map((p) => p.path), ...STAGE_PATHS];
