import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {classify, classifyAward, matchingRules, rulePatternProblem, prefilterSql, ruleRegex, type Rule} from "../../src/lib/sbir-rules.ts";
import {readRules} from "../../loaders/sbir/config.ts";

const rules = readRules(resolve(__dirname, "../../data/cases/rare-earths/sbir/rules.csv"));
const inTitle = (title: string) => classifyAward(rules, {title});
const inAbstract = (abstract: string) => classifyAward(rules, {abstract});

describe("ruleRegex", () => {
  it("compiles phrases with a start boundary and flexible separators", () => {
    expect(ruleRegex({pattern: "rare earth", match: "phrase"})).toBe(String.raw`\brare[\s-]*earth`);
    expect(ruleRegex({pattern: "Nd-Fe-B", match: "word"})).toBe(String.raw`\bNd[\s-]*Fe[\s-]*B\b`);
  });
  it("escapes regex characters in phrases and keeps regexes as written", () => {
    expect(ruleRegex({pattern: "Sm2Co17 (2:17)", match: "phrase"})).toBe(String.raw`\bSm2Co17[\s-]*\(2:17\)`);
    expect(ruleRegex({pattern: String.raw`\bmagnets?\b`, match: "regex"})).toBe(String.raw`\bmagnets?\b`);
  });
});

describe("rulePatternProblem", () => {
  it("accepts portable patterns", () => {
    expect(rulePatternProblem({pattern: String.raw`\bbastn(a|ae)site\b`, match: "regex"})).toBeNull();
    expect(rulePatternProblem({pattern: "rare earth", match: "phrase"})).toBeNull();
  });
  it("rejects what RE2 cannot run or what would match everything", () => {
    expect(rulePatternProblem({pattern: "magnet(?!ic)", match: "regex"})).toMatch(/lookaround/);
    expect(rulePatternProblem({pattern: "(?<=rare )earth", match: "regex"})).toMatch(/lookaround/);
    expect(rulePatternProblem({pattern: String.raw`(rare)\1`, match: "regex"})).toMatch(/backreference/);
    expect(rulePatternProblem({pattern: "(?i)rare", match: "regex"})).toMatch(/inline flags/);
    expect(rulePatternProblem({pattern: "x*", match: "regex"})).toMatch(/empty string/);
    expect(rulePatternProblem({pattern: "([a", match: "regex"})).toMatch(/not a valid regular expression/);
    expect(rulePatternProblem({pattern: "-magnet", match: "word"})).toMatch(/start with a letter/);
  });
});

describe("the rules in data/cases/rare-earths/sbir/rules.csv", () => {
  it("do not flag magnetic, electromagnetic, magnetometer or ytterbium", () => {
    for (const text of [
      "Magnetic resonance imaging coil",
      "Electromagnetic launcher for UAVs",
      "A chip-scale magnetometer",
      "Ytterbium-doped fiber amplifier",
      "ytterbium/erbium co-doped glass",
      "Electromagnets and magnetostrictive actuators"
    ]) {
      expect(inTitle(text), text).toEqual({re_relevant: false, matched_rules: null, stages: null});
      expect(inAbstract(text), text).toEqual({re_relevant: false, matched_rules: null, stages: null});
    }
  });

  it("count permanent magnet only with a rare-earth term (rules-check.csv: alone it flagged devices that use magnets)", () => {
    expect(inTitle("Permanent magnet quadrupoles for a linear collider")).toEqual({re_relevant: false, matched_rules: null, stages: null});
    expect(inAbstract("A valve coupled through permanent magnets").re_relevant).toBe(false);
    expect(inAbstract("NdFeB permanent magnets provide the field")).toEqual({re_relevant: true, matched_rules: "ndfeb;permanent-magnet", stages: "magnets"});
  });

  it("read a bare magnet in the title only: beside rare earth in an abstract it named superconducting magnets (REBCO)", () => {
    const rebco = {title: "Round wires of REBCO coated conductors", abstract: "REBCO (RE = rare earth) HTS wires for accelerator magnets"};
    expect(classifyAward(rules, rebco)).toEqual({re_relevant: true, matched_rules: "rare-earth", stages: "unknown"});
    expect(inTitle("Neodymium magnets recycled")).toEqual({re_relevant: true, matched_rules: "neodymium;magnet;recycling", stages: "magnets;recycling"});
  });

  it("count a bare whole-word magnet only with a rare-earth context", () => {
    expect(matchingRules(rules, {title: "Superconducting magnet for MRI"})).toEqual(["magnet"]);
    expect(inTitle("Superconducting magnet for MRI").re_relevant).toBe(false);
    expect(inTitle("Samarium magnets for MRI")).toEqual({re_relevant: true, matched_rules: "samarium;magnet", stages: "magnets"});
  });

  it("flag the rare-earth terms in their spellings", () => {
    const cases: [string, string][] = [
      ["Rare earth element supply", "rare-earth"],
      ["rare-earth-free motors", "rare-earth"],
      ["RARE EARTHS", "rare-earth"],
      ["Lanthanides in glass", "lanthanide"],
      ["neodymium-doped YAG", "neodymium"],
      ["Praseodymium oxide", "praseodymium"],
      ["Dysprosium reduction", "dysprosium"],
      ["Terbium-doped phosphor", "terbium"],
      ["Samarium cobalt magnets", "samarium;smco;magnet"],
      ["Sm2Co17 alloy", "smco"],
      ["Bonded NdFeB", "ndfeb"],
      ["Nd-Fe-B powders", "ndfeb"],
      ["Nd2Fe14B grains", "ndfeb"],
      ["Neodymium-iron-boron magnets", "neodymium;ndfeb;magnet"],
      ["Rare-earth permanent-magnet machine", "rare-earth;permanent-magnet;re-magnet;magnet"],
      ["Samarium Permanent Magnets for TWTs", "samarium;permanent-magnet;magnet"],
      ["Rare earth magnets", "rare-earth;re-magnet;magnet"],
      ["Monazite sands", "monazite"],
      ["Bastnaesite flotation", "bastnasite"],
      ["bastnasite ore", "bastnasite"],
      ["Xenotime concentrate", "xenotime"]
    ];
    for (const [title, ids] of cases) expect(inTitle(title).matched_rules, title).toBe(ids);
  });

  it("assign stages as the union of counted rules, dropping unknown when a stage is named", () => {
    expect(inTitle("Rare earth materials")).toEqual({re_relevant: true, matched_rules: "rare-earth", stages: "unknown"});
    expect(inTitle("Recycling of NdFeB magnets")).toEqual({re_relevant: true, matched_rules: "ndfeb;magnet;recycling", stages: "magnets;recycling"});
    expect(inTitle("Rare earth separation by solvent extraction")).toEqual({
      re_relevant: true,
      matched_rules: "rare-earth;re-separation;solvent-extraction",
      stages: "separation"
    });
    expect(inTitle("Rare earth element deposits of Alaska").stages).toBe("mining");
    expect(inTitle("Rare-earth alloys for hydrogen storage").stages).toBe("metals");
    expect(inTitle("Solvent extraction of uranium").re_relevant).toBe(false);
  });

  it("look only in a rule's fields", () => {
    // rare-earth reads title, abstract and topic; neodymium reads title and abstract only
    expect(classifyAward(rules, {topic: "Rare Earth Elements"}).matched_rules).toBe("rare-earth");
    expect(classifyAward(rules, {topic: "NEODYMIUM"}).re_relevant).toBe(false);
    expect(classifyAward(rules, {title: null, abstract: "mentions neodymium"}).matched_rules).toBe("neodymium");
  });
});

describe("classify", () => {
  const r = (rule_id: string, standalone: boolean, stages: Rule["stages"]): Rule => ({rule_id, pattern: rule_id, match: "word", fields: ["title"], standalone, stages});
  const toy = [r("a", true, ["unknown"]), r("b", false, ["recycling"]), r("c", true, ["mining", "separation"])];
  it("keeps rules-file order and taxonomy order whatever the input order", () => {
    expect(classify(toy, ["c", "b", "a"])).toEqual({re_relevant: true, matched_rules: "a;b;c", stages: "mining;separation;recycling"});
  });
  it("ignores context rules alone and unknown ids", () => {
    expect(classify(toy, ["b", "zzz"])).toEqual({re_relevant: false, matched_rules: null, stages: null});
    expect(classify(toy, ["a"])).toEqual({re_relevant: true, matched_rules: "a", stages: "unknown"});
  });
});

describe("prefilterSql", () => {
  it("combines the standalone rules of each field into one case-insensitive regex", () => {
    const toy: Rule[] = [
      {rule_id: "x", pattern: "it's", match: "phrase", fields: ["title", "topic"], standalone: true, stages: ["unknown"]},
      {rule_id: "z", pattern: "ree", match: "word", fields: ["title"], standalone: true, stages: ["unknown"]},
      {rule_id: "y", pattern: "magnet", match: "word", fields: ["abstract"], standalone: false, stages: ["magnets"]}
    ];
    expect(prefilterSql(toy, {title: "t", abstract: "a", topic: "p"})).toBe(
      String.raw`regexp_matches(coalesce(t, ''), '(?:\bit''s)|(?:\bree\b)', 'i') OR regexp_matches(coalesce(p, ''), '(?:\bit''s)', 'i')`
    );
    expect(prefilterSql(toy.slice(2), {title: "t", abstract: "a", topic: "p"})).toBe("false");
  });
});
