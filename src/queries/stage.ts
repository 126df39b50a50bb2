// Named SQL for the stage pages (/stage/<id>, src/stage/[stage].md): everything known at one value-chain stage, the
// stage id always a bound parameter. The firm and recipient rows reuse /coverage's queries (compare.ts) narrowed to
// the stage, so a stage page and the coverage matrix count the same rows. A row listed under several stages is shown
// at each of them (with its stages), never split.
import {STAGES, type Stage} from "../lib/taxonomy.js";
import {chinaFirmsByStage, usCell, type ChinaScope, type UsScope} from "./compare.js";
import {allowed, query, type Query} from "./query.js";
import {scopeComparison, type ScopeData, type ScopeParams, type ScopeResult} from "./scopes.js";
import {compareGroup, stageGroup, type SideSummary, type SupportRow} from "../lib/scopes.js";
import type {Comparison} from "../lib/comparison.js";
import type {MacroSeries} from "../lib/normalize.js";

const stageId = (stage: string): Stage => allowed(stage, STAGES, "stage");

/** China's designated firms at the stage (the /coverage rows of that stage): tier, count (null: not stated), basis. */
export function chinaFirms(scope: ChinaScope, stage: string): Query {
  const c = chinaFirmsByStage(scope);
  return query(`stage.chinaFirms.${scope}`, `SELECT * FROM (${c.sql}) WHERE stage = ? ORDER BY tier, label`, [...c.params, stageId(stage)]);
}

/** The US awards behind the stage's coverage cell (domestic; curated awards or SBIR/STTR matches), as /coverage lists them. */
export function usAwards(scope: UsScope, statuses: readonly string[], stage: string): Query {
  const c = usCell(scope, statuses, stageId(stage));
  return {...c, name: `stage.usAwards.${scope}`};
}

/** The same awards by recipient: how many, their statuses, and the sum of their stated amounts (null: none stated). */
export function usRecipients(scope: UsScope, statuses: readonly string[], stage: string): Query {
  const c = usCell(scope, statuses, stageId(stage));
  return query(
    `stage.usRecipients.${scope}`,
    `SELECT recipient, count(*)::INTEGER AS awards, string_agg(DISTINCT status, ';' ORDER BY status) AS statuses,
            sum(amount_usd) AS amount_usd, count(amount_usd)::INTEGER AS priced,
            string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id
       FROM (${c.sql}) GROUP BY recipient ORDER BY amount_usd DESC NULLS LAST, recipient`,
    c.params
  );
}

/** US finance for projects abroad at the stage (e.g. a DFC loan to a mine in Brazil): never part of a domestic figure. */
export function usAbroad(statuses: readonly string[], stage: string): Query {
  return query(
    "stage.usAbroad",
    `SELECT award_id, recipient, program, agency, instrument, status, amount_usd, date, stages, source_id, confidence
       FROM awards
      WHERE NOT is_aggregate AND geography <> 'domestic' AND list_contains(string_split(?, ','), status)
        AND list_contains(string_split(stages, ';'), ?)
      ORDER BY date DESC NULLS LAST, award_id`,
    [statuses.join(","), stageId(stage)]
  );
}

/** China's support instruments that name the stage (alone or among others), rare-earth ones first. */
export function chinaInstruments(stage: string): Query {
  return query(
    "stage.chinaInstruments",
    `SELECT instrument_id, programme, recipient, level, instrument, status, amount_cny, rule, period_start, period_end,
            stages, scope, ge_method, counted, source_id, confidence
       FROM instruments WHERE list_contains(string_split(stages, ';'), ?)
      ORDER BY scope <> 'rare_earth', period_start NULLS LAST, instrument_id`,
    [stageId(stage)]
  );
}

/** The tools without a price at the stage, both sides, with those that cover the whole chain (stages = all). */
export function tools(stage: string): Query {
  return query(
    "stage.tools",
    `SELECT tool_id, side, tool, title, issuer, date, stages, quantity, unit, source_id, confidence
       FROM tools WHERE list_contains(string_split(stages, ';'), ?) OR stages = 'all'
      ORDER BY side, stages = 'all', date NULLS LAST, tool_id`,
    [stageId(stage)]
  );
}

/** Every scenario's projection at the stage as the build made it (each scenario's own valuation), 2025–2035. */
export function projection(stage: string): Query {
  return query(
    "stage.projection",
    `SELECT scenario, year, china_firms, china_low_usd, china_central_usd, china_high_usd, us_firms, us_usd
       FROM scenario_projection WHERE stage = ? ORDER BY scenario, year`,
    [stageId(stage)]
  );
}

/** One year of a stage's matched-scope comparison: each side's rows at the stage, counted from the window's first
 * year to `year` (a row counts once its whole period is inside), with the rule applied. */
export interface StageYear {
  year: number;
  china: SideSummary;
  us: SideSummary;
  comparison: Comparison;
}

/**
 * The stage over time in a matched scope: /gaps' scope comparison (same data, same code) for the windows
 * [from, from], [from, from + 1], … [from, to], each time the stage's own row (rows over several stages or not
 * itemised are never a stage's). No SQL: the scope rows are loaded once (loadScopeData).
 */
export function stageOverTime(data: ScopeData, p: ScopeParams & {window: [number, number]}, macro: MacroSeries, stage: string): StageYear[] {
  const [from, to] = [Math.min(...p.window), Math.max(...p.window)];
  const empty = (r: ScopeResult["rows"][number]) => ({...r.china, ge_usd: 0, priced: 0, known: 0, unpriced: 0, capital_deployed_usd: 0, equity_rows: 0, no_series: 0});
  const out: StageYear[] = [];
  for (let year = from; year <= to; year++) {
    const r = scopeComparison(data, {...p, window: [from, year]}, macro);
    const row = r.rows.find((x) => x.stage === stageId(stage));
    const total = r.rows.find((x) => x.stage === "total")!;
    if (row) out.push({year, china: row.china, us: row.us, comparison: row.comparison});
    else {
      const none = compareGroup(stage, {scope: p.scope, measure: "ge", basis: p.basis, status_class: p.statusClass}, empty(total), empty(total), data.rule);
      out.push({year, china: empty(total), us: empty(total), comparison: none});
    }
  }
  return out;
}

/** The rows each side counts at the stage in the scope and window (for the sources and the download). */
export function stageRows(data: ScopeData, p: ScopeParams & {window: [number, number]}, macro: MacroSeries, stage: string): (Omit<SupportRow, "stages"> & {stages: string})[] {
  const r = scopeComparison(data, p, macro);
  return [...r.selection.china.counted, ...r.selection.us.counted].filter((x) => stageGroup(x) === stageId(stage)).map((x) => ({...x, stages: x.stages.join(";")}));
}

/** The stage in the chain's data (data/cases/<case>/chain/): its note, and the edges that touch it. */
export function chainPlace(stage: string): Query {
  return query(
    "stage.chainPlace",
    `SELECT s.note, e."from", e."to", e.kind
       FROM chain_stages s LEFT JOIN chain_edges e ON e."from" = s.stage_id OR e."to" = s.stage_id
      WHERE s.stage_id = ? ORDER BY e.kind, e."from", e."to"`,
    [stageId(stage)]
  );
}

/** Global context at the stage (data/cases/<case>/china/value_chain_context.csv: world and national output, shares, reserves), each
 * figure in its own unit: never summed or set on one axis. */
export function context(stage: string): Query {
  return query(
    "stage.context",
    `SELECT metric_id, metric, value, unit, year, scope, source_id, confidence
       FROM value_chain_context WHERE list_contains(string_split(coalesce(stage, ''), ';'), ?)
      ORDER BY unit, year NULLS LAST, metric_id`,
    [stageId(stage)]
  );
}
