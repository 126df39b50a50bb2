// The scenario file schema (data/cases/<case>/scenarios/*.json) and its checks. A bad file fails validation and the build with a
// DataError naming the file, the JSON path of the bad field (as `row`), the value and the allowed range or values.
import {basename} from "node:path";
import {z} from "zod";
import {PROJECTION_FROM, PROJECTION_TO, SCENARIO_NAME, canonicalScenario, flattenInputs, inputPaths, type Provenance, type Scenario} from "../../src/lib/scenario.ts";
import type {MacroSeries} from "../../src/lib/normalize.ts";
import type {SourcedSupport} from "../../src/lib/projection.ts";
import {PIPELINE_TIERS, STAGES, US_INSTRUMENTS, US_STATUSES} from "../../src/lib/taxonomy.ts";
import {DataError, type DataIssue} from "../errors.ts";
import type {Source} from "../sources.ts";
import {byTier, tierValue, type PipelineTier} from "../../src/lib/gaps.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

const README = `${CASE_FOLDER}/scenarios/README.md`;

/** A number in [min, max]; the message gives the whole allowed range and what the number means. */
function num(min: number, max: number, meaning: string, {integer = false} = {}) {
  return z.number().superRefine((v, ctx) => {
    if (integer && !Number.isInteger(v)) {
      ctx.addIssue({code: "custom", message: "a whole number is required", params: {allowed: `whole numbers from ${min} to ${max}`, fix: `write a whole number (${meaning})`}});
    } else if (v < min || v > max) {
      ctx.addIssue({code: "custom", message: "out of range", params: {allowed: `${min} to ${max}`, fix: `use a value from ${min} to ${max} (${meaning})`}});
    }
  });
}

const text = (max: number, what: string) =>
  z.string().superRefine((v, ctx) => {
    if (v.trim() === "") ctx.addIssue({code: "custom", message: "must not be empty", params: {fix: `write ${what}`}});
    else if (v.length > max) ctx.addIssue({code: "custom", message: `too long (${v.length} characters)`, params: {allowed: `up to ${max} characters`, fix: `shorten ${what}`}});
  });

/** A list of labels from `values`, each at most once (at least one unless `allowEmpty`). */
function labels(values: readonly string[], what: string, {allowEmpty = false} = {}) {
  return z.array(z.enum(values as [string, ...string[]])).superRefine((v, ctx) => {
    if (!allowEmpty && v.length === 0) ctx.addIssue({code: "custom", message: "at least one value is required", params: {allowed: values.join(", "), fix: `list the ${what}`}});
    const dup = v.filter((x, i) => v.indexOf(x) !== i);
    if (dup.length) ctx.addIssue({code: "custom", message: `listed twice: ${[...new Set(dup)].join(", ")}`, params: {fix: `list each of the ${what} once`}});
  });
}

const year = num(1950, 2100, "a four-digit year", {integer: true});
const cny = num(0, 100_000_000, "CNY per designated firm, per designation");
const usd = num(0, 100_000_000, "constant base-year USD per funded firm per year");
const tierYears = num(0, 10, "years a firm is funded in the tier; 0 ends the pipeline before it", {integer: true});
const advance = num(0, 1, "share of firms finishing the previous tier that advance: 0.3 = 30%");
/** One field per pipeline tier of the case (none for a case without tiers). */
const tiers = <T extends z.ZodType>(v: T) => z.strictObject(byTier(() => v));

export const scenarioSchema = z.strictObject({
  schema_version: z.literal(1),
  name: z.string().superRefine((v, ctx) => {
    if (!SCENARIO_NAME.test(v)) ctx.addIssue({code: "custom", message: "not a valid scenario name", params: {allowed: "lowercase letters, digits and hyphens, starting with a letter or digit, at most 63 characters", fix: "use the file name without .json, e.g. us-sme-pipeline"}});
  }),
  title: text(120, "a short title"),
  description: text(6000, "a paragraph saying what the scenario assumes and why"),
  author_note: text(2000, "who wrote it, when, and for what"),
  valuation: z.strictObject({basis: z.enum(["market", "ppp"]), base_year: year, deflator: z.enum(["cpi", "gdp"]), china_year: year}),
  us: z.strictObject({
    statuses: labels(US_STATUSES, "US statuses that count"),
    instruments: labels(US_INSTRUMENTS, "US instruments that count"),
    window: z.strictObject({from: year, to: year})
  }),
  china: z.strictObject({
    tier_support: tiers(z.strictObject({low_cny: cny, central_cny: cny, high_cny: cny})),
    allocation: tiers(z.partialRecord(z.enum(STAGES as [string, ...string[]]), num(0, 100_000, "unnamed firms placed on this stage", {integer: true})))
  }),
  projection: z.strictObject({
    china: z.strictObject({tier_growth: tiers(num(-0.5, 1, "a yearly rate of change of the number of designated firms: 0.2 = +20% a year"))}),
    china_continuation: num(0, 3, "multiple of China's yearly average known grant equivalent in the matched scope continuing each year after 2025; 0 = none"),
    us_continuation: num(0, 3, "multiple of the window's yearly average US support continuing each year after 2025; 0 = none"),
    us_program: z.strictObject({
      start_year: num(PROJECTION_FROM + 1, PROJECTION_TO, "first year the program funds firms", {integer: true}),
      ramp_up_years: num(0, 10, "years until intake reaches full scale; 0 = full from the start", {integer: true}),
      attrition: num(0, 0.9, "share of funded firms leaving each year: 0.1 = 10%"),
      stages: labels(STAGES, "program stages", {allowEmpty: true}),
      firms_per_stage_per_year: num(0, 1000, "new entry-tier firms per program stage per year at full scale"),
      tiers: z.strictObject({
        entry: z.strictObject({usd_per_firm_year: usd, years: tierYears}),
        growth: z.strictObject({usd_per_firm_year: usd, years: tierYears, advance}),
        scale: z.strictObject({usd_per_firm_year: usd, years: tierYears, advance})
      })
    })
  }),
  provenance: z.record(
    z.string(),
    z.strictObject({
      kind: z.enum(["sourced", "derived", "assumption"]),
      source_ids: z.array(z.string()),
      note: z.string()
    })
  )
});

/** What the checks beyond the schema need: the sources registry, the macro series, the sourced support rows (and the
 * provenance of each, from its row of data/cases/<case>/assumptions/china_support.csv). */
export interface ScenarioContext {
  sources: Map<string, Source>;
  macro: MacroSeries;
  tierSupport: Record<PipelineTier, SourcedSupport>;
  supportProvenance: Record<PipelineTier, Provenance>;
}

/** `china.tier_support.<tier>` written as this string takes the tier's low, central and high values, and their provenance,
 * from data/cases/<case>/assumptions/china_support.csv: one edit of the CSV then changes every scenario that says so. */
export const FROM_ASSUMPTIONS = "assumptions";
const SUPPORT_CSV = `${CASE_FOLDER}/assumptions/china_support.csv`;

/** Replace each `"assumptions"` support tier by the CSV's values; a tier so written gets the CSV's provenance. */
function resolveAssumptions(file: string, json: unknown, ctx: ScenarioContext): {json: unknown; tiers: PipelineTier[]; issues: DataIssue[]} {
  const support = valueAt(json, ["china", "tier_support"]);
  if (support === null || typeof support !== "object" || Array.isArray(support)) return {json, tiers: [], issues: []};
  const tiers: PipelineTier[] = [];
  const issues: DataIssue[] = [];
  const resolved: Record<string, unknown> = {...(support as Record<string, unknown>)};
  for (const [t, v] of Object.entries(resolved)) {
    if (typeof v !== "string" || !(PIPELINE_TIERS as readonly string[]).includes(t)) continue;
    if (v !== FROM_ASSUMPTIONS) {
      issues.push({file, row: `china.tier_support.${t}`, value: v, problem: "not a support range", fix: `write {"low_cny": ..., "central_cny": ..., "high_cny": ...}, or "${FROM_ASSUMPTIONS}" to take the values of ${SUPPORT_CSV}`});
      continue;
    }
    const {low_cny, central_cny, high_cny} = tierValue(ctx.tierSupport, t, "sourced support");
    resolved[t] = {low_cny, central_cny, high_cny};
    tiers.push(t as PipelineTier);
  }
  const j = json as {china: Record<string, unknown>};
  return {json: {...j, china: {...j.china, tier_support: resolved}}, tiers, issues};
}

/** Input paths the messages give as examples: the top pipeline tier's, else paths every case has. */
const TOP_TIER = PIPELINE_TIERS.at(-1);
const EXAMPLE_INPUT = TOP_TIER ? `china.tier_support.${TOP_TIER}.central_cny` : "projection.us_continuation";
const EXAMPLE_PATHS = TOP_TIER ? `china.tier_support.${TOP_TIER} or projection.china.tier_growth.${TOP_TIER}` : "projection.us_program or projection.us_program.tiers.entry";

/** `{{path}}` in the description → the scenario's input at that path (e.g. {{china.tier_support.<tier>.central_cny}}
 * → 6,000,000), so the text states the values the model uses, from the same source. */
const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;
const formatValue = new Intl.NumberFormat("en-US", {maximumFractionDigits: 10});
function fillDescription(file: string, s: Scenario): {text: string; issues: DataIssue[]} {
  const inputs = flattenInputs(s);
  const issues: DataIssue[] = [];
  const text = s.description.replace(PLACEHOLDER, (whole, path: string) => {
    const v = inputs.get(path);
    if (v === undefined) {
      issues.push({file, row: "description", value: whole, problem: "the placeholder is not the path of an input", fix: `use an input path such as {{${EXAMPLE_INPUT}}} (${CASE_FOLDER}/scenarios/README.md)`});
      return whole;
    }
    return typeof v === "number" ? formatValue.format(v) : v;
  });
  return {text, issues};
}

const jsonPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), "");

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = json;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** The field names allowed at a path of the schema (for "unknown field" messages). */
function allowedKeys(path: readonly PropertyKey[]): string[] {
  let s: unknown = scenarioSchema;
  for (const k of path) {
    const def = (s as {_zod: {def: {type: string; shape?: Record<string, unknown>; valueType?: unknown; element?: unknown}}})._zod.def;
    if (def.type === "object") s = def.shape![String(k)];
    else if (def.type === "record") s = def.valueType;
    else if (def.type === "array") s = def.element;
    else return [];
    if (!s) return [];
  }
  const def = (s as {_zod: {def: {type: string; shape?: Record<string, unknown>; keyType?: {options?: string[]}}}})._zod.def;
  if (def.type === "object") return Object.keys(def.shape!);
  if (def.type === "record") return def.keyType?.options ?? [];
  return [];
}

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : typeof v === "string" ? "text" : `a ${typeof v}`);

function zodIssues(file: string, json: unknown, error: z.ZodError): DataIssue[] {
  return error.issues.flatMap((i): DataIssue[] => {
    const row = jsonPath(i.path);
    const value = valueAt(json, i.path);
    switch (i.code) {
      case "unrecognized_keys": {
        const allowed = allowedKeys(i.path);
        return i.keys.map((k) => ({file, row: jsonPath([...i.path, k]), value: valueAt(json, [...i.path, k]), problem: "unknown field", fix: `remove it or correct the spelling${allowed.length ? ` (allowed here: ${allowed.join(", ")})` : ""}; see ${README}`}));
      }
      case "invalid_type":
        if (value === undefined) return [{file, row, problem: "missing field", fix: `add it (expected ${i.expected}); see ${README}`}];
        return [{file, row, value, problem: `expected ${i.expected}, got ${kindOf(value)}`, fix: `write ${i.expected === "number" ? "a plain number (no quotes, no separators)" : i.expected}; see ${README}`}];
      case "invalid_value":
        return [{file, row, value, problem: "not an allowed value", fix: `use one of: ${i.values.map(String).join(", ")}`}];
      case "custom": {
        const params = (i.params ?? {}) as {allowed?: string; fix?: string};
        return [{file, row, value, problem: `${i.message}${params.allowed ? ` (allowed: ${params.allowed})` : ""}`, fix: params.fix ?? `see ${README}`}];
      }
      default:
        return [{file, row, value, problem: i.message, fix: `see ${README}`}];
    }
  });
}

function yearsOf(...maps: ReadonlyMap<number, number>[]): number[] {
  return [...(maps[0]?.keys() ?? [])].filter((y) => maps.every((m) => m.has(y))).sort((a, b) => a - b);
}

/** Checks across fields and against the data (registry, macro coverage, sourced support for the baseline). */
function crossIssues(file: string, s: Scenario, ctx: ScenarioContext): DataIssue[] {
  const issues: DataIssue[] = [];
  const stem = basename(file).replace(/\.json$/, "");
  if (s.name !== stem) issues.push({file, row: "name", value: s.name, problem: `the name differs from the file name "${stem}"`, fix: `rename the file to ${s.name}.json or set "name": "${stem}"`});
  for (const t of PIPELINE_TIERS) {
    const r = tierValue(s.china.tier_support, t, "scenario support");
    if (!(r.low_cny <= r.central_cny && r.central_cny <= r.high_cny)) {
      issues.push({file, row: `china.tier_support.${t}.central_cny`, value: r.central_cny, problem: `low ≤ central ≤ high does not hold (${r.low_cny} / ${r.central_cny} / ${r.high_cny})`, fix: "order the three values"});
    }
  }
  if (s.us.window.from > s.us.window.to) issues.push({file, row: "us.window.from", value: s.us.window.from, problem: `the window starts after it ends (${s.us.window.from} > ${s.us.window.to})`, fix: "swap from and to"});

  const deflator = s.valuation.deflator === "cpi" ? ctx.macro.cpi_u : ctx.macro.gdp_deflator;
  const basis = s.valuation.basis === "market" ? ctx.macro.cny_per_usd : ctx.macro.ppp_cny_per_intl;
  const yearCheck = (row: string, y: number, covered: number[], what: string) => {
    if (covered.includes(y)) return;
    const allowed = covered.length ? `${covered[0]} to ${covered[covered.length - 1]}` : "none";
    issues.push({file, row, value: y, problem: `no ${what} for this year in ${CASE_FOLDER}/macro/ (allowed: ${allowed})`, fix: `choose a year from ${allowed}, or add the year to ${CASE_FOLDER}/macro/`});
  };
  const deflatorName = s.valuation.deflator === "cpi" ? "CPI-U" : "GDP deflator";
  yearCheck("valuation.base_year", s.valuation.base_year, yearsOf(deflator), `${deflatorName} value`);
  yearCheck("valuation.china_year", s.valuation.china_year, yearsOf(basis, deflator), `${s.valuation.basis} conversion factor and ${deflatorName} value`);
  yearCheck("us.window.from", s.us.window.from, yearsOf(deflator), `${deflatorName} value`);
  yearCheck("us.window.to", s.us.window.to, yearsOf(deflator), `${deflatorName} value`);

  const p = s.projection.us_program;
  if (p.stages.length > 0 && p.firms_per_stage_per_year > 0 && p.tiers.entry.years === 0) {
    issues.push({file, row: "projection.us_program.tiers.entry.years", value: 0, problem: "the program takes in firms but its entry tier lasts 0 years", fix: "fund entry firms for at least 1 year, or set firms_per_stage_per_year to 0"});
  }

  const paths = inputPaths(s);
  for (const [k, prov] of Object.entries(s.provenance)) {
    if (!paths.some((p) => p === k || p.startsWith(`${k}.`))) {
      issues.push({file, row: `provenance.${k}`, value: k, problem: "not the path of an input or of a group of inputs", fix: `use a JSON path such as ${EXAMPLE_PATHS}`});
    }
    prov.source_ids.forEach((id, i) => {
      if (!ctx.sources.has(id)) issues.push({file, row: `provenance.${k}.source_ids[${i}]`, value: id, problem: "this source_id is not in the sources registry", fix: `add a row for it to ${CASE_FOLDER}/sources/*.csv, or correct the id`});
    });
    if (prov.kind !== "assumption" && prov.source_ids.length === 0) {
      issues.push({file, row: `provenance.${k}.source_ids`, value: [], problem: `a ${prov.kind} input must cite at least one source_id`, fix: 'cite the source(s), or set "kind": "assumption"'});
    }
  }

  // The baseline rests on sourced data only: the support of data/cases/<case>/assumptions/china_support.csv and no allocation.
  if (s.name === "baseline") {
    for (const t of PIPELINE_TIERS) {
      const mine = tierValue(s.china.tier_support, t, "scenario support");
      const csv = tierValue(ctx.tierSupport, t, "sourced support");
      for (const k of ["low_cny", "central_cny", "high_cny"] as const) {
        if (mine[k] !== csv[k]) {
          issues.push({file, row: `china.tier_support.${t}.${k}`, value: mine[k], problem: `the baseline must use ${SUPPORT_CSV} (${csv[k]})`, fix: `write "china.tier_support.${t}": "${FROM_ASSUMPTIONS}" (the CSV's values), or put your value in another scenario`});
        }
      }
      for (const [stage, n] of Object.entries(s.china.allocation[t] ?? {})) {
        if ((n ?? 0) > 0) issues.push({file, row: `china.allocation.${t}.${stage}`, value: n, problem: "the baseline leaves firms whose stage no source states in unknown", fix: "remove the allocation, or put it in another scenario"});
      }
    }
  }
  return issues;
}

/** Where JSON.parse stopped, as "line L, column C". */
function syntaxWhere(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos).split("\n");
  return `${message.replace(/ in JSON at position \d+.*$/, "")} at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** Parse and validate one scenario file's text; returns the canonical scenario or the file's issues. */
export function checkScenarioText(text: string, file: string, ctx: ScenarioContext): {scenario: Scenario | null; issues: DataIssue[]} {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {scenario: null, issues: [{file, problem: `not valid JSON: ${syntaxWhere(text, (e as Error).message)}`, fix: "fix the syntax (double quotes around names and text, no trailing commas, no comments)"}]};
  }
  const fromCsv = resolveAssumptions(file, json, ctx);
  const parsed = scenarioSchema.safeParse(fromCsv.json);
  if (!parsed.success || fromCsv.issues.length) {
    // A misspelt "assumptions" is reported once, by resolveAssumptions.
    const covered = new Set(fromCsv.issues.map((i) => i.row));
    const schemaIssues = parsed.success ? [] : zodIssues(file, json, parsed.error).filter((i) => !covered.has(i.row));
    return {scenario: null, issues: [...fromCsv.issues, ...schemaIssues]};
  }
  const data = parsed.data as Scenario;
  const issues: DataIssue[] = [];
  for (const t of fromCsv.tiers) {
    const key = `china.tier_support.${t}`;
    if (data.provenance[key]) issues.push({file, row: `provenance.${key}`, value: key, problem: `the tier takes its values from ${SUPPORT_CSV}, and so its provenance (the row's source and note)`, fix: "remove this provenance entry"});
    data.provenance[key] = tierValue(ctx.supportProvenance, t, "support provenance");
  }
  const description = fillDescription(file, data);
  issues.push(...description.issues);
  const scenario = canonicalScenario({...data, description: description.text});
  issues.push(...crossIssues(file, scenario, ctx));
  return {scenario: issues.length ? null : scenario, issues};
}

export function parseScenarioText(text: string, file: string, ctx: ScenarioContext): Scenario {
  const {scenario, issues} = checkScenarioText(text, file, ctx);
  if (!scenario) throw new DataError(issues);
  return scenario;
}

/** Allocation against the firms that no source places (needs the China rows, so checked where they are loaded). */
export function allocationIssues(file: string, s: Scenario, unnamed: Record<PipelineTier, number>): DataIssue[] {
  return PIPELINE_TIERS.flatMap((t) => {
    const placed = Object.values(s.china.allocation[t] ?? {}).reduce<number>((sum, n) => sum + (n ?? 0), 0);
    const free = unnamed[t] ?? 0;
    return placed > free
      ? [{file, row: `china.allocation.${t}`, value: s.china.allocation[t], problem: `places ${placed} firms, but only ${free} ${t} firms have no stated stage (allowed: 0 to ${free} in total)`, fix: `place at most ${free} firms of this tier`}]
      : [];
  });
}
