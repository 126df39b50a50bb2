// What every download says about itself (docs/citation.md): the metadata file (title, what one row is, each column
// with its unit and currency basis, every setting in force, the scope, the data version and date, the URL that
// reproduces the view), the README (citation, licence, caveats), the file name that carries the settings, and values
// rounded to what their unit can claim. Pure and isomorphic: the browser builds downloads with it, Node tests check it.

import {CASE} from "./case.js";

/** The site's title and subtitle: the case's (case.json). */
export const SITE_TITLE = CASE.title;
export const SITE_SUBTITLE = CASE.subtitle;

/** The data version (loaders/version.ts): a hash of data/ and of the code that computes figures, and the data date. */
export interface DataVersion {
  version: string;
  /** Date of the last commit that changed data/ (YYYY-MM-DD); null when unknown. */
  date: string | null;
}

/** One setting in force on a page: its URL parameter, the control's label and its value. */
export interface Setting {
  key: string;
  label: string;
  value: unknown;
}

export interface ColumnMeta {
  name: string;
  description: string;
  /** null: a label or text, no unit. */
  unit: string | null;
  /** For money columns: nominal as reported, or the constant-dollar basis of the page's settings. */
  currency_basis?: string;
  /** How the values were rounded in this file. */
  rounding?: string;
}

export const LICENCE =
  "No licence has been declared for this repository yet: ask its maintainers before reusing the compiled data beyond quotation with a citation. The underlying documents remain under their publishers' terms.";

export const CAVEATS: readonly string[] = [
  "Every value comes from a curated row with a source (listed in sources.csv with its confidence), or is derived from such rows by the formula named in the metadata.",
  "Unknown values are empty, never zero. Amounts of different kinds (grants, loans at face value, equity, ceilings) are not interchangeable: the page's comparison rule says which can be added.",
  "A gap or ratio is shown only between matched scopes on both sides; figures for one side alone are not a comparison.",
  "Low-confidence rows rest on weaker sources (often a single copy of a document): check the source before quoting them."
];

/** "Rare-earth pipelines (data version 3f9a-2c1b-7e4d, data of 2026-12-07). Funding gaps. https://…/gaps?basis=ppp" */
export function citationText({page, version, url}: {page: string; version: DataVersion; url?: string | null}): string {
  const year = version.date?.slice(0, 4);
  const when = version.date ? `, data of ${version.date}` : "";
  return `${SITE_TITLE}${year ? ` (${year})` : ""}. ${page}. Data version ${version.version}${when}.${url ? ` ${url}` : ""}`;
}

/** A settings value as a file-name part: lower case letters, digits and "-" ("obligated,committed" → "obligated-committed"). */
export function fileTag(value: unknown): string {
  const text = Array.isArray(value) ? value.join("-") : String(value ?? "");
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** `gaps-by-stage` + ["ppp", "2024usd", "2020-2025"] → "gaps-by-stage_ppp_2024usd_2020-2025" (empty parts dropped). */
export function downloadBaseName(name: string, tags: readonly unknown[]): string {
  return [fileTag(name), ...tags.map(fileTag)].filter(Boolean).join("_");
}

type Kind = "money" | "count" | "year" | "ratio" | "share" | "measure" | "text";
interface ColumnRule {
  test: RegExp;
  kind: Kind;
  unit: string | null;
  description: string;
}

// Column names follow the data's conventions: units are in the names (data/README.md). The first rule that matches
// a name wins. A column no rule knows is described as text: the metadata test lists every column the pages download
// and fails on one that is numeric yet has no unit.
const RULES: readonly ColumnRule[] = [
  {test: /_usd_per_kg$/, kind: "measure", unit: "US dollars per kilogram", description: "price per kilogram"},
  {test: /_t_per_year$/, kind: "measure", unit: "tonnes per year", description: "volume per year"},
  {test: /(^|_)(usd|cny)_per_usd$|^cny_per_usd$/, kind: "measure", unit: "yuan per US dollar", description: "exchange rate"},
  {test: /_usd(_|$)|^usd_|^amount$|_dollars$/, kind: "money", unit: "US dollars", description: "amount in US dollars"},
  {test: /_cny(_|$)|^cny_/, kind: "money", unit: "yuan (CNY)", description: "amount in yuan"},
  {test: /ratio/, kind: "ratio", unit: "ratio (China ÷ US)", description: "ratio of the two sides' amounts"},
  {test: /(^|_)(share|pct|percent|fraction)(_|$)|_rate$|^rate$|^loan_rate$/, kind: "share", unit: "fraction (0.05 = 5 %)", description: "share or rate"},
  {test: /(^|_)(year|fiscal_year|from_year|to_year|batch_year|base_year)$|^year_|^period_(start|end)$/, kind: "year", unit: "year", description: "year"},
  {test: /_years$/, kind: "measure", unit: "years", description: "duration in years"},
  {test: /^(n|count|firms|awards|sources|figures|rows|designations)(_|$)|_(count|firms|n|awards|sources|figures|number|recipients)$|^n_/, kind: "count", unit: "count", description: "number of items"},
  {test: /(^|_)(deflator|index|cpi|factor)(_|$)/, kind: "measure", unit: "index or factor (see description)", description: "conversion factor or price index"},
  {test: /^band_(low|high)$/, kind: "ratio", unit: "ratio (China ÷ US)", description: "bound of the band a ratio is expected in"},
  {test: /^face$/, kind: "measure", unit: "the row's own currency: yuan for China rows, US dollars for US rows", description: "face amount as the source states it (not a grant equivalent)"},
  {test: /^(quantity|value|rule_value)$/, kind: "measure", unit: "see the row's unit column", description: "value in the unit the row states"},
  {test: /^(gap|equity|priced|unpriced|instruments|companies|relevant|total|gross|net|cumulative_gross|rules|recipients|designations|new_firms|min_priced_rows)$|_designations$/, kind: "count", unit: "count", description: "number of items (firms, rows or awards; see the title)"},
  {test: /^(batch|level|phase|step)$/, kind: "count", unit: "ordinal number", description: "position in a sequence"},
  {test: /^(lat|lon)$/, kind: "measure", unit: "decimal degrees (WGS 84; west and south negative)", description: "latitude or longitude"}
];

/** The unit and a description of a column, from its name (and the table's own description when the page knows one). */
export function columnRule(name: string): ColumnRule | null {
  return RULES.find((r) => r.test.test(name.toLowerCase())) ?? null;
}

/** Round to `digits` significant figures (no float noise like 0.30000000000000004). */
export function significant(v: number, digits = 6): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

/** A value as the file carries it: money to whole units (505578293.3624897 → 505578293), counts and years as they
 * are, any other number to 6 significant figures; non-numbers unchanged. */
export function roundValue(v: unknown, kind: Kind | null): unknown {
  if (typeof v !== "number" || !Number.isFinite(v)) return v;
  if (kind === "money") return Math.round(v);
  if (kind === "count" || kind === "year") return Number.isInteger(v) ? v : significant(v);
  return Number.isInteger(v) ? v : significant(v);
}

const ROUNDING: Record<Kind, string> = {
  money: "rounded to whole units",
  count: "as counted",
  year: "as recorded",
  ratio: "6 significant figures",
  share: "6 significant figures",
  measure: "6 significant figures",
  text: "not a number"
};

/**
 * The columns of `rows` (in order of first appearance) with unit, description, currency basis and rounding.
 * `described`: descriptions the page knows (e.g. from the published table's schema), by column.
 */
export function describeColumns(rows: readonly Record<string, unknown>[], {currencyBasis, described = {}}: {currencyBasis: string; described?: Record<string, string>}): ColumnMeta[] {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return names.map((name) => {
    const rule = columnRule(name);
    const numeric = rows.some((r) => typeof r[name] === "number");
    const kind: Kind = rule?.kind ?? (numeric ? "measure" : "text");
    const unit = rule?.kind === "year" && !numeric && rows.some((r) => typeof r[name] === "string") ? "date (YYYY, YYYY-MM or YYYY-MM-DD)" : (rule?.unit ?? null);
    const meta: ColumnMeta = {name, description: described[name] ?? rule?.description ?? (numeric ? "number" : "text or label"), unit};
    if (kind === "money") meta.currency_basis = name.toLowerCase().includes("cny") ? "nominal yuan, as reported" : currencyBasis;
    if (numeric) meta.rounding = ROUNDING[kind];
    return meta;
  });
}

/** The rows as the file carries them: lists joined with ";", missing values null, numbers rounded by their column's unit. */
export function publishedRows(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const kinds = new Map<string, Kind | null>();
  const kindOf = (name: string) => {
    if (!kinds.has(name)) kinds.set(name, columnRule(name)?.kind ?? null);
    return kinds.get(name)!;
  };
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, roundValue(Array.isArray(v) ? v.join(";") : v ?? null, kindOf(k))])));
}

export interface DownloadMetadata {
  title: string;
  site: string;
  page: {title: string; path: string};
  row: string;
  rows: number;
  columns: ColumnMeta[];
  settings: Setting[];
  scope: string;
  data_version: string;
  data_date: string | null;
  url: string;
  sources: string[];
  derived: string | null;
  citation: string;
  licence: string;
  caveats: readonly string[];
  files: Record<string, string>;
}

export interface MetadataInput {
  title: string;
  row: string;
  page: {title: string; path: string};
  rows: readonly Record<string, unknown>[];
  settings: readonly Setting[];
  scope: string;
  currencyBasis: string;
  version: DataVersion;
  url: string;
  sources: readonly string[];
  derived?: string | null;
  described?: Record<string, string>;
  files: Record<string, string>;
}

/** The metadata file of a download (metadata.json; the same keys go into an Arrow download's schema). */
export function downloadMetadata(input: MetadataInput): DownloadMetadata {
  return {
    title: input.title,
    site: SITE_TITLE,
    page: input.page,
    row: input.row,
    rows: input.rows.length,
    columns: describeColumns(input.rows, {currencyBasis: input.currencyBasis, described: input.described}),
    settings: input.settings.map((s) => ({...s})),
    scope: input.scope,
    data_version: input.version.version,
    data_date: input.version.date,
    url: input.url,
    sources: [...input.sources],
    derived: input.derived ?? null,
    citation: citationText({page: `${input.page.title}: ${input.title}`, version: input.version, url: input.url}),
    licence: LICENCE,
    caveats: CAVEATS,
    files: input.files
  };
}

function show(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.join(", ") : "(none)";
  if (v === null || v === undefined || v === "") return "(none)";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** README.txt: what the files are, the settings, the citation, the licence and the caveats, in plain words. */
export function readmeText(meta: DownloadMetadata): string {
  const lines = [
    `${meta.title}`,
    `${meta.site}: ${meta.page.title}`,
    "",
    `One row is ${meta.row}. ${meta.rows} row${meta.rows === 1 ? "" : "s"}.`,
    `Scope: ${meta.scope}`,
    `Data version ${meta.data_version}${meta.data_date ? `, data of ${meta.data_date}` : ""}.`,
    `Reproduce this view: ${meta.url}`,
    "",
    "Files",
    ...Object.entries(meta.files).map(([f, what]) => `  ${f}: ${what}`),
    "",
    "Settings in force",
    ...(meta.settings.length ? meta.settings.map((s) => `  ${s.label} (${s.key}): ${show(s.value)}`) : ["  (this view has no settings)"]),
    "",
    "Columns",
    ...meta.columns.map((c) => `  ${c.name}: ${c.description}${c.unit ? `; unit: ${c.unit}` : ""}${c.currency_basis ? `; ${c.currency_basis}` : ""}${c.rounding ? `; ${c.rounding}` : ""}`),
    ...(meta.derived ? ["", `Derived: ${meta.derived}`] : []),
    "",
    "Cite as",
    `  ${meta.citation}`,
    "",
    "Licence",
    `  ${meta.licence}`,
    "",
    "Caveats",
    ...meta.caveats.map((c) => `  - ${c}`),
    ""
  ];
  return lines.join("\n");
}

/** The metadata as Arrow schema metadata: string values (objects as JSON), the same keys as metadata.json. */
export function schemaMetadata(meta: object): Map<string, string> {
  return new Map(Object.entries(meta).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}
