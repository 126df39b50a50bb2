/** Number formatting shared by pages and the terminal. Pure; locale fixed (en-US) so output is deterministic. */
const INT = new Intl.NumberFormat("en-US", {maximumFractionDigits: 0});

export type Qualifier = "exact" | "more_than" | "about";

/** A count as the source states it: "2,930", "≥141,000" (more than), "~12,000" (about). Null → "n/a". */
export function formatCount(n: number | null | undefined, qualifier: Qualifier | string = "exact"): string {
  if (n === null || n === undefined) return "n/a";
  const prefix = qualifier === "more_than" ? ">" : qualifier === "about" ? "~" : "";
  return `${prefix}${INT.format(n)}`;
}

/**
 * A scaled amount, the site's one number style: three significant figures, trailing zeros dropped, and a scale word
 * (k, m, bn, trn): 400000000 → "400 m", 2655000000 → "2.66 bn", 1200000000 → "1.2 bn", 35000000 → "35 m",
 * 950 → "950". A value that rounds up to the next scale takes it (999,999,999 → "1 bn"). No sign: callers add it.
 */
function scaled(abs: number): string {
  const units: [number, string][] = [[1e12, " trn"], [1e9, " bn"], [1e6, " m"], [1e3, " k"]];
  if (Math.round(abs) < 1e3) return INT.format(abs);
  if (abs < 1e3) return "1 k";
  for (let i = 0; i < units.length; i++) {
    const [div, unit] = units[i] as [number, string];
    if (abs < div) continue;
    const v = Number((abs / div).toPrecision(3));
    if (v >= 1000 && i > 0) {
      const [up, upUnit] = units[i - 1] as [number, string];
      return `${Number((abs / up).toPrecision(3))}${upUnit}`;
    }
    return `${v >= 1000 ? INT.format(v) : v}${unit}`;
  }
  return INT.format(abs);
}

/** Money with a currency code and a scale: 10000000000 CNY → "CNY 10 bn"; 6000000 → "CNY 6 m";
 * 1710000000000 → "CNY 1.71 trn"; 1200000000 → "CNY 1.2 bn" (the style of `scaled`). */
export function formatMoney(n: number | null | undefined, currency: string): string {
  if (n === null || n === undefined) return "n/a";
  return `${n < 0 ? "−" : ""}${currency} ${scaled(Math.abs(n))}`;
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

/** Firms counted at a stage and kinds of firm known there without a count, in words: (3, 0) → "3 firms";
 * (0, 1) → "no firm counted, 1 kind of firm present without a count"; (1, 2) → "1 firm, and 2 kinds of firm present
 * without a count". Never "0 + 1". */
export function formatFirmsWithUnstated(firms: number, unstated: number): string {
  const n = Math.round(firms);
  const counted = n === 0 ? "no firm counted" : `${INT.format(n)} firm${n === 1 ? "" : "s"}`;
  if (!unstated) return n === 0 ? "no firms" : counted;
  const kinds = `${INT.format(unstated)} kind${unstated === 1 ? "" : "s"} of firm present without a count`;
  return n === 0 ? `${counted}, ${kinds}` : `${counted}, and ${kinds}`;
}

/** Whole US dollars, exact: 4115812863 → "$4,115,812,863". Null → "n/a". */
/** A count with its noun, singular or plural: "1 recipient", "8 recipients" (`many` for irregular plurals). */
export function formatCountOf(n: number, one: string, many = `${one}s`): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

export function formatUsdExact(n: number | null | undefined): string {
  return n === null || n === undefined ? "n/a" : `$${INT.format(n)}`;
}

/** What a constant-dollar figure is in, said once per chart or table: (2024, "market") → "constant 2024 USD, market
 * rate"; (2024, "ppp") → "constant 2024 USD, PPP". */
export function valuationUnit(baseYear: number, basis: string): string {
  return `constant ${baseYear} USD, ${basis === "ppp" ? "PPP" : "market rate"}`;
}

/** US dollars, scaled (charts, headlines, prose): 35000000 → "$35 m", 4115812863 → "$4.12 bn", 400000000 →
 * "$400 m", −2540000000 → "−$2.54 bn" (the style of `scaled`). */
export function formatUsd(n: number | null | undefined): string {
  if (n === null || n === undefined) return "n/a";
  return `${n < 0 ? "−" : ""}$${scaled(Math.abs(n))}`;
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

/** A China rule row in words (data/cases/<case>/china/instruments.csv `rule`, `rule_value`, `rule_cap_cny`):
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
    // "per cn-x-1", "(cn-x-1, mirror)"; a file named as a note's label ("data/cases/<case>/assumptions/china_support.csv: …")
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
