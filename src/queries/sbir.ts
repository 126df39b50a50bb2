// Named SQL for /sbir, the SBIR/STTR award explorer over the `sbir_awards` table (loader: src/data/sbir_awards.arrow.ts).
// Every filter is a bound parameter; "all" is passed as an empty string / null and tested in SQL, so the text of
// the query never changes with input. The sort column comes from an allow-list.
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

function params(f: SbirFilter): unknown[] {
  return [f.fromYear, f.toYear, f.agency, f.agency, f.phase, f.phase, f.program, f.program, f.stage, f.stage, f.keyword, f.keyword, f.keyword, f.keyword, f.relevantOnly];
}

/** The matching awards (first `limit` by the chosen sort) for the table. */
export function awards(f: SbirFilter, sort: string, limit = 200): Query {
  const col = allowed(sort, SORTS, "sort column");
  const dir = col === "company" || col === "agency" ? "ASC" : "DESC";
  return query(
    "sbir.awards",
    `SELECT award_id, company, title, agency, branch, phase, program, award_year, award_date, amount_usd, topic_code,
            state, re_relevant, matched_rules, stages, source_url, source_id
       FROM sbir_awards WHERE ${WHERE}
      ORDER BY ${col} ${dir} NULLS LAST, award_id LIMIT ?`,
    [...params(f), limit]
  );
}

/** Count and amount of all matching awards (not only the first page). */
export function summary(f: SbirFilter): Query {
  return query(
    "sbir.summary",
    `SELECT count(*)::INTEGER AS awards, coalesce(sum(amount_usd), 0)::DOUBLE AS amount_usd,
            count(DISTINCT company)::INTEGER AS companies, count_if(re_relevant)::INTEGER AS relevant
       FROM sbir_awards WHERE ${WHERE}`,
    params(f)
  );
}

export function byYearPhase(f: SbirFilter): Query {
  return query(
    "sbir.byYearPhase",
    `SELECT award_year, phase, count(*)::INTEGER AS awards, sum(amount_usd)::DOUBLE AS amount_usd,
            string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id
       FROM sbir_awards WHERE ${WHERE} GROUP BY award_year, phase ORDER BY award_year, phase`,
    params(f)
  );
}

export function byAgency(f: SbirFilter): Query {
  return query(
    "sbir.byAgency",
    `SELECT agency, count(*)::INTEGER AS awards, sum(amount_usd)::DOUBLE AS amount_usd,
            string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id
       FROM sbir_awards WHERE ${WHERE} GROUP BY agency ORDER BY amount_usd DESC NULLS LAST, agency`,
    params(f)
  );
}

/** Rare-earth matches by stage (an award matching several stages counts in each). */
export function byStage(f: SbirFilter): Query {
  return query(
    "sbir.byStage",
    `WITH m AS (SELECT *, unnest(string_split(stages, ';')) AS stage FROM sbir_awards WHERE ${WHERE} AND stages IS NOT NULL)
     SELECT stage, count(*)::INTEGER AS rows, count(DISTINCT company)::INTEGER AS recipients,
            sum(amount_usd)::DOUBLE AS amount_touching_usd, string_agg(DISTINCT source_id, ';' ORDER BY source_id) AS source_id
       FROM m GROUP BY stage ORDER BY stage`,
    params(f)
  );
}

/** Options for the inputs: year range and the agencies/stages present. */
export function facets(): Query {
  return query(
    "sbir.facets",
    `SELECT min(award_year)::INTEGER AS min_year, max(award_year)::INTEGER AS max_year,
            list(DISTINCT agency ORDER BY agency) AS agencies, count(*)::INTEGER AS total
       FROM sbir_awards`
  );
}
