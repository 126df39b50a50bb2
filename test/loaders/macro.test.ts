// The macro loaders on the real data/ (values checked against ../shared/research/data-macro.md), and the checks on
// fixture copies with one deliberate mistake each.
import {tableFromIPC} from "apache-arrow";
import {afterEach, describe, expect, test} from "vitest";
import {toIpcStream} from "../../loaders/arrow.ts";
import {buildMacroLongTable, buildMacroTable, loadMacro, MACRO_TABLES} from "../../loaders/macro/load.ts";
import {MACRO_SERIES} from "../../src/lib/normalize.ts";
import {brokenCopy, restoreDataDir} from "../helpers/broken-data.ts";

const YEARS = Array.from({length: 16}, (_, i) => 2010 + i);

describe("real data", () => {
  const {rows} = loadMacro();

  test("every series covers 2010–2025, one row per year", () => {
    for (const name of Object.keys(MACRO_TABLES) as (keyof typeof MACRO_TABLES)[]) expect(rows[name].map((r) => r.year)).toEqual(YEARS);
  });

  test("CNY per USD equals the dossier's table 1a (FRED AEXCHUS)", () => {
    expect(rows.cny_per_usd.map((r) => r.cny_per_usd)).toEqual([
      6.7696, 6.463, 6.3093, 6.1478, 6.162, 6.2827, 6.64, 6.7569, 6.609, 6.9081, 6.9042, 6.4508, 6.729, 7.0809, 7.1957, 7.1875
    ]);
  });

  test("PPP is the WDI 2026-07-13 vintage; 2025 is a medium-confidence extrapolation", () => {
    const ppp = new Map(rows.ppp_china.map((r) => [r.year, r]));
    // dossier table 2 (4 decimals): 2010 3.3302, 2017 4.0401, 2024 3.5254, 2025 3.3977
    expect(ppp.get(2010)?.cny_per_intl_dollar).toBeCloseTo(3.3302, 4);
    expect(ppp.get(2017)?.cny_per_intl_dollar).toBeCloseTo(4.0401, 4);
    expect(ppp.get(2024)?.cny_per_intl_dollar).toBeCloseTo(3.5254, 4);
    expect(ppp.get(2025)).toMatchObject({cny_per_intl_dollar: 3.39768588417447, confidence: "medium"});
    for (const r of rows.ppp_china) expect(r.vintage).toBe("WDI Last Updated 2026-07-13");
  });

  test("CPI-U annual means equal the BLS annual averages in the dossier (table 3a), 2020–2025", () => {
    const cpi = rows.us_cpi_u.filter((r) => r.year >= 2020).map((r) => [r.year, r.index_1982_84_100, r.count_months]);
    expect(cpi).toEqual([
      [2020, 258.811, 12],
      [2021, 270.97, 12],
      [2022, 292.655, 12],
      [2023, 304.702, 12],
      [2024, 313.689, 12],
      [2025, 321.943, 11]
    ]);
    for (const r of rows.us_cpi_u) expect(r.confidence).toBe("derived");
  });

  test("CPI 2025 says it averages 11 months (no October)", () => {
    const y2025 = rows.us_cpi_u.find((r) => r.year === 2025)!;
    expect(y2025.note).toContain("annual mean of 11 monthly values");
    expect(y2025.note).toContain("October 2025 is missing");
    const y2024 = rows.us_cpi_u.find((r) => r.year === 2024)!;
    expect(y2024.note).toContain("annual mean of 12 monthly values");
  });

  test("GDP deflator: 2017 = 100, 2024 = 125.428; 2020 on from one copy of the current vintage (medium)", () => {
    const gdp = new Map(rows.us_gdp_deflator.map((r) => [r.year, r]));
    expect(gdp.get(2017)?.index_2017_100).toBe(100);
    expect(gdp.get(2024)).toMatchObject({index_2017_100: 125.428, confidence: "medium"});
    expect(gdp.get(2019)?.confidence).toBe("high");
  });

  test("every file maps to a series of src/lib/normalize.ts", () => {
    expect(Object.values(MACRO_SERIES).map((s) => s.file).sort()).toEqual(Object.keys(MACRO_TABLES).map((n) => `${n}.csv`).sort());
  });

  test("the long table: 64 rows, the documented columns, provenance, partial year flagged", () => {
    const table = tableFromIPC(toIpcStream(buildMacroLongTable()));
    expect(table.numRows).toBe(64);
    expect(table.schema.fields.map((f) => f.name)).toEqual(["series", "year", "value", "unit", "source_id", "confidence", "vintage", "note", "partial_year"]);
    expect(table.schema.metadata.get("file")).toBe("data/cases/rare-earths/macro/*.csv");
    const sources = JSON.parse(table.schema.metadata.get("sources") ?? "[]") as {source_id: string}[];
    expect(sources.map((s) => s.source_id)).toEqual(["macro-bls-cpi-u-monthly", "macro-fred-aexchus", "macro-fred-gdp-deflator", "macro-wdi-ppp-2026-07-13"]);
    const rowsOut = table.toArray() as {series: string; year: number; value: number; unit: string; partial_year: boolean}[];
    expect(rowsOut.filter((r) => r.partial_year).map((r) => [r.series, r.year])).toEqual([["cpi_u", 2025]]);
    expect(rowsOut.find((r) => r.series === "ppp_cny_per_intl" && r.year === 2024)).toMatchObject({value: 3.52537888953537, unit: "CNY per international $"});
    expect([...new Set(rowsOut.map((r) => r.series))]).toEqual(["cny_per_usd", "ppp_cny_per_intl", "cpi_u", "gdp_deflator"]);
  });

  test("the per-file CPI table carries count_months and partial_year", () => {
    const t = buildMacroTable("us_cpi_u");
    expect(t.schema.metadata.get("file")).toBe("data/cases/rare-earths/macro/us_cpi_u.csv");
    expect(t.getChild("partial_year")?.toArray()).toEqual([...Array(15).fill(false), true]);
  });
});

describe("checks on a broken copy of data/", () => {
  afterEach(restoreDataDir);

  test("a duplicate year", () => {
    brokenCopy("macro/cny_per_usd.csv", (t) => t.replace("\n2011,6.4630,", "\n2010,6.4630,"));
    expect(() => loadMacro()).toThrow('data/cases/rare-earths/macro/cny_per_usd.csv, row 3, column "year": duplicate key (first used on row 2) (value: "2010"). Fix: make the key unique or delete the duplicate row');
  });

  test("a negative value", () => {
    brokenCopy("macro/ppp_china.csv", (t) => t.replace("\n2024,3.52537888953537,", "\n2024,-3.52537888953537,"));
    expect(() => loadMacro()).toThrow('data/cases/rare-earths/macro/ppp_china.csv, row 16, column "cny_per_intl_dollar": the value must be greater than zero (a rate or price index is never zero or negative) (value: "-3.52537888953537"). Fix: copy the value from the source again');
  });

  test("a zero value", () => {
    brokenCopy("macro/us_gdp_deflator.csv", (t) => t.replace("\n2017,100.000,", "\n2017,0,"));
    expect(() => loadMacro()).toThrow('data/cases/rare-earths/macro/us_gdp_deflator.csv, row 9, column "index_2017_100": the value must be greater than zero');
  });

  test("a value with a thousands separator or a word", () => {
    brokenCopy("macro/us_cpi_u.csv", (t) => t.replace("\n2024,313.689,", "\n2024,about 313,"));
    expect(() => loadMacro()).toThrow('data/cases/rare-earths/macro/us_cpi_u.csv, row 16, column "index_1982_84_100": not a plain number (value: "about 313")');
  });

  test("count_months disagrees with the note (2025 CPI claimed as 12 months)", () => {
    brokenCopy("macro/us_cpi_u.csv", (t) => t.replace("\n2025,321.943,11,", "\n2025,321.943,12,"));
    expect(() => loadMacro()).toThrow('data/cases/rare-earths/macro/us_cpi_u.csv, row 17, column "count_months": the note says the mean covers 11 monthly values (value: 12)');
  });

  test("a source_id missing from the registry", () => {
    brokenCopy("macro/us_gdp_deflator.csv", (t) => t.replace("\n2010,89.632,macro-fred-gdp-deflator,", "\n2010,89.632,macro-no-such-source,"));
    expect(() => loadMacro()).toThrow('data/cases/rare-earths/macro/us_gdp_deflator.csv, row 2, column "source_id": this source_id is not in the sources registry (value: "macro-no-such-source")');
  });
});
