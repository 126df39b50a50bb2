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

// What only a maintainer should read, in a note written beside the data (test/e2e/words.ts scans pages for the same).
// (A scenario's name, "scenario us-sme-pipeline", looks like one and is not.)
const ID = /(?<!scenario )\b(?:cn|us|csis|macro|method|sbir|nih|sba)-[a-z0-9]+(?:-[a-z0-9]+)+\b/;
const FILE = /(?:\bdata\/[\w./-]*|\b[\w-]+\.(?:csv|json|arrow|parquet|zip|ts|js|md)\b)/;
const CODE = /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/;
const WORKING = /\b(?:dossier|TODO|FIXME|TBD)\b|\bissue #\d+/i;
const internal = (s: string) => ID.test(s) || FILE.test(s) || CODE.test(s) || WORKING.test(s);
const g = (re: RegExp) => new RegExp(re.source, `${re.flags}g`);

/**
 * A note from the data as a reader reads it: source ids and file references cut out (the sources line under each
 * chart or table names the documents), parentheses left empty by that dropped, sentences that are working notes (about
 * "the dossier", a file, a column) dropped, and long integers grouped ("4115812862" → "4,115,812,862").
 * "CHIPS disbursement not found (dossier gap). Also see us-x-1." → "CHIPS disbursement not found."
 */
export function plainNote(note: string | null | undefined): string {
  if (!note) return "";
  let s = String(note)
    // "per cn-x-1", "(cn-x-1, mirror)"; a file named as a note's label ("data/assumptions/china_support.csv: …")
    .replace(g(new RegExp(`(?:\\s*\\b(?:per|see|in|from|source|sources|cf\\.)\\s+)?${ID.source}(?:\\s*,\\s*mirror)?`)), "")
    .replace(g(new RegExp(`(^|[.;]\\s+)${FILE.source}:\\s*`)), "$1")
    .replace(/([,;])(?:\s*[,;])+/g, "$1")
    .replace(/(?:\s*[,;])+\s*\)/g, ")")
    .replace(/\((?:\s*[,;])+\s*/g, "(")
    .replace(/\s*\(\s*\)/g, "");
  // Parentheses that were only a working note ("(dossier gap)"), then whole sentences that are one.
  s = s.replace(/\s*\(([^()]*)\)/g, (m, inner: string) => (internal(inner) ? "" : m));
  s = s
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => {
      const kept = sentence.split(/;\s+/).filter((clause) => !internal(clause));
      const joined = kept.join("; ");
      return joined && !/[.!?]$/.test(joined) && /[.!?]$/.test(sentence) ? `${joined}.` : joined;
    })
    .filter((x) => x !== "")
    .map((x) => x.charAt(0).toUpperCase() + x.slice(1))
    .join(" ");
  return s
    .replace(/(?<![\d,.\w-])\d{5,}(?![\d,])/g, (n) => INT.format(Number(n)))
    .replace(/\s{2,}/g, " ")
    .replace(/\s+([,.;)])/g, "$1")
    .replace(/^[\s,;:]+|[\s,;]+$/g, "")
    .trim();
}
