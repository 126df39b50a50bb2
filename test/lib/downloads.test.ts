import {tableFromIPC, tableToIPC} from "apache-arrow";
import {expect, test} from "vitest";
import {rowsToArrow} from "../../src/components/arrow-export.ts";
import {toCsv} from "../../src/components/downloads.ts";

test("rowsToArrow keeps types and nulls, and round-trips through IPC", () => {
  const rows = [
    {award_id: "a1", amount_usd: 35_000_000, obligated: true, stages: ["separation", "metals"], note: null},
    {award_id: "a2", amount_usd: null, obligated: false, stages: ["magnets"], note: "no fixed amount"}
  ];
  const t = tableFromIPC(tableToIPC(rowsToArrow(rows), "file"));
  expect(t.numRows).toBe(2);
  expect(t.toArray().map((r) => r.toJSON())).toEqual([
    {award_id: "a1", amount_usd: 35_000_000, obligated: true, stages: "separation;metals", note: null},
    {award_id: "a2", amount_usd: null, obligated: false, stages: "magnets", note: "no fixed amount"}
  ]);
});

test("toCsv quotes fields with commas and joins lists", () => {
  expect(toCsv([{a: "x, y", b: ["p", "q"], c: null}])).toBe('a,b,c\n"x, y",p;q,');
});
