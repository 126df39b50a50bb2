// The value chain as data (data/cases/<case>/chain/): its stages in the order material flows through them, and the edges between
// them (flow, the recycling feedback, and the stages beside the chain). The stages are the taxonomy's own
// (src/lib/taxonomy.ts STAGES), so the rows cite no source: they are the model's structure, not figures. The one
// figure a stage points at (context_metric_id) lives, with its source, in data/cases/<case>/china/value_chain_context.csv.
import type {Table} from "apache-arrow";
import {z} from "zod";
import {buildTable, type ColumnSpec} from "../arrow.ts";
import {readCsv} from "../csv.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {dataFile} from "../paths.ts";
import {checkUnique} from "../sources.ts";
import {count, enumCell, optText} from "../schemas/cells.ts";
import {CHAIN_EDGE_KINDS, CHAIN_LANES, checkChain} from "../../src/lib/chain-layout.ts";
import {STAGES} from "../../src/lib/taxonomy.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

export const chainStages = z.object({
  stage_id: enumCell(STAGES),
  step: count(),
  lane: enumCell(CHAIN_LANES),
  context_metric_id: optText(),
  note: optText()
});

export const chainEdges = z.object({
  from: enumCell(STAGES),
  to: enumCell(STAGES),
  kind: enumCell(CHAIN_EDGE_KINDS),
  note: optText()
});

type StageRow = z.output<typeof chainStages> & {_line: number};
type EdgeRow = z.output<typeof chainEdges> & {_line: number};

export interface LoadedChain {
  stages: StageRow[];
  edges: EdgeRow[];
  files: {stages: string; edges: string};
}

/** Rules across rows and files: every taxonomy stage once, orders that make the flow go forward, one acyclic flow,
 * and a context figure that exists and is at the stage it is shown on. */
export function checkChainRows(stages: readonly StageRow[], edges: readonly EdgeRow[], files: LoadedChain["files"], contextStages: ReadonlyMap<string, string> | null): DataIssue[] {
  const issues: DataIssue[] = [];
  const have = new Set(stages.map((s) => s.stage_id));
  for (const s of STAGES) {
    if (!have.has(s)) issues.push({file: files.stages, column: "stage_id", value: s, problem: `the taxonomy's stage "${s}" has no row`, fix: `add a row for ${s} (every stage in src/lib/taxonomy.ts STAGES is drawn)`});
  }
  for (const s of stages) {
    if (s.step < 1) issues.push({file: files.stages, row: s._line, column: "step", value: s.step, problem: "the step is a position along the flow, from 1", fix: "write a whole number of at least 1"});
    if (s.context_metric_id && contextStages) {
      const at = contextStages.get(s.context_metric_id);
      if (at === undefined) issues.push({file: files.stages, row: s._line, column: "context_metric_id", value: s.context_metric_id, problem: `no row of ${CASE_FOLDER}/china/value_chain_context.csv has this metric_id`, fix: "use a metric_id from that file, or leave the cell empty"});
      else if (at !== s.stage_id) issues.push({file: files.stages, row: s._line, column: "context_metric_id", value: s.context_metric_id, problem: `that figure is at the stage "${at}", not "${s.stage_id}"`, fix: "pick a figure of this stage, or leave the cell empty"});
    }
  }
  for (const p of checkChain(stages.map((s) => ({id: s.stage_id, order: s.step, lane: s.lane})), edges)) {
    const e = edges[p.edge];
    if (!e) {
      issues.push({file: p.stage ? files.stages : files.edges, row: stages.find((s) => s.stage_id === p.stage)?._line, column: p.stage ? "stage_id" : p.column, value: p.stage, problem: p.problem, fix: p.fix});
      continue;
    }
    issues.push({file: files.edges, row: e._line, column: p.column, value: p.column === "kind" ? e.kind : `${e.from} → ${e.to}`, problem: p.problem, fix: p.fix});
  }
  return issues;
}

/** metric_id → stage of the global-context figures (data/cases/<case>/china/value_chain_context.csv). */
export function contextStages(rows: readonly {metric_id: string; stage: string | readonly string[]}[]): Map<string, string> {
  return new Map(rows.map((r) => [r.metric_id, [r.stage].flat().join(";")]));
}

/** Read and validate data/cases/<case>/chain/stages.csv and edges.csv (and the context figures they point at). */
export function loadChain(contextStages: ReadonlyMap<string, string> | null = null): LoadedChain {
  const stages = readCsv(dataFile("chain", "stages.csv"), chainStages);
  const edges = readCsv(dataFile("chain", "edges.csv"), chainEdges);
  const files = {stages: stages.file, edges: edges.file};
  checkUnique(files.stages, stages.rows, (r) => r.stage_id, "stage_id");
  checkUnique(files.edges, edges.rows, (r) => `${r.from}|${r.to}`, "to");
  const issues = checkChainRows(stages.rows, edges.rows, files, contextStages);
  if (issues.length) throw new DataError(issues);
  return {stages: stages.rows, edges: edges.rows, files};
}

const STAGE_COLUMNS: Record<string, ColumnSpec> = {
  stage_id: {kind: "utf8", description: "the stage (src/lib/taxonomy.ts)"},
  step: {kind: "int32", description: "position along the material flow, from 1"},
  lane: {kind: "utf8", description: `${CHAIN_LANES.join(", ")}: on the chain, the loop back, or beside it`},
  context_metric_id: {kind: "utf8", description: "the global-context figure shown at the stage (value_chain_context), if any"},
  note: {kind: "utf8"}
};
const EDGE_COLUMNS: Record<string, ColumnSpec> = {
  from: {kind: "utf8"},
  to: {kind: "utf8"},
  kind: {kind: "utf8", description: `${CHAIN_EDGE_KINDS.join(", ")}: material flow, the recycling feedback, or a stage beside the chain`},
  note: {kind: "utf8"}
};

export const CHAIN_TABLES = {chain_stages: STAGE_COLUMNS, chain_edges: EDGE_COLUMNS} as const;

/** Both chain tables as Arrow (no sources: structure, not figures). */
export function buildChainTables(loaded: LoadedChain): Record<keyof typeof CHAIN_TABLES, Table> {
  const plain = <R extends Record<string, unknown>>(rows: readonly R[], columns: Record<string, ColumnSpec>) =>
    rows.map((r) => Object.fromEntries(Object.keys(columns).map((k) => [k, r[k] ?? null])));
  return {
    chain_stages: buildTable(plain([...loaded.stages].sort((a, b) => a.step - b.step || STAGES.indexOf(a.stage_id) - STAGES.indexOf(b.stage_id)), STAGE_COLUMNS), STAGE_COLUMNS, {title: "Value-chain stages: order of material flow and lane", file: loaded.files.stages, sources: "[]"}),
    chain_edges: buildTable(plain(loaded.edges, EDGE_COLUMNS), EDGE_COLUMNS, {title: "Value-chain edges: flow, recycling feedback, beside", file: loaded.files.edges, sources: "[]"})
  };
}
