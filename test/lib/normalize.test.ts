// Currency conversion and deflation (src/lib/normalize.ts). Expected values are worked by hand in the comments:
// first on a small made-up fixture with round numbers, then one case on the real curated series in data/cases/rare-earths/macro/.
import {tableFromIPC} from "apache-arrow";
import {describe, expect, test} from "vitest";
import {toIpcStream} from "../../loaders/arrow.ts";
import {buildMacroLongTable} from "../../loaders/macro/load.ts";
import {
  conversionFactor,
  deflatorRatio,
  macroFromRows,
  marketToPppRatio,
  MissingSeriesError,
  toConstantUsd,
  type Basis,
  type Deflator
} from "../../src/lib/normalize.ts";

// Hand-made fixture (NOT real data), chosen so the arithmetic is easy to check:
//   cny_per_usd       2020: 6.4   2024: 7.2
//   ppp_cny_per_intl  2020: 4.0   2024: 3.6
//   cpi_u             2020: 250   2022: 290   2024: 300
//   gdp_deflator      2020: 100   2024: 125
// There is deliberately no FX/PPP/GDP value for 2022 and nothing for 2019 or 2030.
const fixture = macroFromRows([
  {series: "cny_per_usd", year: 2020, value: 6.4},
  {series: "cny_per_usd", year: 2024, value: 7.2},
  {series: "ppp_cny_per_intl", year: 2020, value: 4.0},
  {series: "ppp_cny_per_intl", year: 2024, value: 3.6},
  {series: "cpi_u", year: 2020, value: 250},
  {series: "cpi_u", year: 2022, value: 290},
  {series: "cpi_u", year: 2024, value: 300},
  {series: "gdp_deflator", year: 2020, value: 100},
  {series: "gdp_deflator", year: 2024, value: 125}
]);

describe("toConstantUsd on the fixture", () => {
  test.each<[string, number, "USD" | "CNY", number, Basis, number, Deflator, number]>([
    // 1e6 / 6.4 = 156,250 USD of 2020; × CPI 300 / 250 = × 1.2 → 187,500
    ["1,000,000 CNY 2020, market, CPI → 2024", 1_000_000, "CNY", 2020, "market", 2024, "cpi", 187_500],
    // 1e6 / 4.0 = 250,000 intl $ of 2020; × 1.2 → 300,000
    ["1,000,000 CNY 2020, PPP, CPI → 2024", 1_000_000, "CNY", 2020, "ppp", 2024, "cpi", 300_000],
    // 156,250 × GDP deflator 125 / 100 = × 1.25 → 195,312.5
    ["1,000,000 CNY 2020, market, GDP → 2024", 1_000_000, "CNY", 2020, "market", 2024, "gdp", 195_312.5],
    // 250,000 × 1.25 → 312,500
    ["1,000,000 CNY 2020, PPP, GDP → 2024", 1_000_000, "CNY", 2020, "ppp", 2024, "gdp", 312_500],
    // 7.2e6 / 7.2 = 1,000,000; base year = year so × 300 / 300 = 1 → 1,000,000
    ["7,200,000 CNY 2024, market, CPI → 2024", 7_200_000, "CNY", 2024, "market", 2024, "cpi", 1_000_000],
    // 7.2e6 / 3.6 = 2,000,000; × 125 / 125 = 1 → 2,000,000
    ["7,200,000 CNY 2024, PPP, GDP → 2024", 7_200_000, "CNY", 2024, "ppp", 2024, "gdp", 2_000_000],
    // backwards in time: 7.2e6 / 7.2 = 1,000,000; × 250 / 300 = × 0.8333… → 833,333.33…
    ["7,200,000 CNY 2024, market, CPI → 2020", 7_200_000, "CNY", 2024, "market", 2020, "cpi", 2_500_000 / 3],
    // USD skips conversion: 500,000 × 300 / 250 = 600,000
    ["500,000 USD 2020, CPI → 2024", 500_000, "USD", 2020, "market", 2024, "cpi", 600_000],
    // the basis does not matter for USD: 500,000 × 125 / 100 = 625,000
    ["500,000 USD 2020, PPP basis ignored, GDP → 2024", 500_000, "USD", 2020, "ppp", 2024, "gdp", 625_000],
    // 600,000 × 250 / 300 = 500,000
    ["600,000 USD 2024, CPI → 2020", 600_000, "USD", 2024, "market", 2020, "cpi", 500_000],
    // USD needs no FX row, so 2022 works with CPI: 290,000 × 300 / 290 = 300,000
    ["290,000 USD 2022, CPI → 2024 (no FX row for 2022 needed)", 290_000, "USD", 2022, "market", 2024, "cpi", 300_000]
  ])("%s", (_label, amount, currency, year, basis, baseYear, deflator, expected) => {
    expect(toConstantUsd(amount, currency, year, {basis, baseYear, deflator}, fixture)).toBeCloseTo(expected, 6);
  });

  test.each<[number, Basis, Deflator]>([
    [2020, "market", "cpi"],
    [2020, "ppp", "gdp"],
    [2024, "market", "gdp"],
    [2024, "ppp", "cpi"],
    [2022, "market", "cpi"]
  ])("USD passthrough: base year = year (%i, %s, %s) returns the amount unchanged", (year, basis, deflator) => {
    expect(toConstantUsd(123_456.78, "USD", year, {basis, baseYear: year, deflator}, fixture)).toBe(123_456.78);
  });

  test("the building blocks", () => {
    expect(conversionFactor(2020, "market", fixture)).toBe(6.4);
    expect(conversionFactor(2024, "ppp", fixture)).toBe(3.6);
    // 300 / 250 = 1.2; 100 / 125 = 0.8
    expect(deflatorRatio(2020, 2024, "cpi", fixture)).toBeCloseTo(1.2, 12);
    expect(deflatorRatio(2024, 2020, "gdp", fixture)).toBeCloseTo(0.8, 12);
  });

  test.each<[number, number]>([
    // 6.4 / 4.0 = 1.6: PPP gives 300,000 where market gives 187,500 (300,000 / 187,500 = 1.6)
    [2020, 1.6],
    // 7.2 / 3.6 = 2: PPP gives 2,000,000 where market gives 1,000,000
    [2024, 2]
  ])("PPP vs market in %i: the ratio of the two results is cny_per_usd / ppp = %d", (year, ratio) => {
    const opts = {baseYear: 2024, deflator: "cpi" as const};
    const market = toConstantUsd(1_000_000, "CNY", year, {...opts, basis: "market"}, fixture);
    const ppp = toConstantUsd(1_000_000, "CNY", year, {...opts, basis: "ppp"}, fixture);
    expect(ppp / market).toBeCloseTo(ratio, 12);
    expect(marketToPppRatio(year, fixture)).toBeCloseTo(ratio, 12);
  });
});

describe("a missing year throws MissingSeriesError naming the series and year", () => {
  test.each<[string, () => number, string, number, string]>([
    ["CNY in a year without FX", () => toConstantUsd(1, "CNY", 2019, {basis: "market", baseYear: 2024, deflator: "cpi"}, fixture), "cny_per_usd", 2019, "cny_per_usd.csv"],
    ["PPP in a year with CPI but no PPP", () => toConstantUsd(1, "CNY", 2022, {basis: "ppp", baseYear: 2024, deflator: "cpi"}, fixture), "ppp_cny_per_intl", 2022, "ppp_china.csv"],
    ["USD deflated by GDP in a year the deflator lacks", () => toConstantUsd(1, "USD", 2022, {basis: "market", baseYear: 2024, deflator: "gdp"}, fixture), "gdp_deflator", 2022, "us_gdp_deflator.csv"],
    ["a base year beyond the CPI", () => toConstantUsd(1, "USD", 2020, {basis: "market", baseYear: 2030, deflator: "cpi"}, fixture), "cpi_u", 2030, "us_cpi_u.csv"],
    ["a base year before the GDP deflator", () => toConstantUsd(1, "CNY", 2024, {basis: "market", baseYear: 2019, deflator: "gdp"}, fixture), "gdp_deflator", 2019, "us_gdp_deflator.csv"],
    ["the market/PPP ratio", () => marketToPppRatio(2022, fixture), "cny_per_usd", 2022, "cny_per_usd.csv"]
  ])("%s", (_label, run, series, year, file) => {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingSeriesError);
    const e = error as MissingSeriesError;
    expect([e.series, e.year]).toEqual([series, year]);
    expect(e.message).toContain(`No ${series} value for ${year}`);
    expect(e.message).toContain(`Add the ${year} row to data/cases/rare-earths/macro/${file}, or choose another base year or window.`);
  });

  test("the message says what is covered", () => {
    expect(() => conversionFactor(2019, "market", fixture)).toThrow(
      "No cny_per_usd value for 2019 (CNY per USD (market rate, annual average); needed for the market conversion in the amount's year; data/cases/rare-earths/macro/cny_per_usd.csv covers 2020–2024). Add the 2019 row to data/cases/rare-earths/macro/cny_per_usd.csv, or choose another base year or window."
    );
  });
});

describe("macroFromRows fails loudly", () => {
  test.each<[string, {series: string; year: number; value: number}[], string]>([
    ["an unknown series", [{series: "cny_per_eur", year: 2020, value: 7}], 'unknown series "cny_per_eur"'],
    ["two values for one year", [{series: "cpi_u", year: 2020, value: 258.811}, {series: "cpi_u", year: 2020, value: 258.8}], "cpi_u has two values for 2020"],
    ["a zero value", [{series: "gdp_deflator", year: 2020, value: 0}], "gdp_deflator 2020 has a value that is not a positive number"],
    ["a NaN value", [{series: "cny_per_usd", year: 2020, value: Number.NaN}], "cny_per_usd 2020 has a value that is not a positive number"]
  ])("%s", (_label, rows, message) => {
    expect(() => macroFromRows(rows)).toThrow(message);
  });

  test("years that arrive as bigint (DuckDB) are accepted", () => {
    const m = macroFromRows([{series: "cpi_u", year: 2024n as unknown as number, value: 313.689}]);
    expect(m.cpi_u.get(2024)).toBe(313.689);
  });
});

describe("the real curated series (data/cases/rare-earths/macro/, through the long Arrow table pages load)", () => {
  const table = tableFromIPC(toIpcStream(buildMacroLongTable()));
  const macro = macroFromRows(table.toArray() as {series: string; year: number; value: number}[]);

  // From the CSVs: cny_per_usd 2024 = 7.1957 (cny_per_usd.csv); ppp 2024 = 3.52537888953537 (ppp_china.csv);
  // CPI-U 2024 = 313.689 (us_cpi_u.csv). Base year = year, so the CPI ratio is 313.689 / 313.689 = 1.
  //   market: 6,000,000 / 7.1957           = 833,831.3159…
  //   PPP:    6,000,000 / 3.52537888953537 = 1,701,944.7237…
  //   ratio:  7.1957 / 3.52537888953537    = 2.04111394… (the PPP figure is 2.04× the market figure)
  test("6,000,000 CNY in 2024, base 2024, CPI: market 833,831.32, PPP 1,701,944.72", () => {
    const opts = {baseYear: 2024, deflator: "cpi" as const};
    const market = toConstantUsd(6_000_000, "CNY", 2024, {...opts, basis: "market"}, macro);
    const ppp = toConstantUsd(6_000_000, "CNY", 2024, {...opts, basis: "ppp"}, macro);
    expect(market).toBeCloseTo(833_831.3159, 3);
    expect(ppp).toBeCloseTo(1_701_944.7237, 3);
    expect(marketToPppRatio(2024, macro)).toBeCloseTo(2.0411139413, 9);
    expect(ppp / market).toBeCloseTo(2.0411139413, 9);
  });

  // cny_per_usd 2020 = 6.9042; CPI-U 2020 = 258.811, 2024 = 313.689.
  //   1,000,000 / 6.9042 = 144,839.3731…; × 313.689 / 258.811 (= 1.2120389…) = 175,550.9546…
  test("1,000,000 CNY in 2020 at market, in constant 2024 USD by CPI-U: 175,550.95", () => {
    expect(toConstantUsd(1_000_000, "CNY", 2020, {basis: "market", baseYear: 2024, deflator: "cpi"}, macro)).toBeCloseTo(175_550.9546, 3);
  });

  test("2026 is not in the data yet: the error names the file to edit", () => {
    expect(() => toConstantUsd(1, "CNY", 2026, {basis: "market", baseYear: 2024, deflator: "cpi"}, macro)).toThrow(
      "No cny_per_usd value for 2026 (CNY per USD (market rate, annual average); needed for the market conversion in the amount's year; data/cases/rare-earths/macro/cny_per_usd.csv covers 2010–2025)"
    );
  });
});
