// The gap model end to end: run the named queries (gapRows, loadMacro, loadSupport), then the pure computation
// (gapModelFromRows). `npm run gaps` calls gapModel; the /gaps page calls the same pieces in separate cells, so that
// a slider re-values cached rows without SQL. Same queries, same code: the same numbers (test/queries/compare.test.ts).
import {gapModelFromRows, supportFromRows, type ChinaFirmRow, type GapInputs, type GapModel as LibGapModel, type TierSupport, type UsAwardRow} from "../lib/gaps.js";
import {macroFromRows, type MacroSeries} from "../lib/normalize.js";
import type {Row} from "../lib/rows.js";
import * as C from "./compare.js";
import type {Query} from "./query.js";
import {DEFAULT_GAP_INPUTS, type GapModelParams} from "./defaults.js";

export interface QueryRunner {
  query<T extends Row = Row>(q: Query): T[] | Promise<T[]>;
}

export {DEFAULT_GAP_INPUTS, type GapModelParams};

/** What decides which rows the two parameterised queries return; the rest of GapModelParams only values them. */
export type GapRowsParams = Pick<GapModelParams, "chinaScope" | "usScope" | "statuses" | "window">;

export type GapModel = LibGapModel<ChinaFirmRow & Row, UsAwardRow & Row>;

export async function loadMacro(db: QueryRunner): Promise<MacroSeries> {
  return macroFromRows(await db.query<{series: string; year: number; value: number}>(C.macroRows()));
}

export async function loadSupport(db: QueryRunner): Promise<GapInputs["tierSupport"]> {
  return supportFromRows(await db.query<{tier: string} & TierSupport & Row>(C.supportRows()));
}

/** China's firms by stage and tier and the US award rows for the window and statuses. */
export async function gapRows(db: QueryRunner, p: GapRowsParams): Promise<Pick<GapModel, "china" | "us">> {
  const [china, us] = await Promise.all([
    db.query<ChinaFirmRow & Row>(C.chinaFirmsByStage(p.chinaScope)),
    db.query<UsAwardRow & Row>(C.usAwardsForGaps(p.usScope, p.statuses, p.window[0], p.window[1]))
  ]);
  return {china, us};
}

/**
 * gapRows remembered by its parameters, for a page whose inputs change often: a change of basis, base year,
 * deflator or per-firm support re-values the same rows, so it runs no SQL.
 */
export function gapRowsCache(db: QueryRunner): (p: GapRowsParams) => Promise<Pick<GapModel, "china" | "us">> {
  const cache = new Map<string, Promise<Pick<GapModel, "china" | "us">>>();
  return (p) => {
    const key = JSON.stringify([p.chinaScope, p.usScope, p.statuses, p.window]);
    let rows = cache.get(key);
    if (!rows) {
      rows = gapRows(db, p);
      rows.catch(() => cache.delete(key));
      cache.set(key, rows);
    }
    return rows;
  };
}

/** The whole model: the rows (gapRows, macro, assumed support), then the pure computation (gapModelFromRows). */
export async function gapModel(db: QueryRunner, p: GapModelParams): Promise<GapModel> {
  const [rows, macro, assumedSupport] = await Promise.all([gapRows(db, p), loadMacro(db), loadSupport(db)]);
  return gapModelFromRows({...rows, macro, assumedSupport}, p);
}
