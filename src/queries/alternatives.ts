// The settings a reader most often moves to first, one step from a page's default, answered at build time as well
// (plans.ts runs these after each page's default queries), so the first change after a cold load is drawn from the
// answers file instead of waiting for DuckDB to start (issue 23's "cold first answer"). They are the same named
// queries the pages run, with the parameters the pages would bind: a page finds them only when name, SQL text and
// parameters all match (src/lib/answers.ts), and runs anything else live, so a missing or stale alternative costs
// speed, never correctness. Only inputs that run SQL need one: /gaps' basis, base year, deflator, scope and sliders,
// and /scenarios' B and its sliders, are worked out in the page from rows it already has.
// Not (yet) here: /china's tier (the browser test of a first live change uses it), /coverage (its chain diagram's
// queries follow the scope too), /sbir (its table rows are the bulk of its answers file).
import {gapRows, type QueryRunner} from "./gap-model.js";
import * as US from "./us.js";
import * as PL from "./places.js";
import type {Query} from "./query.js";
import {builtProjection} from "./scenario-model.js";
import {US_STATUSES} from "../lib/taxonomy.js";
import type {GapModelParams} from "./defaults.js";

/**
 * The status sets one checkbox away from `statuses`, in the order the page's checkbox input gives its value (the
 * options' order, US_STATUSES), without the empty set.
 */
export function oneStatusAway(statuses: readonly string[]): string[][] {
  const on = new Set(statuses);
  return US_STATUSES.map((flip) => US_STATUSES.filter((s) => (s === flip ? !on.has(s) : on.has(s)))).filter((set) => set.length > 0);
}

/**
 * /gaps' estimate inputs that run SQL (the US side, the statuses, the window), each moved one step from the defaults:
 * the other US side, each status checkbox flipped, and each end of the window one year either way within `years`.
 */
export function gapsAlternatives(defaults: GapModelParams, years: readonly number[]): GapModelParams[] {
  const out: GapModelParams[] = [{...defaults, usScope: defaults.usScope === "curated" ? "sbir" : "curated"}];
  for (const statuses of oneStatusAway(defaults.statuses)) out.push({...defaults, statuses});
  const [from, to] = defaults.window;
  for (const window of [[from - 1, to], [from + 1, to], [from, to - 1], [from, to + 1]] as [number, number][]) {
    if (years.includes(window[0]) && years.includes(window[1]) && window[0] <= window[1]) out.push({...defaults, window});
  }
  return out;
}

/** Answer /gaps' alternative settings (their rows: the China firms, answered already, and the US awards). */
export async function answerGapsAlternatives(db: QueryRunner, defaults: GapModelParams, years: readonly number[]): Promise<void> {
  for (const p of gapsAlternatives(defaults, years)) await gapRows(db, p);
}

/** Answer /scenarios' scenario A set to each other scenario (A's built projection is the only query A's pick runs). */
export async function answerScenarioAlternatives(db: QueryRunner, names: readonly string[]): Promise<void> {
  for (const name of names) await builtProjection(db, name);
}

/** The queries /us runs for one filter (its tables, charts and map) (its statuses and the programme-level totals toggle), in the page's order. */
export function usFilterQueries(f: US.AwardFilter): Query[] {
  return [US.awardsTotal(f), US.awards(f), US.awardsByYearStatus(f), US.awardsByInstrument(f), US.awardsByAgency(f), US.awardsByStage(f), PL.awardsByPlace(f), PL.awardPlaces(f)];
}

/** /us' filters one step from the default: each status checkbox flipped, and the programme-level totals toggled. */
export function usAlternatives(defaults: US.AwardFilter): US.AwardFilter[] {
  return [...oneStatusAway(defaults.statuses).map((statuses) => ({...defaults, statuses})), {...defaults, includeAggregates: !defaults.includeAggregates}];
}

/** Answer /us' alternative filters. */
export async function answerUsAlternatives(db: QueryRunner, defaults: US.AwardFilter): Promise<void> {
  for (const f of usAlternatives(defaults)) for (const q of usFilterQueries(f)) await db.query(q);
}
