// The gap model end to end: run the named queries, then the pure computation. The /gaps page (DuckDB-WASM in the
// browser) and `npm run gaps` (DuckDB-WASM in Node) both call this, so their numbers are the same by construction.
import {computeGaps, supportFromRows, totalGaps, type ChinaFirmRow, type GapInputs, type StageGap, type TierSupport, type UsAwardRow} from "../lib/gaps.js";
import {macroFromRows, type MacroSeries} from "../lib/normalize.js";
import type {Row} from "../lib/rows.js";
import * as C from "./compare.js";
import type {Query} from "./query.js";

export interface QueryRunner {
  query<T extends Row = Row>(q: Query): T[] | Promise<T[]>;
}

export const DEFAULT_GAP_INPUTS = {
  basis: "market",
  baseYear: 2024,
  deflator: "cpi",
  window: [2020, 2025],
  statuses: ["obligated", "committed"],
  chinaYear: 2024
} as const satisfies Omit<GapInputs, "support">;

export interface GapModelParams extends Omit<GapInputs, "support"> {
  chinaScope: C.ChinaScope;
  usScope: C.UsScope;
  /** Per-firm support by tier; defaults to data/assumptions/china_support.csv. */
  support?: GapInputs["support"];
}

export interface GapModel {
  rows: StageGap[];
  total: ReturnType<typeof totalGaps>;
  china: (ChinaFirmRow & Row)[];
  us: (UsAwardRow & Row)[];
  macro: MacroSeries;
  assumedSupport: GapInputs["support"];
  inputs: GapInputs;
}

export async function loadMacro(db: QueryRunner): Promise<MacroSeries> {
  return macroFromRows(await db.query<{series: string; year: number; value: number}>(C.macroRows()));
}

export async function loadSupport(db: QueryRunner): Promise<GapInputs["support"]> {
  return supportFromRows(await db.query<{tier: string} & TierSupport & Row>(C.supportRows()));
}

export async function gapModel(db: QueryRunner, p: GapModelParams): Promise<GapModel> {
  const [china, us, macro, assumedSupport] = await Promise.all([
    db.query<ChinaFirmRow & Row>(C.chinaFirmsByStage(p.chinaScope)),
    db.query<UsAwardRow & Row>(C.usAwardsForGaps(p.usScope, p.statuses, p.window[0], p.window[1])),
    loadMacro(db),
    loadSupport(db)
  ]);
  const inputs: GapInputs = {basis: p.basis, baseYear: p.baseYear, deflator: p.deflator, window: p.window, statuses: p.statuses, chinaYear: p.chinaYear, support: p.support ?? assumedSupport};
  const rows = computeGaps(china, us, inputs, macro);
  return {rows, total: totalGaps(rows), china, us, macro, assumedSupport, inputs};
}
