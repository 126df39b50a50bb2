// The `figures` table: one row per data row of the curated tables (every number or fact the site shows from data),
// with the kind of place its sources were read and whether it rests on a single copy. /sources shows the mix and
// lists the single-copy figures from it, so that a reader sees what to check before quoting.
import type {Table} from "apache-arrow";
import {buildTable} from "./arrow.ts";
import {isSingleCopy, type Source} from "./sources.ts";
import {formatCount, formatInt, formatMoney, formatPlain, formatRule, formatUsdExact} from "../src/lib/format.ts";
import {READ_KINDS, STAGE_LABELS, TIER_LABELS, type ReadKind, type StageOrUnknown, type Tier} from "../src/lib/taxonomy.ts";
import {MACRO_SERIES, type SeriesName} from "../src/lib/normalize.ts";
import {term} from "../src/lib/case.ts";
import {capitalize} from "../src/lib/case-text.ts";

type Row = Record<string, unknown>;
interface Described {
  label: string;
  value: string;
}

// Tables that are not figures: the registry itself, and the SBIR award records (each cites its SBIR.gov award page
// or the SBA's bulk export; they are counted on /sbir, not here).
const NOT_FIGURES = new Set(["sources", "datasets", "sbir_awards", "sbir_relevant"]);

const words = (v: unknown) => String(v ?? "").replaceAll("_", " ");
/** A place or scope code in words: inner_mongolia → "Inner Mongolia", northern_re → "Northern RE", us → "US". */
const place = (v: unknown) => words(v).replace(/\b(re|us)\b/g, (w) => w.toUpperCase()).replace(/\b[a-z]/g, (c) => c.toUpperCase());
/** A threshold as the source writes it, with its unit once: ">=3%" and "%" → "≥3%"; ">=2" and "years" → "≥2 years". */
const threshold = (t: unknown, unit: unknown) => {
  const text = String(t).replace(">=", "≥").replace("<=", "≤");
  return ["document number", "date", "n/a", ""].includes(String(unit ?? "")) || text.endsWith(String(unit)) ? text : `${text} ${unit}`;
};
const withUnit = (n: number, unit: unknown) => (unit === "count" ? formatPlain(n) : unit === "%" ? `${formatPlain(n)}%` : `${formatPlain(n)} ${unit}`);
const tier = (v: unknown) => TIER_LABELS[v as Tier] ?? words(v);
/** The firms the batches name, as a label starts ("Little giants"). */
const batchFirms = capitalize(term("batch-firms"));
const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null);
const when = (v: unknown) => (v === null || v === undefined || v === "" ? "" : `, ${v}`);
const usdOr = (v: unknown, none: string) => (num(v) === null ? none : formatUsdExact(num(v)));

/** How each table's row reads as a figure: what it is (label) and what it says (value), in words. */
const DESCRIBE: Record<string, (r: Row) => Described> = {
  little_giant_batches: (r) => ({
    label: `${batchFirms}, batch ${r.batch} (${r.year})`,
    value: `${formatInt(num(r.count_firms_announced))} announced${num(r.count_firms_confirmed) === null ? "" : `, ${formatInt(num(r.count_firms_confirmed))} confirmed`}`
  }),
  tier_counts: (r) => ({label: `${tier(r.tier)}: ${words(r.measure)} (${words(r.scope)}${when(r.as_of)})`, value: `${formatCount(num(r.count_firms), String(r.qualifier))} firms`}),
  targets: (r) => ({label: `Target for ${tier(r.tier)} by ${r.period_end} (${place(r.scope)})`, value: `${formatCount(num(r.count_firms), String(r.qualifier))} firms`}),
  criteria: (r) => ({label: `${tier(r.tier)} criterion: ${r.criterion}`, value: threshold(r.threshold, r.unit)}),
  instruments: (r) => ({
    label: `${r.programme}: ${r.recipient}`,
    value: num(r.amount_cny) !== null ? formatMoney(num(r.amount_cny), "CNY") : formatRule(r.rule as string | null, num(r.rule_value), num(r.rule_cap_cny)) || "no amount stated"
  }),
  regional_counts: (r) => ({label: `${place(r.region)}: ${tier(r.tier)}, ${words(r.measure)}${when(r.as_of)}`, value: `${formatCount(num(r.count_firms), String(r.qualifier))} firms`}),
  baogang_portfolio: (r) => ({label: `${term("portfolio-owner-short")} portfolio: ${tier(r.tier)}`, value: `${formatInt(num(r.count_firms))} firms${num(r.count_new) === null ? "" : `, ${formatInt(num(r.count_new))} new`}`}),
  baogang_new_kinds: (r) => ({label: `${term("portfolio-owner-short")} new designations: ${r.kind} (${STAGE_LABELS[r.stage as StageOrUnknown] ?? words(r.stage)})`, value: `${formatInt(num(r.count_firms))}`}),
  entities: (r) => ({label: `${r.name_en} (${r.name_zh})`, value: `${words(r.designation)}: ${words(r.designation_status)}${when(r.as_of)}`}),
  value_chain_context: (r) => ({label: `${r.metric} (${place(r.scope)}, ${r.year})`, value: num(r.value) === null ? "n/a" : withUnit(num(r.value)!, r.unit)}),
  awards: (r) => ({label: `${r.recipient}: ${r.program} (${r.agency}${when(r.date)})`, value: usdOr(r.amount_usd, `${words(r.instrument)}, no fixed amount`)}),
  award_sites: (r) => ({label: `Place of the award ${r.award_id}`, value: r.place ? `${r.place}${r.state_or_country ? `, ${r.state_or_country}` : ""} (${words(r.site_kind)})` : "place not stated"}),
  places: (r) => ({label: `${r.name_en} (${r.name_zh}), ${r.province}`, value: `${r.lat}, ${r.lon}`}),
  place_links: (r) => ({label: `${words(r.kind)} ${r.item_id}`, value: String(r.place_id)}),
  sbir_totals: (r) => ({label: `${r.program}, FY${r.fiscal_year} (${words(r.basis)})`, value: [num(r.amount_usd) === null ? null : formatUsdExact(num(r.amount_usd)), num(r.count_awards) === null ? null : `${formatInt(num(r.count_awards))} awards`].filter(Boolean).join(", ") || "n/a"}),
  sbir_by_agency: (r) => ({label: `${r.agency} ${r.program}, FY${r.fiscal_year} (${words(r.basis)})`, value: usdOr(r.amount_usd, "n/a")}),
  nih_competing: (r) => ({label: `NIH competing SBIR/STTR awards, FY${r.fiscal_year}`, value: `${formatInt(num(r.count_awards))} awards, ${usdOr(r.amount_usd, "amount n/a")}`}),
  sbir_award_counts: (r) => ({label: `SBIR/STTR awards, award year ${r.award_year}`, value: `${formatInt(num(r.count_awards))} awards`}),
  award_caps: (r) => ({label: `${r.program} Phase ${r.phase} ${words(r.kind)} (${r.agency}${when(r.effective_date)})`, value: usdOr(r.amount_usd, "n/a")}),
  sme_programs: (r) => ({label: `${r.program} (${words(r.measure)}${r.fiscal_year === null || r.fiscal_year === undefined ? "" : `, FY${r.fiscal_year}`})`, value: usdOr(r.amount_usd, "n/a")}),
  sbir_funnel: (r) => ({label: `${r.program} ${words(r.step)}, FY${r.fiscal_year} (${r.agency})`, value: [num(r.count_awards) === null ? null : `${formatInt(num(r.count_awards))} awards`, num(r.amount_usd) === null ? null : formatUsdExact(num(r.amount_usd))].filter(Boolean).join(", ") || "n/a"}),
  events: (r) => ({label: String(r.title), value: String(r.date)}),
  macro: (r) => ({label: `${MACRO_SERIES[r.series as SeriesName]?.label ?? words(r.series)}, ${r.year}`, value: `${formatPlain(num(r.value)!)} ${r.unit}`}),
  tools: (r) => ({
    label: `${r.title} (${r.issuer}${when(r.date)})`,
    value: num(r.quantity) === null ? String(r.doc_number ?? "in force") : `${formatPlain(num(r.quantity)!)} ${words(r.unit).replace(/^t reo$/, "t REO")}`
  }),
  china_support: (r) => ({label: `Assumed support per firm: ${tier(r.tier)}`, value: `${formatMoney(num(r.central_cny), "CNY")} (range ${formatMoney(num(r.low_cny), "CNY")} to ${formatMoney(num(r.high_cny), "CNY")})`})
};

/** A table nobody has described yet still counts: its first text column and first number. */
function describeAny(r: Row): Described {
  const entries = Object.entries(r).filter(([k]) => !["source_id", "confidence", "note"].includes(k));
  const text = entries.find(([, v]) => typeof v === "string" && v !== "");
  const n = entries.find(([, v]) => typeof v === "number");
  return {label: text ? String(text[1]) : "(row)", value: n ? formatPlain(n[1] as number) : "n/a"};
}

/** Where a figure rests when it cites several sources: the strongest place any of them was read. */
const STRENGTH: readonly ReadKind[] = ["issuer", "official_copy", "repository", "company", "news", "aggregator", "copy"];

export interface Figure {
  dataset: string;
  dataset_title: string;
  label: string;
  value: string;
  source_id: string;
  confidence: string | null;
  rests_on: ReadKind;
  single_copy: boolean;
}

/** Every figure of the curated tables, in table order. A figure rests on a single copy when it cites one source only,
 * read on a copy or aggregator, that no other source corroborates. */
export function figuresOf(tables: Record<string, Table>, sources: Map<string, Source>): Figure[] {
  const out: Figure[] = [];
  for (const [dataset, t] of Object.entries(tables).sort(([a], [b]) => a.localeCompare(b))) {
    if (NOT_FIGURES.has(dataset) || !t.schema.fields.some((f) => f.name === "source_id")) continue;
    const describe = DESCRIBE[dataset] ?? describeAny;
    const title = t.schema.metadata.get("title") ?? dataset;
    for (const row of t.toArray().map((x) => x.toJSON() as Row)) {
      const ids = [...new Set(String(row.source_id ?? "").split(";").filter((id) => id && id !== "derived"))];
      const cited = ids.map((id) => sources.get(id)).filter((s): s is Source => s !== undefined);
      if (!cited.length) continue;
      const rests = STRENGTH.find((k) => cited.some((s) => s.read_kind === k))!;
      out.push({
        dataset,
        dataset_title: title,
        ...describe(row),
        source_id: ids.join(";"),
        confidence: (row.confidence as string | null) ?? null,
        rests_on: rests,
        single_copy: cited.length === 1 && isSingleCopy(cited[0]!)
      });
    }
  }
  return out;
}

export function buildFiguresTable(tables: Record<string, Table>, sources: Map<string, Source>): Table {
  return buildTable(figuresOf(tables, sources) as unknown as Record<string, unknown>[], {
    dataset: {kind: "utf8", description: "the published table the row is in"},
    dataset_title: {kind: "utf8"},
    label: {kind: "utf8", description: "what the figure is, in words"},
    value: {kind: "utf8", description: "what it says, formatted"},
    source_id: {kind: "utf8", description: "the source(s) the row cites (;-separated)"},
    confidence: {kind: "utf8", description: "the row's own confidence"},
    rests_on: {kind: "utf8", description: `the strongest kind of place its sources were read: ${READ_KINDS.join(", ")}`},
    single_copy: {kind: "bool", description: "cites one source, read on a copy or aggregator, that nothing corroborates"}
  }, {title: "Figures and where their sources were read", file: "data/*/*.csv (every row with a source_id)"});
}
