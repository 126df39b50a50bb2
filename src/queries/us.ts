// Named SQL for /us. Which statuses count is a reader's choice: it arrives as a bound comma-separated list
// (never spliced), and programme-level aggregate rows (award_id "agg-…") are excluded unless asked for, since they
// overlap the award-level rows.
import {query, type Query} from "./query.js";
import {term} from "../lib/case.js";

import {filterParams, type AwardFilter} from "./us-filter.js";

export type {AwardFilter};
export const WHERE = `list_contains(string_split(?, ','), status) AND (? OR NOT is_aggregate)`;

export function awards(f: AwardFilter): Query {
  return query(
    "us.awards",
    `SELECT award_id, recipient, program, agency, instrument, status, amount_usd, date, fiscal_year, year, stages, deal_id,
            is_aggregate, source_id, confidence, note
       FROM awards WHERE ${WHERE}
      ORDER BY date DESC NULLS LAST, amount_usd DESC NULLS LAST, award_id`,
    filterParams(f)
  );
}

/** Headline: total nominal USD and distinct recipients of the counted rows (rows without an amount are counted apart). */
export function awardsTotal(f: AwardFilter): Query {
  return query(
    "us.awardsTotal",
    `SELECT coalesce(sum(amount_usd), 0)::DOUBLE AS amount_usd, count(*)::INTEGER AS rows,
            count(amount_usd)::INTEGER AS rows_with_amount, count(DISTINCT recipient)::INTEGER AS recipients
       FROM awards WHERE ${WHERE}`,
    filterParams(f)
  );
}

/**
 * The counted rows dated in [from, to] (from ≤ to) by the matched scopes' rule (the fiscal year where stated, else the calendar year
 * of the date), by geography (domestic, outbound): total, obligated part, rows with and without an amount, sources.
 */
export function awardsTotalInYears(f: AwardFilter, from: number, to: number): Query {
  return query(
    "us.awardsTotalInYears",
    `SELECT geography, coalesce(sum(amount_usd), 0)::DOUBLE AS amount_usd,
            coalesce(sum(amount_usd) FILTER (WHERE status = 'obligated'), 0)::DOUBLE AS obligated_usd,
            count(*)::INTEGER AS rows, count(amount_usd)::INTEGER AS rows_with_amount,
            string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id
       FROM awards WHERE ${WHERE} AND coalesce(fiscal_year, year) BETWEEN ? AND ?
      GROUP BY geography ORDER BY geography`,
    [...filterParams(f), from, to]
  );
}

/** Amount by calendar year and status (rows with no date or no amount are left out of the chart and counted). */
export function awardsByYearStatus(f: AwardFilter): Query {
  return query(
    "us.awardsByYearStatus",
    `SELECT year, status, sum(amount_usd)::DOUBLE AS amount_usd, count(*)::INTEGER AS rows,
            string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id,
            CASE WHEN bool_or(confidence IN ('low', 'derived')) THEN 'low' WHEN bool_or(confidence = 'medium') THEN 'medium' ELSE 'high' END AS confidence
       FROM awards WHERE ${WHERE} AND year IS NOT NULL AND amount_usd IS NOT NULL
      GROUP BY year, status ORDER BY year, status`,
    filterParams(f)
  );
}

export function awardsByInstrument(f: AwardFilter): Query {
  return query(
    "us.awardsByInstrument",
    `SELECT instrument, status, sum(amount_usd)::DOUBLE AS amount_usd, count(*)::INTEGER AS rows,
            count(amount_usd)::INTEGER AS rows_with_amount, string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id
       FROM awards WHERE ${WHERE}
      GROUP BY instrument, status ORDER BY instrument, status`,
    filterParams(f)
  );
}

export function awardsByAgency(f: AwardFilter): Query {
  return query(
    "us.awardsByAgency",
    `SELECT agency, status, sum(amount_usd)::DOUBLE AS amount_usd, count(*)::INTEGER AS rows,
            string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id
       FROM awards WHERE ${WHERE}
      GROUP BY agency, status ORDER BY agency, status`,
    filterParams(f)
  );
}

/**
 * By value-chain stage: an award that spans several stages is counted in each (so amounts are NOT additive
 * across stages); distinct recipients per stage is the coverage measure.
 */
export function awardsByStage(f: AwardFilter): Query {
  return query(
    "us.awardsByStage",
    `WITH s AS (SELECT *, unnest(string_split(stages, ';')) AS stage FROM awards WHERE ${WHERE})
     SELECT stage, count(*)::INTEGER AS rows, count(DISTINCT recipient)::INTEGER AS recipients,
            sum(amount_usd)::DOUBLE AS amount_touching_usd, string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id
       FROM s GROUP BY stage ORDER BY stage`,
    filterParams(f)
  );
}

/** The case's featured deal (the awards whose deal_id is case.json terms `us-deal-id`), component by component
 * (never one number). */
export function mpDeal(): Query {
  return query(
    "us.mpDeal",
    `SELECT award_id, program, instrument, status, amount_usd, date, source_id, confidence, note
       FROM awards WHERE deal_id = ? ORDER BY amount_usd DESC NULLS LAST, award_id`,
    [term("us-deal-id")]
  );
}

/** All awards to one recipient (matched on the name's start, case-insensitive), any status. */
export function recipientAwards(name: string): Query {
  return query(
    "us.recipientAwards",
    `SELECT award_id, recipient, program, agency, instrument, status, amount_usd, date, stages, deal_id, is_aggregate, source_id, confidence
       FROM awards WHERE lower(recipient) LIKE lower(?) || '%' ORDER BY date, award_id`,
    [name]
  );
}

export function sbirTotals(): Query {
  return query(
    "us.sbirTotals",
    `SELECT fiscal_year, program, amount_usd, count_awards, basis, source_id, confidence, note
       FROM sbir_totals ORDER BY basis, program, fiscal_year`
  );
}

export function sbirByAgency(fiscalYear: number): Query {
  return query(
    "us.sbirByAgency",
    `SELECT agency, program, amount_usd, basis, source_id, confidence,
            sum(amount_usd) OVER (PARTITION BY agency)::DOUBLE AS agency_total_usd
       FROM sbir_by_agency WHERE fiscal_year = ? ORDER BY agency_total_usd DESC, program`,
    [fiscalYear]
  );
}

export function nihCompeting(): Query {
  return query("us.nihCompeting", `SELECT fiscal_year, count_awards, amount_usd, basis, source_id, confidence, note FROM nih_competing ORDER BY fiscal_year`);
}

export function sbirAwardCounts(): Query {
  return query("us.sbirAwardCounts", `SELECT award_year, count_awards, source_id, confidence, note FROM sbir_award_counts ORDER BY award_year`);
}

export function awardCaps(): Query {
  return query(
    "us.awardCaps",
    `SELECT cap_id, program, agency, phase, amount_usd, kind, effective_date, source_id, confidence, note
       FROM award_caps ORDER BY phase, effective_date NULLS FIRST, cap_id`
  );
}

export function smePrograms(): Query {
  return query(
    "us.smePrograms",
    `SELECT program_id, program, agency, amount_usd, fiscal_year, measure, source_id, confidence, note FROM sme_programs ORDER BY agency, program_id`
  );
}

export function events(): Query {
  return query("us.events", `SELECT event_id, date, title, kind, source_id, confidence, note FROM events ORDER BY date, event_id`);
}
