/**
 * Grant equivalents (GE): the support an instrument gives, comparable across grants, loans and equity, on either
 * side. Pure and isomorphic. The rules follow the countervailing-duty rules (19 CFR 351.505–.507), US credit
 * reform (FCRA subsidy cost) and the OECD/CSIS practice, as summarised in docs/comparison.md:
 *
 *   grant, reward, per-tonne award, tax preference, interest subsidy paid   GE = face value
 *   loan with a published credit-subsidy cost                               GE = that cost
 *   loan with known contractual terms                                       GE = L − Σ_t CF_t / (1 + r_b)^t
 *                                                                           (annual payments, end of year)
 *   loan, guarantee or letter of interest with neither                      unpriced
 *   equity or fund stake                                                    GE none; face = capital deployed
 *   price floor or offtake                                                  GE = payments made, if any are public
 *   stockpile purchase                                                      unpriced (a purchase, not a transfer)
 *   a rule (yuan per tonne, a share of investment)                          never priced or summed
 */

export type Repayment = "bullet" | "annuity" | "equal_principal";
export const REPAYMENTS: readonly Repayment[] = ["bullet", "annuity", "equal_principal"];

export interface LoanTerms {
  /** Principal, in any currency. */
  principal: number;
  /** Contractual annual interest rate (0.05 = 5 %). */
  rate: number;
  /** Benchmark annual rate for a comparable commercial loan to that borrower. */
  benchmark: number;
  /** Term in whole years. */
  years: number;
  /** bullet: interest only, principal at the end; annuity: equal payments; equal_principal: equal principal parts. */
  repayment: Repayment;
}

/** The contractual payments (interest + principal) at the end of years 1..n. */
export function loanPayments({principal: L, rate: c, years: n, repayment}: Omit<LoanTerms, "benchmark">): number[] {
  if (!(L >= 0) || !Number.isFinite(L)) throw new RangeError(`loan principal must be a finite number ≥ 0 (got ${L})`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`loan term must be a whole number of years ≥ 1 (got ${n})`);
  if (!(c >= 0) || !Number.isFinite(c)) throw new RangeError(`loan rate must be a finite rate ≥ 0 (got ${c})`);
  const out: number[] = [];
  if (repayment === "bullet") {
    for (let t = 1; t <= n; t++) out.push(c * L + (t === n ? L : 0));
  } else if (repayment === "annuity") {
    const a = c === 0 ? L / n : (L * c) / (1 - (1 + c) ** -n);
    for (let t = 1; t <= n; t++) out.push(a);
  } else {
    let balance = L;
    for (let t = 1; t <= n; t++) {
      out.push(c * balance + L / n);
      balance -= L / n;
    }
  }
  return out;
}

/** GE of a below-market loan: principal − present value of its contractual payments at the benchmark rate. */
export function loanGrantEquivalent(terms: LoanTerms): number {
  const rb = terms.benchmark;
  if (!(rb > -1) || !Number.isFinite(rb)) throw new RangeError(`benchmark rate must be a finite rate > −100 % (got ${rb})`);
  const pv = loanPayments(terms).reduce((s, cf, i) => s + cf / (1 + rb) ** (i + 1), 0);
  return terms.principal - pv;
}

/** How a row's GE was found. `unpriced` and `rule` rows count as known instruments with no price. */
export type GeMethod = "face" | "credit_subsidy_cost" | "loan_pv" | "equity" | "payments_made" | "unpriced" | "rule";

/** The instrument classes the GE rules distinguish; each side's codes map onto one of them. */
export type GeClass = "transfer" | "loan" | "guarantee" | "equity" | "floor_offtake" | "purchase";

/** China's instrument codes (data/cases/<case>/china/instruments.csv) and the US codes (data/cases/<case>/us/awards.csv) → GE class. */
export const GE_CLASS: Record<string, GeClass> = {
  // transfers: the face value is the support
  grant: "transfer",
  reward: "transfer",
  per_tonne_award: "transfer",
  tax_preference: "transfer",
  tax_credit: "transfer",
  interest_subsidy: "transfer",
  // US award agreements (DPA Title III, IBAS, DOE): grant-like obligations, counted at the amount awarded
  contract: "transfer",
  tia: "transfer",
  other: "transfer",
  loan: "loan",
  conditional_loan: "loan",
  loan_guarantee: "guarantee",
  loi: "guarantee",
  equity: "equity",
  fund: "equity",
  price_floor: "floor_offtake",
  offtake: "floor_offtake",
  stockpile_purchase: "purchase"
};

export interface GeInput {
  instrument: string;
  /** Face value (amount of the award, principal, or equity invested); null when no public amount. */
  face: number | null;
  /** A rule row (e.g. yuan per tonne): never priced or summed. */
  rule?: string | null;
  loan_rate?: number | null;
  loan_term_years?: number | null;
  loan_repayment?: Repayment | null;
  /** A published credit-subsidy cost (US FCRA) for a loan, guarantee or letter of interest. */
  subsidy_cost?: number | null;
  /** Payments actually made under a price floor or offtake. */
  paid?: number | null;
}

export interface GrantEquivalent {
  face: number | null;
  /** The grant equivalent; null when unpriced (or for equity, which is capital deployed). */
  ge: number | null;
  /** Equity and fund stakes at face value, kept out of GE sums. */
  capital_deployed: number | null;
  method: GeMethod;
  /** The method's parameters in words, for a reader (e.g. "5 % for 10 years, bullet, against 8 %"). */
  params: string;
}

const pct = (r: number) => `${+(r * 100).toFixed(3)} %`;

/** The GE of one row. `benchmark` is the side's benchmark rate (an input), or null when none is set. */
export function grantEquivalent(row: GeInput, benchmark: number | null): GrantEquivalent {
  const cls = GE_CLASS[row.instrument];
  if (!cls) throw new RangeError(`unknown instrument "${row.instrument}": add it to GE_CLASS in src/lib/grant-equivalent.ts`);
  const face = row.face;
  const none = (method: GeMethod, params: string): GrantEquivalent => ({face, ge: null, capital_deployed: null, method, params});
  if (row.rule) return none("rule", `a rule (${row.rule}): no total to price`);
  switch (cls) {
    case "transfer":
      return face === null ? none("unpriced", "no public amount") : {face, ge: face, capital_deployed: null, method: "face", params: "face value"};
    case "loan":
    case "guarantee": {
      if (row.subsidy_cost != null) return {face, ge: row.subsidy_cost, capital_deployed: null, method: "credit_subsidy_cost", params: "published credit-subsidy cost"};
      if (cls === "guarantee") return none("unpriced", "no published fee or subsidy cost");
      const {loan_rate: rate, loan_term_years: years, loan_repayment: repayment} = row;
      if (face === null) return none("unpriced", "no public amount");
      if (rate == null || years == null || repayment == null) return none("unpriced", "loan terms not public");
      if (benchmark === null) return none("unpriced", "no benchmark rate set");
      const ge = loanGrantEquivalent({principal: face, rate, benchmark, years, repayment});
      return {face, ge, capital_deployed: null, method: "loan_pv", params: `${pct(rate)} for ${years} years (${repayment.replace("_", " ")}) against a ${pct(benchmark)} benchmark`};
    }
    case "equity":
      return {face, ge: null, capital_deployed: face, method: "equity", params: "capital deployed, not a grant equivalent"};
    case "floor_offtake":
      return row.paid != null ? {face, ge: row.paid, capital_deployed: null, method: "payments_made", params: "payments made"} : none("unpriced", "no payments made are public");
    case "purchase":
      return none("unpriced", "a purchase at an undisclosed price");
  }
}

/** Sum of GE over rows, skipping unpriced ones; with how many were priced of how many known. */
export function sumGrantEquivalents(rows: readonly GrantEquivalent[]): {ge: number; priced: number; known: number; capital_deployed: number} {
  let ge = 0;
  let priced = 0;
  let capital = 0;
  for (const r of rows) {
    if (r.ge !== null) {
      ge += r.ge;
      priced++;
    }
    if (r.capital_deployed !== null) capital += r.capital_deployed;
  }
  return {ge, priced, known: rows.length, capital_deployed: capital};
}
