// Named SQL for the maps of /us: where the counted awards' money goes (data/cases/<case>/us/award_sites.csv joined to the awards,
// with the page's status and aggregate filter). A place is a US state (two-letter code) or a country abroad; the
// amounts are the page's basis (nominal USD). Awards at several sites or with no stated place are listed apart.
import {WHERE} from "./us.js";
import {filterParams, type AwardFilter} from "./us-filter.js";
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

/** China's cities on the map: the instruments and designated firms the sources place there (data/cases/<case>/china/places.csv,
 * place_links.csv), counted, not summed (the instruments overlap and many have no amount). */
export function chinaPlaces(): Query {
  return query(
    "places.chinaPlaces",
    `SELECT p.place_id, p.name_en, p.name_zh, p.province, p.lat, p.lon,
            (count(*) FILTER (WHERE l.kind = 'instrument'))::INTEGER AS instruments,
            (count(*) FILTER (WHERE l.kind = 'entity'))::INTEGER AS firms,
            string_agg(DISTINCT p.source_id || ';' || l.source_id, ';') AS source_id,
            CASE WHEN bool_or(p.confidence IN ('low', 'derived') OR l.confidence IN ('low', 'derived')) THEN 'low'
                 WHEN bool_or(p.confidence = 'medium' OR l.confidence = 'medium') THEN 'medium' ELSE 'high' END AS confidence
       FROM places p JOIN place_links l USING (place_id)
      GROUP BY ALL ORDER BY instruments + firms DESC, p.place_id`
  );
}

/** Each instrument and designated firm on China's map, with its city (the table under the map). */
export function chinaPlaceItems(): Query {
  return query(
    "places.chinaPlaceItems",
    `SELECT p.name_en AS city, l.kind, coalesce(i.recipient, e.name_en) AS item, i.programme, i.level,
            i.amount_cny, coalesce(i.status, e.designation) AS status, l.source_id, l.confidence, l.note
       FROM place_links l JOIN places p USING (place_id)
       LEFT JOIN instruments i ON l.kind = 'instrument' AND i.instrument_id = l.item_id
       LEFT JOIN entities e ON l.kind = 'entity' AND e.entity_id = l.item_id
      ORDER BY p.name_en, l.kind DESC, i.amount_cny DESC NULLS LAST, item`
  );
}
