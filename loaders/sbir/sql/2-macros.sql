-- SBIR ingest, step 2 of 7: the macros every later step uses (DuckDB SQL; see README.md in this folder).
-- Variables read: sbir_csv (the UTF-8 award_data.csv, a path or glob), sbir_columns (its header as a STRUCT
-- name -> 'VARCHAR').

-- A text cell as the loader reads it: trimmed, '' -> NULL. trim() is slow in bulk, so only cells that start or end
-- with a space go through it.
CREATE OR REPLACE MACRO sbir_text(c) AS
  nullif(CASE WHEN starts_with(c, ' ') OR ends_with(c, ' ') THEN trim(c) ELSE c END, '');

-- M/D/YYYY or YYYY-MM-DD (padded or not, surrounding spaces ignored); NULL when not a real date.
CREATE OR REPLACE MACRO sbir_date(c) AS try_strptime(c, ['%m/%d/%Y', '%Y-%m-%d']);

-- The value checks: true = the cell is bad. Cells are as sbir_cells() gives them ('' -> NULL).
CREATE OR REPLACE MACRO sbir_bad_company(c) AS c IS NULL;
CREATE OR REPLACE MACRO sbir_bad_agency(c) AS c IS NULL OR c NOT IN (SELECT agency FROM sbir_agencies);
CREATE OR REPLACE MACRO sbir_bad_phase(c) AS c IS NULL OR c NOT IN ('Phase I', 'Phase II');
CREATE OR REPLACE MACRO sbir_bad_program(c) AS c IS NULL OR c NOT IN ('SBIR', 'STTR');
CREATE OR REPLACE MACRO sbir_bad_year(c) AS NOT regexp_full_match(coalesce(c, ''), ' *(19[89]\d|20\d\d|2100) *');
CREATE OR REPLACE MACRO sbir_bad_amount(c) AS NOT regexp_full_match(coalesce(c, '0'), ' *(\d{1,3}(,\d{3})+|\d+)(\.\d+)? *');
CREATE OR REPLACE MACRO sbir_bad_date(c) AS coalesce(year(sbir_date(c)) NOT BETWEEN 1950 AND 2100, c IS NOT NULL);

-- The export as read: every column VARCHAR with the export's own header (strict RFC 4180 quoting; records that do
-- not split into the header's columns go to reject_errors), so that a bad value is reported with its cell rather
-- than failing the read. rowid order = file order. cells-parquet.sql redefines it over Parquet.
CREATE OR REPLACE MACRO sbir_raw() AS TABLE
  SELECT * FROM read_csv(getvariable('sbir_csv'), columns = getvariable('sbir_columns'), header = true,
    auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, store_rejects = true,
    encoding = 'utf-8');

-- The cells the loader reads (present in both SBIR.gov layouts), by alias, in file order. Dates, year and amount
-- are checked and parsed in ways that ignore surrounding spaces, so they are not trimmed.
CREATE OR REPLACE MACRO sbir_cells() AS TABLE
  SELECT sbir_text("Company") AS company, sbir_text("Award Title") AS title, sbir_text("Agency") AS agency,
    sbir_text("Branch") AS branch, sbir_text("Phase") AS phase, sbir_text("Program") AS program,
    sbir_text("Agency Tracking Number") AS tracking, sbir_text("Contract") AS contract,
    nullif("Proposal Award Date", '') AS award_date, nullif("Contract End Date", '') AS end_date,
    nullif("Solicitation Close Date", '') AS close_date, nullif("Proposal Receipt Date", '') AS receipt_date,
    nullif("Date of Notification", '') AS notification_date, sbir_text("Topic Code") AS topic,
    nullif("Award Year", '') AS award_year, nullif("Award Amount", '') AS amount, sbir_text("State") AS state,
    "Abstract" AS abstract_text
  FROM sbir_raw();

-- Any check failed (one flag for the fast pass; problems.sql names each bad cell).
CREATE OR REPLACE MACRO sbir_bad_any(company, agency, phase, program, award_year, amount, award_date, end_date,
    close_date, receipt_date, notification_date) AS
  coalesce(sbir_bad_company(company) OR sbir_bad_agency(agency) OR sbir_bad_phase(phase) OR sbir_bad_program(program)
    OR sbir_bad_year(award_year) OR sbir_bad_amount(amount) OR sbir_bad_date(award_date) OR sbir_bad_date(end_date)
    OR sbir_bad_date(close_date) OR sbir_bad_date(receipt_date) OR sbir_bad_date(notification_date), true);
