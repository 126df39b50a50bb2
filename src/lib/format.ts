/** Number formatting shared by pages and the terminal. Pure; locale fixed (en-US) so output is deterministic. */
const INT = new Intl.NumberFormat("en-US", {maximumFractionDigits: 0});

export type Qualifier = "exact" | "more_than" | "about";

/** A count as the source states it: "2,930", "≥141,000" (more than), "~12,000" (about). Null → "n/a". */
export function formatCount(n: number | null | undefined, qualifier: Qualifier | string = "exact"): string {
  if (n === null || n === undefined) return "n/a";
  const prefix = qualifier === "more_than" ? ">" : qualifier === "about" ? "~" : "";
  return `${prefix}${INT.format(n)}`;
}

/** Money with a currency code and a scale: 10000000000 CNY → "CNY 10.0 bn"; 6000000 → "CNY 6.0 m". */
export function formatMoney(n: number | null | undefined, currency: string): string {
  if (n === null || n === undefined) return "n/a";
  const abs = Math.abs(n);
  const [div, unit] = abs >= 1e9 ? [1e9, " bn"] : abs >= 1e6 ? [1e6, " m"] : abs >= 1e3 ? [1e3, " k"] : [1, ""];
  const digits = div === 1 ? 0 : 1;
  return `${currency} ${(n / div).toFixed(digits)}${unit}`;
}

const PLAIN = new Intl.NumberFormat("en-US", {maximumFractionDigits: 6});

/** A plain number as typed, up to 6 decimals: 1234.5 → "1,234.5". The same text as `n.toLocaleString("en-US",
 * {maximumFractionDigits: 6})`, from one formatter made once (toLocaleString with options builds a new one per call,
 * ~0.3 ms: /scenarios' input diff formats ~20 values on every slider change). */
export function formatPlain(n: number): string {
  return PLAIN.format(n);
}

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined ? "n/a" : INT.format(n);
}

/** Whole US dollars, exact: 4115812863 → "$4,115,812,863". Null → "n/a". */
export function formatUsdExact(n: number | null | undefined): string {
  return n === null || n === undefined ? "n/a" : `$${INT.format(n)}`;
}

/** US dollars, scaled for charts and headlines: 35000000 → "$35.0 m", 4115812863 → "$4.12 bn". */
export function formatUsd(n: number | null | undefined): string {
  if (n === null || n === undefined) return "n/a";
  const abs = Math.abs(n);
  const sign = n < 0 ? "−" : "";
  if (abs >= 1e9) return `${sign}$${(abs / 1e9).toFixed(2)} bn`;
  if (abs >= 1e6) return `${sign}$${(abs / 1e6).toFixed(1)} m`;
  if (abs >= 1e3) return `${sign}$${(abs / 1e3).toFixed(0)} k`;
  return `${sign}$${INT.format(abs)}`;
}
