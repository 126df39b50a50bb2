// The US awards loader on the real data/: the corrections and grant-equivalent columns from
// ../shared/research/data-us-scopes-tools.md (§2.3 corrections, §2.1 missing awards), checked by hand.
import {describe, expect, test} from "vitest";
import {loadUs} from "../../loaders/us/load.ts";

const {rows} = loadUs();
const award = (id: string) => {
  const r = rows.awards.find((a) => a.award_id === id);
  if (!r) throw new Error(`no award ${id}`);
  return r;
};

describe("§2.3 corrections", () => {
  test("MP's 2020 DPA award is a technology investment agreement of 2020-11 (FY2021); the 2022 IBAS award a contract", () => {
    expect([award("dod-dpa3-mp-lree-2020").instrument, award("dod-dpa3-mp-lree-2020").date, award("dod-dpa3-mp-lree-2020").fiscal_year]).toEqual(["tia", "2020-11", 2021]);
    expect(award("dod-ibas-mp-hree-2022").instrument).toBe("contract");
  });

  test("48C round 2 was allocated (committed, Treasury jy2779); Project Vault raised to medium", () => {
    expect([award("agg-48c-round2-2024").status, award("agg-48c-round2-2024").source_id]).toEqual(["committed", "us-treasury-jy2779"]);
    expect(award("agg-exim-project-vault-2026").confidence).toBe("medium");
  });
});

describe("grant-equivalent columns", () => {
  test("the Samarium loan: 12 years, rate not public (10-year UST + 1 point); OSC's 100 bn authority carries its 500 m credit subsidy", () => {
    const loan = award("dod-mp-2025-samarium-loan");
    expect([loan.amount_usd, loan.loan_term_years, loan.loan_rate, loan.loan_repayment, loan.status]).toEqual([150_000_000, 12, null, null, "obligated"]);
    const osc = award("agg-osc-lending-authority-2025");
    // 500,000,000 / 100,000,000,000 = 0.5 % of the loan capacity
    expect([osc.amount_usd, osc.subsidy_cost_usd]).toEqual([100_000_000_000, 500_000_000]);
    expect(osc.subsidy_cost_usd! / osc.amount_usd!).toBe(0.005);
  });

  test("the MP floor records USD 110 per kg and the offtake 10,000 t a year; neither has an amount", () => {
    const floor = award("dod-mp-2025-ndpr-price-floor");
    const offtake = award("dod-mp-2025-magnet-offtake");
    expect([floor.floor_price_usd_per_kg, floor.amount_usd, offtake.floor_volume_t_per_year, offtake.amount_usd]).toEqual([110, null, 10_000, null]);
  });

  test("loan columns appear on loan rows only, floor columns on floor and offtake rows only", () => {
    for (const r of rows.awards) {
      if (r.loan_term_years !== null || r.loan_rate !== null || r.loan_repayment !== null) expect(["loan", "conditional_loan"], r.award_id).toContain(r.instrument);
      if (r.floor_price_usd_per_kg !== null) expect(r.instrument, r.award_id).toBe("price_floor");
    }
  });
});

test("§2.1: 21 rows added (the procurement row left out, the joint design contracts split in two); the 18 priced add to the dossier's 1,861,259,999", () => {
  const added = [
    "dod-dpa3-reecycle-2025", "dod-ree-tda-magnetics-2020", "dod-ree-urban-mining-study-2020", "dod-ree-rare-earth-salts-2020",
    "dod-dpa3-hree-design-lynas-2020", "dod-dpa3-hree-design-mp-2020", "dod-dpa3-elementus-2025", "dla-realloys-2026",
    "exim-loi-american-rare-earths-2024", "dfc-aclara-pd-2025", "doe-ga-rer-upton-2021", "doe-ree-demo-phoenix-2026", "osc-phoenix-2026",
    "osc-energy-fuels-2026", "doe-ree-demo-und-2023", "doe-ree-demo-wvu-2023", "doe-wvu-wri-2019", "doe-wvu-research-corp-2024",
    "dod-wvu-2023", "doe-niron-2022", "doe-cma-ames-lab"
  ].map(award);
  expect(added).toHaveLength(21);
  // §2.5: 18 priced rows, 1,861,259,999 (5,100,000 + 2,300,000 + 860,000 + 29,900,000 + 1,700,000 + 456,000,000
  // + 5,000,000 + 21,900,000 + 66,000,000 + 500,000,000 + 725,000,000 + 7,999,999 + 8,000,000 + 5,000,000 + 5,000,000
  // + 3,000,000 + 17,500,000 + 1,000,000); the three unpriced rows (Rare Earth Salts, the two design contracts) stay empty
  const priced = added.filter((r) => r.amount_usd !== null);
  expect(priced).toHaveLength(18);
  expect(priced.reduce((s, r) => s + r.amount_usd!, 0)).toBe(1_861_259_999);
  expect(added.filter((r) => r.geography === "outbound").map((r) => r.award_id)).toEqual(["dfc-aclara-pd-2025"]);
});
