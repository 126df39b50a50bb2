import {CASE_FOLDER} from "./case.js";
/**
 * CNY and USD amounts → constant base-year US dollars, at the market rate or at PPP, deflated by US CPI-U or the US
 * GDP deflator. Pure and isomorphic (no node: imports): loaders and pages in the browser both use it, with the
 * series from data/cases/<case>/macro/ (the long `macro` table, see data/cases/<case>/macro/README.md).
 *
 *   USD_const(B) = amount / factor[t] × index[B] / index[t]
 *
 * factor = CNY per USD (market) or CNY per international $ (PPP, read as US dollars of year t); USD amounts skip
 * the conversion. A year missing from any series used throws MissingSeriesError: never a silent fallback.
 */

export type Basis = "market" | "ppp";
export type Deflator = "cpi" | "gdp";

export interface MacroSeries {
  /** CNY per USD, annual average market rate (Fed H.10/G.5A via FRED AEXCHUS). */
  cny_per_usd: ReadonlyMap<number, number>;
  /** China PPP conversion factor, GDP: CNY per international $ (World Bank PA.NUS.PPP). */
  ppp_cny_per_intl: ReadonlyMap<number, number>;
  /** US CPI-U annual average, 1982–84 = 100 (2025 averages 11 months). */
  cpi_u: ReadonlyMap<number, number>;
  /** US GDP implicit price deflator, 2017 = 100. */
  gdp_deflator: ReadonlyMap<number, number>;
}

export type SeriesName = keyof MacroSeries;

/** The series, the curated file each comes from (data/cases/<case>/macro/<file>), and its unit. */
export const MACRO_SERIES: Record<SeriesName, {file: string; unit: string; label: string}> = {
  cny_per_usd: {file: "cny_per_usd.csv", unit: "CNY per USD", label: "CNY per USD (market rate, annual average)"},
  ppp_cny_per_intl: {file: "ppp_china.csv", unit: "CNY per international $", label: "China PPP conversion factor, GDP"},
  cpi_u: {file: "us_cpi_u.csv", unit: "index 1982-84=100", label: "US CPI-U annual average"},
  gdp_deflator: {file: "us_gdp_deflator.csv", unit: "index 2017=100", label: "US GDP implicit price deflator"}
};

export const SERIES_NAMES = Object.keys(MACRO_SERIES) as SeriesName[];

const DEFLATOR_SERIES: Record<Deflator, SeriesName> = {cpi: "cpi_u", gdp: "gdp_deflator"};
const BASIS_SERIES: Record<Basis, SeriesName> = {market: "cny_per_usd", ppp: "ppp_cny_per_intl"};

/** A conversion needs a year that a macro series does not have. */
export class MissingSeriesError extends Error {
  readonly series: string;
  readonly year: number;
  constructor(series: string, year: number, role = "this conversion", covered?: readonly number[]) {
    const meta = MACRO_SERIES[series as SeriesName];
    const file = meta ? `${CASE_FOLDER}/macro/${meta.file}` : `${CASE_FOLDER}/macro/`;
    const range = covered?.length ? `${file} covers ${Math.min(...covered)}–${Math.max(...covered)}` : `${file} has no values`;
    super(
      `No ${series} value for ${year} (${meta ? `${meta.label}; ` : ""}needed for ${role}; ${range}). ` +
        `Add the ${year} row to ${file}, or choose another base year or window.`
    );
    this.name = "MissingSeriesError";
    this.series = series;
    this.year = year;
  }
}

function lookup(macro: MacroSeries, series: SeriesName, year: number, role: string): number {
  const map = macro[series];
  const v = map.get(year);
  if (v === undefined) throw new MissingSeriesError(series, year, role, [...map.keys()]);
  return v;
}

/** Build the series from long rows (the `macro` table): fails loudly on unknown series, duplicates, bad values. */
export function macroFromRows(rows: readonly {series: string; year: number; value: number}[]): MacroSeries {
  const maps = Object.fromEntries(SERIES_NAMES.map((s) => [s, new Map<number, number>()])) as Record<SeriesName, Map<number, number>>;
  for (const r of rows) {
    const map = maps[r.series as SeriesName];
    if (!map) throw new Error(`macroFromRows: unknown series "${r.series}" (known: ${SERIES_NAMES.join(", ")})`);
    // DuckDB may hand back integers as bigint.
    const year = Number(r.year);
    const value = Number(r.value);
    if (!Number.isInteger(year)) throw new Error(`macroFromRows: ${r.series} has a non-integer year ${String(r.year)}`);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`macroFromRows: ${r.series} ${year} has a value that is not a positive number (${String(r.value)})`);
    if (map.has(year)) throw new Error(`macroFromRows: ${r.series} has two values for ${year}`);
    map.set(year, value);
  }
  return maps;
}

/** CNY per USD (market) or CNY per international $ (PPP) in `year`. */
export function conversionFactor(year: number, basis: Basis, macro: MacroSeries): number {
  return lookup(macro, BASIS_SERIES[basis], year, `the ${basis} conversion in the amount's year`);
}

/** index[baseYear] / index[year]: multiply year-`year` dollars by this to get base-year dollars. */
export function deflatorRatio(year: number, baseYear: number, deflator: Deflator, macro: MacroSeries): number {
  const series = DEFLATOR_SERIES[deflator];
  const at = lookup(macro, series, year, "deflation from the amount's year");
  const base = lookup(macro, series, baseYear, "the base year");
  return base / at;
}

/** How many times larger a CNY amount is at PPP than at the market rate: cny_per_usd[year] / ppp[year]. */
export function marketToPppRatio(year: number, macro: MacroSeries): number {
  return conversionFactor(year, "market", macro) / conversionFactor(year, "ppp", macro);
}

/** An amount of `currency` in `year` as constant `baseYear` US dollars (market USD or international $ at PPP). */
export function toConstantUsd(
  amount: number,
  currency: "USD" | "CNY",
  year: number,
  opts: {basis: Basis; baseYear: number; deflator: Deflator},
  macro: MacroSeries
): number {
  if (!Number.isFinite(amount)) throw new RangeError(`toConstantUsd: amount is not a finite number (${amount})`);
  if (currency !== "USD" && currency !== "CNY") throw new RangeError(`toConstantUsd: unknown currency "${String(currency)}" (use USD or CNY)`);
  const nominalUsd = currency === "USD" ? amount : amount / conversionFactor(year, opts.basis, macro);
  return nominalUsd * deflatorRatio(year, opts.baseYear, opts.deflator, macro);
}
