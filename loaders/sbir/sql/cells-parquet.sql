-- SBIR ingest over Parquet instead of CSV (DuckDB SQL; see README.md in this folder): run after 2-macros.sql, then
-- 3-stage.sql onwards unchanged. Redefines sbir_raw() to read Parquet files holding the export's columns under its
-- own header names, as VARCHAR (e.g. written once by
--   COPY (SELECT * FROM read_csv('award_data.csv', all_varchar = true)) TO 'award_data.parquet').
-- Record numbers in problems.sql are then rowid + 1 in file order (files in glob order); 3-stage.sql's reject query
-- returns nothing (records were split when the Parquet was written). Variable read: sbir_parquet (path or glob).

CREATE OR REPLACE TABLE reject_errors AS
  SELECT NULL::BIGINT AS line, NULL::VARCHAR AS column_name, NULL::VARCHAR AS error_type, NULL::VARCHAR AS error_message,
    NULL::VARCHAR AS csv_line
  WHERE false;

CREATE OR REPLACE MACRO sbir_raw() AS TABLE SELECT * FROM read_parquet(getvariable('sbir_parquet'));
