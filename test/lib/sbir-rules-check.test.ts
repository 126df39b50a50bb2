// The hand check of the SBIR keyword rules (data/cases/rare-earths/sbir/rules-check.csv, data/cases/rare-earths/sbir/README.md "Hand check of the
// rules"): 55 rule matches in the shipped extract, each judged by reading the award. The recorded verdicts must still
// hold for the rules in data/cases/rare-earths/sbir/rules.csv: an award judged right is classified as judged, a match judged wrong and
// fixed no longer counts, and a known limit (judged wrong, not fixable by keywords) is still listed as one.
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {parse} from "csv-parse/sync";
import {describe, expect, test} from "vitest";
import {readRules} from "../../loaders/sbir/config.ts";
import {classifyAward} from "../../src/lib/sbir-rules.ts";

const root = resolve(__dirname, "../..");
const rules = readRules(resolve(root, "data/cases/rare-earths/sbir/rules.csv"));
type Check = Record<"agency_tracking_number" | "title" | "rule_id" | "counted_before" | "verdict" | "fixed" | "expected_relevant" | "expected_stages" | "reason", string>;
const check = parse(readFileSync(resolve(root, "data/cases/rare-earths/sbir/rules-check.csv")), {columns: true}) as Check[];
const extract = new Map((parse(readFileSync(resolve(root, "data/cases/rare-earths/sbir/extract.csv")), {columns: true}) as Record<string, string>[]).map((r) => [r["Agency Tracking Number"]!, r]));
const classified = (id: string) => {
  const r = extract.get(id)!;
  return classifyAward(rules, {title: r["Award Title"], abstract: r["Abstract"], topic: r["Topic Code"]});
};
const awards = [...new Set(check.map((c) => c.agency_tracking_number))];
const rowsOf = (id: string) => check.filter((c) => c.agency_tracking_number === id);
const knownLimit = (id: string) => rowsOf(id).some((c) => c.fixed === "no");

describe("the recorded sample", () => {
  test("at least 50 matches from the shipped extract, every row with a verdict and a reason; titles as in the extract", () => {
    expect(check.length).toBeGreaterThanOrEqual(50);
    for (const c of check) {
      expect(extract.get(c.agency_tracking_number)?.["Award Title"], c.agency_tracking_number).toBe(c.title);
      expect(["correct", "wrong"]).toContain(c.verdict);
      expect(c.verdict === "wrong" ? ["yes", "no"] : [""]).toContain(c.fixed);
      expect(c.reason.length).toBeGreaterThan(10);
      expect(rules.some((r) => r.rule_id === c.rule_id), c.rule_id).toBe(true);
    }
  });

  test("precision as recorded in data/cases/rare-earths/sbir/README.md: 36 of 55 matches right, 25 of the 44 that counted; 11 of 21 relevant awards", () => {
    expect(check.filter((c) => c.verdict === "correct")).toHaveLength(36);
    const counted = check.filter((c) => c.counted_before === "true");
    expect(counted).toHaveLength(44);
    expect(counted.filter((c) => c.verdict === "correct")).toHaveLength(25);
    const relevantBefore = awards.filter((id) => rowsOf(id).some((c) => c.counted_before === "true"));
    expect(relevantBefore).toHaveLength(21);
    expect(relevantBefore.filter((id) => rowsOf(id)[0]!.expected_relevant === "true")).toHaveLength(11);
  });
});

describe("the verdicts still hold for data/cases/rare-earths/sbir/rules.csv", () => {
  test.each(awards.filter((id) => !knownLimit(id)))("%s is classified as judged", (id) => {
    const {expected_relevant, expected_stages} = rowsOf(id)[0]!;
    const c = classified(id);
    expect(c.re_relevant).toBe(expected_relevant === "true");
    expect(c.stages ?? "").toBe(expected_stages);
  });

  test.each(check.filter((c) => c.verdict === "wrong" && c.fixed === "yes").map((c) => [c.agency_tracking_number, c.rule_id]))("the wrong match %s / %s no longer counts", (id, rule) => {
    expect((classified(id).matched_rules ?? "").split(";")).not.toContain(rule);
  });

  test("the known limits are still wrong (a passing mention of neodymium, a dysprosium tracer): the README lists them", () => {
    const limits = awards.filter(knownLimit);
    expect(limits).toEqual(["992248", "DK056561"]);
    for (const id of limits) expect(classified(id).re_relevant).not.toBe(rowsOf(id)[0]!.expected_relevant === "true");
  });
});
