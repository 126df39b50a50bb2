import {describe, expect, test} from "vitest";
import {stageListLabel} from "../../src/lib/taxonomy.ts";

describe("stageListLabel", () => {
  test("stage codes become their labels, in order; an unknown code is shown as it is", () => {
    expect(stageListLabel("mining;separation")).toBe("Mining & beneficiation; Separation & refining");
    expect(stageListLabel("magnets;rnd", ", ")).toBe("Permanent magnets, R&D, testing, services");
    expect(stageListLabel("several")).toBe("several");
    expect(stageListLabel(null)).toBe("");
  });
});
