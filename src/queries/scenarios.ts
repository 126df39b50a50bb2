// Named SQL for the /scenarios page, `npm run scenario` and the scenario loader: the scenario files as loaded by
// the build (`scenarios`, `scenario_projection`) and the base rows every projection starts from.
import {query, type Query} from "./query.js";

/** One row per scenario file: its validated JSON and the sources it cites. */
export function scenarioList(): Query {
  return query("scenarios.list", `SELECT name, title, description, author_note, file, source_id, json FROM scenarios ORDER BY name`);
}

/** The build's projection of one scenario (stage rows, 2025–2035). */
export function projectionRows(name: string): Query {
  return query("scenarios.projection", `SELECT * EXCLUDE (scenario, stage_index) FROM scenario_projection WHERE scenario = ? ORDER BY year, stage_index`, [name]);
}

/** Curated domestic award rows for projections (aggregates excluded: they overlap award rows; finance for projects
 * abroad is its own line, never part of the domestic side), every status and instrument. */
export function scenarioAwards(): Query {
  return query(
    "scenarios.awards",
    `SELECT award_id, recipient, status, instrument, amount_usd, year, stages, source_id, confidence
       FROM awards WHERE NOT is_aggregate AND geography = 'domestic' ORDER BY award_id`
  );
}
