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
      ORDER BY lower(issuer), title, source_id`,
    [text, text, confidence, confidence]
  );
}

export function datasets(): Query {
  return query("sources.datasets", `SELECT dataset, title, file, rows, columns, n_sources FROM datasets ORDER BY dataset`);
}

/**
 * The mix: for each kind of place a source was read, how many figures (data rows of the curated tables) rest on it
 * (a row citing several sources counts once, under the strongest), how many of those rest on a single copy, and how
 * many sources of the registry were read there; strongest kind first (the order of READ_KINDS' strength in
 * loaders/figures.ts).
 */
export function figureMix(): Query {
  return query(
    "sources.figureMix",
    `WITH f AS (SELECT rests_on AS read_kind, count(*)::INTEGER AS n_figures, count(*) FILTER (WHERE single_copy)::INTEGER AS n_single_copy FROM figures GROUP BY rests_on),
          s AS (SELECT read_kind, count(*)::INTEGER AS n_sources FROM sources GROUP BY read_kind)
     SELECT read_kind, coalesce(f.n_figures, 0)::INTEGER AS n_figures, coalesce(f.n_single_copy, 0)::INTEGER AS n_single_copy, coalesce(s.n_sources, 0)::INTEGER AS n_sources
       FROM s FULL JOIN f USING (read_kind)
      ORDER BY CASE read_kind WHEN 'issuer' THEN 1 WHEN 'official_copy' THEN 2 WHEN 'repository' THEN 3 WHEN 'company' THEN 4 WHEN 'news' THEN 5 WHEN 'aggregator' THEN 6 WHEN 'copy' THEN 7 ELSE 8 END`
  );
}

/** Figures that rest on a single copy: which figure, its value, the document it comes from and where that was read. */
export function singleCopyFigures(): Query {
  return query(
    "sources.singleCopyFigures",
    `SELECT f.dataset_title, f.label, f.value, f.confidence AS figure_confidence, s.confidence, s.source_id, s.title, s.issuer, s.doc_number, s.published, s.read_url, s.read_kind, s.read_via, s.single_copy
       FROM figures f JOIN sources s ON s.source_id = f.source_id
      WHERE f.single_copy
      ORDER BY f.dataset_title, f.label, f.value`
  );
}

/** The log of data corrections, newest first. */
export function corrections(): Query {
  return query("sources.corrections", `SELECT correction_id, date, dataset, rows, what_changed, why, figures_moved, source_id, commit FROM corrections ORDER BY date DESC, correction_id`);
}
