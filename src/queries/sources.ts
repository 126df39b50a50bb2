import {query, type Query} from "./query.js";

/** The whole sources registry (small: one row per cited document). */
export function allSources(): Query {
  return query("sources.all", `SELECT source_id, title, issuer, doc_number, published, read_url, read_kind, read_via, accessed, confidence, corroborated_by, single_copy, note FROM sources ORDER BY source_id`);
}

/** Sources whose id, title, issuer, document number, where read or note contains the search text (case-insensitive; bound parameter). */
export function searchSources(text: string, confidence: string): Query {
  return query(
    "sources.search",
    `SELECT source_id, title, issuer, doc_number, published, read_url, read_kind, read_via, accessed, confidence, corroborated_by, single_copy, note FROM sources
      WHERE (? = '' OR contains(lower(source_id || ' ' || title || ' ' || issuer || ' ' || coalesce(doc_number, '') || ' ' || coalesce(read_via, '') || ' ' || coalesce(note, '') || ' ' || coalesce(read_url, '')), lower(?)))
        AND (? = '' OR confidence = ?)
      ORDER BY source_id`,
    [text, text, confidence, confidence]
  );
}

export function datasets(): Query {
  return query("sources.datasets", `SELECT dataset, title, file, rows, columns, n_sources FROM datasets ORDER BY dataset`);
}
