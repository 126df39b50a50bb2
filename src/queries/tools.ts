// Named SQL for the tools without a price (data/cases/<case>/tools/tools.csv), both sides. A tool that covers the whole chain
// (stages = all) is its own group, never spread over the stages.
import {query, type Query} from "./query.js";

/** Every tool, China first, by date. */
export function tools(): Query {
  return query(
    "tools.all",
    `SELECT tool_id, side, tool, title, issuer, doc_number, date, stages, quantity, unit, source_id, confidence, note
       FROM tools ORDER BY side, date NULLS LAST, tool_id`
  );
}

/** Tools per stage and side: how many, and of which kinds (`;`-list, alphabetical). One row per stage and side
 * that has a tool; a tool listed under several stages counts once in each. */
export function toolsByStage(): Query {
  return query(
    "tools.byStage",
    `WITH s AS (SELECT side, tool, unnest(string_split(stages, ';')) AS stage FROM tools)
     SELECT stage, side, count(*)::INTEGER AS n_tools, string_agg(DISTINCT tool, ';' ORDER BY tool) AS kinds
       FROM s GROUP BY stage, side ORDER BY stage, side`
  );
}
