import {expect, test} from "vitest";
import {allowed, query} from "../../src/queries/query.ts";

test("a query's placeholders must match its parameters", () => {
  expect(() => query("q", "SELECT ? + ?", [1])).toThrow("query q: 2 placeholders but 1 parameters");
  expect(query("q", "SELECT ?", [1]).params).toEqual([1]);
});

test("identifiers come only from an allow-list", () => {
  expect(allowed("year", ["year", "amount"] as const, "sort")).toBe("year");
  expect(() => allowed("year; DROP TABLE x", ["year", "amount"] as const, "sort")).toThrow('sort: "year; DROP TABLE x" is not one of year, amount');
});
