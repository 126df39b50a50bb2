// The /sbir filter-change interaction (used by bench/run.ts), and `bench/run.ts --only sbir`: only that interaction
// at full scale (220k synthetic rows), optionally beside another full-scale build (`--compare DIR`, e.g. one built
// from main), interleaved round by round so both see the same background load.
import {existsSync, mkdirSync, rmSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {ROOT} from "../loaders/paths.ts";
import {launch} from "../test/e2e/browser.ts";
import {startServer} from "../scripts/server.ts";
import {DEFAULT_BENCH_FILE} from "./sbir/generate.ts";
import {buildSite, fullScaleDataDir} from "./build.ts";
import {interactionLatency, relevanceOffBytes, type RelevanceOffSample} from "./browser.ts";
import {resolveFile, type startServer as StartServer} from "../scripts/server.ts";
import {statSync} from "node:fs";
import {loadavg} from "node:os";
import {mb, median, ms, percentile, sec} from "./stats.ts";

/** JS (as text) finding the Inputs form whose own label is `label`. */
export const byLabel = (label: string) => `[...document.querySelectorAll("form")].find((f) => f.querySelector(":scope > label")?.textContent.trim() === ${JSON.stringify(label)})`;

/** Phase I, Phase II, all phases, SBIR, STTR, both programs, …: every step changes the filters. */
export const SBIR_CHANGE = `const steps = [["Phase", 1], ["Phase", 2], ["Phase", 0], ["Program", 1], ["Program", 2], ["Program", 0]];
const [label, k] = steps[i % steps.length];
const form = ${byLabel("__LABEL__").replace(JSON.stringify("__LABEL__"), "label")};
form.querySelectorAll("input[type=radio]")[k].click();`;

/**
 * The elements a filter change re-renders: two charts and the table's rows. The table's body, not the table: the page
 * keeps the table element and replaces only its <tbody> (src/components/table.ts); a build that replaces the whole
 * table (main before that change) makes a new <tbody> too, so both are timed to the same point.
 */
export const SBIR_WAIT = ["#chart-sbir-year svg", "#chart-sbir-agency-explorer svg", "#table-sbir tbody"];

interface Options {
  changes: number;
  /** Reuse bench/work/dist-full when it exists instead of building it. */
  reuse: boolean;
  /** Another built full-scale dist/ to measure beside this one. */
  compare?: string;
  /** Cold visits per build that turn the relevance filter off and count the bytes (0: none). */
  bytesRuns?: number;
  log: (s: string) => void;
}

type Site = {name: string; dist: string; server: Awaited<ReturnType<typeof StartServer>>};

/** A response's uncompressed size: its file in `dist` (0 when it is not one). */
function rawSizeIn(dist: string, prefix: string): (url: string) => number {
  return (url) => {
    const path = new URL(url).pathname;
    const file = path.startsWith(prefix) ? resolveFile(dist, path.slice(prefix.length) || "/") : null;
    return file ? statSync(file).size : 0;
  };
}

export async function sbirOnly({changes, reuse, compare, bytesRuns = 0, log}: Options): Promise<void> {
  const dist = join(ROOT, "bench/work/dist-full");
  if (!existsSync(DEFAULT_BENCH_FILE)) throw new Error(`no ${DEFAULT_BENCH_FILE}: run npm run bench:sbir:generate first`);
  if (compare && !existsSync(join(resolve(compare), "sbir.html"))) throw new Error(`--compare ${compare}: no sbir.html there`);
  let build: number | null = null;
  if (!(reuse && existsSync(join(dist, "sbir.html")))) {
    const dataDir = fullScaleDataDir(DEFAULT_BENCH_FILE);
    log("full-scale build (RE_DATA_DIR with the synthetic SBIR export)…");
    build = buildSite(dist, {RE_DATA_DIR: dataDir});
    rmSync(dataDir, {recursive: true, force: true});
    log(`full-scale build ${sec(build)}`);
  }
  const browser = await launch();
  const sites: Site[] = [{name: "this tree", dist, server: await startServer(dist)}];
  if (compare) sites.push({name: `--compare ${compare}`, dist: resolve(compare), server: await startServer(resolve(compare))});
  const loads: number[] = [];
  const bytes = new Map<string, RelevanceOffSample[]>();
  for (let r = 0; r < bytesRuns; r++) {
    for (const site of r % 2 ? [...sites].reverse() : sites) {
      log(`bytes ${r + 1}/${bytesRuns}: ${site.name}, /sbir, relevance filter off`);
      loads.push(loadavg()[0]!);
      const got = await relevanceOffBytes(browser, `${site.server.url}/sbir`, rawSizeIn(site.dist, new URL(site.server.url).pathname.replace(/\/$/, "")));
      log(`  ${mb(got.wire)} on the wire (${mb(got.raw)} raw), visit ${mb(got.visitWire)}, DuckDB ready ${ms(got.ready)}; ${got.encodings.join(", ")}`);
      bytes.set(site.name, [...(bytes.get(site.name) ?? []), got]);
    }
  }
  const views = [
    {name: "all awards (rel=0)", query: "?rel=0"},
    {name: "rare-earth relevant only (default)", query: ""}
  ];
  const samples = new Map<string, number[]>();
  // Rounds of at most 5 changes, alternating the sites, so a burst of background load hits both alike.
  const rounds = Math.max(1, Math.ceil(changes / 5));
  for (let r = 0; r < (changes > 0 ? rounds : 0); r++) {
    const n = Math.min(5, changes - r * 5);
    for (const view of views) {
      for (const site of r % 2 ? [...sites].reverse() : sites) {
        log(`round ${r + 1}/${rounds}: ${site.name}, ${view.name}, ${n} changes`);
        const key = `${view.name}|${site.name}`;
        const got = await interactionLatency(browser, `${site.server.url}/sbir${view.query}`, SBIR_WAIT, SBIR_CHANGE, n, {noResultCache: true});
        samples.set(key, [...(samples.get(key) ?? []), ...got.samples]);
      }
    }
  }
  await browser.close();
  for (const s of sites) s.server.server.close();

  const when = new Date().toISOString();
  const out = [`# /sbir filter change at 220k rows (bench/run.ts --only sbir)\n`, `${when}, ${changes} changes per view and build, in rounds of 5 alternating the builds.${build === null ? "" : ` Full-scale build ${sec(build)}.`}\n`];
  if (samples.size) out.push("| view | build | p50 / p95 | n | budget p50 ≤ 100 ms |\n| --- | --- | ---: | ---: | --- |");
  for (const [key, xs] of samples) {
    const [view, site] = key.split("|");
    const p50 = median(xs);
    out.push(`| ${view} | ${site} | ${ms(p50)} / ${ms(percentile(xs, 95))} | ${xs.length} | ${p50 !== null && p50 <= 100 ? "**met**" : "**not met**"} |`);
  }
  if (bytes.size) {
    const med = (xs: RelevanceOffSample[], k: "wire" | "raw" | "visitWire" | "ready") => median(xs.map((x) => x[k]));
    out.push(`\n/sbir, relevance filter turned off after DuckDB is ready (cold visit, full-scale build, served by scripts/server.ts with the precompressed copies when present); medians of ${bytesRuns} visits per build, alternating; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}.\n`);
    out.push("| build | after the toggle, on the wire | same, raw | whole visit, on the wire | DuckDB ready | budget ≤ 15 MB |\n| --- | ---: | ---: | ---: | ---: | --- |");
    for (const [site, xs] of bytes) {
      const wire = med(xs, "wire")!;
      out.push(`| ${site} | ${mb(wire)} | ${mb(med(xs, "raw")!)} | ${mb(med(xs, "visitWire")!)} | ${ms(med(xs, "ready"))} | ${wire <= 15e6 ? "**met**" : "**not met**"} |`);
    }
  }
  const md = out.join("\n");
  console.log(md);
  const dir = join(ROOT, "bench/results");
  mkdirSync(dir, {recursive: true});
  writeFileSync(join(dir, `sbir-${when.replace(/[:.]/g, "-")}.json`), JSON.stringify({when, changes, build, compare: compare ?? null, samples: Object.fromEntries(samples), bytes: Object.fromEntries(bytes), loads}, null, 1));
}
