// The findings the overview and the report lead with, from the matched scopes (src/queries/scopes.ts) and the tools
// without a price: the queries once (the pages' plans run loadFindingInputs too, so their default view is answered
// at build time), the computation pure (src/lib/scope-text.ts).
import type {MacroSeries} from "../lib/normalize.js";
import type {Row} from "../lib/rows.js";
import {orderScopes, scopeFindings, type Finding, type ToolRow} from "../lib/scope-text.js";
import {DEFAULT_GAP_INPUTS, SCOPE_DEFAULTS} from "./defaults.js";
import {loadMacro, type QueryRunner} from "./gap-model.js";
import {loadScopeData, scopeComparison, type ScopeData, type ScopeParams, type ScopeResult} from "./scopes.js";
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

export type FindingSettings = Pick<ScopeParams, "basis" | "baseYear" | "deflator"> & {statusClass: string};

export const FINDING_DEFAULTS: FindingSettings = {basis: DEFAULT_GAP_INPUTS.basis, baseYear: DEFAULT_GAP_INPUTS.baseYear, deflator: DEFAULT_GAP_INPUTS.deflator, statusClass: SCOPE_DEFAULTS.statusClass};

/** Every domestic scope over its own years (the headline scope first), finance abroad apart, and the findings. */
export function findings({data, macro, tools}: FindingInputs, settings: FindingSettings = FINDING_DEFAULTS): {scopes: ScopeResult[]; outbound: ScopeResult[]; findings: Finding[]} {
  const {domestic, outbound} = orderScopes(data.scopes, SCOPE_DEFAULTS.scope);
  const compare = (s: {scope_id: string}) => scopeComparison(data, {...settings, scope: s.scope_id}, macro);
  const scopes = domestic.map(compare);
  return {scopes, outbound: outbound.map(compare), findings: scopeFindings(scopes, tools, data.rule, settings.baseYear)};
}
