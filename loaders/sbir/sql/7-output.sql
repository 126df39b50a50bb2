-- SBIR ingest, step 7 of 7: the published table (DuckDB SQL; see README.md in this folder): the staged rows with
-- their classes, company numbers and citations, in award_id order (`pos`). The loader packs this view into Arrow
-- (duckdb-arrow.ts); elsewhere: COPY (SELECT * EXCLUDE (pos) FROM sbir_output ORDER BY pos) TO '...parquet'.
-- Variable read: sbir_source_id (the source cited on every row of the full export; NULL for the extract, whose
-- rows are cited by sbir_cites).

-- company_id numbers the distinct companies 1, 2, ... in byte order (a join, not dense_rank() over all rows, which
-- would sort every row's columns with the names); the citations join is skipped for the full export (one source).
CREATE OR REPLACE VIEW sbir_output AS
  SELECT s.rowid AS pos, s.award_id, s.company, n.company_id,
    s.title, s.agency, s.branch, s.phase, s.program, s.award_year, s.award_date, s.amount_usd, s.topic_code, s.state,
    coalesce(k.re_relevant, false) AS re_relevant, k.matched_rules, k.stages,
    c.source_url, coalesce(c.source_id, getvariable('sbir_source_id')) AS source_id
  FROM sbir_staged s
    JOIN (SELECT company, row_number() OVER (ORDER BY company)::INTEGER AS company_id
      FROM (SELECT DISTINCT company FROM sbir_staged)) n ON n.company = s.company
    LEFT JOIN sbir_classes k ON k.rid = s.rowid
    LEFT JOIN sbir_cites c ON getvariable('sbir_source_id') IS NULL
      AND c.k = coalesce(s.tracking, '') || '|' || coalesce(s.contract, '');
