// Named SQL for /sbir, the SBIR/STTR award explorer over the `sbir_awards` table (loader: src/data/sbir_awards.arrow.ts),
// or, while the relevance filter is on, over `sbir_relevant` (src/data/sbir_relevant.arrow.ts: the same table's
// rare-earth-relevant rows alone, ~3% of them at full scale, so the default view scans ~30x fewer rows and the page
// downloads the full table only once the reader turns the filter off). Every filter is a bound parameter; "all" is
// passed as an empty string / null and tested in SQL, so the text of a query changes only with the table it reads.
// The sort column comes from an allow-list.
import {allowed, query, type Query} from "./query.js";

export interface SbirFilter {
  fromYear: number;
  toYear: number;
  /** Agency code or "" for all. */
  agency: string;
  /** "I", "II" or "" for all. */
  phase: string;
  /** "SBIR", "STTR" or "" for all. */
  program: string;
  /** A value-chain stage, or "" for all. */
  stage: string;
  /** Case-insensitive substring of company, title or topic code; "" for none. */
  keyword: string;
  relevantOnly: boolean;
}

export const SORTS = ["award_year", "amount_usd", "company", "agency"] as const;
export type SortColumn = (typeof SORTS)[number];

const WHERE = `award_year BETWEEN ? AND ?
  AND (? = '' OR agency = ?)
  AND (? = '' OR phase = ?)
  AND (? = '' OR program = ?)
  AND (? = '' OR list_contains(string_split(coalesce(stages, ''), ';'), ?))
  AND (? = '' OR contains(lower(company), lower(?)) OR contains(lower(title), lower(?)) OR contains(lower(coalesce(topic_code, '')), lower(?)))
  AND (NOT ? OR re_relevant)`;

/** The table holding every row the filter can match: the relevant awards alone when only those are asked for. */
function tableFor(f: SbirFilter): "sbir_relevant" | "sbir_awards" {
  return f.relevantOnly ? "sbir_relevant" : "sbir_awards";
}

function params(f: SbirFilter): unknown[] {
  return [f.fromYear, f.toYear, f.agency, f.agency, f.phase, f.phase, f.program, f.program, f.stage, f.stage, f.keyword, f.keyword, f.keyword, f.keyword, f.relevantOnly];
}

/**
 * The matching awards (first `limit` by the chosen sort) for the table. The sort and limit run over the row ids
 * only; the wide text columns are read for those `limit` rows alone (late materialization: at 220k rows sorting
 * every column of every match cost several times more than the filter itself).
 */
export function awards(f: SbirFilter, sort: string, limit = 200): Query {
  const col = allowed(sort, SORTS, "sort column");
  const dir = col === "company" || col === "agency" ? "ASC" : "DESC";
  return query(
    "sbir.awards",
    `SELECT award_id, company, title, agency, branch, phase, program, award_year, award_date, amount_usd, topic_code,
            state, re_relevant, matched_rules, stages, source_url, source_id
       FROM ${tableFor(f)}
      WHERE rowid IN (SELECT rowid FROM ${tableFor(f)} WHERE ${WHERE} ORDER BY ${col} ${dir} NULLS LAST, award_id LIMIT ?)
      ORDER BY ${col} ${dir} NULLS LAST, award_id`,
    [...params(f), limit]
  );
}

/**
 * Everything the explorer counts, in one pass over the matching awards (filtered once, then grouped), one row per
 * figure, tagged by `grp` (split with src/lib/sbir-aggregates.ts):
 * - "all": the summary (awards, amount, distinct companies, rare-earth relevant) of all matching awards;
 * - "year": awards and amount per award_year × phase × source_id;
 * - "agency": awards and amount per agency × source_id;
 * - "stage": rare-earth matches per value-chain stage (an award matching several stages counts in each), with
 *   distinct recipients and the source ids joined with ";".
 * Companies are counted on `company_id` (one integer per distinct company name, assigned by the loader): the same
 * count as on the names, with integers to hash instead of strings. Likewise the year and agency rows group on
 * `agency_id`, `phase_id` and `source_num` (the loader's numbers for the agency, phase and source id, one per value)
 * and take each group's names with any_value (one name per number): at 220k awards that took the aggregates from
 * 145 to ~100 ms (DuckDB-WASM in Node, docs/performance.md).
 * Year and agency rows are split by source_id (cheaper than aggregating the ids as text); the splitter adds them up
 * per year × phase / agency and joins their ids, so every bar still names the sources of its rows.
 */
export function aggregates(f: SbirFilter): Query {
  return query(
    "sbir.aggregates",
    `WITH m AS MATERIALIZED (
       SELECT company_id, agency_id, phase_id, source_num, agency, phase, award_year, amount_usd, re_relevant, stages, source_id
         FROM ${tableFor(f)} WHERE ${WHERE})
     SELECT CASE WHEN grouping(award_year) = 0 THEN 'year' ELSE 'agency' END AS grp, award_year,
            CASE WHEN grouping(phase_id) = 0 THEN any_value(phase) END AS phase,
            CASE WHEN grouping(agency_id) = 0 THEN any_value(agency) END AS agency,
            NULL::VARCHAR AS stage, count(*)::INTEGER AS awards, sum(amount_usd)::DOUBLE AS amount_usd,
            NULL::INTEGER AS companies, NULL::INTEGER AS relevant, any_value(source_id) AS source_id
       FROM m GROUP BY GROUPING SETS ((award_year, phase_id, source_num), (agency_id, source_num))
     UNION ALL
     SELECT 'all', NULL, NULL, NULL, NULL, count(*)::INTEGER, coalesce(sum(amount_usd), 0)::DOUBLE,
            count(DISTINCT company_id)::INTEGER, count_if(re_relevant)::INTEGER, NULL
       FROM m
     UNION ALL
     SELECT 'stage', NULL, NULL, NULL, stage, count(*)::INTEGER, sum(amount_usd)::DOUBLE, count(DISTINCT company_id)::INTEGER,
            NULL, string_agg(DISTINCT source_id, ';' ORDER BY source_id)
       FROM (SELECT company_id, amount_usd, source_id, unnest(string_split(stages, ';')) AS stage FROM m WHERE stages IS NOT NULL)
      GROUP BY stage`,
    params(f)
  );
}

/** Options for the inputs: year range and the agencies/stages present. */
export function facets(): Query {
  return query(
    "sbir.facets",
    `SELECT min(award_year)::INTEGER AS min_year, max(award_year)::INTEGER AS max_year,
            list(DISTINCT agency ORDER BY agency) AS agencies, count(*)::INTEGER AS total,
            list(DISTINCT award_year::INTEGER ORDER BY award_year::INTEGER) FILTER (WHERE award_year IS NOT NULL) AS years,
            count_if(phase = 'I')::INTEGER AS phase_1, count_if(phase = 'II')::INTEGER AS phase_2,
            count_if(program = 'SBIR')::INTEGER AS sbir, count_if(program = 'STTR')::INTEGER AS sttr,
            count_if(re_relevant)::INTEGER AS relevant,
            coalesce(bool_or(source_id = ?), false) AS full_export
       FROM sbir_awards`,
    // rows of SBIR.gov's full export cite this source (loaders/sbir/load.ts FULL_EXPORT_SOURCE); the extract's cite award pages
    ["sbir-gov-award-data"]
  );
}
