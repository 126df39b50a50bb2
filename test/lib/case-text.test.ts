import {describe, expect, test} from "vitest";
import slugify from "@sindresorhus/slugify";
import {capitalize, caseTextKeys, expandCaseText, type CaseTextLookup} from "../../src/lib/case-text.ts";
import {headingId} from "../../src/lib/anchor.ts";
import {dealComponentName} from "../../src/lib/deal.ts";

const lookup: CaseTextLookup = {
  text: (key) => (key === "intro" ? "Graphite anodes.\n" : undefined),
  term: (key) => ({chain: "graphite", deal: "the 2024 anode loan"})[key]
};

describe("expandCaseText", () => {
  test("texts trimmed, terms as written, {{Term:…}} capitalised", () => {
    expect(expandCaseText("{{case:intro}} The {{term:chain}} chain. {{Term:deal}}, decomposed.", lookup, "src/x.md", "data/cases/g"))
      .toBe("Graphite anodes. The graphite chain. The 2024 anode loan, decomposed.");
  });
  test("a missing key names the page, the key and the file or term to add", () => {
    expect(() => expandCaseText("{{case:nope}} {{Term:gone}}", lookup, "src/x.md", "data/cases/g")).toThrow(
      'src/x.md uses text the case does not have:\n  {{case:nope}}: add data/cases/g/text/nope.md\n  {{Term:gone}}: add "gone" to the terms of data/cases/g/case.json'
    );
  });
  test("keys a page uses, capitalised terms as terms", () => {
    expect(caseTextKeys("{{case:a}} {{term:b}} {{Term:c}} {{other:d}}")).toEqual(["case:a", "term:b", "term:c"]);
  });
  test("capitalize", () => {
    expect([capitalize("rare-earth"), capitalize(""), capitalize("ärger")]).toEqual(["Rare-earth", "", "Ärger"]);
  });
});

describe("headingId: the id Framework gives a heading", () => {
  // Worked out by hand from the built pages' ids (dist/china.html, dist/us.html) …
  test.each([
    ["Baogang Group's rare-earth portfolio", "baogang-groups-rare-earth-portfolio"],
    ["The 2025 DoD–MP Materials partnership, decomposed", "the-2025-do-d-mp-materials-partnership-decomposed"],
    ["SBIR/STTR: national totals", "sbir-sttr-national-totals"],
    ["FY2022 by agency", "fy-2022-by-agency"],
    ["R&D, testing, services", "r-and-d-testing-services"],
    ["Séparation d'été", "separation-d-ete"]
  ])("%s → %s", (text, id) => {
    expect(headingId(text)).toBe(id);
    // … and the same as Framework's own slugify.
    expect(slugify(text)).toBe(id);
  });
});

describe("dealComponentName", () => {
  test("the prefix every component shares is cut", () => {
    const name = dealComponentName([{program: "DoD-MP 2025 partnership: 10-year warrant"}, {program: "DoD-MP 2025 partnership: NdPr price floor"}]);
    expect(name("DoD-MP 2025 partnership: 10-year warrant")).toBe("10-year warrant");
  });
  test("no shared prefix, nothing cut", () => {
    const name = dealComponentName([{program: "Loan: tranche A"}, {program: "Grant: phase 1"}]);
    expect([name("Loan: tranche A"), name("Grant: phase 1")]).toEqual(["Loan: tranche A", "Grant: phase 1"]);
    expect(dealComponentName([])("Loan: tranche A")).toBe("Loan: tranche A");
  });
});
