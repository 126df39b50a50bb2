// The stage sentence from data/cases/rare-earths/chain/ (its note and edges), worked out by hand from edges.csv.
import {describe, expect, test} from "vitest";
import {stageSentence} from "../../src/lib/stage-text.ts";

const EDGES = [
  {from: "exploration", to: "mining", kind: "flow"},
  {from: "mining", to: "separation", kind: "flow"},
  {from: "applications", to: "recycling", kind: "flow"},
  {from: "recycling", to: "separation", kind: "feedback"},
  {from: "mining", to: "byproducts", kind: "beside"},
  {from: "support", to: "mining", kind: "beside"}
];

describe("stageSentence", () => {
  test("a stage on the chain: what follows and feeds, and what sits beside it", () => {
    expect(stageSentence("mining", "ore to mineral concentrate", EDGES)).toBe("Ore to mineral concentrate. It follows Exploration and feeds Separation & refining; beside it: By-products, Industrial support & equipment.");
  });
  test("two stages lead into separation; recycling feeds back", () => {
    expect(stageSentence("separation", "concentrate to separated oxides", EDGES)).toBe("Concentrate to separated oxides. It follows Mining & beneficiation and Recycling.");
    expect(stageSentence("recycling", "scrap back to oxides", EDGES)).toBe("Scrap back to oxides. It follows Applications and feeds back into Separation & refining.");
  });
  test("a stage beside the chain, and one with no note or edge", () => {
    expect(stageSentence("support", "industrial support and equipment for the chain", EDGES)).toBe("Industrial support and equipment for the chain. Beside the chain, next to Mining & beneficiation.");
    expect(stageSentence("rnd", null, [])).toBe("R&D, testing, services.");
  });
});
