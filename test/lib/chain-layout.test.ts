// The chain's rules and its layout (src/lib/chain-layout.ts) on the real data/cases/rare-earths/chain/ files, laid out by the installed
// d3-dag (the same version the vendor bundle takes).
import * as dag from "d3-dag";
import {describe, expect, test} from "vitest";
import {loadChain} from "../../loaders/chain/load.ts";
import {checkChain, feedbackPath, layoutChain, readingOrder, type ChainStage, type DagLib} from "../../src/lib/chain-layout.ts";

const loaded = loadChain();
const stages: ChainStage[] = loaded.stages.map((s) => ({id: s.stage_id, order: s.step, lane: s.lane}));
const edges = loaded.edges.map((e) => ({from: e.from, to: e.to, kind: e.kind}));
const layout = layoutChain(dag as unknown as DagLib, stages, edges, {nodeSize: [120, 100], gap: [20, 20]});
const at = (id: string) => layout.nodes.find((n) => n.id === id)!;

describe("chain layout", () => {
  test("every stage is placed once, the feedback is left out of the layered layout", () => {
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(["applications", "byproducts", "exploration", "magnets", "metals", "mining", "recycling", "rnd", "separation", "support"]);
    expect(layout.feedback).toEqual([{from: "recycling", to: "separation", kind: "feedback"}]);
    expect(layout.links).toHaveLength(9); // 10 edges in data/cases/rare-earths/chain/edges.csv, one of them the feedback
  });

  test("every edge goes forward (left to right) except the feedback, which goes back", () => {
    for (const l of layout.links) expect(at(l.to).x, `${l.from} → ${l.to}`).toBeGreaterThan(at(l.from).x);
    expect(at("separation").x).toBeLessThan(at("recycling").x);
  });

  test("layers follow the order of stages.csv: one column per order, 120 px nodes 20 px apart", () => {
    // exploration 1, mining 2, separation 3, metals 4, magnets 5, applications 6, recycling 7 → x = 60 + 140 × (order − 1)
    for (const [id, order] of [["exploration", 1], ["mining", 2], ["separation", 3], ["metals", 4], ["magnets", 5], ["applications", 6], ["recycling", 7], ["support", 1], ["byproducts", 3], ["rnd", 4]] as const) {
      expect(at(id).x, id).toBe(60 + 140 * (order - 1));
    }
    expect(layout.width).toBe(7 * 120 + 6 * 20);
  });

  test("the chain from exploration to applications is drawn straight; the stages beside it sit on another row", () => {
    const y = at("exploration").y;
    for (const id of ["mining", "separation", "metals", "magnets", "applications"]) expect(at(id).y, id).toBe(y);
    for (const id of ["support", "byproducts", "rnd"]) expect(at(id).y, id).not.toBe(y);
  });

  test("the feedback arc runs below every node, from recycling back to separation", () => {
    const d = feedbackPath(layout, layout.feedback[0]!, 100);
    const bottom = Math.max(...layout.nodes.map((n) => n.y)) + 50 + 18;
    expect(d.startsWith(`M${at("recycling").x},${at("recycling").y + 50} V${bottom - 12}`)).toBe(true);
    expect(d.endsWith(`V${at("separation").y + 50}`)).toBe(true);
    expect(d).toContain(`H${at("separation").x + 12}`);
  });

  test("reading order for the phone list: the chain, the loop, then the stages beside it", () => {
    expect(readingOrder(stages).map((s) => s.id)).toEqual(["exploration", "mining", "separation", "metals", "magnets", "applications", "recycling", "support", "byproducts", "rnd"]);
  });
});

describe("chain rules", () => {
  const base: ChainStage[] = [{id: "a", order: 1, lane: "chain"}, {id: "b", order: 2, lane: "chain"}, {id: "c", order: 3, lane: "loop"}];
  test("the shipped chain has no problem", () => {
    expect(checkChain(stages, edges)).toEqual([]);
  });
  test("a flow edge going back, a feedback from a stage off the loop, a stage on no edge, no feedback at all", () => {
    const problems = checkChain(base, [{from: "b", to: "a", kind: "flow"}, {from: "b", to: "a", kind: "feedback"}]);
    expect(problems.map((p) => [p.edge, p.column, p.stage ?? null])).toEqual([[0, "kind", null], [1, "kind", null], [-1, "from", "c"]]);
    expect(problems[0]!.problem).toBe("a flow edge goes forward along the chain, but a (step 1) is not after b (step 2)");
    expect(checkChain(base, [{from: "a", to: "b", kind: "flow"}, {from: "b", to: "c", kind: "flow"}]).map((p) => p.problem)).toEqual(["no feedback edge: recycling feeds back into the chain"]);
  });
});
