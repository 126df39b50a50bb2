-- SBIR ingest, step 5 of 7: the rare-earth keyword rules on the prefilter hits (DuckDB SQL; see README.md here).
-- The same rules (sbir_rules, from data/sbir/rules.csv, each regex as src/lib/sbir-rules.ts's ruleRegex writes it)
-- and the same logic as classify() there: a rule matches when its regex (RE2, case-insensitive) matches one of its
-- fields; an award is relevant when a standalone rule matched; then every matched rule counts (context rules too):
-- matched_rules in rules-file order, stages the union in taxonomy order (sbir_stage_order), `unknown` dropped when
-- another stage is named. One row per relevant award (rid = sbir_staged's rowid); returns the relevant count.
-- Variable read: sbir_stage_order (LIST of the taxonomy's stages, `unknown` last).

CREATE OR REPLACE TABLE sbir_classes AS
  WITH hits AS (
    SELECT s.rowid AS rid, r.ord, r.rule_id, r.standalone, r.stages
    FROM sbir_staged s JOIN sbir_rules r ON
      (list_contains(r.fields, 'title') AND regexp_matches(coalesce(s.title, ''), r.regex, 'i'))
      OR (list_contains(r.fields, 'abstract') AND regexp_matches(coalesce(s.abstract, ''), r.regex, 'i'))
      OR (list_contains(r.fields, 'topic') AND regexp_matches(coalesce(s.topic_code, ''), r.regex, 'i'))
    WHERE s.candidate
  ), relevant AS (
    SELECT rid, string_agg(rule_id, ';' ORDER BY ord) AS matched_rules, list_distinct(flatten(list(stages))) AS named
    FROM hits GROUP BY rid HAVING bool_or(standalone)
  )
  SELECT rid, true AS re_relevant, matched_rules,
    array_to_string(list_filter(getvariable('sbir_stage_order'), x -> list_contains(named, x) AND (x <> 'unknown' OR len(named) = 1)), ';') AS stages
  FROM relevant;

SELECT count(*)::INTEGER AS relevant FROM sbir_classes;
