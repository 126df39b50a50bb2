-- SBIR ingest, step 3 of 7: the one pass over the file (DuckDB SQL; see README.md in this folder).
-- Reads sbir_cells() once (parallel), computes the output columns already typed, joins agency and state codes,
-- flags rows that fail any check (`bad`; problems.sql names the cells) and the prefilter hits (`candidate`: some
-- standalone rule matches a field; their abstracts are kept for 5-rules.sql), and sorts by award_id.
-- Returns the records that could not be split into the header's columns (wrong field count, broken quoting):
-- none when the file reads.

CREATE OR REPLACE TABLE sbir_staged AS
  SELECT concat_ws(':', g.agency_code, coalesce(r.tracking, ''), coalesce(r.contract, '')) AS award_id,
    r.company, r.title, g.agency_code AS agency, r.branch, CASE r.phase WHEN 'Phase I' THEN 'I' ELSE 'II' END AS phase,
    r.program, TRY_CAST(r.award_year AS INTEGER) AS award_year, strftime(sbir_date(r.award_date), '%Y-%m-%d') AS award_date,
    TRY_CAST(replace(r.amount, ',', '') AS DOUBLE) AS amount_usd, r.topic AS topic_code,
    coalesce(st.code, upper(r.state)) AS state, r.tracking, r.contract, r.bad, r.candidate,
    CASE WHEN r.candidate THEN r.abstract_text END AS abstract
  FROM (
    SELECT *,
      sbir_bad_any(company, agency, phase, program, award_year, amount, award_date, end_date, close_date, receipt_date,
        notification_date) AS bad,
      regexp_matches(coalesce(title, ''), getvariable('sbir_prefilter_title'), 'i')
        OR regexp_matches(coalesce(abstract_text, ''), getvariable('sbir_prefilter_abstract'), 'i')
        OR regexp_matches(coalesce(topic, ''), getvariable('sbir_prefilter_topic'), 'i') AS candidate
    FROM sbir_cells()
  ) r
    LEFT JOIN sbir_agencies g ON g.agency = r.agency
    LEFT JOIN sbir_states st ON st.name = lower(r.state)
  ORDER BY award_id;

SELECT line::INTEGER AS line, column_name, error_type, error_message, csv_line, count(*) OVER ()::INTEGER AS total
FROM reject_errors ORDER BY line LIMIT 20;
