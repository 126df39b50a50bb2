/** Number formatting shared by pages and the terminal. Pure; locale fixed (en-US) so output is deterministic. */
const INT = new Intl.NumberFormat("en-US", {maximumFractionDigits: 0});

export type Qualifier = "exact" | "more_than" | "about";

/** A count as the source states it: "2,930", "≥141,000" (more than), "~12,000" (about). Null → "n/a". */
export function formatCount(n: number | null | undefined, qualifier: Qualifier | string = "exact"): string {
  if (n === null || n === undefined) return "n/a";
  const prefix = qualifier === "more_than" ? ">" : qualifier === "about" ? "~" : "";
  return `${prefix}${INT.format(n)}`;
}

/** Money with a currency code and a scale: 10000000000 CNY → "CNY 10.0 bn"; 6000000 → "CNY 6.0 m";
 * 1710000000000 → "CNY 1.71 trn". */
export function formatMoney(n: number | null | undefined, currency: string): string {
  if (n === null || n === undefined) return "n/a";
  const abs = Math.abs(n);
  const [div, unit] = abs >= 1e12 ? [1e12, " trn"] : abs >= 1e9 ? [1e9, " bn"] : abs >= 1e6 ? [1e6, " m"] : abs >= 1e3 ? [1e3, " k"] : [1, ""];
  const digits = div === 1 ? 0 : div === 1e12 ? 2 : 1;
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

const RULE_PHRASES: Record<string, string> = {
  cny_per_tonne: "per tonne",
  cny_per_firm: "per firm",
  cny_per_award: "per award",
  cny_per_project: "per project",
  cny_per_year: "a year",
  cny_per_mu: "per mu of land",
  cny_per_m2: "per m² of plant",
  share_of_investment: "of investment",
  share_of_rnd_cost: "of R&D cost",
  share_of_equipment_purchase: "of equipment purchases",
  share_of_national_grant: "of the national grant",
  share_of_local_tax: "of the local tax share"
};

/** A China rule row in words (data/china/instruments.csv `rule`, `rule_value`, `rule_cap_cny`):
 * ("cny_per_tonne", 1500, null) → "CNY 1.5 k per tonne"; ("share_of_investment", 0.2, 50000000) →
 * "20 % of investment, at most CNY 50.0 m"; ("cny_per_project", null, 3000000) → "at most CNY 3.0 m per project".
 * Null rule → "". */
export function formatRule(rule: string | null | undefined, value: number | null | undefined, cap: number | null | undefined): string {
  if (!rule) return "";
  const phrase = RULE_PHRASES[rule] ?? rule.replaceAll("_", " ");
  const capText = cap === null || cap === undefined ? "" : `at most ${formatMoney(cap, "CNY")}`;
  if (value === null || value === undefined) return `${capText} ${phrase}`.trim();
  const head = rule.startsWith("share_") ? `${+(value * 100).toFixed(2)} % ${phrase}` : `${formatMoney(value, "CNY")} ${phrase}`;
  return capText ? `${head}, ${capText}` : head;
}
