// Property-based tests (fast-check) for the normalization and gap model: for any valid input (positive macro series
// covering the years used, non-negative amounts and counts, low ≤ central ≤ high support), no NaN or Infinity comes
// out; the model is monotone where it should be (more firms or more support → the China estimate does not fall;
// more statuses or a wider window → the US total does not fall); market ↔ PPP changes the China side by exactly
// cny_per_usd / ppp and leaves the US side alone. Floating-point rounding is monotone, so the monotonicity
// properties hold exactly, not just approximately.
import fc from "fast-check";
import {describe, expect, test} from "vitest";
import {computeGaps, countedUs, totalGaps, type ChinaFirmRow, type GapInputs, type StageGap, type TierSupport, type UsAwardRow} from "../../src/lib/gaps.ts";
import {conversionFactor, deflatorRatio, marketToPppRatio, MissingSeriesError, toConstantUsd, type MacroSeries} from "../../src/lib/normalize.ts";
import {PIPELINE_TIERS, STAGES_OR_UNKNOWN, US_STATUSES} from "../../src/lib/taxonomy.ts";

const FIRST = 2010;
const LAST = 2025;
const YEARS = Array.from({length: LAST - FIRST + 1}, (_, i) => FIRST + i);

const positive = (min: number, max: number) => fc.double({min, max, noNaN: true, noDefaultInfinity: true});
const series = (min: number, max: number) => fc.array(positive(min, max), {minLength: YEARS.length, maxLength: YEARS.length}).map((vs) => new Map(YEARS.map((y, i) => [y, vs[i] as number])));

/** Every series covers 2010–2025 with plausible positive values (rates, PPP factors and indexes are never ≤ 0). */
const macroArb: fc.Arbitrary<MacroSeries> = fc.record({
  cny_per_usd: series(0.5, 20),
  ppp_cny_per_intl: series(0.2, 10),
  cpi_u: series(20, 1000),
  gdp_deflator: series(20, 500)
});
const year = fc.integer({min: FIRST, max: LAST});
const amount = fc.double({min: 0, max: 1e13, noNaN: true, noDefaultInfinity: true});
const basis = fc.constantFrom("market" as const, "ppp" as const);
const deflator = fc.constantFrom("cpi" as const, "gdp" as const);

const chinaRow: fc.Arbitrary<ChinaFirmRow> = fc.record({
  stage: fc.constantFrom(...STAGES_OR_UNKNOWN),
  tier: fc.constantFrom(...PIPELINE_TIERS),
  count_firms: fc.option(fc.integer({min: 0, max: 200_000}), {nil: null, freq: 5})
});
const usAward: fc.Arbitrary<UsAwardRow> = fc.record({
  award_id: fc.string({minLength: 1, maxLength: 8}),
  recipient: fc.constantFrom("A", "B", "C", "D"),
  status: fc.constantFrom(...US_STATUSES),
  amount_usd: fc.option(fc.double({min: 0, max: 5e9, noNaN: true, noDefaultInfinity: true}), {nil: null, freq: 8}),
  year: fc.option(year, {nil: null, freq: 10}),
  stages: fc.uniqueArray(fc.constantFrom(...STAGES_OR_UNKNOWN), {minLength: 1, maxLength: 4}).map((s) => s.join(";"))
});
const tierSupport: fc.Arbitrary<TierSupport> = fc
  .tuple(fc.double({min: 0, max: 5e7, noNaN: true, noDefaultInfinity: true}), fc.double({min: 0, max: 5e7, noNaN: true, noDefaultInfinity: true}), fc.double({min: 0, max: 5e7, noNaN: true, noDefaultInfinity: true}), fc.boolean())
  .map(([a, b, c, sourced]) => {
    const [low, central, high] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
    return {low_cny: low, central_cny: central, high_cny: high, central_sourced: sourced};
  });
const inputsArb: fc.Arbitrary<GapInputs> = fc.record({
  basis,
  baseYear: year,
  deflator,
  window: fc.tuple(year, year).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]),
  statuses: fc.subarray([...US_STATUSES]),
  chinaYear: year,
  tierSupport: fc.record({tech_innovative: tierSupport, specialized_new: tierSupport, little_giant: tierSupport})
});
const model = fc.record({china: fc.array(chinaRow, {maxLength: 25}), us: fc.array(usAward, {maxLength: 25}), inputs: inputsArb, macro: macroArb});

const NUMERIC: (keyof StageGap)[] = ["china_firms", "china_firms_unstated", "china_low_usd", "china_central_usd", "china_high_usd", "china_sourced_usd", "us_usd", "us_awards", "us_recipients"];
const byStage = (rows: StageGap[]) => new Map(rows.map((r) => [r.stage, r]));
/** Every stage of `before` is in `after` with `field` at least as large. */
function noneFell(before: StageGap[], after: StageGap[], field: keyof StageGap): void {
  const a = byStage(after);
  for (const b of before) expect(a.get(b.stage)?.[field] as number, `${b.stage} ${field}`).toBeGreaterThanOrEqual(b[field] as number);
}
const close = (x: number, y: number, rel = 1e-12) => expect(Math.abs(x - y)).toBeLessThanOrEqual(rel * Math.max(Math.abs(x), Math.abs(y), 1e-300));

describe("normalize: constant USD", () => {
  test("finite and non-negative for every valid amount, year, basis, base year and deflator", () => {
    fc.assert(
      fc.property(macroArb, amount, fc.constantFrom("USD" as const, "CNY" as const), year, basis, year, deflator, (macro, a, currency, y, b, base, d) => {
        const v = toConstantUsd(a, currency, y, {basis: b, baseYear: base, deflator: d}, macro);
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
      })
    );
  });

  test("monotone in the amount: a larger amount never converts to less", () => {
    fc.assert(
      fc.property(macroArb, amount, amount, fc.constantFrom("USD" as const, "CNY" as const), year, basis, year, deflator, (macro, a, b, currency, y, bs, base, d) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const opts = {basis: bs, baseYear: base, deflator: d};
        expect(toConstantUsd(hi, currency, y, opts, macro)).toBeGreaterThanOrEqual(toConstantUsd(lo, currency, y, opts, macro));
      })
    );
  });

  test("PPP / market for a CNY amount equals cny_per_usd / ppp of the amount's year; USD amounts ignore the basis", () => {
    fc.assert(
      fc.property(macroArb, positive(1, 1e13), year, year, deflator, (macro, a, y, base, d) => {
        const ppp = toConstantUsd(a, "CNY", y, {basis: "ppp", baseYear: base, deflator: d}, macro);
        const market = toConstantUsd(a, "CNY", y, {basis: "market", baseYear: base, deflator: d}, macro);
        close(ppp / market, macro.cny_per_usd.get(y)! / macro.ppp_cny_per_intl.get(y)!);
        close(ppp / market, marketToPppRatio(y, macro));
        expect(conversionFactor(y, "market", macro)).toBe(macro.cny_per_usd.get(y));
        expect(toConstantUsd(a, "USD", y, {basis: "ppp", baseYear: base, deflator: d}, macro)).toBe(toConstantUsd(a, "USD", y, {basis: "market", baseYear: base, deflator: d}, macro));
      })
    );
  });

  test("deflating to another year and back is the identity; to the same year changes nothing", () => {
    fc.assert(
      fc.property(macroArb, year, year, deflator, (macro, y, base, d) => {
        close(deflatorRatio(y, base, d, macro) * deflatorRatio(base, y, d, macro), 1);
        expect(deflatorRatio(y, y, d, macro)).toBe(1);
      })
    );
  });

  test("a year outside the series is an error naming the series, never NaN", () => {
    fc.assert(
      fc.property(macroArb, positive(1, 1e9), fc.oneof(fc.integer({min: 1950, max: FIRST - 1}), fc.integer({min: LAST + 1, max: 2100})), basis, deflator, (macro, a, y, b, d) => {
        expect(() => toConstantUsd(a, "CNY", y, {basis: b, baseYear: 2024, deflator: d}, macro)).toThrow(MissingSeriesError);
        expect(() => toConstantUsd(a, "USD", 2024, {basis: b, baseYear: y, deflator: d}, macro)).toThrow(MissingSeriesError);
      })
    );
  });
});

/** A counterexample fast-check found (CI, 2026-11-29): a US side of 5e-324 USD made China/US overflow to Infinity. */
const TINY_US: {china: ChinaFirmRow[]; us: UsAwardRow[]; inputs: GapInputs; macro: MacroSeries} = {
  china: [{stage: "byproducts", tier: "tech_innovative", count_firms: 1}],
  us: [{award_id: " ", recipient: "A", status: "obligated", amount_usd: 5e-324, year: 2014, stages: "byproducts"}],
  inputs: {
    basis: "market", baseYear: 2010, deflator: "cpi", window: [2010, 2014], statuses: ["obligated"], chinaYear: 2010,
    tierSupport: {
      tech_innovative: {low_cny: 0, central_cny: 4.440892098500626e-16, high_cny: 4.440892098500626e-16, central_sourced: false},
      specialized_new: {low_cny: 0, central_cny: 0, high_cny: 0, central_sourced: false},
      little_giant: {low_cny: 0, central_cny: 0, high_cny: 0, central_sourced: false}
    }
  },
  macro: {
    cny_per_usd: new Map(YEARS.map((y) => [y, 0.5])),
    ppp_cny_per_intl: new Map(YEARS.map((y) => [y, 0.2])),
    cpi_u: new Map(YEARS.map((y) => [y, y === 2010 ? 302.32348890051253 : y === 2014 ? 201.5489926003417 : 20])),
    gdp_deflator: new Map(YEARS.map((y) => [y, 20]))
  }
};

describe("gaps: the stage model", () => {
  test("no NaN or Infinity anywhere; low ≤ central ≤ high; sourced ≤ central; totals are the sums of the stages", () => {
    fc.assert(
      fc.property(model, ({china, us, inputs, macro}) => {
        const rows = computeGaps(china, us, inputs, macro);
        for (const r of rows) {
          for (const k of NUMERIC) expect(Number.isFinite(r[k] as number), `${r.stage} ${k}`).toBe(true);
          expect(r.china_low_usd).toBeLessThanOrEqual(r.china_central_usd);
          expect(r.china_central_usd).toBeLessThanOrEqual(r.china_high_usd);
          expect(r.china_sourced_usd).toBeLessThanOrEqual(r.china_central_usd);
          expect(r.us_usd).toBeGreaterThanOrEqual(0);
        }
        const total = totalGaps(rows, countedUs(us, inputs));
        for (const k of NUMERIC) expect(Number.isFinite(total[k as keyof typeof total] as number), k).toBe(true);
        // An award spanning several stages is one award in the total: at most the stage rows' sum, at least any row.
        for (const k of ["us_awards", "us_recipients"] as const) {
          expect(total[k]!).toBeLessThanOrEqual(rows.reduce((s, r) => s + r[k], 0));
          expect(total[k]!).toBeGreaterThanOrEqual(Math.max(0, ...rows.map((r) => r[k])));
        }
        expect(total.china_firms).toBe(china.reduce((s, r) => s + (r.count_firms ?? 0), 0));
      }),
      {examples: [[TINY_US]]}
    );
  });

  test("the US side adds up: stage shares sum to the counted awards' constant-USD amounts", () => {
    fc.assert(
      fc.property(model, ({china, us, inputs, macro}) => {
        const counted = us.filter((a) => a.amount_usd !== null && a.year !== null && a.year >= inputs.window[0] && a.year <= inputs.window[1] && inputs.statuses.includes(a.status));
        const expected = counted.reduce((s, a) => s + toConstantUsd(a.amount_usd!, "USD", a.year!, inputs, macro), 0);
        close(totalGaps(computeGaps(china, us, inputs, macro)).us_usd, expected, 1e-9);
      })
    );
  });

  test("more firms never lower the China estimate of any stage", () => {
    fc.assert(
      fc.property(model, fc.array(chinaRow, {minLength: 1, maxLength: 5}), fc.nat(), fc.integer({min: 1, max: 1000}), ({china, us, inputs, macro}, extra, at, more) => {
        const before = computeGaps(china, us, inputs, macro);
        // New rows anywhere in the list, and one existing row with more firms.
        const grown = [...china];
        grown.splice(at % (grown.length + 1), 0, ...extra);
        const i = at % Math.max(grown.length, 1);
        if (grown[i]?.count_firms !== null && grown[i] !== undefined) grown[i] = {...grown[i]!, count_firms: grown[i]!.count_firms! + more};
        const after = computeGaps(grown, us, inputs, macro);
        for (const f of ["china_firms", "china_low_usd", "china_central_usd", "china_high_usd"] as const) noneFell(before, after, f);
        expect(totalGaps(after).china_central_usd).toBeGreaterThanOrEqual(totalGaps(before).china_central_usd);
      })
    );
  });

  test("more support per firm (any tier, any of low/central/high) never lowers the China estimate", () => {
    fc.assert(
      fc.property(model, fc.constantFrom(...PIPELINE_TIERS), fc.double({min: 0, max: 1e7, noNaN: true, noDefaultInfinity: true}), ({china, us, inputs, macro}, tier, add) => {
        const s = inputs.tierSupport[tier]!;
        const raised = {...inputs, tierSupport: {...inputs.tierSupport, [tier]: {...s, low_cny: s.low_cny + add, central_cny: s.central_cny + add, high_cny: s.high_cny + add}}};
        const before = computeGaps(china, us, inputs, macro);
        const after = computeGaps(china, us, raised, macro);
        for (const f of ["china_low_usd", "china_central_usd", "china_high_usd"] as const) noneFell(before, after, f);
        // The US side does not move.
        expect(after.map((r) => r.us_usd)).toEqual(before.map((r) => r.us_usd));
      })
    );
  });

  test("counting more statuses, or widening the window, never lowers the US side of any stage", () => {
    fc.assert(
      fc.property(model, fc.subarray([...US_STATUSES]), fc.integer({min: 0, max: 5}), ({china, us, inputs, macro}, extra, widen) => {
        const before = computeGaps(china, us, inputs, macro);
        const more = {...inputs, statuses: [...new Set([...inputs.statuses, ...extra])]};
        const wider = {...more, window: [Math.max(FIRST, inputs.window[0] - widen), Math.min(LAST, inputs.window[1] + widen)] as [number, number]};
        for (const after of [computeGaps(china, us, more, macro), computeGaps(china, us, wider, macro)]) {
          noneFell(before, after, "us_usd");
          noneFell(before, after, "us_awards");
          expect(totalGaps(after).us_usd).toBeGreaterThanOrEqual(totalGaps(before).us_usd);
        }
      })
    );
  });

  test("market → PPP multiplies every stage's China side by cny_per_usd / ppp of the valuation year and leaves the US side", () => {
    fc.assert(
      fc.property(model, ({china, us, inputs, macro}) => {
        const market = byStage(computeGaps(china, us, {...inputs, basis: "market"}, macro));
        const ppp = computeGaps(china, us, {...inputs, basis: "ppp"}, macro);
        const factor = macro.cny_per_usd.get(inputs.chinaYear)! / macro.ppp_cny_per_intl.get(inputs.chinaYear)!;
        for (const r of ppp) {
          const m = market.get(r.stage)!;
          expect(r.us_usd).toBe(m.us_usd);
          close(r.china_central_usd, m.china_central_usd * factor, 1e-9);
          close(r.china_high_usd, m.china_high_usd * factor, 1e-9);
        }
      })
    );
  });
});
