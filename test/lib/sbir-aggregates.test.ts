// splitSbirAggregates: the rows of the /sbir aggregates query → summary, by year × phase, by agency, by stage.
// Inputs are written by hand; the expected sums below are worked out from them.
import {describe, expect, test} from "vitest";
import {describeSbirCoverage, splitSbirAggregates, yearRuns, type AggregateRow} from "../../src/lib/sbir-aggregates.ts";

const row = (r: Partial<AggregateRow> & {grp: string; awards: number}): AggregateRow => ({award_year: null, phase: null, agency: null, stage: null, amount_usd: null, companies: null, relevant: null, source_id: null, ...r});

const ROWS: AggregateRow[] = [
  row({grp: "stage", stage: "recycling", awards: 2, companies: 2, amount_usd: 300, source_id: "a;b"}),
  row({grp: "year", award_year: 2021, phase: "II", awards: 3, amount_usd: 1000, source_id: "b"}),
  row({grp: "agency", agency: "NSF", awards: 4, amount_usd: 700, source_id: "a"}),
  row({grp: "year", award_year: 2020, phase: "I", awards: 1, amount_usd: 50, source_id: "a"}),
  row({grp: "year", award_year: 2021, phase: "II", awards: 2, amount_usd: null, source_id: "a"}),
  row({grp: "agency", agency: "DoD", awards: 1, amount_usd: 500, source_id: "b"}),
  row({grp: "agency", agency: "DoD", awards: 2, amount_usd: 250, source_id: "a"}),
  row({grp: "agency", agency: "ED", awards: 1, amount_usd: null, source_id: "a"}),
  row({grp: "all", awards: 8, amount_usd: 1450, companies: 6, relevant: 2}),
  row({grp: "stage", stage: "magnets", awards: 1, companies: 1, amount_usd: 100, source_id: "b"})
];

test("year × phase rows of several sources are added up, their ids joined; sorted by year then phase", () => {
  expect(splitSbirAggregates(ROWS).byYear).toEqual([
    {award_year: 2020, phase: "I", awards: 1, amount_usd: 50, source_id: "a"},
    // 3 + 2 awards; 1000 + unknown = 1000 (the known part); ids a and b
    {award_year: 2021, phase: "II", awards: 5, amount_usd: 1000, source_id: "a;b"}
  ]);
});

test("agencies: largest amount first (DoD 500 + 250 = 750 before NSF 700), unknown amounts last", () => {
  expect(splitSbirAggregates(ROWS).byAgency).toEqual([
    {agency: "DoD", awards: 3, amount_usd: 750, source_id: "a;b"},
    {agency: "NSF", awards: 4, amount_usd: 700, source_id: "a"},
    {agency: "ED", awards: 1, amount_usd: null, source_id: "a"}
  ]);
});

test("summary and stages pass through, stages in name order", () => {
  const {summary, byStage} = splitSbirAggregates(ROWS);
  expect(summary).toEqual({awards: 8, amount_usd: 1450, companies: 6, relevant: 2});
  expect(byStage).toEqual([
    {stage: "magnets", rows: 1, recipients: 1, amount_touching_usd: 100, source_id: "b"},
    {stage: "recycling", rows: 2, recipients: 2, amount_touching_usd: 300, source_id: "a;b"}
  ]);
});

test("no rows at all: a zero summary and empty groups", () => {
  expect(splitSbirAggregates([])).toEqual({summary: {awards: 0, amount_usd: 0, companies: 0, relevant: 0}, byYear: [], byAgency: [], byStage: []});
});

describe("what the award table covers, in words", () => {
  test("years as runs", () => {
    expect(yearRuns([2024, 2001, 2002, 2017, 2018])).toBe("2001–2002, 2017–2018 and 2024");
    expect(yearRuns([2019])).toBe("2019");
    expect(yearRuns([2019, 2020, 2021])).toBe("2019–2021");
    expect(yearRuns([2001, 2003])).toBe("2001 and 2003");
    expect(yearRuns([])).toBe("no year");
  });
  test("the full export, every year present, one phase: no gap clause, no empty phase", () => {
    const f = {min_year: 1983, max_year: 2025, total: 220_000, years: Array.from({length: 43}, (_, i) => 1983 + i), phase_1: 0, phase_2: 220_000, sbir: 200_000, sttr: 20_000, relevant: 1, full_export: true};
    expect(describeSbirCoverage(f)).toBe("This build holds SBIR.gov's full award export: 220,000 awards made in 1983–2025, 220,000 Phase II, 200,000 SBIR and 20,000 STTR; 1 is rare-earth relevant.");
  });
});
