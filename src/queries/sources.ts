import {query, type Query} from "./query.js";

/** The whole sources registry (small: one row per cited document). */
export function allSources(): Query {
  return query("sources.all", `SELECT source_id, title, publisher, url, published, accessed, confidence, note FROM sources ORDER BY source_id`);
}
