import {expect, test} from "vitest";
import {ResultCache} from "../../src/lib/result-cache.ts";
import {query} from "../../src/queries/query.ts";

const q = (phase: string) => query("sbir.t", "SELECT * FROM t WHERE (? = '' OR phase = ?)", [phase, phase]);

test("a result is found only for the same name, SQL text and parameters", () => {
  const cache = new ResultCache();
  cache.set(q("I"), [{n: 1}]);
  expect(cache.get(q("I"))).toEqual([{n: 1}]);
  expect(cache.get(q("II"))).toBeUndefined();
  expect(cache.get({...q("I"), name: "sbir.other"})).toBeUndefined();
  expect(cache.get({...q("I"), sql: "SELECT * FROM t WHERE phase = ? AND ? = ?"})).toBeUndefined();
  // 1 the number is another parameter than "1" the string.
  cache.set(query("t", "SELECT ?", [1]), [{x: 1}]);
  expect(cache.get(query("t", "SELECT ?", ["1"]))).toBeUndefined();
  // An empty result is a result too.
  cache.set(q(""), []);
  expect(cache.get(q(""))).toEqual([]);
});

test("rows come back as fresh objects: changing them changes neither the cache nor what was stored", () => {
  const cache = new ResultCache();
  const stored = [{n: 1, s: "a"}];
  cache.set(q("I"), stored);
  stored[0]!.n = 99;
  const first = cache.get(q("I"))!;
  expect(first).toEqual([{n: 1, s: "a"}]);
  first[0]!.n = 5;
  first.push({n: 7, s: "b"});
  expect(cache.get(q("I"))).toEqual([{n: 1, s: "a"}]);
});

test("the least recently used result goes first when the cache is full", () => {
  const cache = new ResultCache(2);
  cache.set(q("a"), [{n: 1}]);
  cache.set(q("b"), [{n: 2}]);
  // Reading "a" makes "b" the least recently used one: "c" pushes "b" out.
  expect(cache.get(q("a"))).toEqual([{n: 1}]);
  cache.set(q("c"), [{n: 3}]);
  expect(cache.size).toBe(2);
  expect(cache.get(q("b"))).toBeUndefined();
  expect(cache.get(q("a"))).toEqual([{n: 1}]);
  expect(cache.get(q("c"))).toEqual([{n: 3}]);
  // Storing a key again replaces its rows and does not grow the cache.
  cache.set(q("c"), [{n: 4}]);
  expect(cache.size).toBe(2);
  expect(cache.get(q("c"))).toEqual([{n: 4}]);
});

test("the capacity must be a positive integer", () => {
  expect(() => new ResultCache(0)).toThrow(/positive integer/);
  expect(() => new ResultCache(1.5)).toThrow(/positive integer/);
});
