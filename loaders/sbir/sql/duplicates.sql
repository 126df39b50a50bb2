-- SBIR ingest, after 4-check.sql when awards share an award_id (agency:tracking:contract): number them #1, #2, ...
-- in an order that depends on their values only, not on the file's row order (DuckDB SQL; see README.md here).

CREATE OR REPLACE TABLE sbir_staged AS
  SELECT * REPLACE (CASE WHEN count(*) OVER (PARTITION BY award_id) > 1
    THEN award_id || '#' || row_number() OVER (PARTITION BY award_id ORDER BY award_date, amount_usd, company, title,
      branch, topic_code, state, program, phase, award_year) ELSE award_id END AS award_id)
  FROM sbir_staged ORDER BY award_id;
