import {expect, test} from "vitest";
import {tableFromArrays} from "apache-arrow";
import {arrowToRows, plainValue} from "../../src/lib/rows.ts";

test("BigInt counts become numbers", () => {
  expect(plainValue(1225n, "n")).toBe(1225);
});

test("an integer beyond 2^53 is an error that says to cast, not a silently wrong number", () => {
  expect(() => plainValue(2n ** 60n, "total")).toThrow(/column "total".*cast it to DOUBLE/);
});

test("arrowToRows keeps column names, nulls and values", () => {
  const t = tableFromArrays({a: Float64Array.from([1.5, 2]), s: ["x", "y"]});
  expect(arrowToRows(t)).toEqual([{a: 1.5, s: "x"}, {a: 2, s: "y"}]);
});
