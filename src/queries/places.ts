// Named SQL for the maps of /us: where the counted awards' money goes (data/us/award_sites.csv joined to the awards,
// with the page's status and aggregate filter). A place is a US state (two-letter code) or a country abroad; the
// amounts are the page's basis (nominal USD). Awards at several sites or with no stated place are listed apart.
import {filterParams, WHERE, type AwardFilter} from "./us.js";
import {query, type Query} from "./query.js";

const LOCATED = `s.site_kind IN ('named_site', 'headquarters')`;
const WEAKEST = `CASE WHEN bool_or(a.confidence IN ('low', 'derived') OR s.confidence IN ('low', 'derived')) THEN 'low'
                      WHEN bool_or(a.confidence = 'medium' OR s.confidence = 'medium') THEN 'medium' ELSE 'high' END`;

/** By state or country: the counted amount (rows without an amount add nothing and are counted), the places named,
 * whether any row is placed at the recipient's home, and the sources of both the amounts and the places. */
export function awardsByPlace(f: AwardFilter): Query {
  return query(
    "places.awardsByPlace",
    `SELECT s.state_or_country AS place_code, regexp_full_match(s.state_or_country, '[A-Z]{2}') AS in_us,
            coalesce(sum(a.amount_usd), 0)::DOUBLE AS amount_usd, count(*)::INTEGER AS rows,
            count(a.amount_usd)::INTEGER AS rows_with_amount, count(DISTINCT a.recipient)::INTEGER AS recipients,
            string_agg(DISTINCT s.place, '; ' ORDER BY s.place) AS places,
            bool_or(s.site_kind = 'headquarters') AS any_headquarters,
            string_agg(DISTINCT a.source_id || ';' || s.source_id, ';') AS source_id,
            ${WEAKEST} AS confidence
       FROM awards a JOIN award_sites s USING (award_id)
      WHERE ${WHERE} AND ${LOCATED}
      GROUP BY s.state_or_country ORDER BY amount_usd DESC, place_code`,
    filterParams(f)
  );
}

/** Every counted award with its place, located or not (the table beside the map and the "place not stated" list). */
export function awardPlaces(f: AwardFilter): Query {
  return query(
    "places.awardPlaces",
    `SELECT a.award_id, a.recipient, a.program, a.status, a.amount_usd, s.place, s.state_or_country, s.site_kind,
            ${LOCATED} AS located, a.source_id || ';' || s.source_id AS source_id,
            CASE WHEN a.confidence IN ('low', 'derived') OR s.confidence IN ('low', 'derived') THEN 'low'
                 WHEN a.confidence = 'medium' OR s.confidence = 'medium' THEN 'medium' ELSE 'high' END AS confidence,
            s.note AS place_note
       FROM awards a JOIN award_sites s USING (award_id)
      WHERE ${WHERE}
      ORDER BY located DESC, regexp_full_match(s.state_or_country, '[A-Z]{2}') DESC, s.state_or_country, a.amount_usd DESC NULLS LAST, a.award_id`,
    filterParams(f)
  );
}
