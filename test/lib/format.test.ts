import {describe, expect, test} from "vitest";
import {formatCount, formatCountOf, formatFirmsWithUnstated, formatInt, formatMoney, formatPlain, formatRule, formatUsd, formatUsdExact, plainNote} from "../../src/lib/format.ts";

describe("formatCount", () => {
  test.each([
    [2930, "exact", "2,930"],
    [141000, "more_than", ">141,000"],
    [12000, "about", "~12,000"],
    [0, "exact", "0"],
    [null, "exact", "n/a"]
  ] as const)("%s %s → %s", (n, q, expected) => expect(formatCount(n, q)).toBe(expected));
});

describe("formatMoney", () => {
  test.each([
    [10_000_000_000, "CNY", "CNY 10 bn"],
    [1_710_000_000_000, "CNY", "CNY 1.71 trn"],
    [6_000_000, "CNY", "CNY 6 m"],
    [35_000_000, "USD", "USD 35 m"],
    [1_200_000_000, "CNY", "CNY 1.2 bn"],
    [-2_500_000, "CNY", "−CNY 2.5 m"],
    [100_000, "CNY", "CNY 100 k"],
    [950, "USD", "USD 950"],
    [null, "USD", "n/a"]
  ] as const)("%s %s → %s", (n, c, expected) => expect(formatMoney(n, c)).toBe(expected));
});

test("formatInt", () => {
  expect(formatInt(19444)).toBe("19,444");
  expect(formatInt(undefined)).toBe("n/a");
});

test("formatUsdExact and formatUsd", () => {
  expect(formatUsdExact(4_115_812_863)).toBe("$4,115,812,863");
  expect(formatUsdExact(null)).toBe("n/a");
  expect(formatUsd(35_000_000)).toBe("$35 m");
  // three significant figures, trailing zeros dropped: 400.0 → 400, 2.655 → 2.66 (2,655,000,001), 12.345 → 12.3
  expect(formatUsd(400_000_000)).toBe("$400 m");
  expect(formatUsd(2_655_000_001)).toBe("$2.66 bn");
  expect(formatUsd(12_345)).toBe("$12.3 k");
  expect(formatUsd(950)).toBe("$950");
  // rounding up to the next scale takes it: 999,999,999 → 1,000 m → "$1 bn"; 999.6 → 1,000 → "$1 k"
  expect(formatUsd(999_999_999)).toBe("$1 bn");
  expect(formatUsd(999.6)).toBe("$1 k");
  expect(formatUsd(1.71e12)).toBe("$1.71 trn");
  expect(formatUsd(4_115_812_863)).toBe("$4.12 bn");
  expect(formatUsd(150_000)).toBe("$150 k");
  expect(formatUsd(-2_540_000_000)).toBe("−$2.54 bn");
});

describe("formatPlain", () => {
  test("reads as toLocaleString(en-US, up to 6 decimals), which /scenarios' input diff showed before", () => {
    expect(formatPlain(1234.5)).toBe("1,234.5");
    expect(formatPlain(0.1234567)).toBe("0.123457");
    expect(formatPlain(-3)).toBe("-3");
    expect(formatPlain(2500000)).toBe("2,500,000");
    for (const v of [0, 1, 0.15, 5, 12.5, 1e-7, 3000000.25, -0.5, 42.123456789]) expect(formatPlain(v)).toBe(v.toLocaleString("en-US", {maximumFractionDigits: 6}));
  });
});

describe("formatRule (China rule rows)", () => {
  test("a per-unit rate, a share with a cap, a cap alone, no rule", () => {
    // 1500 ≥ 1e3 → 1500 / 1e3 = 1.5 "k"
    expect(formatRule("cny_per_tonne", 1500, null)).toBe("CNY 1.5 k per tonne");
    // 0.2 × 100 = 20 %; 50000000 / 1e6 = 50 m
    expect(formatRule("share_of_investment", 0.2, 50_000_000)).toBe("20 % of investment, at most CNY 50 m");
    expect(formatRule("cny_per_project", null, 3_000_000)).toBe("at most CNY 3 m per project");
    // 0.25 → 25 %; a whole share → 100 %
    expect(formatRule("share_of_national_grant", 1, null)).toBe("100 % of the national grant");
    expect(formatRule("share_of_national_grant", 0.25, 5_000_000)).toBe("25 % of the national grant, at most CNY 5 m");
    expect(formatRule(null, 5, null)).toBe("");
  });
});

describe("plainNote (a data note as a reader reads it)", () => {
  // Each expected text worked out by hand from the rules in src/lib/format.ts: source ids cut with their "per"/"see";
  // a parenthesis or clause that is a working note (dossier, file, column name) dropped; long integers grouped.
  test("a working-note parenthesis goes, the sentence stays", () => {
    expect(plainNote("CHIPS disbursement to date not found (dossier gap). Manufacturing USA has no total.")).toBe("CHIPS disbursement to date not found. Manufacturing USA has no total.");
  });
  test("source ids are cut, with the word that introduced them", () => {
    expect(plainNote("Baogang holds 36.71% of Northern RE per cn-newsflash-2473855; name not given")).toBe("Baogang holds 36.71% of Northern RE; name not given");
    expect(plainNote("merged into the listed company in 2007 (cn-hnjd626-64682, mirror)")).toBe("Merged into the listed company in 2007");
    expect(plainNote("growth 20.55% a year ((17,600 - 14,600) / 14,600; cn-udn-8925182, cn-chinadailyhk-623538)")).toBe("Growth 20.55% a year ((17,600 - 14,600) / 14,600)");
  });
  test("sentences and clauses about files, columns or the dossier go; long integers are grouped", () => {
    expect(plainNote("The agency rows (sbir_by_agency.csv) sum to 4115812862. The Phase I+II table differs.")).toBe("The agency rows sum to 4,115,812,862. The Phase I+II table differs.");
    expect(plainNote("count_awards empty because the report gives only a total. Amounts are nominal.")).toBe("Amounts are nominal.");
    expect(plainNote("Deal of July 2025; the dossier does not say oxide or metal. Equity at 10 USD/share.")).toBe("Deal of July 2025. Equity at 10 USD/share.");
    expect(plainNote("data/cases/rare-earths/assumptions/china_support.csv: central = 6 million CNY per key-supported little giant")).toBe("Central = 6 million CNY per key-supported little giant");
  });
  test("nothing to say stays empty; a plain note is unchanged", () => {
    expect(plainNote(null)).toBe("");
    expect(plainNote("The dossier does not split SBIR from STTR.")).toBe("");
    expect(plainNote("Primary Federal Register text, 2025-03-20.")).toBe("Primary Federal Register text, 2025-03-20.");
    expect(plainNote("adjusted on /scenarios from scenario us-sme-pipeline (was 5)")).toBe("Adjusted on /scenarios from scenario us-sme-pipeline (was 5)");
  });
});

test("formatFirmsWithUnstated: counts of firms in words, whole numbers, never \"0 + 1\"", () => {
  expect(formatFirmsWithUnstated(3, 0)).toBe("3 firms");
  expect(formatFirmsWithUnstated(1, 0)).toBe("1 firm");
  expect(formatFirmsWithUnstated(0, 0)).toBe("no firms");
  expect(formatFirmsWithUnstated(0, 1)).toBe("no firm counted, 1 kind of firm present without a count");
  expect(formatFirmsWithUnstated(63.8, 2)).toBe("64 firms, and 2 kinds of firm present without a count");
  expect(formatFirmsWithUnstated(2930, 0)).toBe("2,930 firms");
});

describe("formatCountOf", () => {
  test("singular for one, plural otherwise, counts in the site's integer style", () => {
    expect(formatCountOf(1, "recipient")).toBe("1 recipient");
    expect(formatCountOf(8, "recipient")).toBe("8 recipients");
    expect(formatCountOf(0, "award row")).toBe("0 award rows");
    expect(formatCountOf(12000, "entity", "entities")).toBe("12,000 entities");
  });
});
