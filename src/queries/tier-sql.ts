// The case's tiers in SQL, always as bound values (never spliced): a tier's rank on the ladder, lowest first, for
// ordering, and the top pipeline tier (the firms of the batch lists, and the tier key support is given to).
import {PIPELINE_TIERS, TIERS} from "../lib/taxonomy.js";

/** `CASE <column> WHEN ? THEN 1 …` : a tier's 1-based position in the case's tiers (case.json order), the next
 * number for anything else; with its parameters, to be spliced where the SQL text has it. */
export function tierLevel(column: string): {sql: string; params: string[]} {
  if (!TIERS.length) return {sql: "1", params: []};
  return {sql: `CASE ${column} ${TIERS.map((_, i) => `WHEN ? THEN ${i + 1}`).join(" ")} ELSE ${TIERS.length + 1} END`, params: [...TIERS]};
}

/** The top tier of the pipeline (null in a case without tiers). */
export const TOP_TIER: string | null = PIPELINE_TIERS.at(-1) ?? null;
/** The lowest tier of the pipeline, where newly designated firms enter (null in a case without tiers). */
export const ENTRY_TIER: string | null = PIPELINE_TIERS[0] ?? null;
