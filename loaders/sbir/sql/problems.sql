-- SBIR ingest, when 4-check.sql counts bad records: every bad cell with its record number (DuckDB SQL; see
-- README.md in this folder). sbir_staged is sorted, so the file is read again, in file order (record = rowid + 1).
-- Returns the first 20 problems in file order (kind 'problem': record, tracking number, check, value as written)
-- and the number of problems per check (kind 'count'). The loader turns them into messages (file, row, column,
-- value, fix); check names are the cell aliases of sbir_cells().

CREATE TABLE IF NOT EXISTS sbir_detail AS SELECT * FROM sbir_cells();

CREATE OR REPLACE VIEW sbir_problems AS
  SELECT rowid + 1 AS record, tracking, 'company' AS cell, 1 AS check_order, company AS value FROM sbir_detail WHERE sbir_bad_company(company)
  UNION ALL SELECT rowid + 1, tracking, 'agency', 2, agency FROM sbir_detail WHERE sbir_bad_agency(agency)
  UNION ALL SELECT rowid + 1, tracking, 'phase', 3, phase FROM sbir_detail WHERE sbir_bad_phase(phase)
  UNION ALL SELECT rowid + 1, tracking, 'program', 4, program FROM sbir_detail WHERE sbir_bad_program(program)
  UNION ALL SELECT rowid + 1, tracking, 'award_year', 5, award_year FROM sbir_detail WHERE sbir_bad_year(award_year)
  UNION ALL SELECT rowid + 1, tracking, 'amount', 6, amount FROM sbir_detail WHERE sbir_bad_amount(amount)
  UNION ALL SELECT rowid + 1, tracking, 'award_date', 7, award_date FROM sbir_detail WHERE sbir_bad_date(award_date)
  UNION ALL SELECT rowid + 1, tracking, 'end_date', 8, end_date FROM sbir_detail WHERE sbir_bad_date(end_date)
  UNION ALL SELECT rowid + 1, tracking, 'close_date', 9, close_date FROM sbir_detail WHERE sbir_bad_date(close_date)
  UNION ALL SELECT rowid + 1, tracking, 'receipt_date', 10, receipt_date FROM sbir_detail WHERE sbir_bad_date(receipt_date)
  UNION ALL SELECT rowid + 1, tracking, 'notification_date', 11, notification_date FROM sbir_detail WHERE sbir_bad_date(notification_date);

SELECT * FROM (
  SELECT 'problem' AS kind, record::INTEGER AS record, tracking, cell, check_order, value, NULL::INTEGER AS n
  FROM sbir_problems ORDER BY record, check_order LIMIT 20)
UNION ALL
SELECT 'count', NULL, NULL, cell, check_order, NULL, count(*)::INTEGER FROM sbir_problems GROUP BY cell, check_order
ORDER BY kind DESC, record, check_order;
