// data/cases/rare-earths/chain/: the stages and edges of the chain diagram, validated like every input (file, row, column, value, fix).
import {afterEach, describe, expect, test} from "vitest";
import {buildChainTables, contextStages, loadChain} from "../../loaders/chain/load.ts";
import {loadChina} from "../../loaders/china/load.ts";
import {DataError} from "../../loaders/errors.ts";
import {STAGES} from "../../src/lib/taxonomy.ts";
import {brokenCopy, restoreDataDir} from "../helpers/broken-data.ts";

afterEach(restoreDataDir);

const issuesOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e.issues;
    throw e;
  }
  throw new Error("no DataError");
};

describe("data/cases/rare-earths/chain", () => {
  test("the stage ids are exactly the taxonomy's STAGES", () => {
    const {stages} = loadChain();
    expect(stages.map((s) => s.stage_id).sort()).toEqual([...STAGES].sort());
  });

  test("published tables: stages in flow order, 10 edges, one of them the recycling feedback, no sources", () => {
    const t = buildChainTables(loadChain(contextStages(loadChina().rows.value_chain_context)));
    expect(t.chain_stages.getChild("stage_id")!.toArray().slice(0, 4)).toEqual(["exploration", "support", "mining", "separation"]) // ties in order follow the taxonomy;
    expect(t.chain_edges.numRows).toBe(10);
    const kinds = t.chain_edges.getChild("kind")!.toArray() as string[];
    expect(kinds.filter((k) => k === "feedback")).toHaveLength(1);
    expect(t.chain_stages.schema.metadata.get("sources")).toBe("[]");
  });

  test("an unknown stage names the file, row, column, value and the fix", () => {
    brokenCopy("chain/stages.csv", (s) => s.replace("metals,4,chain", "metal,4,chain"));
    const issues = issuesOf(() => loadChain());
    expect(issues[0]).toMatchObject({file: "data/cases/rare-earths/chain/stages.csv", row: 5, column: "stage_id", value: "metal", problem: "unknown label"});
    expect(issues[0]!.fix).toBe(`use one of: ${STAGES.join(", ")}`);
  });

  test("a stage missing from stages.csv, and an edge that names no stage", () => {
    brokenCopy("chain/stages.csv", (s) => s.replace(/^rnd,.*\n/m, ""));
    expect(issuesOf(() => loadChain())).toEqual([
      {file: "data/cases/rare-earths/chain/stages.csv", column: "stage_id", value: "rnd", problem: 'the taxonomy\'s stage "rnd" has no row', fix: "add a row for rnd (every stage in src/lib/taxonomy.ts STAGES is drawn)"},
      {file: "data/cases/rare-earths/chain/edges.csv", row: 11, column: "from", value: "rnd → magnets", problem: '"rnd" is not a stage of data/cases/rare-earths/chain/stages.csv', fix: "use a stage_id listed there"}
    ]);
  });

  test("a flow edge that goes back along the chain", () => {
    brokenCopy("chain/edges.csv", (s) => s.replace("exploration,mining,flow", "mining,exploration,flow"));
    expect(issuesOf(() => loadChain())).toEqual([
      {file: "data/cases/rare-earths/chain/edges.csv", row: 2, column: "kind", value: "flow", problem: "a flow edge goes forward along the chain, but exploration (step 1) is not after mining (step 2)", fix: "correct the steps in stages.csv, or write feedback for a loop back"}
    ]);
  });

  test("a context figure of another stage", () => {
    const china = loadChina().rows.value_chain_context;
    brokenCopy("chain/stages.csv", (s) => s.replace("metals,4,chain,,", "metals,4,chain,iea-china-magnet-share-2025,"));
    expect(issuesOf(() => loadChain(contextStages(china)))).toEqual([
      {file: "data/cases/rare-earths/chain/stages.csv", row: 5, column: "context_metric_id", value: "iea-china-magnet-share-2025", problem: 'that figure is at the stage "magnets", not "metals"', fix: "pick a figure of this stage, or leave the cell empty"}
    ]);
  });
});
