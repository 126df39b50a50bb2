// The findings the overview and the report lead with, from the matched scopes (src/queries/scopes.ts) and the tools
// without a price: the queries once (the pages' plans run loadFindingInputs too, so their default view is answered
// at build time), the computation pure (src/lib/scope-text.ts).
import type {MacroSeries} from "../lib/normalize.js";
import type {Row} from "../lib/rows.js";
import {orderScopes, scopeFindings, type Finding, type ToolRow} from "../lib/scope-text.js";
import {DEFAULT_GAP_INPUTS, SCOPE_DEFAULTS} from "./defaults.js";
import {loadMacro, type QueryRunner} from "./gap-model.js";
import {loadScopeData, scopeComparison, type ScopeData, type ScopeDefinition, type ScopeParams, type ScopeResult} from "./scopes.js";
import {tools as toolRows} from "./tools.js";

export interface FindingInputs {
  data: ScopeData;
  macro: MacroSeries;
  /** Every tool without a price (the rows the findings count and cite). */
  tools: (ToolRow & Row)[];
}

export async function loadFindingInputs(db: QueryRunner): Promise<FindingInputs> {
  const [data, macro, tools] = await Promise.all([loadScopeData(db), loadMacro(db), db.query<ToolRow & Row>(toolRows())]);
  return {data, macro, tools};
}

/** `window`, when given, limits every scope to those years (inclusive; within each scope's own years): the report's. */
export type FindingSettings = Pick<ScopeParams, "basis" | "baseYear" | "deflator"> & {statusClass: string; window?: readonly [number, number]};

export const FINDING_DEFAULTS: FindingSettings = {basis: DEFAULT_GAP_INPUTS.basis, baseYear: DEFAULT_GAP_INPUTS.baseYear, deflator: DEFAULT_GAP_INPUTS.deflator, statusClass: SCOPE_DEFAULTS.statusClass};

/** Every domestic scope over its own years (the headline scope first), finance abroad apart, and the findings. */
export function findings({data, macro, tools}: FindingInputs, settings: FindingSettings = FINDING_DEFAULTS): {scopes: ScopeResult[]; outbound: ScopeResult[]; findings: Finding[]} {
  const {domestic, outbound} = orderScopes(data.scopes, SCOPE_DEFAULTS.scope);
  const {window, ...rest} = settings;
  const years = (s: ScopeDefinition): [number, number] | undefined => (window ? scopeYears(s, window) : undefined);
  const inWindow = (s: ScopeDefinition) => {
    const y = years(s);
    return !y || y[0] <= y[1];
  };
  const compare = (s: ScopeDefinition) => scopeComparison(data, {...rest, scope: s.scope_id, window: years(s)}, macro);
  const scopes = domestic.filter(inWindow).map(compare);
  return {scopes, outbound: outbound.filter(inWindow).map(compare), findings: scopeFindings(scopes, tools, data.rule, settings.baseYear)};
}

/** A scope's own years (China's side, as scopeComparison reads them) within `window`; from > to when they do not meet. */
export function scopeYears(s: ScopeDefinition, window: readonly [number, number]): [number, number] {
  return [Math.max(s.sides.china.year_from, Math.min(...window)), Math.min(s.sides.china.year_to, Math.max(...window))];
}

/** The report's default years: the headline scope's own. */
export function headlineYears(data: ScopeData): [number, number] {
  const head = data.scopes.find((s) => s.scope_id === SCOPE_DEFAULTS.scope) ?? data.scopes[0]!;
  return [head.sides.china.year_from, head.sides.china.year_to];
}
