// Grant equivalents (src/lib/grant-equivalent.ts). Expected values are worked by hand in the comments.
import {tableFromIPC} from "apache-arrow";
import {describe, expect, test} from "vitest";
import {toIpcStream} from "../../loaders/arrow.ts";
import {buildMacroLongTable} from "../../loaders/macro/load.ts";
import {GE_CLASS, grantEquivalent, loanGrantEquivalent, loanPayments, sumGrantEquivalents} from "../../src/lib/grant-equivalent.ts";
import {macroFromRows, toConstantUsd} from "../../src/lib/normalize.ts";
import {CHINA_INSTRUMENTS, US_INSTRUMENTS} from "../../src/lib/taxonomy.ts";

describe("loan grant equivalent: principal − PV of contractual payments at the benchmark", () => {
  // 100 for 10 years at 5 %, interest only (bullet), benchmark 8 % (anchors-comparison-methods §6.6):
  //   PV = 5 × (1 − 1.08^−10) / 0.08 + 100 / 1.08^10 = 5 × 6.710081 + 46.319349 = 79.869756
  //   GE = 100 − 79.869756 = 20.130244
  test("100 at 5 % for 10 years, bullet, against 8 %: 20.13", () => {
    expect(loanGrantEquivalent({principal: 100, rate: 0.05, benchmark: 0.08, years: 10, repayment: "bullet"})).toBeCloseTo(20.1302, 4);
  });

  // The flow form (CSIS/OECD): Σ_t (r_b − c) × balance_t / (1 + r_b)^t = 3 × 6.710081 = 20.130244: the same total.
  test("the stock and the flow forms agree for a bullet loan", () => {
    let flow = 0;
    for (let t = 1; t <= 10; t++) flow += ((0.08 - 0.05) * 100) / 1.08 ** t;
    expect(loanGrantEquivalent({principal: 100, rate: 0.05, benchmark: 0.08, years: 10, repayment: "bullet"})).toBeCloseTo(flow, 10);
  });

  // Annuity: payment = 100 × 0.05 / (1 − 1.05^−10) = 12.950457; PV at 8 % = 12.950457 × 6.710081 = 86.898624;
  // GE = 13.101376.
  test("the same loan repaid as an annuity: 13.10", () => {
    const p = loanPayments({principal: 100, rate: 0.05, years: 10, repayment: "annuity"});
    expect(p).toHaveLength(10);
    expect(p[0]).toBeCloseTo(12.950457, 5);
    expect(loanGrantEquivalent({principal: 100, rate: 0.05, benchmark: 0.08, years: 10, repayment: "annuity"})).toBeCloseTo(13.1014, 4);
  });

  // Equal principal, 100 at 10 % for 2 years: payments 10 + 50 = 60, then 5 + 50 = 55.
  //   at a 10 % benchmark: 60 / 1.1 + 55 / 1.21 = 54.5455 + 45.4545 = 100 → GE 0 (a market-rate loan gives nothing)
  //   at 20 %: 60 / 1.2 + 55 / 1.44 = 50 + 38.194444 = 88.194444 → GE 11.805556
  test("equal principal parts: 0 at the market rate, 11.81 against 20 %", () => {
    expect(loanPayments({principal: 100, rate: 0.1, years: 2, repayment: "equal_principal"})).toEqual([60, 55]);
    expect(loanGrantEquivalent({principal: 100, rate: 0.1, benchmark: 0.1, years: 2, repayment: "equal_principal"})).toBeCloseTo(0, 10);
    expect(loanGrantEquivalent({principal: 100, rate: 0.1, benchmark: 0.2, years: 2, repayment: "equal_principal"})).toBeCloseTo(11.805556, 6);
  });

  test("an interest-free annuity repays principal / n a year", () => {
    expect(loanPayments({principal: 100, rate: 0, years: 4, repayment: "annuity"})).toEqual([25, 25, 25, 25]);
  });

  test("bad terms are refused with the value", () => {
    expect(() => loanPayments({principal: 100, rate: 0.05, years: 0, repayment: "bullet"})).toThrow(/term .*got 0/);
    expect(() => loanPayments({principal: -1, rate: 0.05, years: 5, repayment: "bullet"})).toThrow(/principal .*got -1/);
    expect(() => loanGrantEquivalent({principal: 100, rate: 0.05, benchmark: Number.NaN, years: 5, repayment: "bullet"})).toThrow(/benchmark/);
  });
});

describe("grant equivalent of a row, by instrument", () => {
  test("grants, rewards and tax preferences count at face value", () => {
    for (const instrument of ["grant", "reward", "per_tonne_award", "tax_preference", "tax_credit"]) {
      expect(grantEquivalent({instrument, face: 6_000_000}, null)).toEqual({face: 6_000_000, ge: 6_000_000, capital_deployed: null, method: "face", params: "face value"});
    }
  });

  test("a row with no public amount is a known instrument without a price", () => {
    expect(grantEquivalent({instrument: "reward", face: null}, null)).toMatchObject({ge: null, method: "unpriced", params: "no public amount"});
  });

  test("a rule (yuan per tonne) is never priced, even with a cap", () => {
    expect(grantEquivalent({instrument: "per_tonne_award", face: null, rule: "cny_per_tonne"}, 0.08)).toMatchObject({ge: null, method: "rule"});
  });

  test("a loan uses a published subsidy cost before its terms; never its face value", () => {
    const row = {instrument: "loan", face: 400_000_000, subsidy_cost: 12_500_000, loan_rate: 0.05, loan_term_years: 10, loan_repayment: "bullet" as const};
    expect(grantEquivalent(row, 0.08)).toMatchObject({face: 400_000_000, ge: 12_500_000, method: "credit_subsidy_cost"});
  });

  test("a loan with terms and a benchmark: 100 at 5 %, 10 years, bullet, against 8 % → 20.13", () => {
    const g = grantEquivalent({instrument: "loan", face: 100, loan_rate: 0.05, loan_term_years: 10, loan_repayment: "bullet"}, 0.08);
    expect(g.method).toBe("loan_pv");
    expect(g.ge).toBeCloseTo(20.1302, 4);
    expect(g.params).toBe("5 % for 10 years (bullet) against a 8 % benchmark");
  });

  test("a loan without terms, or without a benchmark, is unpriced (not its face value)", () => {
    expect(grantEquivalent({instrument: "loan", face: 150_000_000}, 0.08)).toMatchObject({ge: null, method: "unpriced", params: "loan terms not public"});
    expect(grantEquivalent({instrument: "conditional_loan", face: 100, loan_rate: 0.05, loan_term_years: 10, loan_repayment: "bullet"}, null)).toMatchObject({ge: null, method: "unpriced", params: "no benchmark rate set"});
  });

  test("a guarantee or letter of interest is priced only by a published fee or subsidy cost", () => {
    expect(grantEquivalent({instrument: "loi", face: 350_000_000}, 0.08)).toMatchObject({ge: null, method: "unpriced"});
    expect(grantEquivalent({instrument: "loan_guarantee", face: 350_000_000, subsidy_cost: 7_000_000}, 0.08)).toMatchObject({ge: 7_000_000, method: "credit_subsidy_cost"});
  });

  test("equity is capital deployed, outside the GE", () => {
    expect(grantEquivalent({instrument: "equity", face: 400_000_000}, 0.08)).toEqual({face: 400_000_000, ge: null, capital_deployed: 400_000_000, method: "equity", params: "capital deployed, not a grant equivalent"});
    expect(grantEquivalent({instrument: "fund", face: 1e9}, 0.08).capital_deployed).toBe(1e9);
  });

  test("a price floor counts only the payments made", () => {
    expect(grantEquivalent({instrument: "price_floor", face: null}, null)).toMatchObject({ge: null, method: "unpriced"});
    expect(grantEquivalent({instrument: "price_floor", face: null, paid: 25_000_000}, null)).toMatchObject({ge: 25_000_000, method: "payments_made"});
  });

  test("an unknown instrument names the table to edit", () => {
    expect(() => grantEquivalent({instrument: "barter", face: 1}, null)).toThrow(/unknown instrument "barter".*GE_CLASS/);
  });

  test("every US instrument code has a GE class", () => {
    for (const i of US_INSTRUMENTS) expect(GE_CLASS[i], i).toBeDefined();
  });

  test("sums skip unpriced rows and keep equity apart", () => {
    // 6 m reward + 20.13 loan GE + (unpriced loan) + 400 m equity: GE 6,000,020.13 of 3 GE-able rows priced 2 of 4 known
    const rows = [
      grantEquivalent({instrument: "reward", face: 6_000_000}, null),
      grantEquivalent({instrument: "loan", face: 100, loan_rate: 0.05, loan_term_years: 10, loan_repayment: "bullet"}, 0.08),
      grantEquivalent({instrument: "loan", face: 5e8}, 0.08),
      grantEquivalent({instrument: "equity", face: 4e8}, 0.08)
    ];
    const s = sumGrantEquivalents(rows);
    expect(s.ge).toBeCloseTo(6_000_020.1302, 3);
    expect(s).toMatchObject({priced: 2, known: 4, capital_deployed: 4e8});
  });
});

// CSIS Red Ink's market-rate total reproduces: CNY 1.71 trn at 6.9081 CNY per USD (2019 annual average, the curated
// series) = 1.71e12 / 6.9081 = 247.5355e9 USD, "$248 bn" in the CSIS brief. Base year 2019, so no deflation.
test("CNY 1.71 trn in 2019 at the market rate is USD 247.5 bn", () => {
  const macro = macroFromRows(tableFromIPC(toIpcStream(buildMacroLongTable())).toArray() as {series: string; year: number; value: number}[]);
  const usd = toConstantUsd(1.71e12, "CNY", 2019, {basis: "market", baseYear: 2019, deflator: "cpi"}, macro);
  expect(usd / 1e9).toBeCloseTo(247.5355, 3);
});

test("CHINA_INSTRUMENTS all have a GE class", () => {
  for (const i of CHINA_INSTRUMENTS) expect(GE_CLASS[i], i).toBeDefined();
});
