// The grant-equivalent columns of the published China instruments and US awards tables, on real rows: each expected
// value read off the CSV row and the rule in src/lib/grant-equivalent.ts.
import {tableFromIPC} from "apache-arrow";
import {describe, expect, test} from "vitest";
import {toIpcStream} from "../../loaders/arrow.ts";
import {buildChinaTable} from "../../loaders/china/load.ts";
import {buildUsTable} from "../../loaders/us/load.ts";

type Row = Record<string, unknown>;
const byId = (rows: Row[], key: string) => new Map(rows.map((r) => [r[key] as string, r]));

describe("China instruments: face value, grant equivalent, method", () => {
  const rows = byId(tableFromIPC(toIpcStream(buildChinaTable("instruments"))).toArray().map((r) => r.toJSON() as Row), "instrument_id");
  const pick = (id: string) => {
    const r = rows.get(id)!;
    return [r.amount_cny, r.ge_cny, r.capital_deployed_cny, r.ge_method];
  };

  test("a grant counts at face value: Baotou's pilot, CNY 700 m disbursed", () => {
    expect(pick("cn08-baotou-pilot-disbursed")).toEqual([700_000_000, 700_000_000, null, "face"]);
  });

  test("a state fund's money is capital deployed, not a grant equivalent: the Baotou fund issued CNY 1.69 bn", () => {
    expect(pick("cn20-baotou-fund-issued")).toEqual([1_690_000_000, null, 1_690_000_000, "equity"]);
  });

  test("a per-tonne award is a rule, never priced", () => {
    expect(rows.get("cn01-mining-award")!.ge_method).toBe("rule");
    expect(rows.get("cn01-mining-award")!.ge_cny).toBeNull();
  });

  test("a loan is never counted at its face value: the PBOC re-lending quota of CNY 500 bn is unpriced", () => {
    expect(pick("pboc-relending-2024")).toEqual([500_000_000_000, null, null, "unpriced"]);
  });
});

describe("US awards: face value, grant equivalent, method", () => {
  const rows = byId(tableFromIPC(toIpcStream(buildUsTable("awards"))).toArray().map((r) => r.toJSON() as Row), "award_id");
  const pick = (id: string) => {
    const r = rows.get(id)!;
    return [r.amount_usd, r.ge_usd, r.capital_deployed_usd, r.ge_method];
  };

  test("a DPA Title III award counts at the amount awarded: Urban Mining, $28.8 m", () => {
    expect(pick("dod-dpa3-urban-mining-2020")).toEqual([28_800_000, 28_800_000, null, "face"]);
  });

  test("equity is capital deployed: the DFC stake in TechMet, $105 m", () => {
    expect(pick("dfc-techmet-equity-2024")).toEqual([105_000_000, null, 105_000_000, "equity"]);
  });

  test("a letter of interest has no grant equivalent without a published subsidy cost: EXIM to Rare Element, $553 m", () => {
    expect(pick("exim-loi-rare-element-2025")).toEqual([553_000_000, null, null, "unpriced"]);
  });

  test("a price floor with no payments made is unpriced", () => {
    expect(pick("dod-mp-2025-ndpr-price-floor")).toEqual([null, null, null, "unpriced"]);
  });
});
