// splitSbirAggregates: the rows of the /sbir aggregates query → summary, by year × phase, by agency, by stage.
// Inputs are written by hand; the expected sums below are worked out from them.
import {expect, test} from "vitest";
import {splitSbirAggregates, type AggregateRow} from "../../src/lib/sbir-aggregates.ts";

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
