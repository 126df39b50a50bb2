/**
 * Benchmark (not a test): our SBIR loader end-to-end (CSV -> validated, classified Arrow IPC bytes in the published
 * form, repetitive text columns dictionary-encoded) against plain native DuckDB (read_csv with auto-detection + the same
 * aggregation: count and sum of amounts by agency and by rare-earth relevance, using the same prefilter regex).
 * Each run is a separate child process, so that peak RSS
 * (process.resourceUsage().maxRSS) is per variant; runs alternate between variants so that background load
 * hits both alike. Prints medians and checks that both variants agree on the aggregates.
 *
 *   npx tsx bench/sbir/ingest.ts [file=bench/work/sbir-award_data.csv] [runs=3]
 * The file comes from bench/sbir/generate.ts (run first; `npm run bench:sbir:generate`).
 */
import {execFileSync} from "node:child_process";
import {existsSync, readFileSync, statSync} from "node:fs";
import {loadavg} from "node:os";
import {resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {DuckDBInstance} from "@duckdb/node-api";
import {tableFromIPC} from "apache-arrow";
import {parse} from "csv-parse/sync";
import {toIpcStream} from "../../loaders/arrow.ts";
import {readRules} from "../../loaders/sbir/config.ts";
import {loadSbirAwards} from "../../loaders/sbir/load.ts";
import {ROOT} from "../../loaders/paths.ts";
import {prefilterSql, sqlString} from "../../src/lib/sbir-rules.ts";
import {DEFAULT_BENCH_FILE} from "./generate.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

type Variant = "ours" | "duckdb";
/** agency|re_relevant -> [count, sum of amount_usd]; "" for the grouping column left out. */
type Aggregates = Record<string, [number, number]>;

interface Measurement {
  variant: Variant;
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  rows: number;
  aggregates: Aggregates;
  bytes?: number;
  /** ours: seconds from the start to each phase's end (the loader's progress messages), then IPC and the check. */
  phases?: Record<string, number>;
  /** ours: CPU seconds (all threads) from the start to each phase's end. */
  cpuPhases?: Record<string, number>;
}

async function ours(file: string): Promise<Omit<Measurement, "variant" | "seconds" | "cpuSeconds" | "maxRssMB">> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const phases: Record<string, number> = {};
  const cpuPhases: Record<string, number> = {};
  const at = (phase: string) => {
    phases[phase] = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    cpuPhases[phase] = (cpu.user + cpu.system) / 1e6;
  };
  const PHASES: [RegExp, string][] = [[/layout/, "start, header"], [/^read and checked/, "read, check, sort (3-stage, 4-check)"], [/rare-earth relevant/, "rules (5-rules)"], [/^output/, "output to Arrow, dictionaries (7-output, duckdb-arrow)"]];
  const log = (m: string) => {
    const p = PHASES.find(([re]) => re.test(m));
    if (p) at(p[1]);
  };
  // The published form: the loader's output has the repetitive text columns dictionary-encoded (by DuckDB, in the
  // output phase), as the build publishes it (loaders/outputs.ts).
  const {table} = await loadSbirAwards({file, sourceId: "sbir-gov-award-data", log});
  const bytes = toIpcStream(table);
  at("Arrow IPC bytes");
  // The same aggregation, over what the site receives (decoded from the IPC bytes).
  const t = tableFromIPC(bytes);
  const agencies = t.getChild("agency")!;
  const agency = Array.from({length: t.numRows}, (_, i) => agencies.get(i) as string);
  const relevant = t.getChild("re_relevant")?.toArray() as boolean[];
  const amount = t.getChild("amount_usd")?.toArray() as Float64Array;
  const aggregates: Aggregates = {};
  const add = (key: string, usd: number) => {
    const a = (aggregates[key] ??= [0, 0]);
    a[0]++;
    a[1] += usd;
  };
  for (let i = 0; i < t.numRows; i++) {
    add(`${agency[i]}|`, amount[i] ?? 0);
    add(`|${relevant[i]}`, amount[i] ?? 0);
  }
  at("decode + aggregate in JS");
  return {rows: t.numRows, aggregates, bytes: bytes.length, phases, cpuPhases};
}

async function duckdb(file: string): Promise<Omit<Measurement, "variant" | "seconds" | "cpuSeconds" | "maxRssMB">> {
  const rules = readRules(resolve(ROOT, `${CASE_FOLDER}/sbir/rules.csv`));
  const relevant = prefilterSql(rules, {title: '"Award Title"', abstract: '"Abstract"', topic: '"Topic Code"'});
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const rows = (
    await conn.runAndReadAll(`WITH t AS (
        SELECT "Agency" AS agency, replace("Award Amount"::VARCHAR, ',', '')::DOUBLE AS amount, ${relevant} AS re
        FROM read_csv(${sqlString(file)}))
      SELECT agency, re, count(*)::INTEGER AS n, coalesce(sum(amount), 0)::DOUBLE AS usd FROM t GROUP BY GROUPING SETS ((agency), (re))`)
  ).getRowObjectsJS();
  conn.closeSync();
  instance.closeSync();
  const aggregates: Aggregates = {};
  let total = 0;
  for (const r of rows) {
    aggregates[`${r.agency ?? ""}|${r.re ?? ""}`] = [r.n as number, r.usd as number];
    if (r.agency !== null) total += r.n as number;
  }
  return {rows: total, aggregates};
}

/** Child: run one variant, print one JSON line. */
async function child(variant: Variant, file: string): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = variant === "ours" ? await ours(file) : await duckdb(file);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const measurement: Measurement = {variant, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024, ...result};
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function parent(file: string, runs: number): void {
  if (!existsSync(file)) {
    process.stderr.write(`No ${file}: run \`npm run bench:sbir:generate\` first.\n`);
    process.exit(1);
  }
  const self = fileURLToPath(import.meta.url);
  const results: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    for (const variant of ["ours", "duckdb"] as const) {
      const out = execFileSync(process.execPath, ["--import", "tsx", self, "--child", variant, file], {cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 20});
      const m = JSON.parse(out.trim().split("\n").pop() ?? "{}") as Measurement;
      process.stderr.write(`run ${i + 1}/${runs} ${variant}: ${m.seconds.toFixed(2)} s, cpu ${m.cpuSeconds.toFixed(2)} s, peak RSS ${m.maxRssMB.toFixed(0)} MB, load average ${loadavg()[0]?.toFixed(1)}\n`);
      results.push(m);
    }
  }
  const of = (v: Variant) => results.filter((r) => r.variant === v);
  const [a, b] = [of("ours"), of("duckdb")] as [Measurement[], Measurement[]];
  const row = (label: string, ms: Measurement[]) => {
    const s = median(ms.map((m) => m.seconds));
    return {label, s, rows: ms[0]?.rows ?? 0, cpu: median(ms.map((m) => m.cpuSeconds)), rss: Math.max(...ms.map((m) => m.maxRssMB)), all: ms.map((m) => m.seconds.toFixed(2)).join(" ")};
  };
  const [ra, rb] = [row("ours (loader -> Arrow IPC)", a), row("plain DuckDB read_csv + aggregate", b)];
  const mb = statSync(file).size / 1e6;
  console.log(`\nSBIR ingest benchmark: ${file} (${mb.toFixed(0)} MB, ${ra.rows} rows), ${runs} runs each, node ${process.version}, load average (1/5/15 min) at the end ${loadavg().map((l) => l.toFixed(1)).join(" / ")}\n`);
  console.log("| variant | median s | runs (s) | rows/s | MB/s | median CPU s | peak RSS MB |");
  console.log("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
  for (const r of [ra, rb]) {
    console.log(`| ${r.label} | ${r.s.toFixed(2)} | ${r.all} | ${Math.round(r.rows / r.s).toLocaleString("en-US")} | ${(mb / r.s).toFixed(0)} | ${r.cpu.toFixed(2)} | ${r.rss.toFixed(0)} |`);
  }
  console.log(`\nratio ours/baseline (median wall time): ${(ra.s / rb.s).toFixed(2)} (target <= 1.3); median CPU time: ${(ra.cpu / rb.cpu).toFixed(2)}; peak RSS ours ${ra.rss.toFixed(0)} MB (target < 1500)`);
  console.log(`Arrow IPC stream: ${((a[0]?.bytes ?? 0) / 1e6).toFixed(1)} MB`);
  // Where our time goes: each phase's own duration (from the loader's progress messages), median over the runs.
  const names = Object.keys(a[0]?.phases ?? {});
  const own = (at?: Record<string, number>) => names.map((n, i) => (at?.[n] ?? 0) - (i ? (at?.[names[i - 1] as string] ?? 0) : 0));
  console.log(`\n| our phase | median wall s | median CPU s |\n| --- | ---: | ---: |`);
  names.forEach((n, i) => console.log(`| ${n} | ${median(a.map((m) => own(m.phases)[i] as number)).toFixed(2)} | ${median(a.map((m) => own(m.cpuPhases)[i] as number)).toFixed(2)} |`));
  // Both variants must agree: same rows, same counts and sums by agency (full name -> code) and by relevance.
  const codes = new Map((parse(readFileSync(resolve(ROOT, `${CASE_FOLDER}/sbir/agencies.csv`)), {columns: true}) as Record<string, string>[]).map((r) => [r.agency, r.agency_code]));
  const normalize = (agg: Aggregates) =>
    Object.entries(agg)
      .map(([k, [n, usd]]) => {
        const [agency = "", re = ""] = k.split("|");
        return `${codes.get(agency) ?? agency}|${re} ${n} ${usd.toFixed(2)}`;
      })
      .sort();
  const [na, nb] = [normalize(a[0]?.aggregates ?? {}), normalize(b[0]?.aggregates ?? {})];
  const same = JSON.stringify(na) === JSON.stringify(nb) && ra.rows === rb.rows;
  console.log(`aggregates agree: ${same ? "yes" : "NO"}; by re_relevant: ${na.filter((x) => x.startsWith("|")).join("; ")}`);
  if (!same) {
    console.log(`ours:     ${na.join("; ")}\nbaseline: ${nb.join("; ")}`);
    process.exitCode = 1;
  }
}

const args = process.argv.slice(2);
if (args[0] === "--child") await child(args[1] as Variant, args[2] as string);
else parent(resolve(args[0] ?? DEFAULT_BENCH_FILE), Number(args[1] ?? 3));
