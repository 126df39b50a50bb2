// The chain diagram's queries (/ and /coverage): the chain's stages and edges (data/cases/<case>/chain/), the global-context figure
// each stage points at, China's designated firms (/coverage's query), US distinct recipients per stage, and the matched
// scope (/gaps' rows, compared in the page: no setting of the scope needs SQL). src/lib/chain-figures.ts puts them
// together per stage.
import {chainFigures, type ChainSettings, type ContextRow, type StageFigures} from "../lib/chain-figures.js";
import type {ChainEdge, ChainLane, ChainStage} from "../lib/chain-layout.js";
import type {MacroSeries} from "../lib/normalize.js";
import type {Row} from "../lib/rows.js";
import {chinaFirmsByStage, usRecipientsByStage, type ChinaScope, type UsScope} from "./compare.js";
import {COVERAGE_DEFAULTS, DEFAULT_GAP_INPUTS, SCOPE_DEFAULTS} from "./defaults.js";
import {loadMacro, type QueryRunner} from "./gap-model.js";
import {query, type Query} from "./query.js";
import {loadScopeData, scopeComparison, type ScopeData, type ScopeResult} from "./scopes.js";

export function chainStages(): Query {
  return query("chain.stages", `SELECT stage_id, step, lane, context_metric_id FROM chain_stages ORDER BY step, stage_id`);
}

export function chainEdges(): Query {
  return query("chain.edges", `SELECT "from", "to", kind FROM chain_edges ORDER BY kind, "from", "to"`);
}

/** The global-context figure of each stage that has one (a share of world output, with its unit and year). */
export function chainContext(): Query {
  return query(
    "chain.context",
    `SELECT s.stage_id AS stage, c.metric_id, c.metric, c.value, c.unit, c.year::INTEGER AS year, c.source_id, c.confidence, c.note
       FROM chain_stages s JOIN value_chain_context c ON c.metric_id = s.context_metric_id
      ORDER BY s.step, s.stage_id`
  );
}

/** The chain diagram's US coverage: distinct recipients per stage (compare.ts, beside /coverage's queries). */
export {usRecipientsByStage};

/** The diagram's settings when the URL sets none: /coverage's and /gaps' defaults. */
export const CHAIN_DEFAULTS: ChainSettings = {
  cn: COVERAGE_DEFAULTS.china,
  us: COVERAGE_DEFAULTS.us,
  st: [...COVERAGE_DEFAULTS.statuses],
  scope: SCOPE_DEFAULTS.scope,
  sc: SCOPE_DEFAULTS.statusClass,
  sfrom: SCOPE_DEFAULTS.window[0],
  sto: SCOPE_DEFAULTS.window[1],
  basis: DEFAULT_GAP_INPUTS.basis,
  base: DEFAULT_GAP_INPUTS.baseYear,
  defl: DEFAULT_GAP_INPUTS.deflator
};

export interface ChainData {
  stages: (ChainStage & {context_metric_id: string | null})[];
  edges: ChainEdge[];
  context: (ContextRow & Row & {stage: string})[];
  scopeData: ScopeData;
  macro: MacroSeries;
}

/** What no setting changes: the chain, its context figures, the scope rows and the macro series. */
export async function loadChainData(db: QueryRunner): Promise<ChainData> {
  const [stages, edges, context, scopeData, macro] = await Promise.all([
    db.query(chainStages()), db.query(chainEdges()), db.query<ContextRow & Row & {stage: string}>(chainContext()), loadScopeData(db), loadMacro(db)
  ]);
  return {
    stages: stages.map((s) => ({id: String(s.stage_id), order: Number(s.step), lane: s.lane as ChainLane, context_metric_id: (s.context_metric_id as string | null) ?? null})),
    edges: edges.map((e) => ({from: String(e.from), to: String(e.to), kind: e.kind as ChainEdge["kind"]})),
    context, scopeData, macro
  };
}

export interface ChainView {
  figures: StageFigures[];
  scoped: ScopeResult;
  /** The rows behind the figures, for the sources line and the download. */
  chinaRows: Row[];
  usRows: Row[];
}

/** The coverage rows for the settings (the two queries that depend on them) and every stage's figures. */
export async function chainView(db: QueryRunner, data: ChainData, s: ChainSettings): Promise<ChainView> {
  const [chinaRows, usRows] = await Promise.all([db.query(chinaFirmsByStage(s.cn as ChinaScope)), db.query(usRecipientsByStage(s.us as UsScope, s.st))]);
  const scoped = scopeComparison(data.scopeData, {scope: s.scope, statusClass: s.sc, window: [s.sfrom, s.sto], basis: s.basis, baseYear: s.base, deflator: s.defl}, data.macro);
  const figures = chainFigures({
    chinaFirms: chinaRows as {stage: string; count_firms: number | null}[],
    usRecipients: usRows as {stage: string; recipients: number}[],
    scopeRows: scoped.rows,
    context: data.context,
    contextByStage: new Map(data.stages.map((x) => [x.id, x.context_metric_id]))
  });
  return {figures, scoped, chinaRows, usRows};
}
