// The /us status and aggregate filter as bound parameters, shared by the award queries (us.ts) and the maps'
// (places.ts). Not a query builder: it returns parameters, never SQL.
import {US_STATUSES} from "../lib/taxonomy.js";

export interface AwardFilter {
  statuses: readonly string[];
  includeAggregates: boolean;
}

/** Bound parameters for the shared WHERE clause: only known statuses pass, so the list is always well-formed. */
export function filterParams(f: AwardFilter): [string, boolean] {
  return [f.statuses.filter((s) => (US_STATUSES as readonly string[]).includes(s)).join(","), f.includeAggregates];
}
