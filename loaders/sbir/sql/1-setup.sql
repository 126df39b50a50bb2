-- SBIR ingest, step 1 of 7: the small inputs as tables (DuckDB SQL; see README.md in this folder).
-- Variables read (the loader sets them from the validated files in data/cases/<case>/sbir/; README.md shows them for the CLI):
--   sbir_agencies    LIST of {agency, agency_code}            data/cases/<case>/sbir/agencies.csv
--   sbir_states      LIST of {name, code}                     spelled-out US state (lower case) -> USPS code
--   sbir_rules       LIST of {ord, rule_id, regex, fields, standalone, stages}
--                                                            data/cases/<case>/sbir/rules.csv, regex as src/lib/sbir-rules.ts
--                                                            writes it (ruleRegex); fields and stages as lists
--   sbir_cites       LIST of {k, source_url, source_id, line} the extract's citations, k = tracking|contract
--                                                            (empty for the full export)
-- Sets: sbir_prefilter_title, sbir_prefilter_abstract, sbir_prefilter_topic (the standalone rules of each field as
-- one RE2 regex; a regex that never matches when a field has none).

CREATE OR REPLACE TABLE sbir_agencies AS
  SELECT a.agency, a.agency_code
  FROM (SELECT unnest(getvariable('sbir_agencies')::STRUCT(agency VARCHAR, agency_code VARCHAR)[]) AS a);

CREATE OR REPLACE TABLE sbir_states AS
  SELECT s.name, s.code FROM (SELECT unnest(getvariable('sbir_states')::STRUCT(name VARCHAR, code VARCHAR)[]) AS s);

CREATE OR REPLACE TABLE sbir_rules AS
  SELECT r.ord, r.rule_id, r.regex, r.fields, r.standalone, r.stages
  FROM (SELECT unnest(getvariable('sbir_rules')::STRUCT(ord INTEGER, rule_id VARCHAR, regex VARCHAR, fields VARCHAR[],
    standalone BOOLEAN, stages VARCHAR[])[]) AS r);

CREATE OR REPLACE TABLE sbir_cites AS
  SELECT c.k, c.source_url, c.source_id, c.line
  FROM (SELECT unnest(coalesce(getvariable('sbir_cites'), [])::STRUCT(k VARCHAR, source_url VARCHAR, source_id VARCHAR,
    line INTEGER)[]) AS c);

SET VARIABLE sbir_prefilter_title = (SELECT coalesce(string_agg('(?:' || regex || ')', '|' ORDER BY ord), '\b\B')
  FROM sbir_rules WHERE standalone AND list_contains(fields, 'title'));
SET VARIABLE sbir_prefilter_abstract = (SELECT coalesce(string_agg('(?:' || regex || ')', '|' ORDER BY ord), '\b\B')
  FROM sbir_rules WHERE standalone AND list_contains(fields, 'abstract'));
SET VARIABLE sbir_prefilter_topic = (SELECT coalesce(string_agg('(?:' || regex || ')', '|' ORDER BY ord), '\b\B')
  FROM sbir_rules WHERE standalone AND list_contains(fields, 'topic'));
