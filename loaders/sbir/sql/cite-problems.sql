-- SBIR ingest, when 6-cites.sql counts problems: each one with its record number (DuckDB SQL; see README.md here).
-- Returns the first 20 awards (kind 'award': record, tracking number, key, no citation or `first` = the record of
-- the first award with the same key) and the first 20 citation rows without an award (kind 'cite': line of the
-- citation file, key).

CREATE TABLE IF NOT EXISTS sbir_detail AS SELECT * FROM sbir_cells();

SELECT * FROM (
  SELECT 'award' AS kind, record, tracking, k, uncited, first FROM (
    SELECT (d.rowid + 1)::INTEGER AS record, d.tracking, coalesce(d.tracking, '') || '|' || coalesce(d.contract, '') AS k,
      c.k IS NULL AS uncited, (min(d.rowid) OVER (PARTITION BY coalesce(d.tracking, '') || '|' || coalesce(d.contract, '')) + 1)::INTEGER AS first
    FROM sbir_detail d LEFT JOIN sbir_cites c ON c.k = coalesce(d.tracking, '') || '|' || coalesce(d.contract, ''))
  WHERE uncited OR record > first ORDER BY record LIMIT 20)
UNION ALL
SELECT * FROM (
  SELECT 'cite', c.line, NULL, c.k, NULL, NULL FROM sbir_cites c
  ANTI JOIN sbir_staged s ON c.k = coalesce(s.tracking, '') || '|' || coalesce(s.contract, '')
  ORDER BY c.line LIMIT 20)
ORDER BY kind, record;
