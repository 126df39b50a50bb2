// Build-side measurements: the site's clean build (with a cold and a warm library cache), one-page Framework baselines
// built the same way (offline guard, pinned npm cache), the loaders' own time (every loader entrypoint in src/data/,
// the folder archives *.zip.ts and the single files *.arrow.ts, run directly, sequentially, as Framework runs them:
// through tsx), tsx's bare start-up, and the full-scale SBIR build into a separate folder.
import {cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";
import JSZip from "jszip";
import {dataDir, ROOT} from "../loaders/paths.ts";
import {timed} from "./stats.ts";

const FRAMEWORK = join(ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js");
const TSX = join(ROOT, "node_modules/.bin/tsx");

/** The site's own clean build (scripts/build.ts: validate, clean cache, build, check, swap) into `out`. `cold`: also
 * drop the library cache (Framework bundles every library again, as on the first build after `npm ci`); otherwise
 * the bundles of the last successful build are reused (scripts/library-cache.ts) and every loader still runs. */
export function buildSite(out: string, env: Record<string, string> = {}, cold = false): number {
  const r = timed(process.execPath, ["--import", "tsx", "scripts/build.ts", "--out", out, ...(cold ? ["--cold"] : [])], {cwd: ROOT, env});
  if (!r.ok) throw new Error(`site build failed:\n${r.stderr.slice(-3000)}`);
  const prerender = /prerender: .* in ([0-9.]+) s/.exec(r.stderr);
  lastPrerender = prerender ? Number(prerender[1]) : null;
  lastSteps = /^build steps: (.*)$/m.exec(r.stderr)?.[1] ?? null;
  return r.seconds;
}

/** The last buildSite's own account of its steps (scripts/build.ts "build steps:" line), null when it printed none. */
export let lastSteps: string | null = null;

/** The prerendered-charts step's own time in the last buildSite (from its log), null when it did not run. */
export let lastPrerender: number | null = null;

/** The build's data step alone (scripts/build-data.ts: validate + every loader output, one process), timed. */
export function dataStepTime(): number {
  const out = mkdtempSync(join(tmpdir(), "re-bench-data-step-"));
  try {
    const r = timed(process.execPath, ["--import", "tsx", "scripts/build-data.ts", "--out", out], {cwd: ROOT});
    if (!r.ok) throw new Error(`data step failed:\n${r.stderr.slice(-2000)}`);
    return r.seconds;
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
}

const CONFIG = `export default {
  root: "src",
  output: process.env.RE_BUILD_OUTPUT ?? "dist",
  title: "Baseline",
  head: '<link rel="icon" href="data:,">',
  globalStylesheets: [],
  duckdb: {extensions: {json: null, parquet: null}}
};
`;

/** "text": one markdown page of text. "floor": one page drawing one Plot chart and running SELECT 42 in our DuckDB client. */
export type Baseline = "text" | "floor";

const PAGES: Record<Baseline, string> = {
  text: "# Baseline\n\nOne page of text, built the same way as the site.\n",
  floor: `# Floor

One Plot chart of inline data and one SQL query through the site's DuckDB client: the least any page here can do.

\`\`\`js
import {Plot, html} from "./components/libs.js";
import {openDatabase} from "./components/duckdb.js";
const db = openDatabase({});
\`\`\`

\`\`\`js
display(html\`<figure>\${Plot.dot([{x: 1, y: 1}, {x: 2, y: 3}], {x: "x", y: "y"}).plot()}</figure>\`);
\`\`\`

\`\`\`js
const answer = (await db.query({name: "floor", sql: "SELECT 42 AS answer", params: []}))[0].answer;
display(answer);
\`\`\`
`
};

/**
 * Create a temporary Framework project; returns its folder. `pages`: how many pages of the kind (index.md, then
 * page-2.md, …): the build baseline has as many text pages as the site (issue 23: it scales with the pages).
 */
export function makeBaseline(kind: Baseline, pages = 1): string {
  const dir = mkdtempSync(join(tmpdir(), `re-bench-${kind}-`));
  mkdirSync(join(dir, "src"), {recursive: true});
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "package.json"), `{"type": "module", "private": true}\n`);
  writeFileSync(join(dir, "observablehq.config.js"), CONFIG);
  for (let i = 1; i <= pages; i++) writeFileSync(join(dir, "src", i === 1 ? "index.md" : `page-${i}.md`), PAGES[kind]);
  if (kind === "floor") {
    // The same client and the same library bundle as the site (scripts/vendor.ts writes it; bench/run.ts runs it first).
    for (const f of ["components/libs.ts", "components/vendor/libs.js", "components/duckdb.ts", "lib/rows.ts", "lib/answers.ts", "lib/result-cache.ts", "queries/query.ts"]) {
      mkdirSync(join(dir, "src", f, ".."), {recursive: true});
      cpSync(join(ROOT, "src", f), join(dir, "src", f));
    }
  }
  return dir;
}

/** Clean build of a baseline project (pin npm cache + Framework build under the offline guard), timed. */
export function buildBaseline(dir: string, out: string): number {
  rmSync(join(dir, "src/.observablehq/cache"), {recursive: true, force: true});
  const t0 = performance.now();
  const prep = timed(process.execPath, [join(ROOT, "scripts/prepare-npm-cache.mjs"), dir], {cwd: dir});
  if (!prep.ok) throw new Error(`baseline npm cache failed: ${prep.stderr}`);
  const r = timed(process.execPath, [FRAMEWORK, "build"], {
    cwd: dir,
    env: {RE_BUILD_OUTPUT: out, OBSERVABLE_TELEMETRY_DISABLE: "1", NODE_OPTIONS: `--import ${join(ROOT, "scripts/offline-guard.mjs")}`}
  });
  if (!r.ok) throw new Error(`baseline build failed:\n${r.stderr.slice(-3000)}`);
  return (performance.now() - t0) / 1000;
}

export interface LoaderTimes {
  total: number;
  /** Loader processes (entrypoints). */
  count: number;
  /** Files they publish (a folder archive publishes several). */
  tables: number;
  each: Record<string, number>;
  /** tsx starting an empty .ts file (median of 3): the per-loader fixed cost. */
  tsxStartup: number;
}

/** Every loader entrypoint in src/data/ (*.arrow.ts, and *.zip.ts: a folder's tables in one process) run directly
 * through tsx, sequentially (as Framework's build does), timed. */
export async function loaderTimes(env: Record<string, string> = {}): Promise<LoaderTimes> {
  const files = readdirSync(join(ROOT, "src/data"), {recursive: true})
    .map(String)
    .filter((f) => /\.(arrow|zip)\.ts$/.test(f))
    .sort();
  const each: Record<string, number> = {};
  let total = 0;
  let tables = 0;
  for (const f of files) {
    const r = timed(TSX, [join(ROOT, "src/data", f)], {cwd: ROOT, env, binary: true});
    if (!r.ok) throw new Error(`loader ${f} failed:\n${r.stderr.slice(-2000)}`);
    each[relative(ROOT, join(ROOT, "src/data", f))] = r.seconds;
    total += r.seconds;
    tables += f.endsWith(".zip.ts") ? Object.values((await JSZip.loadAsync(r.stdoutBytes!)).files).filter((m) => !m.dir).length : 1;
  }
  const empty = join(mkdtempSync(join(tmpdir(), "re-bench-tsx-")), "empty.ts");
  writeFileSync(empty, "export {};\n");
  const starts = [0, 1, 2].map(() => timed(TSX, [empty], {cwd: ROOT}).seconds).sort((a, b) => a - b);
  return {total, count: files.length, tables, each, tsxStartup: starts[1] as number};
}

/** A copy of data/ whose sbir/full/award_data.csv is the synthetic full-scale file (symlinked). */
export function fullScaleDataDir(syntheticCsv: string): string {
  const dir = mkdtempSync(join(tmpdir(), "re-bench-data-"));
  cpSync(dataDir(), dir, {recursive: true, filter: (src) => !src.includes(join("sbir", "full"))});
  mkdirSync(join(dir, "sbir/full"), {recursive: true});
  symlinkSync(syntheticCsv, join(dir, "sbir/full/award_data.csv"));
  return dir;
}
