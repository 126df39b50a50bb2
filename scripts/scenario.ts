// `npm run scenario -- <command>`: scenarios in the terminal, with the page's code path (the same named queries, in
// native DuckDB: loaders/native-db.ts, and the same src/lib projection and diff).
//   list                         the scenario files with their titles
//   diff A B [--year Y] [--measure M] [--scope S] [--json]   inputs that differ, outputs by stage (A, B, Δ, Δ%),
//                                and both scenarios inside a matched scope (a gap only where the rule allows it)
//   show NAME [--year Y] [--scope S] [--json]    one scenario's projection by stage, and inside a matched scope
//   check FILE...                validate scenario files anywhere (e.g. one saved from the page)
//   goldens                      rewrite test/goldens/scenarios/<name>.csv and scope/<name>.csv from the current data
//                                and code
// --case <id-or-path>: another case folder (scripts/case-arg.ts; first, before anything reads the case).
import "./case-arg.ts";
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
import {DEFAULT_MEASURE, formatMeasure, formatPct, goldenCsv, isMeasure, MEASURES, MEASURE_NAMES, scopeGoldenCsv, type ScenarioDiff} from "../src/lib/scenario-diff.ts";
import {PROJECTION_FROM, PROJECTION_TO, type Scenario} from "../src/lib/scenario.ts";
import {stageGroupLabel} from "../src/lib/scope-text.ts";
import {STAGE_LABELS, type StageOrUnknown} from "../src/lib/taxonomy.ts";
import {SCOPE_DEFAULTS} from "../src/queries/defaults.ts";
import {loadMacro} from "../src/queries/gap-model.ts";
import {builtProjection, compareScenarios, loadScenarios, scenarioInScope, type ScenarioInScope} from "../src/queries/scenario-model.ts";
import {loadScopeData, type ScopeData} from "../src/queries/scopes.ts";
import type {MacroSeries} from "../src/lib/normalize.ts";

export const GOLDEN_DIR = join(ROOT, "test/goldens/scenarios");
/** Each scenario inside the pages' default scope (rare-earth chain, central and federal). */
export const SCOPE_GOLDEN_DIR = join(GOLDEN_DIR, "scope");

const USAGE = `usage: npm run scenario -- list
       npm run scenario -- diff A B [--year ${PROJECTION_TO}] [--measure ${DEFAULT_MEASURE}] [--scope ${SCOPE_DEFAULTS.scope}] [--json]
       npm run scenario -- show NAME [--year ${PROJECTION_TO}] [--scope ${SCOPE_DEFAULTS.scope}] [--json]
       npm run scenario -- check FILE...
       npm run scenario -- goldens
measures: ${MEASURE_NAMES.join(", ")}
scopes: the domestic scopes of the case's assumptions/scopes.csv (as on /gaps)`;

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
  lines.push("", "(Δ = B − A; Δ% = Δ / A where A > 0 and B ≥ 0, else —; cumulative from the start of the window. Each side's own model: China's designated-firm estimate and the US awards are not one scope, so no China − US figure here; see the matched scope below.)");
  return lines.join("\n");
}

/** One scenario inside a matched scope in one year: each side's projected known GE and priced share by stage group,
 * and the ratio and gap only where the rule allows them, otherwise what is missing. */
export function formatInScope(name: string, m: ScenarioInScope, year: number): string {
  const head = `${name} in the scope "${m.scope.label}"`;
  if (!m.today || !m.statusClass) return `${head}: no comparison: ${m.reason}`;
  const lines = [`${head} — ${m.statusClass.label.toLowerCase()}, ${m.today.window[0]}–${m.today.window[1]} and projected to ${year} (known grant equivalent, cumulative constant USD)`];
  lines.push(`  ${pad("stage group", 28)}  ${pad("China GE", 11, true)}  ${pad("China priced", 13, true)}  ${pad("US GE", 11, true)}  ${pad("US priced", 13, true)}  ratio and gap, or why none`);
  for (const r of m.rows.filter((x) => x.year === year)) {
    const c = r.comparison;
    const verdict = c.comparable ? `China/US ${+c.ratio!.toPrecision(3)}×, gap ${formatUsd(c.gap!)}${c.warning ? ` (${c.warning})` : ""}` : `no ratio: ${c.missing.join("; ")}`;
    lines.push(`  ${pad(stageGroupLabel(r.stage), 28)}  ${pad(formatUsd(r.china.ge_usd), 11, true)}  ${pad(`${r.china.priced} of ${r.china.known} priced`, 13, true)}  ${pad(formatUsd(r.us.ge_usd), 11, true)}  ${pad(`${r.us.priced} of ${r.us.known} priced`, 13, true)}  ${verdict}`);
  }
  lines.push("  (a projection prices nothing that is unpriced today: each side's priced and known instruments are today's)");
  return lines.join("\n");
}

function scopeOption(v: string | undefined, data: ScopeData): string {
  const id = v ?? SCOPE_DEFAULTS.scope;
  const s = data.scopes.find((d) => d.scope_id === id);
  if (!s || !s.sides.us.geography.includes("domestic")) fail(`--scope must be one of ${data.scopes.filter((d) => d.sides.us.geography.includes("domestic")).map((d) => d.scope_id).join(", ")}, got "${id}"`);
  return id;
}

const inScopeYear = (m: ScenarioInScope, year: number) => ({scope_id: m.scope.scope_id, status_class: m.statusClass?.class_id ?? null, reason: m.reason, rows: m.rows.filter((r) => r.year === year)});

function yearOption(v: string | undefined): number {
  const y = Number(v ?? PROJECTION_TO);
  if (!Number.isInteger(y) || y < PROJECTION_FROM || y > PROJECTION_TO) fail(`--year must be a year from ${PROJECTION_FROM} to ${PROJECTION_TO}, got "${v}"`);
  return y;
}

async function main() {
  const {values, positionals} = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {year: {type: "string"}, measure: {type: "string", default: DEFAULT_MEASURE}, scope: {type: "string"}, json: {type: "boolean", default: false}}
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
  const scopeInputs = async (): Promise<{data: ScopeData; macro: MacroSeries}> => ({data: await loadScopeData(db), macro: await loadMacro(db)});
  const inScope = (s: Scenario, x: {data: ScopeData; macro: MacroSeries}, scope: string) => scenarioInScope(s, x.data, scope, x.macro);

  if (command === "list") {
    for (const r of records) console.log(`${pad(r.name, 20)}  ${r.title}`);
    return;
  }
  if (command === "diff") {
    if (args.length !== 2) fail("diff needs two scenario names");
    if (!isMeasure(values.measure)) fail(`unknown measure "${values.measure}"`);
    const [a, b] = [get(args[0]).scenario, get(args[1]).scenario];
    const year = yearOption(values.year);
    const {diff} = await compareScenarios(db, a, b, year, values.measure);
    const x = await scopeInputs();
    const scope = scopeOption(values.scope, x.data);
    const [ma, mb] = [inScope(a, x, scope), inScope(b, x, scope)];
    if (values.json) console.log(JSON.stringify({...diff, in_scope: {a: inScopeYear(ma, year), b: inScopeYear(mb, year)}}, null, 2));
    else console.log([formatDiff(diff), formatInScope(`A: ${a.name}`, ma, year), formatInScope(`B: ${b.name}`, mb, year)].join("\n\n"));
    return;
  }
  if (command === "show") {
    const r = get(args[0]);
    const year = yearOption(values.year);
    const rows = withTotals(await builtProjection(db, r.name)).filter((x) => x.year === year);
    const x = await scopeInputs();
    const m = inScope(r.scenario, x, scopeOption(values.scope, x.data));
    if (values.json) {
      console.log(JSON.stringify({rows, in_scope: inScopeYear(m, year)}, null, 2));
      return;
    }
    console.log(`${r.name}: ${r.title}\nEach side's own model (not one scope, so no gap): cumulative to ${year}, constant ${r.scenario.valuation.base_year} USD; firms in ${year}`);
    console.log(`  ${pad("stage", 32)}  ${pad("China firms", 11, true)}  ${pad("China low", 11, true)}  ${pad("central", 11, true)}  ${pad("high", 11, true)}  ${pad("US firms", 9, true)}  ${pad("US", 11, true)}`);
    for (const x of rows) console.log(`  ${pad(stageLabel(x.stage), 32)}  ${pad(formatMeasure("china_firms", x.china_firms), 11, true)}  ${pad(formatUsd(x.china_low_usd), 11, true)}  ${pad(formatUsd(x.china_central_usd), 11, true)}  ${pad(formatUsd(x.china_high_usd), 11, true)}  ${pad(formatMeasure("us_firms", x.us_firms), 9, true)}  ${pad(formatUsd(x.us_usd), 11, true)}`);
    console.log(`\n${formatInScope(r.name, m, year)}`);
    return;
  }
  if (command === "goldens") {
    mkdirSync(SCOPE_GOLDEN_DIR, {recursive: true});
    const names = new Set(files.map((f) => f.scenario.name));
    for (const dir of [GOLDEN_DIR, SCOPE_GOLDEN_DIR]) for (const f of readdirSync(dir)) if (f.endsWith(".csv") && !names.has(f.replace(/\.csv$/, ""))) rmSync(join(dir, f));
    const x = await scopeInputs();
    for (const name of [...names].sort()) {
      const csv = goldenCsv(await builtProjection(db, name));
      writeFileSync(join(GOLDEN_DIR, `${name}.csv`), csv);
      console.log(`wrote test/goldens/scenarios/${name}.csv (${formatInt(csv.split("\n").length - 2)} rows)`);
      const scoped = scopeGoldenCsv(inScope(get(name).scenario, x, SCOPE_DEFAULTS.scope).rows);
      writeFileSync(join(SCOPE_GOLDEN_DIR, `${name}.csv`), scoped);
      console.log(`wrote test/goldens/scenarios/scope/${name}.csv (${formatInt(scoped.split("\n").length - 2)} rows)`);
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
