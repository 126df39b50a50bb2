// `npm run gaps -- --basis ppp --base-year 2024 --window 2020-2025`: the /gaps stage table in the terminal, from the
// same queries (DuckDB-WASM, Node bundle) and the same model code as the page, so modellers can diff results.
import {parseArgs} from "node:util";
import {DataError} from "../loaders/errors.ts";
import {SiteBuild} from "../loaders/site.ts";
import {formatUsd} from "../src/lib/format.ts";
import {STAGE_LABELS, US_STATUSES} from "../src/lib/taxonomy.ts";
import {DEFAULT_GAP_INPUTS, gapModel, type GapModelParams} from "../src/queries/gap-model.ts";

const USAGE = `usage: npm run gaps -- [--basis market|ppp] [--base-year YYYY] [--deflator cpi|gdp] [--window YYYY-YYYY]
                       [--statuses obligated,committed,...] [--china-year YYYY] [--china-scope baogang|national]
                       [--us-scope curated|sbir] [--json]`;

function fail(message: string): never {
  console.error(`gaps: ${message}\n${USAGE}`);
  process.exit(2);
}

export function parseGapArgs(argv: string[]): GapModelParams & {json: boolean} {
  const {values} = parseArgs({
    args: argv,
    options: {
      basis: {type: "string", default: DEFAULT_GAP_INPUTS.basis},
      "base-year": {type: "string", default: String(DEFAULT_GAP_INPUTS.baseYear)},
      deflator: {type: "string", default: DEFAULT_GAP_INPUTS.deflator},
      window: {type: "string", default: DEFAULT_GAP_INPUTS.window.join("-")},
      statuses: {type: "string", default: DEFAULT_GAP_INPUTS.statuses.join(",")},
      "china-year": {type: "string", default: String(DEFAULT_GAP_INPUTS.chinaYear)},
      "china-scope": {type: "string", default: "baogang"},
      "us-scope": {type: "string", default: "curated"},
      json: {type: "boolean", default: false}
    }
  });
  const year = (name: string, v: string) => (/^\d{4}$/.test(v) ? Number(v) : fail(`--${name} must be a four-digit year, got "${v}"`));
  const basis = values.basis === "market" || values.basis === "ppp" ? values.basis : fail(`--basis must be market or ppp, got "${values.basis}"`);
  const deflator = values.deflator === "cpi" || values.deflator === "gdp" ? values.deflator : fail(`--deflator must be cpi or gdp, got "${values.deflator}"`);
  const m = /^(\d{4})-(\d{4})$/.exec(values.window);
  if (!m) fail(`--window must look like 2020-2025, got "${values.window}"`);
  const window: [number, number] = [Math.min(Number(m[1]), Number(m[2])), Math.max(Number(m[1]), Number(m[2]))];
  const statuses = values.statuses.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = statuses.filter((s) => !(US_STATUSES as readonly string[]).includes(s));
  if (bad.length) fail(`unknown status ${bad.join(", ")}: use ${US_STATUSES.join(", ")}`);
  const chinaScope = values["china-scope"] === "baogang" || values["china-scope"] === "national" ? values["china-scope"] : fail(`--china-scope must be baogang or national`);
  const usScope = values["us-scope"] === "curated" || values["us-scope"] === "sbir" ? values["us-scope"] : fail(`--us-scope must be curated or sbir`);
  return {basis, baseYear: year("base-year", values["base-year"]), deflator, window, statuses, chinaYear: year("china-year", values["china-year"]), chinaScope, usScope, json: values.json};
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

async function main() {
  const params = parseGapArgs(process.argv.slice(2));
  // Only the tables the model reads: the curated ones, and the SBIR matches when they are the US side.
  const site = new SiteBuild();
  const db = await site.curatedDatabase();
  if (params.usScope === "sbir") db.insert({sbir_relevant: await site.sbirRelevant()});
  const model = await gapModel(db, params);
  if (params.json) {
    console.log(JSON.stringify({inputs: model.inputs, rows: model.rows, total: model.total}, null, 2));
    return;
  }
  const p = model.inputs;
  console.log(`Funding gap by stage — constant ${p.baseYear} USD (${p.deflator === "cpi" ? "CPI-U" : "GDP deflator"}), CNY at ${p.basis === "ppp" ? "PPP" : "market rate"} of ${p.chinaYear}`);
  console.log(`China: ${params.chinaScope} scope, estimate = firms × per-firm support (assumption); US: ${params.usScope} awards ${p.window[0]}–${p.window[1]}, statuses ${p.statuses.join("+")}`);
  const header = [pad("stage", 32), pad("China firms", 11, true), pad("China low", 12, true), pad("central", 12, true), pad("high", 12, true), pad("sourced", 12, true), pad("US", 12, true), pad("US awards", 9, true), pad("gap (central)", 14, true), pad("ratio", 8, true)];
  console.log(header.join("  "));
  const line = (label: string, r: Omit<(typeof model.rows)[number], "stage">) =>
    [pad(label, 32), pad(`${r.china_firms}${r.china_firms_unstated ? `+${r.china_firms_unstated}?` : ""}`, 11, true), pad(formatUsd(r.china_low_usd), 12, true), pad(formatUsd(r.china_central_usd), 12, true), pad(formatUsd(r.china_high_usd), 12, true), pad(formatUsd(r.china_sourced_usd), 12, true), pad(formatUsd(r.us_usd), 12, true), pad(String(r.us_awards), 9, true), pad(formatUsd(r.gap_central_usd), 14, true), pad(r.ratio_central === null ? "—" : `${r.ratio_central.toFixed(2)}×`, 8, true)].join("  ");
  for (const r of model.rows) console.log(line(STAGE_LABELS[r.stage], r));
  console.log(line("TOTAL", model.total));
  console.log(`(+N? = firms known at the stage without a stated count; "sourced" = part of the central China estimate resting on a reported per-firm figure)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e instanceof DataError ? e.message : e);
    process.exit(1);
  });
}
