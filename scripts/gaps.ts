// `npm run gaps -- --scope chain_central --status-class paid`: the matched-scope comparison in the terminal, from the
// same named queries (in native DuckDB, loaders/native-db.ts: the rows DuckDB-WASM gives the pages) and the same code as /gaps and /report (scopeComparison), so modellers
// can diff results. Per scope and stage group: each side's known grant equivalent, its priced share, and a ratio and
// gap only where the comparison rule allows one, else what is missing. `--estimate` prints the designated-firm
// estimate instead (an assumption-based estimate, not a matched scope: never a China/US ratio or gap).
// --case <id-or-path>: another case folder (scripts/case-arg.ts; first, before anything reads the case).
import "./case-arg.ts";
import {parseArgs} from "node:util";
import {DataError} from "../loaders/errors.ts";
import {terminalSite} from "../loaders/native-db.ts";
import {formatUsd} from "../src/lib/format.ts";
import {contextSides, missingText, orderScopes, outboundSides, pricedText, ratioText, stageGroupLabel, type ContextEstimate} from "../src/lib/scope-text.ts";
import type {SideSummary} from "../src/lib/scopes.ts";
import {STAGE_LABELS, US_STATUSES} from "../src/lib/taxonomy.ts";
import {SCOPE_DEFAULTS} from "../src/queries/defaults.ts";
import {DEFAULT_GAP_INPUTS, gapModel, loadMacro, type GapModelParams} from "../src/queries/gap-model.ts";
import {loadScopeData, scopeComparison, type ScopeData, type ScopeParams, type ScopeResult} from "../src/queries/scopes.ts";

const USAGE = `usage: npm run gaps -- [--scope ID] [--status-class paid|announced|authority] [--window YYYY-YYYY]
                       [--basis market|ppp] [--base-year YYYY] [--deflator cpi|gdp]
                       [--benchmark-china RATE] [--benchmark-us RATE] [--json]
       npm run gaps -- --estimate [--basis …] [--base-year …] [--deflator …] [--window …]
                       [--statuses obligated,committed,...] [--china-year YYYY] [--china-scope baogang|national]
                       [--us-scope curated|sbir] [--json]`;

function fail(message: string): never {
  console.error(`gaps: ${message}\n${USAGE}`);
  process.exit(2);
}

/** The tables the scope comparison reads (src/queries/scopes.ts and the macro series); nothing else is loaded. */
export const SCOPE_TABLES = ["macro", "instruments", "awards", "sbir_totals", "scopes", "status_classes", "comparison_rule", "context_estimates"] as const;

export type GapArgs =
  | ({mode: "scopes"; json: boolean; scopes: string[] | null} & Omit<ScopeParams, "scope">)
  | ({mode: "estimate"; json: boolean} & GapModelParams);

const ESTIMATE_ONLY = ["statuses", "china-year", "china-scope", "us-scope"] as const;
const SCOPES_ONLY = ["scope", "status-class", "benchmark-china", "benchmark-us"] as const;

export function parseGapArgs(argv: string[]): GapArgs {
  const {values} = parseArgs({
    args: argv,
    options: {
      estimate: {type: "boolean", default: false},
      scope: {type: "string", multiple: true},
      "status-class": {type: "string"},
      "benchmark-china": {type: "string"},
      "benchmark-us": {type: "string"},
      basis: {type: "string", default: DEFAULT_GAP_INPUTS.basis},
      "base-year": {type: "string", default: String(DEFAULT_GAP_INPUTS.baseYear)},
      deflator: {type: "string", default: DEFAULT_GAP_INPUTS.deflator},
      window: {type: "string"},
      statuses: {type: "string"},
      "china-year": {type: "string"},
      "china-scope": {type: "string"},
      "us-scope": {type: "string"},
      json: {type: "boolean", default: false}
    }
  });
  const mode = values.estimate ? "estimate" : "scopes";
  for (const name of mode === "estimate" ? SCOPES_ONLY : ESTIMATE_ONLY) {
    if (values[name] !== undefined) fail(`--${name} applies to ${mode === "estimate" ? "the matched scopes (without --estimate)" : "the designated-firm estimate: add --estimate"}`);
  }
  const year = (name: string, v: string) => (/^\d{4}$/.test(v) ? Number(v) : fail(`--${name} must be a four-digit year, got "${v}"`));
  const basis = values.basis === "market" || values.basis === "ppp" ? values.basis : fail(`--basis must be market or ppp, got "${values.basis}"`);
  const deflator = values.deflator === "cpi" || values.deflator === "gdp" ? values.deflator : fail(`--deflator must be cpi or gdp, got "${values.deflator}"`);
  const baseYear = year("base-year", values["base-year"]);
  let window: [number, number] | undefined;
  if (values.window !== undefined) {
    const m = /^(\d{4})-(\d{4})$/.exec(values.window);
    if (!m) fail(`--window must look like 2012-2025, got "${values.window}"`);
    window = [Math.min(Number(m[1]), Number(m[2])), Math.max(Number(m[1]), Number(m[2]))];
    // corrected visibly, as the pages do
    if (Number(m[1]) > Number(m[2])) console.error(`note: --window ${values.window} is reversed: using ${window[0]}-${window[1]}`);
  }
  if (mode === "scopes") {
    const rate = (name: "benchmark-china" | "benchmark-us") => {
      const v = values[name];
      if (v === undefined) return null;
      const x = Number(v);
      return v.trim() !== "" && Number.isFinite(x) && x > -1 && x < 1 ? x : fail(`--${name} must be an annual rate as a fraction (0.045 = 4.5 %), got "${v}"`);
    };
    const benchmarks = {china: rate("benchmark-china"), us: rate("benchmark-us")};
    return {mode, json: values.json, scopes: values.scope ?? null, statusClass: values["status-class"] ?? SCOPE_DEFAULTS.statusClass, window, basis, baseYear, deflator, benchmarks};
  }
  const statuses = (values.statuses ?? DEFAULT_GAP_INPUTS.statuses.join(",")).split(",").map((s) => s.trim()).filter(Boolean);
  const bad = statuses.filter((s) => !(US_STATUSES as readonly string[]).includes(s));
  if (bad.length) fail(`unknown status ${bad.join(", ")}: use ${US_STATUSES.join(", ")}`);
  const chinaScope = values["china-scope"] ?? "baogang";
  const usScope = values["us-scope"] ?? "curated";
  if (chinaScope !== "baogang" && chinaScope !== "national") fail(`--china-scope must be baogang or national`);
  if (usScope !== "curated" && usScope !== "sbir") fail(`--us-scope must be curated or sbir`);
  return {
    mode, json: values.json, basis, baseYear, deflator, window: window ?? [...DEFAULT_GAP_INPUTS.window], statuses,
    chinaYear: year("china-year", values["china-year"] ?? String(DEFAULT_GAP_INPUTS.chinaYear)), chinaScope, usScope
  };
}

/** A scope whose sides are finance abroad only: reported on its own line, never beside the domestic scopes. */
export const isOutbound = (r: ScopeResult) => orderScopes([r.scope], "").outbound.length > 0;

/** Every requested scope compared (by default all, the pages' default scope first), outbound scopes last. */
export function compareAll(data: ScopeData, args: Extract<GapArgs, {mode: "scopes"}>, macro: Parameters<typeof scopeComparison>[2]): ScopeResult[] {
  const wanted = data.scopes.filter((s) => args.scopes === null || args.scopes.includes(s.scope_id));
  const {domestic, outbound} = orderScopes(wanted, SCOPE_DEFAULTS.scope);
  const {scopes: _s, json: _j, mode: _m, ...params} = args;
  return [...domestic, ...outbound].map((s) => scopeComparison(data, {...params, scope: s.scope_id}, macro));
}

/** One scope as JSON: what was counted and each stage group's figures, exactly as scopeComparison returns them. */
export function scopeJson(r: ScopeResult) {
  const sel = (s: ScopeResult["selection"]["china"]) => ({counted: s.counted.map((x) => x.id), nested: s.nested, undated: s.undated});
  return {scope_id: r.scope.scope_id, label: r.scope.label, status_class: r.statusClass.class_id, window: r.window, outbound: isOutbound(r), selection: {china: sel(r.selection.china), us: sel(r.selection.us)}, rows: r.rows};
}

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function capitalLine(c: SideSummary, u: SideSummary): string | null {
  if (!c.equity_rows && !u.equity_rows) return null;
  const side = (s: SideSummary) => (s.equity_rows ? `${formatUsd(s.capital_deployed_usd)} (${plural(s.equity_rows, "stake")})` : "none");
  return `Capital deployed (equity and fund stakes: reported apart, not part of the grant equivalent): China ${side(c)}, US ${side(u)}`;
}

function countedLine(r: ScopeResult): string {
  const side = (s: ScopeResult["selection"]["china"]) => {
    const out = [plural(s.nested, "row") + " inside or superseded by a counted row", plural(s.undated, "undated row")].filter((x) => !x.startsWith("0 "));
    return `${plural(s.counted.length, "row")}${out.length ? ` (left out: ${out.join(", ")})` : ""}`;
  };
  return `Counted once: China ${side(r.selection.china)}; US ${side(r.selection.us)}`;
}

/** A scope as a table: stage groups, then the total, then capital deployed and what was counted. */
export function scopeText(r: ScopeResult, p: Pick<ScopeParams, "basis" | "baseYear" | "deflator">): string[] {
  const lines = [`${r.scope.label} — ${r.statusClass.label.toLowerCase()}, ${r.window[0]}–${r.window[1]}`];
  const header = [pad("stage group", 26), pad("China GE", 12, true), pad("China priced", 14, true), pad("US GE", 12, true), pad("US priced", 14, true), "  ratio and gap, or why none"];
  lines.push("  " + header.join("  "));
  for (const row of r.rows) {
    const cells = [pad(stageGroupLabel(row.stage), 26), pad(formatUsd(row.china.ge_usd), 12, true), pad(pricedText(row.china), 14, true), pad(formatUsd(row.us.ge_usd), 12, true), pad(pricedText(row.us), 14, true)];
    lines.push("  " + cells.join("  ") + "  " + (ratioText(row.comparison) ?? `no ratio: ${missingText(row.comparison)}`));
  }
  const total = r.rows.find((x) => x.stage === "total")!;
  const capital = capitalLine(total.china, total.us);
  if (capital) lines.push("  " + capital);
  lines.push("  " + countedLine(r));
  return lines;
}

/** An outbound scope on one line: what each side financed abroad, never set beside a domestic figure. */
export function outboundText(r: ScopeResult): string {
  const ratio = ratioText(r.rows.find((x) => x.stage === "total")!.comparison);
  return `${r.scope.label} (${r.statusClass.label.toLowerCase()}, ${r.window[0]}–${r.window[1]}; never part of a domestic comparison): ${outboundSides(r)}${ratio ? `; ${ratio}` : ""}`;
}

export function contextText(rows: readonly ContextEstimate[], title: string | null): string | null {
  const c = contextSides(rows);
  return c && `Context, not a matched scope — ${title ? `${title}, ` : ""}${c.scope} in ${c.year}: China ${c.china}; US ${c.us}. Not comparable with the rows above.`;
}

async function scopesMain(args: Extract<GapArgs, {mode: "scopes"}>) {
  const site = terminalSite();
  const db = await site.curatedSubset(SCOPE_TABLES);
  const [data, macro] = await Promise.all([loadScopeData(db), loadMacro(db)]);
  for (const id of args.scopes ?? []) if (!data.scopes.some((s) => s.scope_id === id)) fail(`unknown scope "${id}": one of ${data.scopes.map((s) => s.scope_id).join(", ")}`);
  if (!data.classes.some((c) => c.class_id === args.statusClass)) fail(`unknown status class "${args.statusClass}": one of ${data.classes.map((c) => c.class_id).join(", ")}`);
  const results = compareAll(data, args, macro);
  const context = data.context as unknown as ContextEstimate[];
  if (args.json) {
    const {scopes: _s, json: _j, mode: _m, ...inputs} = args;
    console.log(JSON.stringify({inputs: {...inputs, scopes: results.map((r) => r.scope.scope_id)}, rule: data.rule, scopes: results.map(scopeJson), context}, null, 2));
    return;
  }
  console.log(`Matched scopes: known grant equivalent (GE) in constant ${args.baseYear} USD (${args.deflator === "cpi" ? "CPI-U" : "GDP deflator"}), CNY at the ${args.basis === "ppp" ? "PPP rate" : "market rate"} of each row's year`);
  console.log(`A ratio or gap only where both sides have at least ${data.rule.min_priced_rows} priced instruments and ${Math.round(data.rule.min_priced_share * 100)}% of their known instruments priced`);
  for (const r of results) {
    console.log("");
    if (isOutbound(r)) console.log(outboundText(r));
    else for (const line of scopeText(r, args)) console.log(line);
  }
  // The study behind the shares of GDP, named by its issuer, short title and year (the relay it was read in apart).
  const study = site.sources().get(String(data.context.find((r) => r.measure === "share_of_gdp_pct")?.source_id ?? ""));
  const line = contextText(context, study ? `${study.issuer.split(",")[0]}, ${study.title.split(":")[0]} (${String(study.published ?? "").slice(0, 4)})` : null);
  if (line) console.log(`\n${line}`);
}

async function estimateMain(params: Extract<GapArgs, {mode: "estimate"}>) {
  // Only the tables the model reads: the curated ones, and the SBIR matches when they are the US side.
  const site = terminalSite();
  const db = await site.curatedDatabase();
  if (params.usScope === "sbir") await db.insert({sbir_relevant: await site.sbirRelevant()});
  const model = await gapModel(db, params);
  // Not a matched scope: the model computes no gap and no ratio (src/lib/gaps.ts), so none leaves this command.
  if (params.json) {
    console.log(JSON.stringify({estimate: "assumption-based, not a matched scope: no China/US ratio or gap", inputs: model.inputs, rows: model.rows, total: model.total}, null, 2));
    return;
  }
  const p = model.inputs;
  console.log(`Designated-firm estimate (ASSUMPTION-BASED, not a matched scope: no China/US ratio or gap) — constant ${p.baseYear} USD (${p.deflator === "cpi" ? "CPI-U" : "GDP deflator"}), CNY at ${p.basis === "ppp" ? "PPP" : "market rate"} of ${p.chinaYear}`);
  console.log(`China: ${params.chinaScope} designated firms × assumed per-firm support; US, for reference only: ${params.usScope} awards ${p.window[0]}–${p.window[1]}, statuses ${p.statuses.join("+")}`);
  const header = [pad("stage", 32), pad("China firms", 11, true), pad("China low", 12, true), pad("central", 12, true), pad("high", 12, true), pad("sourced", 12, true), pad("US", 12, true), pad("US awards", 9, true)];
  console.log(header.join("  "));
  const line = (label: string, r: Omit<(typeof model.rows)[number], "stage" | "us_awards" | "us_recipients"> & {us_awards: number | null}) =>
    [pad(label, 32), pad(`${r.china_firms}${r.china_firms_unstated ? `+${r.china_firms_unstated}?` : ""}`, 11, true), pad(formatUsd(r.china_low_usd), 12, true), pad(formatUsd(r.china_central_usd), 12, true), pad(formatUsd(r.china_high_usd), 12, true), pad(formatUsd(r.china_sourced_usd), 12, true), pad(formatUsd(r.us_usd), 12, true), pad(String(r.us_awards ?? "—"), 9, true)].join("  ");
  for (const r of model.rows) console.log(line(STAGE_LABELS[r.stage] ?? r.stage, r));
  console.log(line("TOTAL", model.total));
  console.log(`(+N? = firms known at the stage without a stated count; "sourced" = part of the central China estimate resting on a reported per-firm figure)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseGapArgs(process.argv.slice(2));
  (args.mode === "estimate" ? estimateMain(args) : scopesMain(args)).catch((e) => {
    console.error(e instanceof DataError ? e.message : e);
    process.exit(1);
  });
}
