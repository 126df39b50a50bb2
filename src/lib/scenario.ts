/**
 * Scenario files (data/cases/<case>/scenarios/*.json): a named, versioned set of assumptions for the gap model and its
 * projection to 2035. Pure and isomorphic: the loader (validation, build), the /scenarios page (sliders, "Save as
 * scenario") and `npm run scenario` share these types and helpers. The schema itself (ranges, messages) lives in
 * loaders/scenarios/schema.ts; data/cases/<case>/scenarios/README.md documents every field.
 */
import {byTier, tierValue, type PipelineTier} from "./gaps.js";
import type {Basis, Deflator} from "./normalize.js";
import {CASE, term} from "./case.js";
import {PIPELINE_TIERS, STAGES, type Stage, type UsInstrument, type UsStatus} from "./taxonomy.js";

export type {PipelineTier};

export const SCENARIO_SCHEMA_VERSION = 1;
/** Projection years: 2025 is "today" (the /gaps model), 2026–2035 are projected. */
export const PROJECTION_FROM = 2025;
export const PROJECTION_TO = 2035;
export const PROJECTION_YEARS: readonly number[] = Array.from({length: PROJECTION_TO - PROJECTION_FROM + 1}, (_, i) => PROJECTION_FROM + i);

/** The hypothetical US program's tiers, mirroring China's ladder: entry → growth → scale. */
export const PROGRAM_TIERS = ["entry", "growth", "scale"] as const;
export type ProgramTier = (typeof PROGRAM_TIERS)[number];

export interface SupportRange {
  low_cny: number;
  central_cny: number;
  high_cny: number;
}

export interface EntryTier {
  /** Constant base-year USD per funded firm per year. */
  usd_per_firm_year: number;
  /** Years a firm is funded in the tier (0 ends the pipeline before this tier). */
  years: number;
}

export interface LaterTier extends EntryTier {
  /** Share of the firms finishing the previous tier (after attrition) that advance into this one. */
  advance: number;
}

export interface UsProgram {
  start_year: number;
  /** Intake rises linearly to full over this many years (0 = full from the first year). */
  ramp_up_years: number;
  /** Share of funded firms that leave the program each year (before finishing their tier). */
  attrition: number;
  /** Stages the program funds; each gets the same intake. */
  stages: Stage[];
  /** New entry-tier firms per program stage per year at full scale. */
  firms_per_stage_per_year: number;
  tiers: {entry: EntryTier; growth: LaterTier; scale: LaterTier};
}

export type ProvenanceKind = "sourced" | "derived" | "assumption";

export interface Provenance {
  kind: ProvenanceKind;
  source_ids: string[];
  note: string;
}

export interface Scenario {
  schema_version: 1;
  /** Slug; the file is data/cases/<case>/scenarios/<name>.json. */
  name: string;
  title: string;
  description: string;
  author_note: string;
  valuation: {basis: Basis; base_year: number; deflator: Deflator; china_year: number};
  us: {statuses: UsStatus[]; instruments: UsInstrument[]; window: {from: number; to: number}};
  china: {
    /** CNY per designated firm, per designation (valued in valuation.china_year). */
    tier_support: Record<PipelineTier, SupportRange>;
    /** Baogang's firms whose stage no source states, placed on stages (an assumption); the rest stay `unknown`. */
    allocation: Record<PipelineTier, Partial<Record<Stage, number>>>;
  };
  projection: {
    china: {tier_growth: Record<PipelineTier, number>};
    /** In a matched scope: multiple of China's yearly average known grant equivalent in the scope's years that
     * continues each year after 2025 (0 = none). The designated-firm estimate grows by tier_growth instead. */
    china_continuation: number;
    /** Multiple of the window's average yearly US support that continues each year after 2025 (0 = none); in a
     * matched scope, of the US side's yearly average known grant equivalent in the scope's years. */
    us_continuation: number;
    us_program: UsProgram;
  };
  /** Where an input comes from, keyed by its JSON path (or a parent path); inputs without an entry are assumptions. */
  provenance: Record<string, Provenance>;
}

/** The scenario in canonical key order, as a file's text (2-space indent, trailing newline). */
export function scenarioToJson(s: Scenario): string {
  return `${JSON.stringify(canonicalScenario(s), null, 2)}\n`;
}

/** A copy with keys in the documented order, allocation without zeros, provenance sorted by path. */
export function canonicalScenario(s: Scenario): Scenario {
  const p = s.projection.us_program;
  return {
    schema_version: 1,
    name: s.name,
    title: s.title,
    description: s.description,
    author_note: s.author_note,
    valuation: {basis: s.valuation.basis, base_year: s.valuation.base_year, deflator: s.valuation.deflator, china_year: s.valuation.china_year},
    us: {statuses: [...s.us.statuses], instruments: [...s.us.instruments], window: {from: s.us.window.from, to: s.us.window.to}},
    china: {
      tier_support: byTier((t) => {
        const r = tierValue(s.china.tier_support, t, "scenario support");
        return {low_cny: r.low_cny, central_cny: r.central_cny, high_cny: r.high_cny};
      }),
      allocation: byTier((t) => Object.fromEntries(STAGES.filter((st) => (s.china.allocation[t]?.[st] ?? 0) > 0).map((st) => [st, s.china.allocation[t]![st]!])))
    },
    projection: {
      china: {tier_growth: byTier((t) => tierValue(s.projection.china.tier_growth, t, "tier growth"))},
      china_continuation: s.projection.china_continuation,
      us_continuation: s.projection.us_continuation,
      us_program: {
        start_year: p.start_year,
        ramp_up_years: p.ramp_up_years,
        attrition: p.attrition,
        stages: STAGES.filter((st) => p.stages.includes(st)),
        firms_per_stage_per_year: p.firms_per_stage_per_year,
        tiers: {
          entry: {usd_per_firm_year: p.tiers.entry.usd_per_firm_year, years: p.tiers.entry.years},
          growth: {usd_per_firm_year: p.tiers.growth.usd_per_firm_year, years: p.tiers.growth.years, advance: p.tiers.growth.advance},
          scale: {usd_per_firm_year: p.tiers.scale.usd_per_firm_year, years: p.tiers.scale.years, advance: p.tiers.scale.advance}
        }
      }
    },
    provenance: Object.fromEntries(
      Object.keys(s.provenance)
        .sort()
        .map((k) => [k, {kind: s.provenance[k]!.kind, source_ids: [...s.provenance[k]!.source_ids], note: s.provenance[k]!.note}])
    )
  };
}

export type InputValue = number | string;

/**
 * The model inputs as leaf paths → values (text fields and provenance excluded). Lists become one comma-separated
 * value; allocation lists every tier × stage (0 where absent), so two scenarios always have the same paths.
 */
export function flattenInputs(s: Scenario): Map<string, InputValue> {
  const out = new Map<string, InputValue>();
  const put = (path: string, v: InputValue) => out.set(path, v);
  put("valuation.basis", s.valuation.basis);
  put("valuation.base_year", s.valuation.base_year);
  put("valuation.deflator", s.valuation.deflator);
  put("valuation.china_year", s.valuation.china_year);
  put("us.statuses", s.us.statuses.join(", "));
  put("us.instruments", s.us.instruments.join(", "));
  put("us.window.from", s.us.window.from);
  put("us.window.to", s.us.window.to);
  for (const t of PIPELINE_TIERS) {
    const r = tierValue(s.china.tier_support, t, "scenario support");
    for (const k of ["low_cny", "central_cny", "high_cny"] as const) put(`china.tier_support.${t}.${k}`, r[k]);
  }
  for (const t of PIPELINE_TIERS) for (const st of STAGES) put(`china.allocation.${t}.${st}`, s.china.allocation[t]?.[st] ?? 0);
  for (const t of PIPELINE_TIERS) put(`projection.china.tier_growth.${t}`, tierValue(s.projection.china.tier_growth, t, "tier growth"));
  put("projection.china_continuation", s.projection.china_continuation);
  put("projection.us_continuation", s.projection.us_continuation);
  const p = s.projection.us_program;
  put("projection.us_program.start_year", p.start_year);
  put("projection.us_program.ramp_up_years", p.ramp_up_years);
  put("projection.us_program.attrition", p.attrition);
  put("projection.us_program.stages", STAGES.filter((st) => p.stages.includes(st)).join(", "));
  put("projection.us_program.firms_per_stage_per_year", p.firms_per_stage_per_year);
  for (const t of PROGRAM_TIERS) {
    put(`projection.us_program.tiers.${t}.usd_per_firm_year`, p.tiers[t].usd_per_firm_year);
    put(`projection.us_program.tiers.${t}.years`, p.tiers[t].years);
    if (t !== "entry") put(`projection.us_program.tiers.${t}.advance`, (p.tiers[t] as LaterTier).advance);
  }
  return out;
}

/** Every input leaf path (for validating provenance keys). */
export function inputPaths(s: Scenario): string[] {
  return [...flattenInputs(s).keys()];
}

/** The provenance entry for a path: the entry of the path itself or of its nearest parent; none → assumption. */
export function provenanceOf(s: Scenario, path: string): Provenance & {key: string | null} {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join(".");
    const p = s.provenance[key];
    if (p) return {...p, key};
  }
  return {kind: "assumption", source_ids: [], note: "no provenance entry: an assumption of the scenario", key: null};
}

/** Every source id a scenario cites (sorted, unique). */
export function scenarioSourceIds(s: Scenario): string[] {
  return [...new Set(Object.values(s.provenance).flatMap((p) => p.source_ids))].sort();
}

/** The parameters the /scenarios page lets the reader move (starting at a scenario's values). */
export interface Adjustments {
  tier_growth: Record<PipelineTier, number>;
  support_central: Record<PipelineTier, number>;
  china_continuation: number;
  us_continuation: number;
  start_year: number;
  ramp_up_years: number;
  attrition: number;
  stages: Stage[];
  firms_per_stage_per_year: number;
  usd_per_firm_year: Record<ProgramTier, number>;
}

export function adjustmentsOf(s: Scenario): Adjustments {
  const p = s.projection.us_program;
  return {
    tier_growth: {...s.projection.china.tier_growth},
    support_central: byTier((t) => tierValue(s.china.tier_support, t, "scenario support").central_cny),
    china_continuation: s.projection.china_continuation,
    us_continuation: s.projection.us_continuation,
    start_year: p.start_year,
    ramp_up_years: p.ramp_up_years,
    attrition: p.attrition,
    stages: [...p.stages],
    firms_per_stage_per_year: p.firms_per_stage_per_year,
    usd_per_firm_year: {entry: p.tiers.entry.usd_per_firm_year, growth: p.tiers.growth.usd_per_firm_year, scale: p.tiers.scale.usd_per_firm_year}
  };
}

/**
 * A scenario with the reader's adjustments applied. A moved central support value widens low/high to include it
 * (as on /gaps). Every input that changed gets its own provenance entry "assumption: adjusted from <base> (was X)",
 * which takes precedence over a parent entry; unchanged inputs keep their provenance. `meta` renames the result.
 */
export function adjustScenario(base: Scenario, adj: Adjustments, meta: Partial<Pick<Scenario, "name" | "title" | "description" | "author_note">> = {}): Scenario {
  const s = structuredClone(canonicalScenario(base));
  for (const t of PIPELINE_TIERS) {
    s.projection.china.tier_growth[t] = tierValue(adj.tier_growth, t, "adjusted tier growth");
    const r = tierValue(s.china.tier_support, t, "scenario support");
    r.central_cny = tierValue(adj.support_central, t, "adjusted support");
    r.low_cny = Math.min(r.low_cny, r.central_cny);
    r.high_cny = Math.max(r.high_cny, r.central_cny);
  }
  s.projection.china_continuation = adj.china_continuation;
  s.projection.us_continuation = adj.us_continuation;
  const p = s.projection.us_program;
  p.start_year = adj.start_year;
  p.ramp_up_years = adj.ramp_up_years;
  p.attrition = adj.attrition;
  p.stages = STAGES.filter((st) => adj.stages.includes(st));
  p.firms_per_stage_per_year = adj.firms_per_stage_per_year;
  for (const t of PROGRAM_TIERS) p.tiers[t].usd_per_firm_year = adj.usd_per_firm_year[t];
  Object.assign(s, meta);

  const before = flattenInputs(base);
  for (const [path, v] of flattenInputs(s)) {
    const old = before.get(path);
    if (old !== v) s.provenance[path] = {kind: "assumption", source_ids: [], note: `adjusted on /scenarios from scenario ${base.name} (was ${old === "" ? "none" : String(old)})`};
  }
  return canonicalScenario(s);
}

/** Scenario names are file names: lowercase letters, digits and hyphens. */
export const SCENARIO_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Short human labels for input paths (pages and terminal); unknown paths fall back to the path itself. */
export function inputLabel(path: string): string {
  const TIER: Record<string, string> = Object.fromEntries(CASE.tiers.map((t) => [t.id, t.many]));
  const parts = path.split(".");
  const [a, b, c, d, e] = parts;
  if (a === "valuation") return ({basis: "CNY→USD basis", base_year: "Base year (constant USD)", deflator: "Deflator", china_year: "China support valued in (CNY of year)"} as Record<string, string>)[b!] ?? path;
  if (a === "us" && b === "window") return `US award window ${c}`;
  if (a === "us") return b === "statuses" ? "US statuses counted" : "US instruments counted";
  if (a === "china" && b === "tier_support") return `China support per designation, ${TIER[c!] ?? c} (${d?.replace("_cny", "")}, CNY)`;
  if (a === "china" && b === "allocation") return `Unnamed ${term("portfolio-owner-short")} ${TIER[c!] ?? c} placed at ${d}`;
  if (a === "projection" && b === "china") return `China growth per year, ${TIER[d!] ?? d}`;
  if (a === "projection" && b === "china_continuation") return "China support in the scope continuing after 2025 (× its yearly average)";
  if (a === "projection" && b === "us_continuation") return "US support continuing after 2025 (× window's yearly average)";
  if (a === "projection" && b === "us_program") {
    if (c === "tiers") return `US program ${d} tier: ${e === "usd_per_firm_year" ? "USD per firm-year" : e === "years" ? "years funded" : "share advancing"}`;
    return ({start_year: "US program start year", ramp_up_years: "US program ramp-up (years)", attrition: "US program attrition per year", stages: "US program stages", firms_per_stage_per_year: "US program new firms per stage per year"} as Record<string, string>)[c!] ?? path;
  }
  return path;
}
