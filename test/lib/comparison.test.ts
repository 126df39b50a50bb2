// The rule for showing a ratio or gap (src/lib/comparison.ts), on hand-made cases.
import {describe, expect, test} from "vitest";
import {checkRule, compareSides, pricedShare, type SideTotal} from "../../src/lib/comparison.ts";

// The defaults of anchors-comparison-methods §6.5: ≥ 3 priced rows, ≥ 60 % priced, warn outside 0.1×–50×.
const rule = {min_priced_rows: 3, min_priced_share: 0.6, band_low: 0.1, band_high: 50};
const key = {scope: "re_chain_domestic", measure: "ge", basis: "market", status_class: "committed"};
const side = (value: number, priced: number, known: number, over: Partial<SideTotal> = {}): SideTotal => ({...key, value, priced, known, ...over});

describe("compareSides", () => {
  // China 600 m over 4 of 5 priced (80 %), US 200 m over 3 of 4 priced (75 %): ratio 600 / 200 = 3×, gap 400 m.
  test("matched sides above the thresholds: ratio 3×, gap 400 m", () => {
    const c = compareSides(side(600e6, 4, 5), side(200e6, 3, 4), rule);
    expect(c).toEqual({comparable: true, ratio: 3, gap: 400e6, missing: [], warning: null, china_share: 0.8, us_share: 0.75});
  });

  // China 2 of 9 priced: below both thresholds (2 < 3 rows; 22 % < 60 %) → no ratio, and the reason in words.
  test("one side below the thresholds: no ratio, and what is missing", () => {
    const c = compareSides(side(1.1e6, 2, 9), side(2.55e9, 20, 25), rule);
    expect(c.comparable).toBe(false);
    expect(c.ratio).toBeNull();
    expect(c.gap).toBeNull();
    expect(c.missing).toEqual(["China: 2 of 9 instruments priced (22%), fewer than 3 priced instruments and under 60% priced"]);
    expect(c.china_share).toBeCloseTo(2 / 9, 10);
  });

  // Exactly at the thresholds counts: 3 of 5 priced = 60 %.
  test("exactly 3 priced rows and 60 % is enough", () => {
    expect(compareSides(side(30, 3, 5), side(10, 3, 5), rule).ratio).toBe(3);
  });

  test("enough rows but too small a share: 5 of 10 priced (50%)", () => {
    expect(compareSides(side(30, 5, 10), side(10, 3, 3), rule).missing).toEqual(["China: 5 of 10 instruments priced (50%), under 60% priced"]);
  });

  test("different scopes, measures, bases or status classes never compare, whatever the coverage", () => {
    const c = compareSides(side(30, 5, 5), side(10, 5, 5, {scope: "sme_programmes", basis: "ppp"}), rule);
    expect(c.ratio).toBeNull();
    expect(c.missing).toEqual([
      "the two sides differ in scope (China re_chain_domestic, US sme_programmes)",
      "the two sides differ in currency basis (China market, US ppp)"
    ]);
  });

  // 1.1 m ÷ 2.55 bn = 0.00043× (the old headline) is outside 0.1×–50×: shown with a warning when otherwise matched.
  test("a ratio outside the band carries a warning, not a refusal", () => {
    const c = compareSides(side(1.1e6, 3, 3), side(2.55e9, 3, 3), rule);
    expect(c.comparable).toBe(true);
    expect(c.ratio).toBeCloseTo(0.000431, 6);
    expect(c.warning).toBe("China/US of 0.00043× is outside the plausible band 0.1×–50×: check that the scopes match");
  });

  test("a side with no priced amount cannot be divided by", () => {
    const c = compareSides(side(30, 3, 3), side(0, 3, 3), rule);
    expect(c.ratio).toBeNull();
    expect(c.missing).toEqual(["the US side has no priced amount to divide by"]);
  });

  test("a side that knows no instrument reports no share", () => {
    expect(pricedShare({priced: 0, known: 0})).toBeNull();
    expect(compareSides(side(0, 0, 0), side(10, 3, 3), rule).missing).toEqual(["China: no known instrument"]);
  });
});

test("a quotient that overflows (a US side of a fraction of a cent, fast-check's old counterexample) is no ratio, never Infinity", () => {
  // 1e-15 / 5e-324 overflows a double (> 1.8e308)
  expect(1e-15 / 5e-324).toBe(Infinity);
  const c = compareSides(side(1e-15, 3, 3), side(5e-324, 3, 3), rule);
  expect([c.comparable, c.ratio, c.gap]).toEqual([false, null, null]);
  expect(c.missing).toEqual(["the US side has no priced amount to divide by"]);
});

test("checkRule refuses thresholds out of range, naming them", () => {
  expect(checkRule(rule)).toBe(rule);
  expect(() => checkRule({...rule, min_priced_share: 1.5})).toThrow(/min_priced_share/);
  expect(() => checkRule({...rule, band_high: 0.05})).toThrow(/band_low < band_high/);
});
