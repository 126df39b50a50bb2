// `npm run scenario -- <command>`: scenarios in the terminal, with the page's code path (the same named queries, in
// native DuckDB: loaders/native-db.ts, and the same src/lib projection and diff).
//   list                         the scenario files with their titles
//   diff A B [--year Y] [--measure M] [--json]   inputs that differ, and outputs by stage (A, B, Δ, Δ%)
//   show NAME [--year Y] [--json]                one scenario's projection by stage
//   check FILE...                validate scenario files anywhere (e.g. one saved from the page)
//   goldens                      rewrite test/goldens/scenarios/<name>.csv from the current data and code
import {mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {DataError} from "../loaders/errors.ts";
import {ROOT} from "../loaders/paths.ts";
import {allocationIssues, checkScenarioText} from "../loaders/scenarios/schema.ts";
import {terminalSite} from "../loaders/native-db.ts";
import {openScenarioDatabase, scenarioContext} from "../loaders/scenarios/load.ts";
import {formatInt, formatUsd} from "../src/lib/format.ts";
import {unnamedCounts, withTotals, type NumericColumn} from "../src/lib/projection.ts";
import {formatMeasure, formatPct, goldenCsv, isMeasure, MEASURES, MEASURE_NAMES, type ScenarioDiff} from "../src/lib/scenario-diff.ts";
import {PROJECTION_FROM, PROJECTION_TO} from "../src/lib/scenario.ts";
import {STAGE_LABELS, type StageOrUnknown} from "../src/lib/taxonomy.ts";
import {builtProjection, compareScenarios, loadScenarios} from "../src/queries/scenario-model.ts";

export const GOLDEN_DIR = join(ROOT, "test/goldens/scenarios");

const USAGE = `usage: npm run scenario -- list
       npm run scenario -- diff A B [--year ${PROJECTION_TO}] [--measure gap_central_usd] [--json]
       npm run scenario -- show NAME [--year ${PROJECTION_TO}] [--json]
       npm run scenario -- check FILE...
       npm run scenario -- goldens
measures: ${MEASURE_NAMES.join(", ")}`;

function fail(message: string): never {
  console.error(`scenario: ${message}\n${USAGE}`);
  process.exit(2);
}

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));
const stageLabel = (s: string) => (s === "total" ? "TOTAL" : STAGE_LABELS[s as StageOrUnknown] ?? s);

export function formatDiff(d: ScenarioDiff): string {
  const lines = [`Scenario diff: ${d.a} (A) → ${d.b} (B)`, ""];
  lines.push(`Inputs that differ (${d.inputs.length})`);
  if (d.inputs.length === 0) lines.push("  none");
  else {
    const w = Math.max(...d.inputs.map((i) => i.path.length), 5);
    const v = Math.max(1, ...d.inputs.flatMap((i) => [String(i.a).length, String(i.b).length]).filter((n) => n <= 24));
    lines.push(`  ${pad("input", w)}  ${pad("A", v, true)}  ${pad("B", v, true)}  provenance (A / B)`);
    // A list longer than the column (e.g. program stages) goes on its own lines under the path.
    for (const i of d.inputs) {
      const [a, b] = [String(i.a) || "(none)", String(i.b) || "(none)"];
      if (a.length <= v && b.length <= v) lines.push(`  ${pad(i.path, w)}  ${pad(a, v, true)}  ${pad(b, v, true)}  ${i.a_kind} / ${i.b_kind}`);
      else lines.push(`  ${pad(i.path, w)}  ${pad("", v)}  ${pad("", v)}  ${i.a_kind} / ${i.b_kind}`, `      A: ${a}`, `      B: ${b}`);
    }
  }
  lines.push("", `Outputs by stage, ${d.year}: ${MEASURES[d.measure]}${d.measure.endsWith("_usd") ? " (constant base-year USD)" : ""}`);
  lines.push(`  ${pad("stage", 32)}  ${pad("A", 12, true)}  ${pad("B", 12, true)}  ${pad("Δ", 12, true)}  ${pad("Δ%", 9, true)}`);
  for (const o of d.outputs) lines.push(`  ${pad(stageLabel(o.stage), 32)}  ${pad(formatMeasure(d.measure, o.a), 12, true)}  ${pad(formatMeasure(d.measure, o.b), 12, true)}  ${pad(formatMeasure(d.measure, o.delta), 12, true)}  ${pad(formatPct(o.delta_pct), 9, true)}`);
  lines.push("", "(Δ = B − A; Δ% = Δ / |A|, — when A is 0; gap = China − US, cumulative from the 2020–2025 window)");
  return lines.join("\n");
}

function yearOption(v: string | undefined): number {
  const y = Number(v ?? PROJECTION_TO);
  if (!Number.isInteger(y) || y < PROJECTION_FROM || y > PROJECTION_TO) fail(`--year must be a year from ${PROJECTION_FROM} to ${PROJECTION_TO}, got "${v}"`);
  return y;
}

async function main() {
  const {values, positionals} = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {year: {type: "string"}, measure: {type: "string", default: "gap_central_usd"}, json: {type: "boolean", default: false}}
  });
  const [command, ...args] = positionals;
  if (!command) fail("no command");

  if (command === "check") {
    if (args.length === 0) fail("check needs at least one file");
    const ctx = scenarioContext();
    const {base} = await openScenarioDatabase(terminalSite());
    const unnamed = unnamedCounts(base.china);
    let bad = 0;
    for (const f of args) {
      const r = checkScenarioText(readFileSync(resolve(f), "utf8"), f, ctx);
      const issues = r.scenario ? allocationIssues(f, r.scenario, unnamed) : r.issues;
      if (issues.length) {
        bad++;
        console.error(new DataError(issues).message);
      } else console.log(`${f}: ok (${r.scenario!.name}: ${r.scenario!.title})`);
    }
    process.exit(bad ? 1 : 0);
  }

  const {db, files} = await openScenarioDatabase(terminalSite());
  const records = await loadScenarios(db);
  const byName = new Map(records.map((r) => [r.name, r]));
  const get = (name: string | undefined) => byName.get(name ?? "") ?? fail(`unknown scenario "${name}" (known: ${[...byName.keys()].join(", ")})`);

  if (command === "list") {
    for (const r of records) console.log(`${pad(r.name, 20)}  ${r.title}`);
    return;
  }
  if (command === "diff") {
    if (args.length !== 2) fail("diff needs two scenario names");
    if (!isMeasure(values.measure)) fail(`unknown measure "${values.measure}"`);
    const {diff} = await compareScenarios(db, get(args[0]).scenario, get(args[1]).scenario, yearOption(values.year), values.measure);
    console.log(values.json ? JSON.stringify(diff, null, 2) : formatDiff(diff));
    return;
  }
  if (command === "show") {
    const r = get(args[0]);
    const year = yearOption(values.year);
    const rows = withTotals(await builtProjection(db, r.name)).filter((x) => x.year === year);
    if (values.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    console.log(`${r.name}: ${r.title}\nCumulative to ${year}, constant ${r.scenario.valuation.base_year} USD; firms in ${year}`);
    console.log(`  ${pad("stage", 32)}  ${pad("China firms", 11, true)}  ${pad("China low", 11, true)}  ${pad("central", 11, true)}  ${pad("high", 11, true)}  ${pad("US firms", 9, true)}  ${pad("US", 11, true)}  ${pad("gap (central)", 13, true)}`);
    for (const x of rows) console.log(`  ${pad(stageLabel(x.stage), 32)}  ${pad(x.china_firms.toFixed(1), 11, true)}  ${pad(formatUsd(x.china_low_usd), 11, true)}  ${pad(formatUsd(x.china_central_usd), 11, true)}  ${pad(formatUsd(x.china_high_usd), 11, true)}  ${pad(x.us_firms.toFixed(1), 9, true)}  ${pad(formatUsd(x.us_usd), 11, true)}  ${pad(formatUsd(x.gap_central_usd), 13, true)}`);
    return;
  }
  if (command === "goldens") {
    mkdirSync(GOLDEN_DIR, {recursive: true});
    const names = new Set(files.map((f) => f.scenario.name));
    for (const f of readdirSync(GOLDEN_DIR)) if (f.endsWith(".csv") && !names.has(f.replace(/\.csv$/, ""))) rmSync(join(GOLDEN_DIR, f));
    for (const name of [...names].sort()) {
      const csv = goldenCsv(await builtProjection(db, name));
      writeFileSync(join(GOLDEN_DIR, `${name}.csv`), csv);
      console.log(`wrote test/goldens/scenarios/${name}.csv (${formatInt(csv.split("\n").length - 2)} rows)`);
    }
    console.log("review the changes with `git diff test/goldens/` before committing");
    return;
  }
  fail(`unknown command "${command}"`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e instanceof DataError ? e.message : e);
    process.exit(1);
  });
}
