// Observable Framework configuration. The sidebar (`pages`) is the site map; routes are part of the interface.
// Offline by design: no web-font stylesheet, a data-URL favicon, DuckDB extensions off (see docs/architecture.md "Offline by design").
import {DEV_BANNER_HEAD} from "./scripts/dev-banner.ts";

export default {
  root: "src",
  // scripts/build.ts builds into a staging folder and swaps it into dist/ only on success.
  output: process.env.RE_BUILD_OUTPUT ?? "dist",
  title: "Rare-earth pipelines",
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
  // `npm run dev` (RE_DEV_STATUS set): every page shows an invalid input's message above it (scripts/dev-banner.ts).
  head: `<link rel="icon" href="data:,">${process.env.RE_DEV_STATUS ? DEV_BANNER_HEAD : ""}`,
  globalStylesheets: [],
  style: "style.css",
  footer: "Rare-earth pipelines — every figure links to its source; estimates are labelled.",
  duckdb: {extensions: {json: null, parquet: null}},
  // `npm run build` and `npm run dev` build every loader output in one process beside Framework (scripts/build-data.ts,
  // scripts/dev-data.ts) and set RE_PREBUILT_DIR: a .ts loader then only waits for its output there and copies it
  // (scripts/await-output.mjs). Otherwise (build --framework-loaders) Framework runs each entrypoint through tsx.
  interpreters: process.env.RE_PREBUILT_DIR ? {".ts": [process.execPath, "scripts/await-output.mjs"]} : {},
  search: true
};
