-- SBIR ingest, step 7 of 7: the published table (DuckDB SQL; see README.md in this folder): the staged rows with
-- their classes, company numbers and citations, in award_id order (`pos`). The loader packs this view into Arrow
-- (duckdb-arrow.ts); elsewhere: COPY (SELECT * EXCLUDE (pos) FROM sbir_output ORDER BY pos) TO '...parquet'.
-- Variable read: sbir_source_id (the source cited on every row of the full export; NULL for the extract, whose
-- rows are cited by sbir_cites).

-- company_id numbers the distinct companies 1, 2, ... in byte order (a join, not dense_rank() over all rows, which
-- would sort every row's columns with the names); agency_id, phase_id and source_num number the agencies, phases and
-- cited sources the same way (/sbir groups on them: integers hash faster than text). The citations join is skipped
-- for the full export (one source).
CREATE OR REPLACE VIEW sbir_output AS
  SELECT s.rowid AS pos, s.award_id, s.company, n.company_id,
    s.title, s.agency, s.branch, s.phase, s.program, s.award_year, s.award_date, s.amount_usd, s.topic_code, s.state,
    coalesce(k.re_relevant, false) AS re_relevant, k.matched_rules, k.stages,
    c.source_url, coalesce(c.source_id, getvariable('sbir_source_id')) AS source_id,
    a.agency_id, p.phase_id, src.source_num
  FROM sbir_staged s
    JOIN (SELECT company, row_number() OVER (ORDER BY company)::INTEGER AS company_id
      FROM (SELECT DISTINCT company FROM sbir_staged)) n ON n.company = s.company
    JOIN (SELECT agency, row_number() OVER (ORDER BY agency)::INTEGER AS agency_id
      FROM (SELECT DISTINCT agency FROM sbir_staged)) a ON a.agency = s.agency
    JOIN (SELECT phase, row_number() OVER (ORDER BY phase)::INTEGER AS phase_id
      FROM (SELECT DISTINCT phase FROM sbir_staged)) p ON p.phase = s.phase
    LEFT JOIN sbir_classes k ON k.rid = s.rowid
    LEFT JOIN sbir_cites c ON getvariable('sbir_source_id') IS NULL
      AND c.k = coalesce(s.tracking, '') || '|' || coalesce(s.contract, '')
    JOIN (SELECT source_id, row_number() OVER (ORDER BY source_id)::INTEGER AS source_num
      FROM (SELECT DISTINCT source_id FROM sbir_cites WHERE getvariable('sbir_source_id') IS NULL
        UNION SELECT getvariable('sbir_source_id') WHERE getvariable('sbir_source_id') IS NOT NULL)) src
      ON src.source_id = coalesce(c.source_id, getvariable('sbir_source_id'));
