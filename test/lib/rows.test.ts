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

test("a LIST value (an Arrow vector) becomes a plain array of plain values", async () => {
  const {vectorFromArray, List, Field, Int64} = await import("apache-arrow");
  const lists = vectorFromArray([[1n, 2n], [3n]], new List(new Field("item", new Int64(), true)));
  expect(plainValue(lists.get(0), "l")).toEqual([1, 2]);
  expect(Array.isArray(plainValue(lists.get(1), "l"))).toBe(true);
});
