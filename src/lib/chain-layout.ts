import {CASE_FOLDER} from "./case.js";
/**
 * The value chain's shape (data/cases/<case>/chain/): its rules, and its layout as pure functions. The flow and the stages beside
 * it form an acyclic graph that d3-dag's Sugiyama layout places in layers (the stage's `order` ranks the layers); the
 * recycling feedback is left out of that layout and drawn apart, as a return arc under the chain. The d3-dag module
 * is passed in (pages get it from the vendor bundle, tests from node_modules), so this file stays isomorphic.
 */

export const CHAIN_LANES = ["chain", "loop", "beside"] as const;
export type ChainLane = (typeof CHAIN_LANES)[number];
export const CHAIN_EDGE_KINDS = ["flow", "feedback", "beside"] as const;
export type ChainEdgeKind = (typeof CHAIN_EDGE_KINDS)[number];

export interface ChainStage {
  id: string;
  order: number;
  lane: ChainLane;
}
export interface ChainEdge {
  from: string;
  to: string;
  kind: ChainEdgeKind;
}

export interface ChainProblem {
  /** Index of the edge in the list given; -1 for a problem of the stage list (`stage`, or of the edges as a whole). */
  edge: number;
  stage?: string;
  column: "from" | "to" | "kind";
  problem: string;
  fix: string;
}

/**
 * What makes the chain drawable: each edge between two listed stages, flow and beside edges going forward in order
 * (so the layout's graph is acyclic), a feedback edge going back and leaving a stage of the loop, every stage on an
 * edge, and at least one feedback (recycling is the chain's one loop).
 */
export function checkChain(stages: readonly ChainStage[], edges: readonly ChainEdge[]): ChainProblem[] {
  const byId = new Map(stages.map((s) => [s.id, s]));
  const out: ChainProblem[] = [];
  edges.forEach((e, i) => {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    if (!from) return out.push({edge: i, column: "from", problem: `"${e.from}" is not a stage of ${CASE_FOLDER}/chain/stages.csv`, fix: "use a stage_id listed there"});
    if (!to) return out.push({edge: i, column: "to", problem: `"${e.to}" is not a stage of ${CASE_FOLDER}/chain/stages.csv`, fix: "use a stage_id listed there"});
    if (e.from === e.to) return out.push({edge: i, column: "to", problem: "an edge from a stage to itself", fix: "remove the row"});
    if (e.kind === "feedback") {
      if (to.order >= from.order) out.push({edge: i, column: "kind", problem: `a feedback goes back along the chain, but ${e.from} (step ${from.order}) is not after ${e.to} (step ${to.order})`, fix: "write flow or beside, or correct the steps in stages.csv"});
      else if (from.lane !== "loop") out.push({edge: i, column: "kind", problem: `a feedback leaves a stage of the loop lane, but ${e.from} is on the ${from.lane} lane`, fix: "set that stage's lane to loop, or write flow or beside"});
    } else if (to.order <= from.order) {
      out.push({edge: i, column: "kind", problem: `a ${e.kind} edge goes forward along the chain, but ${e.to} (step ${to.order}) is not after ${e.from} (step ${from.order})`, fix: "correct the steps in stages.csv, or write feedback for a loop back"});
    }
    return undefined;
  });
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  for (const s of stages) {
    if (!linked.has(s.id)) out.push({edge: -1, stage: s.id, column: "from", problem: `the stage "${s.id}" is on no edge`, fix: `add an edge from or to ${s.id}`});
  }
  if (!edges.some((e) => e.kind === "feedback")) out.push({edge: -1, column: "kind", problem: "no feedback edge: recycling feeds back into the chain", fix: "add the feedback row (recycling back to the stage it returns to)"});
  return out;
}

/** The part of d3-dag this layout uses (its types stay loose so that both the npm package and the bundle fit). */
export interface DagLib {
  graph: () => DagGraph;
  sugiyama: () => SugiyamaOp;
  layeringSimplex: () => {rank: (f: (node: {data: string}) => number) => unknown};
  coordSimplex: () => {weight: (f: (link: {source: {data: string}; target: {data: string}}) => readonly [number, number, number]) => unknown};
}
interface DagNode {
  data: string;
  x: number;
  y: number;
}
interface DagGraph {
  node: (data: string) => DagNode;
  link: (a: DagNode, b: DagNode) => unknown;
  nodes: () => Iterable<DagNode>;
  links: () => Iterable<{source: DagNode; target: DagNode; points: [number, number][]}>;
}
interface SugiyamaOp {
  layering: (l: unknown) => SugiyamaOp;
  coord: (c: unknown) => SugiyamaOp;
  nodeSize: (s: readonly [number, number]) => SugiyamaOp;
  gap: (g: readonly [number, number]) => SugiyamaOp;
  (g: DagGraph): {width: number; height: number};
}

export interface PlacedNode {
  id: string;
  /** Position along the flow (left to right), node centre. */
  x: number;
  /** Position across the flow, node centre. */
  y: number;
}
export interface PlacedLink {
  from: string;
  to: string;
  kind: ChainEdgeKind;
  points: [number, number][];
}
export interface ChainLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  links: PlacedLink[];
  /** Edges left out of the layered layout (the recycling feedback), drawn apart. */
  feedback: ChainEdge[];
}

/**
 * Lay the chain out left to right: layers along x ranked by each stage's order, rows across y. `nodeSize` is a
 * node's [width, height] and `gap` the space between nodes [along, across]. Flow edges between neighbouring stages
 * weigh most, so the chain itself is drawn straight and the stages beside it move instead.
 */
export function layoutChain(lib: DagLib, stages: readonly ChainStage[], edges: readonly ChainEdge[], {nodeSize, gap}: {nodeSize: [number, number]; gap: [number, number]}): ChainLayout {
  const order = new Map(stages.map((s) => [s.id, s.order]));
  const g = lib.graph();
  const nodes = new Map(stages.map((s) => [s.id, g.node(s.id)]));
  const acyclic = edges.filter((e) => e.kind !== "feedback");
  for (const e of acyclic) g.link(nodes.get(e.from)!, nodes.get(e.to)!);
  const onChain = new Set(stages.filter((s) => s.lane !== "beside").map((s) => s.id));
  const straight = (a: string, b: string) => onChain.has(a) && onChain.has(b) && order.get(b)! - order.get(a)! === 1;
  // d3-dag lays layers out top to bottom: it works in (across, along) and the result is turned a quarter.
  const layout = lib.sugiyama()
    .layering(lib.layeringSimplex().rank((n) => order.get(n.data) ?? 0))
    .coord(lib.coordSimplex().weight((l) => (straight(l.source.data, l.target.data) ? [100, 100, 100] : [1, 2, 8])))
    .nodeSize([nodeSize[1], nodeSize[0]])
    .gap([gap[1], gap[0]]);
  const size = layout(g);
  const kindOf = new Map(acyclic.map((e) => [`${e.from}|${e.to}`, e.kind]));
  return {
    width: size.height,
    height: size.width,
    nodes: [...g.nodes()].map((n) => ({id: n.data, x: n.y, y: n.x})).sort((a, b) => a.x - b.x || a.y - b.y),
    links: [...g.links()].map((l) => ({from: l.source.data, to: l.target.data, kind: kindOf.get(`${l.source.data}|${l.target.data}`)!, points: l.points.map(([x, y]) => [y, x] as [number, number])})),
    feedback: edges.filter((e) => e.kind === "feedback")
  };
}

/**
 * The feedback as an SVG path: from the bottom of its source node down below every node, back along the chain, and
 * up into the bottom of its target; drawn dashed, apart from the layered edges.
 */
export function feedbackPath(layout: ChainLayout, edge: ChainEdge, nodeHeight: number, below = 18): string {
  const a = layout.nodes.find((n) => n.id === edge.from);
  const b = layout.nodes.find((n) => n.id === edge.to);
  if (!a || !b) throw new Error(`feedbackPath: no node ${!a ? edge.from : edge.to} in the layout`);
  const bottom = Math.max(...layout.nodes.map((n) => n.y)) + nodeHeight / 2 + below;
  const y0 = a.y + nodeHeight / 2;
  const y1 = b.y + nodeHeight / 2;
  const r = Math.min(below, 12);
  return `M${a.x},${y0} V${bottom - r} Q${a.x},${bottom} ${a.x - r},${bottom} H${b.x + r} Q${b.x},${bottom} ${b.x},${bottom - r} V${y1}`;
}

/** Stages in reading order for the narrow (phone) view: the chain in order, the loop after it, the stages beside last. */
export function readingOrder<S extends ChainStage>(stages: readonly S[]): S[] {
  const lane = (s: ChainStage) => CHAIN_LANES.indexOf(s.lane);
  return [...stages].sort((a, b) => lane(a) - lane(b) || a.order - b.order);
}
