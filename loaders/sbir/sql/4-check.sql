-- SBIR ingest, step 4 of 7: after 3-stage.sql, how many records, how many fail a check, how many share an award_id
-- (DuckDB SQL; see README.md in this folder). `bad` > 0: run problems.sql to name them. `dups` > 0: run
-- duplicates.sql (it is also correct to run when there are none; the loader skips it then).

SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE bad)::INTEGER AS bad,
  (count(*) - count(DISTINCT award_id))::INTEGER AS dups
FROM sbir_staged;
