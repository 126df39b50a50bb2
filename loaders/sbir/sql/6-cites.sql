-- SBIR ingest, step 6 of 7: the extract's citations (DuckDB SQL; see README.md in this folder). Every award needs
-- exactly one citation row and every citation row an award (key: tracking|contract). Returns the counts of awards
-- without a citation, awards sharing a key, and citations without an award: all 0 when fine, and when sbir_cites
-- is empty (the full export cites one source on every row). Not 0: run cite-problems.sql to name them.

SELECT
  (SELECT count(*) FROM sbir_staged s ANTI JOIN sbir_cites c ON c.k = coalesce(s.tracking, '') || '|' || coalesce(s.contract, ''))::INTEGER AS uncited,
  (SELECT count(*) - count(DISTINCT coalesce(tracking, '') || '|' || coalesce(contract, '')) FROM sbir_staged)::INTEGER AS shared,
  (SELECT count(*) FROM sbir_cites c ANTI JOIN sbir_staged s ON c.k = coalesce(s.tracking, '') || '|' || coalesce(s.contract, ''))::INTEGER AS unused
WHERE EXISTS (SELECT 1 FROM sbir_cites)
UNION ALL SELECT 0, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM sbir_cites);
