// The analyst's loop (docs/analyst.md), measured beside its baseline in the same run: a one-page Framework project
// whose one TypeScript loader reads one CSV, previewed by Framework alone (`observable preview`, the loader run by
// tsx). Both run in throw-away folders (node_modules linked), alternately, `runs` times each:
//   start → first page answered (HTTP 200 for /, polled every 25 ms; and for /gaps);
//   first visit → figures drawn (the site: /gaps' chart and its China total; the baseline: its value);
//   save of a data CSV → the open page shows the new figure;
//   save of an invalid value → the message on the page (the site: the banner above the page; the baseline: the
//     cell's error, which plain Framework shows only once the loader file itself is touched);
//   then the stop (a plain kill of the npm / Framework process) leaves nothing listening;
// and `npm run gaps` / `npm run scenario -- diff` beside the baseline's loader run on its own through npm and tsx.
import {spawn, spawnSync, type ChildProcess} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync} from "node:fs";
import {loadavg, tmpdir} from "node:os";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {ROOT} from "../loaders/paths.ts";
import {copyRepository, freePort, groupAlive, listening} from "../test/helpers/dev-server.ts";
import {median, ms} from "./stats.ts";
import {CASE_FOLDER} from "../src/lib/case.ts";

/** How long a figure may take before it counts as "did not happen" (the baseline's CSV save never shows). */
const WAIT = 20_000;

/** The baseline project: one page showing the value its one TypeScript loader reads from one CSV. */
function makeDevBaseline(): string {
  const dir = mkdtempSync(join(tmpdir(), "re-dev-baseline-"));
  mkdirSync(join(dir, "src/data"), {recursive: true});
  mkdirSync(join(dir, "data"), {recursive: true});
  writeFileSync(join(dir, "package.json"), JSON.stringify({type: "module", private: true, scripts: {loader: "tsx src/data/value.json.ts"}}));
  writeFileSync(join(dir, "observablehq.config.js"), `export default {root: "src", title: "baseline"};\n`);
  writeFileSync(join(dir, "data/value.csv"), "name,value\nlittle_giant,6000000\n");
  writeFileSync(
    join(dir, "src/data/value.json.ts"),
    `import {readFileSync} from "node:fs";
const [, row] = readFileSync("data/value.csv", "utf8").trim().split("\\n");
const value = Number(row!.split(",")[1]);
if (!Number.isFinite(value)) throw new Error(\`data/value.csv, row 2, column "value": not a number (value: \${row})\`);
process.stdout.write(JSON.stringify({value}));
`
  );
  writeFileSync(join(dir, "src/index.md"), "# Baseline\n\n```js\nconst v = FileAttachment(\"data/value.json\").json();\n```\n\n<p id=\"value\">${v.value}</p>\n");
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(dir, "node_modules"));
  const prep = spawnSync(process.execPath, [join(ROOT, "scripts/prepare-npm-cache.mjs"), dir], {encoding: "utf8"});
  if (prep.status !== 0) throw new Error(`baseline npm cache: ${prep.stderr}`);
  return dir;
}

interface Project {
  name: string;
  dir: string;
  route: string;
  start: (port: number) => ChildProcess;
  csv: string;
  /** [from, to] in the CSV: a valid new value, then an invalid one. */
  edit: [string, string, string];
  /** The figure on the page (a number), or null while not shown. */
  figure: (page: Page) => Promise<number | null>;
  /** The page shows the input's error. */
  error: (page: Page) => Promise<boolean>;
  /** Plain Framework re-runs a loader only when its own file changes: the baseline's only way to show a CSV edit. */
  afterSave?: () => void;
}

export interface DevLoopSample {
  firstPage: number | null;
  /** Start → the page under test answered (/gaps for the site, / for the baseline). */
  routePage: number | null;
  firstFigures: number | null;
  csvSave: number | null;
  invalidSave: number | null;
  /** The baseline only: the CSV save shown once the loader file is touched (its own file: Framework's one trigger). */
  touchedSave?: number | null;
  stoppedClean: boolean;
  /** The 1-minute load average when the run started and when it ended. */
  load: [number, number];
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function until<T>(f: () => Promise<T | null | false>, timeout = WAIT): Promise<number | null> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeout) {
    if (await f().catch(() => null)) return performance.now() - t0;
    await sleep(25);
  }
  return null;
}

async function pageAnswered(port: number, route: string): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}${route}`)).ok;
  } catch {
    return false;
  }
}

async function runOnce(browser: Browser, p: Project): Promise<DevLoopSample> {
  const csvText = readFileSync(p.csv, "utf8");
  const port = await freePort();
  const t0 = performance.now();
  const child = p.start(port);
  const sample: DevLoopSample = {firstPage: null, routePage: null, firstFigures: null, csvSave: null, invalidSave: null, stoppedClean: false, load: [loadavg()[0]!, 0]};
  try {
    // The first page: the address the server prints (/); then the page under test (/gaps for the site).
    const answered = await until(() => pageAnswered(port, "/"), 60_000);
    sample.firstPage = answered === null ? null : performance.now() - t0;
    const routeAnswered = await until(() => pageAnswered(port, p.route), 60_000);
    sample.routePage = routeAnswered === null ? null : performance.now() - t0;
    // The site: wait for its data step's first build (the status file), so "first visit" measures the page.
    await until(async () => !p.name.startsWith("site") || JSON.parse(readFileSync(join(p.dir, "src/_dev/status.json"), "utf8")).built !== null, 60_000);
    const page = await browser.newPage();
    const tv = performance.now();
    await page.goto(`http://127.0.0.1:${port}${p.route}`, {waitUntil: "domcontentloaded", timeout: 120_000});
    const shown = await until(async () => (await p.figure(page)) !== null, 60_000);
    sample.firstFigures = shown === null ? null : performance.now() - tv;
    const before = await p.figure(page);
    writeFileSync(p.csv, csvText.replace(p.edit[0], p.edit[1]));
    sample.csvSave = await until(async () => {
      const v = await p.figure(page);
      return v !== null && v !== before;
    });
    if (p.afterSave && sample.csvSave === null) {
      const tt = performance.now();
      p.afterSave();
      const touched = await until(async () => {
        const v = await p.figure(page);
        return v !== null && v !== before;
      });
      sample.touchedSave = touched === null ? null : performance.now() - tt;
    }
    writeFileSync(p.csv, csvText.replace(p.edit[0], p.edit[2]));
    sample.invalidSave = await until(() => p.error(page));
    if (sample.invalidSave === null && p.afterSave) {
      // The baseline: from the touch of its loader (Framework's one trigger), as for the CSV save above.
      p.afterSave();
      sample.invalidSave = await until(() => p.error(page));
    }
    await page.close();
  } finally {
    writeFileSync(p.csv, csvText);
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    for (let i = 0; groupAlive(child.pid!) && i < 50; i++) await sleep(100);
    sample.stoppedClean = !groupAlive(child.pid!) && !(await listening(port));
    if (groupAlive(child.pid!)) process.kill(-child.pid!, "SIGKILL");
    sample.load[1] = loadavg()[0]!;
  }
  return sample;
}

export interface CommandTime {
  /** Median wall time of the runs. */
  ms: number;
  /** The 1-minute load average before each run. */
  loads: number[];
}

/** Wall time of a command, median of `runs`. */
function timeCommand(cmd: string, args: string[], cwd: string, runs: number): CommandTime {
  const times: number[] = [];
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    loads.push(loadavg()[0]!);
    const t0 = performance.now();
    const r = spawnSync(cmd, args, {cwd, encoding: "utf8"});
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr.slice(-2000)}`);
    times.push(performance.now() - t0);
  }
  return {ms: median(times)!, loads};
}

export interface DevLoopFigures {
  site: DevLoopSample[];
  baseline: DevLoopSample[];
  gaps: CommandTime;
  diff: CommandTime;
  loader: CommandTime;
}

export async function measureDevLoop(browser: Browser, runs: number, log: (s: string) => void): Promise<DevLoopFigures> {
  const siteDir = copyRepository();
  const baseDir = makeDevBaseline();
  const framework = join(ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js");
  const total = (page: Page) => page.$eval('[data-testid="gaps-china-total"]', (e) => Number(e.getAttribute("data-value")));
  const site: Project = {
    name: "site",
    dir: siteDir,
    route: "/gaps",
    start: (port) => spawn("npm", ["run", "dev"], {cwd: siteDir, detached: true, stdio: "ignore", env: {...process.env, PORT: String(port)}}),
    csv: join(siteDir, `${CASE_FOLDER}/assumptions/china_support.csv`),
    edit: ["little_giant,0,6000000,", "little_giant,0,8000000,", "little_giant,0,8 million,"],
    figure: async (page) => ((await page.$("#chart-gaps svg")) ? total(page) : null),
    error: async (page) => (await page.$("#re-dev-status")) !== null
  };
  const baseline: Project = {
    name: "baseline",
    dir: baseDir,
    route: "/",
    start: (port) =>
      spawn(process.execPath, [framework, "preview", "--host", "127.0.0.1", "--port", String(port), "--no-open"], {
        cwd: baseDir,
        detached: true,
        stdio: "ignore",
        env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1", PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH}`}
      }),
    csv: join(baseDir, "data/value.csv"),
    edit: ["little_giant,6000000", "little_giant,8000000", "little_giant,8 million"],
    figure: async (page) => {
      const t = await page.$eval("#value", (e) => e.textContent ?? "").catch(() => "");
      return /^\d+$/.test(t) ? Number(t) : null;
    },
    error: async (page) => (await page.$(".observablehq--error")) !== null,
    afterSave: () => {
      const now = new Date();
      utimesSync(join(baseDir, "src/data/value.json.ts"), now, now);
    }
  };
  const none = {ms: 0, loads: []};
  const out: DevLoopFigures = {site: [], baseline: [], gaps: none, diff: none, loader: none};
  try {
    for (let i = 0; i < runs; i++) {
      log(`dev loop, round ${i + 1}/${runs}: baseline (one page, one TypeScript loader, one CSV), then npm run dev`);
      out.baseline.push(await runOnce(browser, baseline));
      out.site.push(await runOnce(browser, site));
    }
    log("npm run gaps, npm run scenario -- diff, beside the baseline's loader through npm and tsx");
    out.loader = timeCommand("npm", ["run", "--silent", "loader"], baseDir, runs);
    out.gaps = timeCommand("npm", ["run", "--silent", "gaps"], siteDir, runs);
    out.diff = timeCommand("npm", ["run", "--silent", "scenario", "--", "diff", "baseline", "us-sme-pipeline"], siteDir, runs);
  } finally {
    rmSync(siteDir, {recursive: true, force: true});
    rmSync(baseDir, {recursive: true, force: true});
  }
  return out;
}

/** The report's table: each figure of `npm run dev` beside the baseline's, against its budget, with the range of the
 * 1-minute load average while its runs were taken (a shared 2-core machine: read each figure beside its baseline). */
export function devLoopTable(f: DevLoopFigures): string {
  const med = (xs: DevLoopSample[], k: keyof DevLoopSample) => {
    const v = xs.map((s) => s[k] as number | null | undefined);
    return v.some((x) => x === null || x === undefined) ? null : median(v as number[]);
  };
  const range = (loads: number[]) => (loads.length ? `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}` : "—");
  const runLoads = range([...f.site, ...f.baseline].flatMap((s) => s.load));
  const cell = (v: number | null) => (v === null ? `not within ${WAIT / 1000} s` : ms(v));
  const verdict = (v: number | null, budget: number) => (v !== null && v <= budget ? "**met**" : "**not met**");
  const rows: string[] = ["| figure | `npm run dev` | baseline (one page, one TS loader, one CSV; Framework alone) | budget | verdict | load |", "| --- | ---: | --- | --- | --- | --- |"];
  const save = med(f.site, "csvSave");
  const touched = med(f.baseline, "touchedSave");
  rows.push(`| save of a data CSV → the open page shows the new figure | ${cell(save)} | ${cell(med(f.baseline, "csvSave"))} (Framework re-runs a loader only when its own file changes; touching the loader: ${cell(touched)}) | ≤ 3 s | ${verdict(save, 3000)} | ${runLoads} |`);
  const invalid = med(f.site, "invalidSave");
  rows.push(`| save of an invalid value → the message on the page | ${cell(invalid)} | ${cell(med(f.baseline, "invalidSave"))} (nothing until the loader is touched; then the cell's error, timed from the touch) | ≤ 3 s | ${verdict(invalid, 3000)} | ${runLoads} |`);
  const first = med(f.site, "firstPage");
  rows.push(`| start → first page answered (\`/\`, the address the server prints) | ${cell(first)} | ${cell(med(f.baseline, "firstPage"))} | ≤ 5 s | ${verdict(first, 5000)} | ${runLoads} |`);
  const once = f.site[0]?.firstPage ?? null;
  rows.push(`| the same, first run in a fresh copy (no earlier run's outputs or library bundles) | ${cell(once)} | ${cell(f.baseline[0]?.firstPage ?? null)} | — | — | ${range(f.site[0]?.load ?? [])} |`);
  rows.push(`| start → /gaps answered | ${cell(med(f.site, "routePage"))} | its one page ${cell(med(f.baseline, "routePage"))} | — | — | ${runLoads} |`);
  const charts = med(f.site, "firstFigures");
  rows.push(`| first visit to /gaps → charts drawn (baseline: its value shown) | ${cell(charts)} | ${cell(med(f.baseline, "firstFigures"))} | ≤ 4 s | ${verdict(charts, 4000)} | ${runLoads} |`);
  rows.push(`| \`npm run gaps\` | ${ms(f.gaps.ms)} | its loader through npm and tsx ${ms(f.loader.ms)} | ≤ 2.5 s | ${verdict(f.gaps.ms, 2500)} | ${range([...f.gaps.loads, ...f.loader.loads])} |`);
  rows.push(`| \`npm run scenario -- diff baseline us-sme-pipeline\` | ${ms(f.diff.ms)} | same ${ms(f.loader.ms)} | ≤ 2.5 s | ${verdict(f.diff.ms, 2500)} | ${range([...f.diff.loads, ...f.loader.loads])} |`);
  const clean = f.site.every((s) => s.stoppedClean);
  rows.push(`| a plain kill of \`npm run dev\` leaves nothing listening | ${clean ? "yes" : "no"} (${f.site.length} of ${f.site.length} runs checked) | Framework alone: ${f.baseline.every((s) => s.stoppedClean) ? "yes" : "no"} | nothing listening | ${clean ? "**met**" : "**not met**"} | ${runLoads} |`);
  return rows.join("\n");
}
