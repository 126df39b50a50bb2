/**
 * `npm run bench`: the performance harness (a benchmark, not a test). Every figure is measured in this run beside
 * its baseline, on this machine, and checked against the budgets of docs/performance.md. Writes
 * bench/results/<time>.json and bench/results/latest.md, and prints the same table.
 *
 *   npx tsx bench/run.ts [--loads 5] [--changes 20] [--ingest-runs 3] [--build-runs 1] [--skip-full] [--skip-ingest]
 *   npx tsx bench/run.ts --only build [--build-runs 3] [--skip-full]   # build figures only (~10 min a run on 2 cores)
 *
 * `--only build` writes bench/results/latest-build.md instead of latest.md (which keeps the last full run).
 *   npx tsx bench/run.ts --only interactions [--dist DIR] [--compare DIR] [--pages /gaps,/scenarios] [--changes 20]
 *
 * `--only interactions` skips the builds, payload, cold loads and ingest: it measures the /sbir, /gaps and /scenarios
 * interactions on an already built site (`--dist`, default bench/work/dist; built first when missing). `--compare DIR`
 * measures the same interactions on a second built site (e.g. main's, `scripts/build.ts --out DIR`) in the same run,
 * alternating between the two sites in halves, and prints it beside each figure as its baseline. `--pages` keeps the
 * interactions of those routes only.
 *   npx tsx bench/run.ts --only sbir [--changes 20] [--bytes-runs 3] [--reuse] [--compare DIR]   (bench/sbir-interaction.ts)
 *   npx tsx bench/run.ts --only cold-answer [--dist DIR] [--compare DIR] [--cold-runs 3]   (bench/cold-answer.ts) an
 *     input changed right after a cold page's first view, beside the one-page floor baseline's DuckDB-ready time;
 *     writes bench/results/latest-cold-answer.md.
 *   npx tsx bench/run.ts --only dev [--dev-runs 3]   the analyst's loop (bench/dev-loop.ts): `npm run dev` in a copy of
 *     the repository beside a one-page Framework project whose one TypeScript loader reads one CSV; writes
 *     bench/results/latest-dev.md (the full run includes the same table).
 *
 * Needs: Chromium (scripts/ensure-test-deps.sh) and, for the full-scale figures, the synthetic SBIR file
 * bench/work/sbir-award_data.csv (`npm run bench:sbir:generate`, ~1 min, 570 MB).
 */
import {existsSync, mkdirSync, rmSync, writeFileSync} from "node:fs";
import {loadavg} from "node:os";
import {join, resolve} from "node:path";
import {ROOT} from "../loaders/paths.ts";
import config, {SITE_PATHS} from "../observablehq.config.ts";
import {launch} from "../test/e2e/browser.ts";
import {startServer} from "../scripts/server.ts";
import {DEFAULT_BENCH_FILE} from "./sbir/generate.ts";
import {buildVendor} from "../scripts/vendor.ts";
import {buildBaseline, buildSite, dataStepTime, fullScaleDataDir, lastPrerender, lastSteps, loaderTimes, makeBaseline} from "./build.ts";
import {coldLoad, type LoadSample} from "./browser.ts";
import {interactionsTable, measureInteractions} from "./interactions.ts";
import {coldAnswerTable, measureColdAnswers} from "./cold-answer.ts";
import {sbirOnly} from "./sbir-interaction.ts";
import {devLoopTable, measureDevLoop} from "./dev-loop.ts";
import {dirBytes, emptyBytes, mb, median, ms, percentile, sec, timed, type Bytes} from "./stats.ts";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const text = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ONLY = text("only");
if (ONLY !== undefined && !["interactions", "sbir", "build", "dev", "cold-answer"].includes(ONLY)) throw new Error(`--only: expected "interactions", "sbir", "build", "dev" or "cold-answer", got "${ONLY}"`);
const ONLY_INTERACTIONS = ONLY === "interactions";
const ONLY_BUILD = ONLY === "build";
const LOADS = arg("loads", 5);
const CHANGES = arg("changes", 20);
const INGEST_RUNS = arg("ingest-runs", 3);
const BUILD_RUNS = arg("build-runs", 1);
const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
if (ONLY === "sbir") {
  await sbirOnly({changes: CHANGES, reuse: flag("reuse"), compare: text("compare"), bytesRuns: Number(text("bytes-runs") ?? 3), log});
  process.exit(0);
}

const DEV_RUNS = arg("dev-runs", 3);
if (ONLY === "dev") {
  const browser = await launch();
  const dev = await measureDevLoop(browser, DEV_RUNS, log);
  await browser.close();
  const when = new Date().toISOString();
  const md = [`# Analyst's loop figures (npm run bench -- --only dev)\n`, `${when}, node ${process.version}, ${DEV_RUNS} runs of each, alternating; load average ${loadavg().map((l) => l.toFixed(1)).join(" / ")} at the end.\n`, devLoopTable(dev), ""].join("\n");
  console.log(md);
  mkdirSync(join(ROOT, "bench/results"), {recursive: true});
  writeFileSync(join(ROOT, "bench/results", `${when.replace(/[:.]/g, "-")}-dev.json`), JSON.stringify({when, node: process.version, dev}, null, 1));
  writeFileSync(join(ROOT, "bench/results/latest-dev.md"), `${md}\n`);
  process.exit(0);
}

const WORK = join(ROOT, "bench/work");
const DIST = text("dist") ? resolve(text("dist")!) : join(WORK, "dist");
const COMPARE = text("compare") ? resolve(text("compare")!) : null;
const DIST_FULL = join(WORK, "dist-full");
mkdirSync(WORK, {recursive: true});
const notes: string[] = [];
const resultsDir = join(ROOT, "bench/results");

if (ONLY === "cold-answer") {
  if (!existsSync(join(DIST, "index.html"))) {
    log(`no site in ${DIST}: building it…`);
    buildSite(DIST);
  }
  if (COMPARE && !existsSync(join(COMPARE, "index.html"))) throw new Error(`--compare ${COMPARE}: no built site there (scripts/build.ts --out ${COMPARE})`);
  await buildVendor();
  const floorDir = makeBaseline("floor");
  log("building the one-page floor baseline…");
  buildBaseline(floorDir, join(floorDir, "dist"));
  const browser = await launch();
  const [site, floor] = [await startServer(DIST), await startServer(join(floorDir, "dist"))];
  const compare = COMPARE ? await startServer(COMPARE) : null;
  const runs = arg("cold-runs", 3);
  const load0 = loadavg()[0]!;
  const {figures, floorReady} = await measureColdAnswers(browser, {site: site.url, floor: floor.url, compare: compare?.url ?? null}, runs, log);
  await browser.close();
  for (const s of [site, floor, compare]) s?.server.close();
  rmSync(floorDir, {recursive: true, force: true});
  const when = new Date().toISOString();
  const md = [
    `# Cold first answer (npm run bench -- --only cold-answer)\n`,
    `${when}, node ${process.version}, ${runs} rounds (each: the floor page, then every change${COMPARE ? ", compare site first" : ""}), site ${DIST}${COMPARE ? `, compare site ${COMPARE}` : ""}; load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end.\n`,
    coldAnswerTable(figures, floorReady),
    ""
  ].join("\n");
  console.log(md);
  mkdirSync(resultsDir, {recursive: true});
  writeFileSync(join(resultsDir, `${when.replace(/[:.]/g, "-")}-cold-answer.json`), JSON.stringify({when, node: process.version, dist: DIST, compare: COMPARE, load: [load0, loadavg()[0]], figures, floorReady}, null, 1));
  writeFileSync(join(resultsDir, "latest-cold-answer.md"), `${md}\n`);
  process.exit(0);
}

if (ONLY_INTERACTIONS) {
  // Interactions only, on built sites: prints the table and writes bench/results/<time>-interactions.json (latest.md
  // stays the last full run's).
  if (!existsSync(join(DIST, "index.html"))) {
    log(`no site in ${DIST}: building it…`);
    buildSite(DIST);
  }
  if (COMPARE && !existsSync(join(COMPARE, "index.html"))) throw new Error(`--compare ${COMPARE}: no built site there (scripts/build.ts --out ${COMPARE})`);
  const browser = await launch();
  const site = await startServer(DIST);
  const compare = COMPARE ? await startServer(COMPARE) : null;
  const routes = text("pages")?.split(",").filter(Boolean) ?? [];
  const interactions = await measureInteractions(browser, {site: site.url, full: null, compare: compare?.url ?? null, routes}, CHANGES, log, notes);
  await browser.close();
  for (const s of [site, compare]) s?.server.close();
  const when = new Date().toISOString();
  const md = [
    `# Interaction figures (npm run bench -- --only interactions)\n`,
    `${when}, node ${process.version}, ${CHANGES} changes per interaction, site ${DIST}${COMPARE ? `, compare site ${COMPARE} (alternating halves in the same run)` : ""}.\n`,
    interactionsTable(interactions, "compare site"),
    notes.length ? `\n${notes.map((n) => `- ${n}`).join("\n")}` : ""
  ].join("\n");
  console.log(md);
  mkdirSync(resultsDir, {recursive: true});
  writeFileSync(join(resultsDir, `${when.replace(/[:.]/g, "-")}-interactions.json`), JSON.stringify({when, node: process.version, changes: CHANGES, dist: DIST, compare: COMPARE, interactions, notes}, null, 1));
  process.exit(0);
}

// ---- 1. Builds: one-page baselines, then the site (library cache cold, then warm), then the loaders on their own --
// Each run builds all four in turn, so background load hits them alike; figures are medians over the runs.
// The site's build is always clean for data (every loader runs); "cold" also drops Framework's library bundles (the
// first build after `npm ci` or a lockfile change), "warm" reuses those of the previous successful build (every
// other build; scripts/library-cache.ts). The text baseline imports no library, so it has no such cache; it has as many
// pages as the site (SITE_PATHS), so the budget grows with the pages as Framework's own work does (issue 23); the
// one-page text site is still measured beside it.
await buildVendor(); // the floor baseline copies the site's library bundle
const textDir = makeBaseline("text", SITE_PATHS.length);
const textOneDir = makeBaseline("text");
const floorDir = makeBaseline("floor");
const runs = {text: [] as number[], textOne: [] as number[], floor: [] as number[], cold: [] as number[], warm: [] as number[], prerender: [] as number[], dataStep: [] as number[], steps: [] as string[]};
for (let i = 0; i < BUILD_RUNS; i++) {
  log(`build run ${i + 1}/${BUILD_RUNS}: baselines (${SITE_PATHS.length} text pages; one text page; one floor page: a Plot chart + SELECT 42)`);
  runs.text.push(buildBaseline(textDir, join(textDir, "dist")));
  runs.textOne.push(buildBaseline(textOneDir, join(textOneDir, "dist")));
  runs.floor.push(buildBaseline(floorDir, join(floorDir, "dist")));
  log(`baselines: text ${sec(runs.text.at(-1)!)} (one page ${sec(runs.textOne.at(-1)!)}), floor ${sec(runs.floor.at(-1)!)}; site clean build, cold library cache…`);
  runs.cold.push(buildSite(DIST, {}, true));
  log(`site cold ${sec(runs.cold.at(-1)!)}; site clean build, warm library cache…`);
  runs.warm.push(buildSite(DIST));
  if (lastPrerender !== null) runs.prerender.push(lastPrerender);
  if (lastSteps !== null) runs.steps.push(lastSteps);
  log(`site warm ${sec(runs.warm.at(-1)!)}; the data step alone…`);
  runs.dataStep.push(dataStepTime());
  log(`data step ${sec(runs.dataStep.at(-1)!)}`);
}
const textBuild = median(runs.text)!;
const textOneBuild = median(runs.textOne)!;
const floorBuild = median(runs.floor)!;
const siteBuild = median(runs.warm)!;
const siteColdBuild = median(runs.cold)!;
const dataStep = median(runs.dataStep)!;
const prerenderStep = median(runs.prerender);
log("loaders one by one…");
const loaders = await loaderTimes();
log(`loaders ${sec(loaders.total)} (${loaders.count} entrypoints, ${loaders.tables} files; tsx start-up ${sec(loaders.tsxStartup)} each)`);

// ---- 2. Full-scale SBIR build (synthetic 220k-row export) into its own folder --------------------------------
let fullBuild: number | null = null;
if (flag("skip-full")) notes.push("full-scale /sbir figures skipped (--skip-full)");
else if (!existsSync(DEFAULT_BENCH_FILE)) notes.push(`full-scale /sbir figures skipped: no ${DEFAULT_BENCH_FILE} (npm run bench:sbir:generate)`);
else {
  const dataDir = fullScaleDataDir(DEFAULT_BENCH_FILE);
  log("full-scale build (RE_DATA_DIR with the synthetic SBIR export)…");
  fullBuild = buildSite(DIST_FULL, {RE_DATA_DIR: dataDir});
  rmSync(dataDir, {recursive: true, force: true});
  log(`full-scale build ${sec(fullBuild)}`);
}

// ---- 3. Bytes -----------------------------------------------------------------------------------------------------
const distBytes = dirBytes(DIST);
const floorBytes = dirBytes(join(floorDir, "dist"));
const textBytes = dirBytes(join(textDir, "dist"));
const fullBytes = fullBuild === null ? null : dirBytes(DIST_FULL);
if (ONLY_BUILD) {
  notes.push("build figures only (--only build): no pages, interactions or SBIR ingest in this run");
  const when = new Date().toISOString();
  const md = [...reportHead(when), ...buildSection(), `## Notes\n\n${notes.map((n) => `- ${n}`).join("\n")}\n`].join("\n");
  console.log(md);
  mkdirSync(resultsDir, {recursive: true});
  writeFileSync(join(resultsDir, `${when.replace(/[:.]/g, "-")}.json`), JSON.stringify({when, node: process.version, only: "build", builds: {site: siteBuild, siteCold: siteColdBuild, runs, textBaseline: textBuild, textOneBaseline: textOneBuild, floorBaseline: floorBuild, full: fullBuild, loaders}, bytes: {dist: distBytes, text: textBytes, floor: floorBytes, full: fullBytes}, notes}, null, 1));
  writeFileSync(join(resultsDir, "latest-build.md"), `${md}\n`);
  for (const d of [textDir, floorDir]) rmSync(d, {recursive: true, force: true});
  log("done: bench/results/latest-build.md");
  process.exit(0);
}

// ---- 4. Cold loads in Chromium --------------------------------------------------------------------------------------
const routes = ["/", ...config.pages.map((p) => p.path)];
const browser = await launch();
const site = await startServer(DIST);
const floor = await startServer(join(floorDir, "dist"));
const full = fullBuild === null ? null : await startServer(DIST_FULL);

interface PageFigures {
  route: string;
  samples: LoadSample[];
}
const pages: PageFigures[] = [];
const livePages: PageFigures[] = [];
const floorSamples: LoadSample[] = [];
const fullSbir: LoadSample[] = [];
for (let i = 0; i < LOADS; i++) {
  log(`cold loads, round ${i + 1}/${LOADS}`);
  // Interleaved: each round loads the floor page and every page once, so background load hits all alike.
  floorSamples.push(await coldLoad(browser, `${floor.url}/`));
  for (const route of routes) {
    let p = pages.find((x) => x.route === route);
    if (!p) pages.push((p = {route, samples: []}));
    p.samples.push(await coldLoad(browser, `${site.url}${route}`));
    // Baseline: the same page with its build-time answers blocked (every query live in DuckDB, as before them).
    let l = livePages.find((x) => x.route === route);
    if (!l) livePages.push((l = {route, samples: []}));
    l.samples.push(await coldLoad(browser, `${site.url}${route}`, 30_000, {live: true}));
  }
  if (full) fullSbir.push(await coldLoad(browser, `${full.url}/sbir`, 120_000));
}

// ---- 5. Interaction latency -----------------------------------------------------------------------------------------
const interactions = await measureInteractions(browser, {site: site.url, full: full?.url ?? null, compare: null}, CHANGES, log, notes);
// ---- 5b. The analyst's loop: npm run dev beside a one-page Framework project (bench/dev-loop.ts) ----------------------
const dev = await measureDevLoop(browser, DEV_RUNS, log);
await browser.close();
for (const s of [site, floor, full]) s?.server.close();

// ---- 6. SBIR ingest (the existing benchmark) -----------------------------------------------------------------
let ingest: string | null = null;
if (flag("skip-ingest")) notes.push("SBIR ingest skipped (--skip-ingest)");
else if (!existsSync(DEFAULT_BENCH_FILE)) notes.push("SBIR ingest skipped: no synthetic file");
else {
  log(`SBIR ingest benchmark (${INGEST_RUNS} runs each)…`);
  const r = timed(process.execPath, ["--import", "tsx", "bench/sbir/ingest.ts", DEFAULT_BENCH_FILE, String(INGEST_RUNS)], {cwd: ROOT});
  ingest = r.stdout.trim();
  if (!r.ok) notes.push("SBIR ingest: the benchmark exited non-zero (aggregates disagree?)");
}

// ---- 7. Report ------------------------------------------------------------------------------------------------
const verdict = (ok: boolean | null) => (ok === null ? "n/a" : ok ? "**met**" : "**not met**");
const stat = (xs: (number | null)[]) => `${ms(median(xs))} / ${ms(percentile(xs, 95))}`;
const bytesRow = (b: Bytes) => `${mb(b.total)} (wasm ${mb(b.wasm)}, JS ${mb(b.js)}, data ${mb(b.data)}, CSS ${mb(b.css)}, HTML ${mb(b.html)})`;
const out: string[] = [];
const when = new Date().toISOString();
out.push(...reportHead(when), ...buildSection());

out.push(`## Payload\n`);
out.push("| figure | value | baseline | budget | verdict |\n| --- | --- | --- | --- | --- |");
out.push(`| dist/ bytes | ${bytesRow(distBytes)} | one-page text ${mb(textBytes.total)}; one-page Plot+DuckDB ${bytesRow(floorBytes)} | ≤ 45 MB | ${verdict(distBytes.total <= 45e6)} |`);
if (fullBytes) out.push(`| dist/ bytes with the 220k-row export | ${bytesRow(fullBytes)} | shipped extract ${mb(distBytes.total)} | — | — |`);
out.push("");

out.push(`## Pages (cold loads: new browser context each; median / p95)\n`);
out.push(
  "First view = until the first chart and the first query result. Pages answer their default view from the build-time " +
    "answers (docs/architecture.md: First view without DuckDB); *live* rows are the same page with the answers file blocked, so " +
    "every query runs in DuckDB-WASM (the design before the answers), loaded in the same rounds. *First chart* is the " +
    "first chart on screen: the default-view charts are prerendered into the HTML at build time (scripts/prerender.ts); " +
    "*drawn by the page* is the first chart the page's own code draws (replacing the prerendered copy).\n"
);
out.push("| page | downloaded for the first view | wasm before first view? | downloaded in all (DuckDB warming in the background) | first chart | first chart drawn by the page | first query result | first live SQL | DuckDB ready | load event |\n| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
const bytesShort = (b: Bytes) => `${mb(b.total)} (wasm ${mb(b.wasm)}, JS ${mb(b.js)}, data ${mb(b.data)})`;
const pageRow = (name: string, s: LoadSample[]) =>
  `| ${name} | ${bytesShort(s[0]?.firstViewBytes ?? emptyBytes())} | ${s.some((x) => x.firstViewWasm > 0) ? "yes" : "no"} | ${bytesShort(s[0]?.bytes ?? emptyBytes())} | ${stat(s.map((x) => x.chart))} | ${stat(s.map((x) => x.drawn))} | ${stat(s.map((x) => x.sql))} | ${stat(s.map((x) => x.liveSql))} | ${stat(s.map((x) => x.ready))} | ${stat(s.map((x) => x.load))} |`;
out.push(pageRow("**baseline**: one-page Plot + DuckDB `SELECT 42`", floorSamples));
for (const p of pages) {
  out.push(pageRow(p.route, p.samples));
  const l = livePages.find((x) => x.route === p.route);
  if (l) out.push(pageRow(`${p.route} *live*`, l.samples));
}
if (fullSbir.length) out.push(pageRow("/sbir with 220k rows", fullSbir));
out.push("");
// A page "needs SQL" for its first view when DuckDB had to answer a query before that view was drawn.
const needsSql = pages.filter((p) => p.samples.some((s) => s.liveSql !== null && s.liveSql <= Math.max(s.chart ?? 0, s.sql ?? 0)));
const noSqlWithWasm = pages.filter((p) => !needsSql.includes(p) && p.samples.some((s) => s.firstViewWasm > 0));
const worstOf = (ps: PageFigures[], f: (s: LoadSample) => number | null) => Math.max(...ps.map((p) => median(p.samples.map(f)) ?? 0));
const worst = (f: (s: LoadSample) => number | null) => worstOf(pages, f);
const worstPage = (f: (s: LoadSample) => number | null) => pages.reduce((a, b) => ((median(b.samples.map(f)) ?? 0) > (median(a.samples.map(f)) ?? 0) ? b : a)).route;
out.push("| budget | figure | verdict |\n| --- | --- | --- |");
out.push(`| pages that need no SQL download no DuckDB wasm | ${pages.length - needsSql.length} of ${pages.length} pages draw their first view without DuckDB${noSqlWithWasm.length ? `; ${noSqlWithWasm.map((p) => p.route).join(", ")} fetch the wasm before it anyway` : ", and none fetches the wasm before it (pages with inputs fetch it afterwards, in the background; / never does)"} | ${verdict(noSqlWithWasm.length === 0)} |`);
out.push(`| first chart ≤ 1.0 s (median, worst page) | ${ms(worst((s) => s.chart))} (${worstPage((s) => s.chart)}; drawn by the page: ${ms(worst((s) => s.drawn))}, ${worstPage((s) => s.drawn)}; live: ${ms(worstOf(livePages, (s) => s.drawn))}; baseline ${ms(median(floorSamples.map((s) => s.chart)))}) | ${verdict(worst((s) => s.chart) <= 1000)} |`);
out.push(`| first SQL result ≤ 1.5 s (median, worst page) | ${ms(worst((s) => s.sql))} (${worstPage((s) => s.sql)}; live: ${ms(worstOf(livePages, (s) => s.sql))}; baseline ${ms(median(floorSamples.map((s) => s.sql)))}) | ${verdict(worst((s) => s.sql) <= 1500)} |`);
out.push("");

out.push(`## Interactions (change → dependent chart and table re-rendered and a frame produced; p50 / p95)\n`);
out.push(interactionsTable(interactions));
out.push("");
out.push(`## The analyst's loop (\`npm run dev\`; median of ${DEV_RUNS} runs each, alternating with the baseline)\n`);
out.push(devLoopTable(dev));
out.push("");
if (ingest) out.push(`## SBIR ingest (bench/sbir/ingest.ts)\n\n${ingest}\n`);
if (notes.length) out.push(`## Notes\n\n${notes.map((n) => `- ${n}`).join("\n")}\n`);
const md = out.join("\n");
console.log(md);

mkdirSync(resultsDir, {recursive: true});
const json = {when, node: process.version, loads: LOADS, changes: CHANGES, builds: {site: siteBuild, siteCold: siteColdBuild, runs, textBaseline: textBuild, textOneBaseline: textOneBuild, floorBaseline: floorBuild, full: fullBuild, loaders}, bytes: {dist: distBytes, text: textBytes, floor: floorBytes, full: fullBytes}, pages, livePages, floor: floorSamples, fullSbir, interactions, dev, ingest, notes};
writeFileSync(join(resultsDir, `${when.replace(/[:.]/g, "-")}.json`), JSON.stringify(json, null, 1));
writeFileSync(join(resultsDir, "latest.md"), `${md}\n`);
for (const d of [textDir, floorDir]) rmSync(d, {recursive: true, force: true});
log("done: bench/results/latest.md");

/** Title and run conditions of the report. */
function reportHead(when: string): string[] {
  const what = ONLY_BUILD ? " (--only build)" : `, ${LOADS} cold loads per page, ${CHANGES} changes per interaction`;
  return [`# Performance figures (npm run bench)\n`, `${when}, node ${process.version}, ${BUILD_RUNS} build run(s)${what}. Every figure was measured in this run beside its baseline.\n`];
}

/** The report's build table: the site's clean build warm and cold against the budget, the loaders' own time. */
function buildSection(): string[] {
  const yes = (ok: boolean) => (ok ? "**met**" : "**not met**");
  const runsOf = (xs: number[]) => (xs.length > 1 ? ` (runs: ${xs.map(sec).join(", ")})` : "");
  // The loaders' own time as the build runs them: the data step (one process: validate + every output). The older
  // figure, every entrypoint through tsx one after another as Framework alone would run them, is shown below it.
  const budget = 2 * textBuild + dataStep;
  const out = [`## Build\n`, "| figure | value | baseline | budget | verdict |\n| --- | ---: | --- | --- | --- |"];
  out.push(`| clean build, warm library cache (\`npm run build\`: validate + every loader + bundle; Framework's library bundles kept from the last good build) | ${sec(siteBuild)}${runsOf(runs.warm)} | text site of ${SITE_PATHS.length} pages (the site's count) ${sec(textBuild)}${runsOf(runs.text)} (ratio ${(siteBuild / textBuild).toFixed(1)}×); one text page ${sec(textOneBuild)}${runsOf(runs.textOne)}; one-page Plot+DuckDB site ${sec(floorBuild)} | ≤ 2 × ${sec(textBuild)} + loaders (data step) ${sec(dataStep)} = ${sec(budget)} (ratio ${(siteBuild / budget).toFixed(2)}×) | ${yes(siteBuild <= budget)} |`);
  out.push(`| clean build, cold library cache (\`--cold\`: first build after \`npm ci\` or a lockfile change) | ${sec(siteColdBuild)}${runsOf(runs.cold)} | warm ${sec(siteBuild)} | same budget ${sec(budget)} | ${yes(siteColdBuild <= budget)} |`);
  out.push(`| loaders' own time as the build runs them: the data step (\`scripts/build-data.ts\`: validate + ${loaders.count} entrypoints' ${loaders.tables} files, one process) | ${sec(dataStep)}${runsOf(runs.dataStep)} | — | — | — |`);
  if (prerenderStep !== null) out.push(`| of the warm build: prerendered charts (\`scripts/prerender.ts\`, Chromium, ${SITE_PATHS.length} pages) | ${sec(prerenderStep)}${runsOf(runs.prerender)} | — | — | — |`);
  for (const [i, steps] of runs.steps.entries()) out.push(`| of the warm build${runs.steps.length > 1 ? ` (run ${i + 1})` : ""}, its steps (\`scripts/build.ts\`) | ${steps} | — | — | — |`);
  out.push(`| the loaders one by one (${loaders.count} entrypoints for ${loaders.tables} files, via tsx, sequential, as Framework alone would run them) | ${sec(loaders.total)} | tsx start-up alone ${sec(loaders.tsxStartup)} × ${loaders.count} = ${sec(loaders.tsxStartup * loaders.count)} | — | — |`);
  if (fullBuild !== null) out.push(`| clean build with the 220k-row SBIR export (warm) | ${sec(fullBuild)} | shipped extract ${sec(siteBuild)} | — | — |`);
  out.push("");
  out.push(`Slowest loaders: ${Object.entries(loaders.each).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([f, s]) => `${f} ${sec(s)}`).join(", ")}.\n`);
  return out;
}
