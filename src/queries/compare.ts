// Named SQL for the comparison pages (/coverage, /gaps) and `npm run gaps`. They return the rows that
// src/lib/gaps.ts turns into stage gaps, and the rows behind each coverage cell.
import {US_STATUSES} from "../lib/taxonomy.js";
import {query, type Query} from "./query.js";
import {ENTRY_TIER, tierLevel, TOP_TIER} from "./tier-sql.js";

export type ChinaScope = "baogang" | "national";
export type UsScope = "curated" | "sbir";

const statusList = (statuses: readonly string[]) => statuses.filter((s) => (US_STATUSES as readonly string[]).includes(s)).join(",");

/**
 * China's designated firms by stage and tier, with the basis of each count:
 * - baogang: the stated kinds of Baogang's new firms (stage from the source, count where stated), Baogang entities
 *   confirmed on a national list (that they belong to the 32 is an inference), and the rest of the 32 as `unknown`;
 * - national: named firms confirmed on a national list (any affiliation), and the rest of the latest national count
 *   of each tier as `unknown` (no source splits national counts by stage).
 */
export function chinaFirmsByStage(scope: ChinaScope): Query {
  // A key-supported firm of the top tier (entities.csv designation `<top tier>_key_supported`) counts in that tier.
  const keySupported = [`${TOP_TIER}_key_supported`, TOP_TIER];
  const named = `SELECT unnest(string_split(stages, ';')) AS stage,
            CASE WHEN designation = ? THEN ? ELSE designation END AS tier,
            1 AS count_firms, name_en AS label, 'named firm on a national list' AS basis, source_id, confidence
       FROM entities WHERE designation_status = 'confirmed' AND designation <> 'none_found'`;
  if (scope === "baogang") {
    return query(
      "compare.chinaFirmsByStage.baogang",
      `WITH known AS (
         SELECT unnest(string_split(stage, ';')) AS stage, ?::VARCHAR AS tier, count_firms, kind AS label,
                'stated kind of a new firm' AS basis, source_id, confidence
           FROM baogang_new_kinds WHERE stage <> 'unknown'
         UNION ALL
         SELECT * REPLACE ('Baogang entity on a national list; inferred to be in the portfolio' AS basis, 'low' AS confidence)
           FROM (${named}) WHERE label IN (SELECT name_en FROM entities WHERE baogang_affiliation = 'yes')
       ), rest AS (
         SELECT p.tier, (p.count_firms - coalesce(sum(k.count_firms), 0))::INTEGER AS n, p.source_id
           FROM baogang_portfolio p LEFT JOIN known k ON k.tier = p.tier
          GROUP BY p.tier, p.count_firms, p.source_id
       )
       SELECT stage, tier, count_firms, label, basis, source_id, confidence FROM known
       UNION ALL
       SELECT 'unknown', tier, n, 'stage not stated', 'derived: tier total − firms placed above', source_id, 'derived' FROM rest WHERE n > 0
       ORDER BY stage, tier, label`,
      [ENTRY_TIER, ...keySupported]
    );
  }
  return query(
    "compare.chinaFirmsByStage.national",
    `WITH known AS (${named}),
     latest AS (
       SELECT tier, count_firms, source_id FROM (
         SELECT *, row_number() OVER (PARTITION BY tier ORDER BY as_of DESC, count_firms DESC) AS rn FROM tier_counts) WHERE rn = 1
     ), rest AS (
       SELECT l.tier, (l.count_firms - coalesce((SELECT sum(count_firms) FROM known k WHERE k.tier = l.tier), 0))::INTEGER AS n, l.source_id
         FROM latest l
     )
     SELECT stage, tier, count_firms, label, basis, source_id, confidence FROM known
     UNION ALL
     SELECT 'unknown', tier, n, 'national count, no stage breakdown', 'derived: latest national count − named firms', source_id, 'derived' FROM rest WHERE n > 0
     ORDER BY stage, tier, label`,
    keySupported
  );
}

/** US award rows for the gap model: curated awards (no aggregates) or SBIR/STTR rare-earth matches, in a window.
 * Domestic only: finance for a project abroad (a DFC loan to a mine in Brazil) is its own line, never part of the
 * domestic side (the scopes' chain_outbound). */
export function usAwardsForGaps(scope: UsScope, statuses: readonly string[], fromYear: number, toYear: number): Query {
  if (scope === "sbir") {
    return query(
      "compare.usAwardsForGaps.sbir",
      `SELECT award_id, company AS recipient, 'obligated' AS status, amount_usd, award_year AS year,
              coalesce(stages, 'unknown') AS stages, source_id, 'high' AS confidence, program AS program
         FROM sbir_relevant
        WHERE re_relevant AND award_year BETWEEN ? AND ? AND list_contains(string_split(?, ','), 'obligated')
        ORDER BY award_id`,
      [fromYear, toYear, statusList(statuses)]
    );
  }
  return query(
    "compare.usAwardsForGaps.curated",
    `SELECT award_id, recipient, status, amount_usd, year, stages, source_id, confidence, program
       FROM awards
      WHERE NOT is_aggregate AND geography = 'domestic' AND year BETWEEN ? AND ? AND list_contains(string_split(?, ','), status)
      ORDER BY award_id`,
    [fromYear, toYear, statusList(statuses)]
  );
}

/** The US rows coverage counts (domestic: finance for projects abroad is not coverage of the US chain), one per
 * recipient, status and stage, as SQL: `?` binds the statuses counted (comma-separated). */
function usCoverageRows(scope: UsScope): string {
  const from =
    scope === "sbir"
      ? `SELECT company AS recipient, 'obligated' AS status, coalesce(stages, 'unknown') AS stages, source_id FROM sbir_relevant WHERE re_relevant`
      : `SELECT recipient, status, stages, source_id FROM awards WHERE NOT is_aggregate AND geography = 'domestic'`;
  return `WITH a AS (${from}), s AS (SELECT recipient, status, source_id, unnest(string_split(stages, ';')) AS stage FROM a
       WHERE list_contains(string_split(?, ','), status))`;
}


/** US coverage: distinct recipients per stage and status (an award spanning stages counts in each). */
export function usCoverage(scope: UsScope, statuses: readonly string[]): Query {
  return query(
    `compare.usCoverage.${scope}`,
    `${usCoverageRows(scope)}
     SELECT stage, status, count(DISTINCT recipient)::INTEGER AS recipients, string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id
       FROM s GROUP BY stage, status ORDER BY stage, status`,
    [statusList(statuses)]
  );
}

/** US distinct recipients per stage over the statuses counted (a recipient funded in two statuses counts once): the
 * chain diagram's coverage (src/queries/chain.ts). */
export function usRecipientsByStage(scope: UsScope, statuses: readonly string[]): Query {
  return query(
    `chain.usRecipients.${scope}`,
    `${usCoverageRows(scope)}
     SELECT stage, count(DISTINCT recipient)::INTEGER AS recipients, string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id
       FROM s GROUP BY stage ORDER BY stage`,
    [statusList(statuses)]
  );
}

/** The awards behind one coverage cell (domestic: finance for projects abroad is not coverage of the US chain). */
export function usCell(scope: UsScope, statuses: readonly string[], stage: string): Query {
  const from =
    scope === "sbir"
      ? `SELECT award_id, company AS recipient, program || ' Phase ' || phase AS program, 'obligated' AS status, amount_usd, award_year::VARCHAR AS date, coalesce(stages, 'unknown') AS stages, source_id, 'high' AS confidence FROM sbir_relevant WHERE re_relevant`
      : `SELECT award_id, recipient, program, status, amount_usd, date, stages, source_id, confidence FROM awards WHERE NOT is_aggregate AND geography = 'domestic'`;
  return query(
    `compare.usCell.${scope}`,
    `SELECT * FROM (${from}) WHERE list_contains(string_split(?, ','), status) AND list_contains(string_split(stages, ';'), ?)
      ORDER BY date DESC NULLS LAST, award_id`,
    [statusList(statuses), stage]
  );
}

/** The long macro table (series, year, value) for src/lib/normalize.ts. */
export function macroRows(): Query {
  return query("compare.macroRows", `SELECT series, year, value FROM macro ORDER BY series, year`);
}

/** The per-firm support assumptions by tier. */
export function supportRows(): Query {
  return query(
    "compare.supportRows",
    `SELECT tier, low_cny, central_cny, high_cny, central_sourced, term_years, source_id, confidence, note FROM china_support ORDER BY tier`
  );
}

/**
 * The two pipelines as funnels. China: latest national count per tier, and each tier as a share of the tier below
 * (derived; the counts are stocks at slightly different dates). US: one year's SBIR/STTR path where a source gives it,
 * with each step as a share of the previous one (derived; same-year counts, not a cohort).
 */
export function funnels(): Query {
  const level = tierLevel("tier");
  return query(
    "compare.funnels",
    `WITH cn AS (
       SELECT tier, as_of, count_firms, qualifier, source_id, confidence,
              ${level.sql} AS level
         FROM (SELECT *, row_number() OVER (PARTITION BY tier ORDER BY as_of DESC, count_firms DESC) AS rn FROM tier_counts) WHERE rn = 1
     ), us AS (
       SELECT program || ' · ' || CASE agency WHEN 'all' THEN 'all agencies' ELSE agency END || ' · FY' || fiscal_year AS path,
              step, count_awards, source_id, confidence,
              CASE step WHEN 'phase_1_applications' THEN 0 WHEN 'phase_1' THEN 1 WHEN 'phase_2' THEN 2 ELSE 3 END AS level
         FROM sbir_funnel
     )
     SELECT * FROM (
       SELECT 'China · national tiers' AS path, tier AS step, level, count_firms AS count, qualifier, as_of, source_id, confidence,
              count_firms / lag(count_firms) OVER (ORDER BY level) AS share_of_previous
         FROM cn
       UNION ALL
       SELECT path, step, level, count_awards, 'exact', NULL, source_id, confidence,
              count_awards / lag(count_awards) OVER (PARTITION BY path ORDER BY level)
         FROM us
     ) ORDER BY path = 'China · national tiers' DESC, path, level`,
    level.params
  );
}
