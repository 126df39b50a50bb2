-- SBIR ingest, step 5 of 7: the rare-earth keyword rules on the prefilter hits (DuckDB SQL; see README.md here).
-- The same rules (sbir_rules, from data/cases/<case>/sbir/rules.csv, each regex as src/lib/sbir-rules.ts's ruleRegex writes it)
-- and the same logic as classify() there: a rule matches when its regex (RE2, case-insensitive) matches one of its
-- fields; an award is relevant when a standalone rule matched; then every matched rule counts (context rules too):
-- matched_rules in rules-file order, stages the union in taxonomy order (sbir_stage_order), `unknown` dropped when
-- another stage is named. One row per relevant award (rid = sbir_staged's rowid); returns the relevant count.
-- Variable read: sbir_stage_order (LIST of the taxonomy's stages, `unknown` last).

-- DuckDB compiles a regex once per query only when it is a constant, so the per-rule matching query is written
-- from sbir_rules here (one regexp_matches per rule and field, the patterns as literals) and run with query(): the
-- rules stay data, and each is compiled once (a join on the regex column compiled it per row: 3 s at 220k).
SET VARIABLE sbir_rule_hits_sql = (
  SELECT 'SELECT s.rowid AS rid, unnest(list_filter([' || string_agg(
      'CASE WHEN ' || array_to_string(list_transform(fields, f ->
        'regexp_matches(coalesce(s.' || CASE f WHEN 'topic' THEN 'topic_code' ELSE f END || ', ''''), '''
        || replace(regex, '''', '''''') || ''', ''i'')'), ' OR ') || ' THEN ' || ord || ' END', ', ' ORDER BY ord)
    || '], x -> x IS NOT NULL)) AS ord FROM sbir_staged s WHERE s.candidate'
  FROM sbir_rules);

CREATE OR REPLACE TABLE sbir_classes AS
  WITH hits AS (
    SELECT h.rid, r.ord, r.rule_id, r.standalone, r.stages
    FROM query(getvariable('sbir_rule_hits_sql')) h JOIN sbir_rules r ON r.ord = h.ord
  ), relevant AS (
    SELECT rid, string_agg(rule_id, ';' ORDER BY ord) AS matched_rules, list_distinct(flatten(list(stages))) AS named
    FROM hits GROUP BY rid HAVING bool_or(standalone)
  )
  SELECT rid, true AS re_relevant, matched_rules,
    array_to_string(list_filter(getvariable('sbir_stage_order'), x -> list_contains(named, x) AND (x <> 'unknown' OR len(named) = 1)), ';') AS stages
  FROM relevant;

SELECT count(*)::INTEGER AS relevant FROM sbir_classes;
