import type {Table} from "apache-arrow";
import * as aq from "arquero";
import {MACRO_SERIES, SERIES_NAMES, type SeriesName} from "../../src/lib/normalize.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {buildGroupTable, loadGroup, spec, type GroupRows, type LoadedGroup} from "../group.ts";
import {loadSources, type Source} from "../sources.ts";
import {sourcedTable} from "../table.ts";
import * as S from "./schemas.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

const PROVENANCE = {source_id: "utf8", confidence: "utf8", vintage: "utf8", note: "utf8"} as const;

/** Every macro input file (data/cases/<case>/macro/*.csv): one series per file, one row per year. */
export const MACRO_TABLES = {
  cny_per_usd: spec({
    schema: S.cnyPerUsd,
    title: "CNY per USD, annual average market rate (Fed H.10/G.5A, FRED AEXCHUS)",
    key: (r) => String(r.year),
    keyColumn: "year",
    columns: {year: "int32", cny_per_usd: "float64", ...PROVENANCE}
  }),
  ppp_china: spec({
    schema: S.pppChina,
    title: "China PPP conversion factor, GDP, CNY per international $ (World Bank PA.NUS.PPP)",
    key: (r) => String(r.year),
    keyColumn: "year",
    columns: {year: "int32", cny_per_intl_dollar: "float64", ...PROVENANCE}
  }),
  us_cpi_u: spec({
    schema: S.usCpiU,
    title: "US CPI-U annual average, 1982-84=100 (BLS CUUR0000SA0; our mean of the monthly values)",
    key: (r) => String(r.year),
    keyColumn: "year",
    columns: {year: "int32", index_1982_84_100: "float64", count_months: "int32", partial_year: "bool", ...PROVENANCE},
    // A year averaged over fewer than 12 months (2025: no October) is flagged so pages can say so.
    transform: (t) => t.derive({partial_year: (d) => d.count_months < 12})
  }),
  us_gdp_deflator: spec({
    schema: S.usGdpDeflator,
    title: "US GDP implicit price deflator, annual, 2017=100 (BEA, FRED A191RD3A086NBEA)",
    key: (r) => String(r.year),
    keyColumn: "year",
    columns: {year: "int32", index_2017_100: "float64", ...PROVENANCE}
  })
};

export type MacroTableName = keyof typeof MACRO_TABLES;
type MacroRows = GroupRows<typeof MACRO_TABLES>;

/** Which series of src/lib/normalize.ts each file holds, and its value column. */
const LONG: {[K in MacroTableName]: {series: SeriesName; value: string}} = {
  cny_per_usd: {series: "cny_per_usd", value: "cny_per_usd"},
  ppp_china: {series: "ppp_cny_per_intl", value: "cny_per_intl_dollar"},
  us_cpi_u: {series: "cpi_u", value: "index_1982_84_100"},
  us_gdp_deflator: {series: "gdp_deflator", value: "index_2017_100"}
};

export function loadMacro(sources: Map<string, Source> = loadSources()): LoadedGroup<typeof MACRO_TABLES> {
  const loaded = loadGroup("macro", MACRO_TABLES, sources);
  checkMacro(loaded.rows, loaded.files);
  return loaded;
}

const MEAN_NOTE = /annual mean of (\d+) monthly values/;

function checkMacro(rows: MacroRows, files: Record<MacroTableName, string>): void {
  const issues: DataIssue[] = [];
  for (const name of Object.keys(MACRO_TABLES) as MacroTableName[]) {
    for (const r of rows[name]) {
      if (r.confidence === "derived" && !r.note?.includes("derived")) {
        issues.push({file: files[name], row: r._line, column: "note", value: r.note ?? "", problem: "a derived value must say derived and give its formula in the note", fix: 'write e.g. "derived: annual mean of 12 monthly values of ..."'});
      }
    }
  }
  // The CPI note states how many months the mean covers; it must agree with count_months (2025: 11, no October).
  for (const r of rows.us_cpi_u) {
    const n = MEAN_NOTE.exec(r.note ?? "")?.[1];
    if (r.confidence === "derived" && Number(n) !== r.count_months) {
      issues.push({file: files.us_cpi_u, row: r._line, column: "count_months", value: r.count_months, problem: n ? `the note says the mean covers ${n} monthly values` : 'the note does not say "annual mean of N monthly values"', fix: "make count_months and the note agree with the monthly source"});
    }
  }
  if (issues.length) throw new DataError(issues);
}

export function buildMacroTable(name: MacroTableName, loaded = loadMacro()): Table {
  return buildGroupTable(MACRO_TABLES, name, loaded);
}

/** All four series in one long table (`macro` on pages): series, year, value, unit, provenance, partial_year. */
export function buildMacroLongTable(loaded = loadMacro()): Table {
  const series = aq.from(SERIES_NAMES.map((s, series_index) => ({series: s, series_index, unit: MACRO_SERIES[s].unit})));
  const long = (Object.keys(MACRO_TABLES) as MacroTableName[]).map((name) =>
    aq
      .from(loaded.rows[name] as object[], [...Object.keys(MACRO_TABLES[name].schema.shape), "_line"])
      .params({series: LONG[name].series})
      .derive({series: (_d: unknown, $: {series: string}) => $.series, partial_year: name === "us_cpi_u" ? (d: {count_months: number}) => d.count_months < 12 : () => false})
      .rename({[LONG[name].value]: "value"})
      .select("series", "year", "value", "source_id", "confidence", "vintage", "note", "partial_year", "_line")
  );
  const rows = long[0]!
    .concat(...long.slice(1))
    .join_left(series, "series")
    .orderby("series_index", "year");
  return sourcedTable(rows.objects() as {source_id: string; _line: number}[], {
    title: "Macro series for currency conversion and deflation (long format)",
    file: `${CASE_FOLDER}/macro/*.csv`,
    columns: {series: "utf8", year: "int32", value: "float64", unit: "utf8", ...PROVENANCE, partial_year: "bool"},
    sources: loaded.sources,
    extra: {series: JSON.stringify(Object.fromEntries(SERIES_NAMES.map((s) => [s, {file: `${CASE_FOLDER}/macro/${MACRO_SERIES[s].file}`, unit: MACRO_SERIES[s].unit, label: MACRO_SERIES[s].label}])))}
  });
}
