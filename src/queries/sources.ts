import {query, type Query} from "./query.js";

/** The whole sources registry (small: one row per cited document). */
export function allSources(): Query {
  return query("sources.all", `SELECT source_id, title, publisher, url, published, accessed, confidence, note FROM sources ORDER BY source_id`);
}

/** Sources whose id, title, publisher or note contains the search text (case-insensitive; bound parameter). */
export function searchSources(text: string, confidence: string): Query {
  return query(
    "sources.search",
    `SELECT source_id, title, publisher, url, published, accessed, confidence, note FROM sources
      WHERE (? = '' OR contains(lower(source_id || ' ' || title || ' ' || publisher || ' ' || coalesce(note, '') || ' ' || coalesce(url, '')), lower(?)))
        AND (? = '' OR confidence = ?)
      ORDER BY source_id`,
    [text, text, confidence, confidence]
  );
}

export function datasets(): Query {
  return query("sources.datasets", `SELECT dataset, title, file, rows, columns, n_sources FROM datasets ORDER BY dataset`);
}
