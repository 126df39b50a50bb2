// Named SQL for the /china page. Tables are the Arrow outputs of src/data/china/*.arrow.ts loaded under their
// file names. Aggregates are cast to DOUBLE/INTEGER: DuckDB's HUGEINT sums render wrongly in Arrow JS.
import {query, type Query} from "./query.js";
import {tierLevel, TOP_TIER} from "./tier-sql.js";
/** The tier whose batches little_giant_batches lists and whose cumulative count it is set against: the top of the
 * case's pipeline. */
const BATCH_TIER = TOP_TIER;

/** Little-giant batches in a year range, with the running sum of gross announcements over ALL batches. */
export function batchesInRange(fromYear: number, toYear: number): Query {
  return query(
    "china.batchesInRange",
    `SELECT batch, year, count_firms_announced, count_firms_confirmed, cumulative_gross::INTEGER AS cumulative_gross,
            source_id, confidence, note
       FROM (SELECT *, sum(count_firms_announced) OVER (ORDER BY batch) AS cumulative_gross FROM little_giant_batches)
      WHERE year BETWEEN ? AND ?
      ORDER BY batch`,
    [fromYear, toYear]
  );
}

/** National counts over time for one tier (all sources, oldest first). */
export function tierSeries(tier: string): Query {
  return query(
    "china.tierSeries",
    `SELECT tier, as_of, count_firms, qualifier, scope, measure, source_id, confidence, note,
            CAST(substr(as_of, 1, 4) AS INTEGER) AS year
       FROM tier_counts
      WHERE tier = ?
      ORDER BY as_of, count_firms`,
    [tier]
  );
}

/**
 * The pyramid: for each pipeline tier, the most recent national figure (largest when one date has several),
 * beside the 14th Five-Year Plan target for 2025.
 */
export function latestByTier(): Query {
  const level = tierLevel("r.tier");
  return query(
    "china.latestByTier",
    `WITH ranked AS (
       SELECT *, row_number() OVER (PARTITION BY tier ORDER BY as_of DESC, count_firms DESC) AS rn FROM tier_counts
     )
     SELECT r.tier, r.as_of, r.count_firms, r.qualifier, r.scope, r.source_id, r.confidence,
            t.count_firms AS target_firms, t.period_end AS target_year, t.source_id AS target_source_id,
            ${level.sql} AS level
       FROM ranked r
       LEFT JOIN targets t ON t.tier = r.tier AND t.scope = 'national' AND t.period_end = 2025
                          AND t.target_id LIKE '%fyp%'
      WHERE r.rn = 1
      ORDER BY level`,
    level.params
  );
}

/**
 * Gross (running sum of batch announcements) vs net (reported cumulative) little giants, on a fractional-year axis
 * (a batch at mid-year, since its month is not sourced; a dated count at its month). Several sources for the same
 * date and count become one point citing all of them.
 */
export function littleGiantGrowth(): Query {
  return query(
    "china.littleGiantGrowth",
    `SELECT * FROM (
       SELECT year + 0.5 AS year, 'gross: sum of batches announced' AS series,
              (sum(count_firms_announced) OVER (ORDER BY batch))::INTEGER AS count_firms, 'exact' AS qualifier,
              source_id, confidence
         FROM little_giant_batches
       UNION ALL
       SELECT CAST(substr(as_of, 1, 4) AS INTEGER) + (CASE WHEN length(as_of) >= 7 THEN (CAST(substr(as_of, 6, 2) AS INTEGER) - 0.5) / 12.0 ELSE 0.5 END) AS year,
              'net: reported cumulative' AS series, count_firms, min(qualifier) AS qualifier,
              string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id,
              CASE WHEN bool_or(confidence = 'high') THEN 'high' WHEN bool_or(confidence = 'medium') THEN 'medium' ELSE 'low' END AS confidence
         FROM tier_counts
        WHERE tier = ? AND measure = 'cumulative_net'
        GROUP BY as_of, count_firms
     ) ORDER BY series, year`,
    [BATCH_TIER]
  );
}

/** Baogang's 32 designated SMEs by tier, split into newly designated and earlier where the source says. */
export function baogangByTier(): Query {
  const level = tierLevel("tier");
  return query(
    "china.baogangByTier",
    `SELECT tier, count_firms, count_new, source_id, confidence, note,
            ${level.sql} AS level
       FROM baogang_portfolio ORDER BY level`,
    level.params
  );
}

/** Total designated firms in the Baogang portfolio. */
export function baogangTotal(): Query {
  return query("china.baogangTotal", `SELECT sum(count_firms)::INTEGER AS total, sum(count_new)::INTEGER AS new_firms FROM baogang_portfolio`);
}

/**
 * Baogang's portfolio by value-chain stage: the stated kinds of the new firms (stage from the source, count where
 * stated), and the remainder of the portfolio whose stage no source gives, shown as `unknown`.
 */
export function baogangByStage(): Query {
  return query(
    "china.baogangByStage",
    `WITH kinds AS (
       SELECT kind, unnest(string_split(stage, ';')) AS stage, count_firms, source_id, confidence, note FROM baogang_new_kinds
     ), total AS (SELECT sum(count_firms)::INTEGER AS n FROM baogang_portfolio),
     stated AS (SELECT coalesce(sum(count_firms), 0)::INTEGER AS n FROM baogang_new_kinds WHERE stage <> 'unknown')
     SELECT * FROM (
       SELECT stage, kind, count_firms, count_firms IS NULL AS count_unstated, source_id, confidence, note
         FROM kinds WHERE stage <> 'unknown'
       UNION ALL
       SELECT 'unknown', 'stage not stated by any source', (total.n - stated.n)::INTEGER, false,
              'derived', 'derived', 'derived: portfolio total minus firms whose stage a source states (counted only where the count is stated)'
         FROM total, stated
     ) ORDER BY stage = 'unknown', stage, kind`
  );
}

/** Named entities with designation status, optionally only Baogang-affiliated ones. */
export function entities(onlyBaogang: boolean): Query {
  return query(
    "china.entities",
    `SELECT entity_id, name_zh, name_en, baogang_affiliation, designation, designation_status, stages, as_of,
            source_id, confidence, note
       FROM entities
      WHERE (? = false OR baogang_affiliation <> 'no')
      ORDER BY designation_status = 'confirmed' DESC, designation_status, name_en`,
    [onlyBaogang]
  );
}

export function criteria(tier: string | null): Query {
  const level = tierLevel("tier");
  return query(
    "china.criteria",
    `SELECT tier, dimension, criterion, threshold, unit, source_id, confidence,
            ${level.sql} AS level
       FROM criteria WHERE (?::VARCHAR IS NULL OR tier = ?) ORDER BY level, criterion_id`,
    [...level.params, tier, tier]
  );
}

/** China's support instruments (data/cases/<case>/china/instruments.csv): SME-tier programmes first, then rare-earth ones;
 * payments before rules. `counted` marks the rows a total adds (docs/instruments.md). */
export function instruments(): Query {
  return query(
    "china.instruments",
    `SELECT instrument_id, recipient, recipient_kind, programme, level, instrument, status, amount_cny, rule, rule_value,
            rule_cap_cny, period_start, period_end, stages, scope, within_id, supersedes_id, loan_rate, loan_term_years,
            loan_repayment, counted, source_id, confidence, note
       FROM instruments
      ORDER BY scope = 'rare_earth', scope, rule IS NOT NULL, counted DESC, instrument_id`
  );
}

/**
 * China's rare-earth instruments by stage group: how many are priced (a grant equivalent at face value), how many are
 * rules (a rate or share with no total), known without a price, or equity (capital deployed), and the CNY of the
 * priced rows a total may add (`counted`: not nested, not superseded). A row over several stages, or not split by
 * stage in its source, is its own group, never spread.
 */
export function instrumentsByStage(): Query {
  return query(
    "china.instrumentsByStage",
    `WITH r AS (
       SELECT CASE WHEN stages = 'unspecified' THEN 'not_itemised' WHEN contains(stages, ';') THEN 'several' ELSE stages END AS stage_group,
              ge_method, counted, ge_cny
         FROM instruments WHERE scope = 'rare_earth')
     SELECT stage_group, count(*)::INTEGER AS instruments,
            count(*) FILTER (WHERE ge_method = 'face')::INTEGER AS priced,
            count(*) FILTER (WHERE ge_method = 'rule')::INTEGER AS rules,
            count(*) FILTER (WHERE ge_method = 'unpriced')::INTEGER AS unpriced,
            count(*) FILTER (WHERE ge_method = 'equity')::INTEGER AS equity,
            coalesce(sum(ge_cny) FILTER (WHERE counted AND ge_method = 'face'), 0) AS priced_cny
       FROM r GROUP BY stage_group ORDER BY stage_group`
  );
}

export function regionalCounts(): Query {
  return query(
    "china.regionalCounts",
    `SELECT region, tier, count_firms, qualifier, as_of, measure, source_id, confidence, note
       FROM regional_counts ORDER BY region, tier, as_of`
  );
}

/** Gross announcements minus the latest net cumulative count: titles not carried forward (an estimate). */
export function grossNetGap(): Query {
  return query(
    "china.grossNetGap",
    `WITH g AS (SELECT sum(count_firms_announced)::INTEGER AS gross FROM little_giant_batches),
          n AS (SELECT count_firms AS net, qualifier AS net_qualifier, as_of AS net_as_of FROM tier_counts
                 WHERE tier = ? AND measure = 'cumulative_net' ORDER BY as_of DESC, count_firms DESC LIMIT 1)
     SELECT gross, net, (gross - net)::INTEGER AS gap, net_qualifier, net_as_of FROM g, n`,
    [BATCH_TIER]
  );
}
