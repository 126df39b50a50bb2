/**
 * What each stage of the chain diagram shows, pure and isomorphic: both sides' coverage (China's designated firms,
 * US distinct recipients: /coverage's queries) and support (known grant equivalent and priced share in one matched
 * scope: /gaps' comparison, src/lib/scopes.ts), the colour the rule allows, and the global-context figure a source
 * gives for the stage. Nothing is added across sides or units.
 */
import type {Comparison} from "./comparison.js";
import {STAGES, type Stage} from "./taxonomy.js";
import {term} from "./case.js";

export interface ChinaFirmsRow {
  stage: string;
  count_firms: number | null;
}
export interface UsRecipientsRow {
  stage: string;
  recipients: number;
}
export interface ScopeStageRow {
  stage: string;
  china: {ge_usd: number; priced: number; known: number};
  us: {ge_usd: number; priced: number; known: number};
  comparison: Comparison;
}
export interface ContextRow {
  metric_id: string;
  metric: string;
  value: number | null;
  unit: string;
  year: number | null;
  source_id: string;
  confidence: string;
}

export interface SideSupport {
  /** Known grant equivalent, constant USD (0 when nothing is priced). */
  ge_usd: number;
  priced: number;
  known: number;
  /** priced ÷ known; null when the side has no known instrument at the stage (drawn empty). */
  priced_share: number | null;
}

export interface StageFigures {
  stage: Stage;
  /** Designated firms with a stated count; null when none is known at the stage. */
  china_firms: number | null;
  /** A source places firms at the stage without saying how many (shown as "≥1"). */
  china_unstated: boolean;
  /** Distinct US recipients across the statuses counted; 0 when none. */
  us_recipients: number;
  china: SideSupport;
  us: SideSupport;
  comparison: Comparison | null;
  /** What the colour shows: the gap where the rule allows one, else each side's priced share. */
  colour: "gap" | "priced";
  context: ContextRow | null;
}

const none = (): SideSupport => ({ge_usd: 0, priced: 0, known: 0, priced_share: null});
const side = (s: {ge_usd: number; priced: number; known: number} | undefined): SideSupport =>
  !s || s.known === 0 ? none() : {ge_usd: s.ge_usd, priced: s.priced, known: s.known, priced_share: s.priced / s.known};

/** One entry per stage of the taxonomy, in its order. */
export function chainFigures(
  {chinaFirms, usRecipients, scopeRows, context, contextByStage}: {
    chinaFirms: readonly ChinaFirmsRow[];
    usRecipients: readonly UsRecipientsRow[];
    scopeRows: readonly ScopeStageRow[];
    context: readonly ContextRow[];
    /** stage → the metric_id it shows (data/cases/<case>/chain/stages.csv context_metric_id). */
    contextByStage: ReadonlyMap<string, string | null>;
  }
): StageFigures[] {
  return STAGES.map((stage) => {
    const firms = chinaFirms.filter((r) => r.stage === stage);
    const stated = firms.filter((r) => r.count_firms !== null);
    const row = scopeRows.find((r) => r.stage === stage);
    const comparison = row?.comparison ?? null;
    const metric = contextByStage.get(stage) ?? null;
    return {
      stage,
      china_firms: stated.length ? stated.reduce((s, r) => s + r.count_firms!, 0) : null,
      china_unstated: firms.some((r) => r.count_firms === null),
      us_recipients: usRecipients.find((r) => r.stage === stage)?.recipients ?? 0,
      china: side(row?.china),
      us: side(row?.us),
      comparison,
      colour: comparison?.comparable ? "gap" : "priced",
      context: metric === null ? null : context.find((c) => c.metric_id === metric) ?? null
    };
  });
}

/** The settings the diagram follows, as the pages write them in the URL (docs/publishing.md "Shareable URLs"). */
export interface ChainSettings {
  /** /coverage: China's and the US's coverage scope, and the US statuses counted. */
  cn: string;
  us: string;
  st: string[];
  /** /gaps: the matched scope, status class, years, currency basis, base year and deflator. */
  scope: string;
  sc: string;
  sfrom: number;
  sto: number;
  basis: "market" | "ppp";
  base: number;
  defl: "cpi" | "gdp";
}

const KEYS = ["cn", "us", "st", "scope", "sc", "sfrom", "sto", "basis", "base", "defl"] as const satisfies readonly (keyof ChainSettings)[];

/**
 * The settings in a query string, each checked against what it may be (`allowed`); a value that is not allowed keeps
 * the default, as the pages' inputs do.
 */
export function readChainSettings(search: string, defaults: ChainSettings, allowed: {scopes: readonly string[]; classes: readonly string[]; years: readonly number[]}): ChainSettings {
  const p = new URLSearchParams(search);
  const pick = <T>(key: string, ok: (v: string) => boolean, parse: (v: string) => T, d: T): T => {
    const v = p.get(key);
    return v !== null && ok(v) ? parse(v) : d;
  };
  const year = (v: string) => allowed.years.includes(Number(v));
  return {
    cn: pick("cn", (v) => v === "baogang" || v === "national", String, defaults.cn),
    us: pick("us", (v) => v === "curated" || v === "sbir", String, defaults.us),
    st: pick("st", (v) => v.split(",").every((s) => ["obligated", "committed", "announced", "authority"].includes(s)), (v) => (v === "" ? [] : v.split(",")), defaults.st),
    scope: pick("scope", (v) => allowed.scopes.includes(v), String, defaults.scope),
    sc: pick("sc", (v) => allowed.classes.includes(v), String, defaults.sc),
    sfrom: pick("sfrom", year, Number, defaults.sfrom),
    sto: pick("sto", year, Number, defaults.sto),
    basis: pick("basis", (v) => v === "market" || v === "ppp", (v) => v as "market" | "ppp", defaults.basis),
    base: pick("base", year, Number, defaults.base),
    defl: pick("defl", (v) => v === "cpi" || v === "gdp", (v) => v as "cpi" | "gdp", defaults.defl)
  };
}

/** The query string that carries `settings` to another page: only what differs from the defaults, in a fixed order. */
export function settingsQuery(settings: ChainSettings, defaults: ChainSettings): string {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    const v = settings[k];
    if (JSON.stringify(v) === JSON.stringify(defaults[k])) continue;
    p.set(k, Array.isArray(v) ? v.join(",") : String(v));
  }
  const q = p.toString();
  return q ? `?${q}` : "";
}

/** The coverage scopes a reader chooses between (/coverage, the stage pages; /gaps the US side), label → value, in the
 * case's words: China's portfolio group or the national lists, the curated US awards or the SBIR/STTR matches. */
export const CHINA_SCOPE_CHOICES: ReadonlyMap<string, string> = new Map([[`${term("portfolio-owner")} portfolio`, "baogang"], ["China national (named firms + counts)", "national"]]);
export const US_SCOPE_CHOICES: ReadonlyMap<string, string> = new Map([[`Curated ${term("chain")} awards`, "curated"], [`SBIR/STTR ${term("chain")} matches`, "sbir"]]);

/** A stage's page, with the settings in force. */
export function stageHref(stage: string, settings: ChainSettings, defaults: ChainSettings): string {
  return `./stage/${encodeURIComponent(stage)}${settingsQuery(settings, defaults)}`;
}
