import {expect, test} from "vitest";
import {decode, encode} from "../../src/components/url-state.ts";

test.each([
  [2024, "number", "2024"],
  [["obligated", "committed"], "list", "obligated,committed"],
  [[], "list", ""],
  [true, "bool", "1"],
  [false, "bool", "0"],
  ["ppp", "string", "ppp"]
] as const)("encode %j as %s → %s and back", (value, codec, text) => {
  expect(encode(value, codec)).toBe(text);
  expect(decode(text, codec)).toEqual(value);
});

test("values that do not parse decode to null (the input keeps its default)", () => {
  expect(decode("20x4", "number")).toBeNull();
  expect(decode("", "number")).toBeNull();
  expect(decode("maybe", "bool")).toBeNull();
});

test("json codec round-trips an object and rejects malformed text", () => {
  expect(decode(encode({stage: "separation", side: "us"}, "json"), "json")).toEqual({stage: "separation", side: "us"});
  expect(decode("{oops", "json")).toBeNull();
});
