// Page SQL for /sbir in DuckDB-WASM (Node) against the real loader output (the shipped extract). Expected counts
// were obtained independently with Python's csv module over data/cases/rare-earths/sbir/extract.csv.
import {beforeAll, describe, expect, test} from "vitest";
import {sbirAwardsTable, sbirRelevantTable} from "../../loaders/sbir/load.ts";
import * as Q from "../../src/queries/sbir.ts";
import {describeSbirCoverage, splitSbirAggregates, type AggregateRow, type SbirFacets} from "../../src/lib/sbir-aggregates.ts";
import {openNodeDatabase, type NodeDatabase} from "../../loaders/wasm-db.ts";
import {dictionaryEncoded} from "../../loaders/dictionary.ts";

let db: NodeDatabase;
beforeAll(async () => {
  const full = await sbirAwardsTable();
  // As published: text columns with few distinct values as Arrow dictionaries (loaders/outputs.ts).
  db = await openNodeDatabase({sbir_awards: dictionaryEncoded(full), sbir_relevant: dictionaryEncoded(sbirRelevantTable(full))});
});

const ALL: Q.SbirFilter = {fromYear: 1980, toYear: 2100, agency: "", phase: "", program: "", stage: "", keyword: "", relevantOnly: false};
const agg = (f: Q.SbirFilter) => splitSbirAggregates(db.query<AggregateRow & Record<string, unknown>>(Q.aggregates(f)));

test("facets: 560 awards, 2001–2024", () => {
  expect(db.query(Q.facets())[0]).toMatchObject({total: 560, min_year: 2001, max_year: 2024});
});

test("facets say what the extract covers (counted by hand from data/cases/rare-earths/sbir/extract.csv's Award Year, Phase, Program)", () => {
  // 2001: 184, 2002: 198, 2017: 169, 2018: 4, 2024: 5 awards; 554 Phase II, 6 Phase I; 558 SBIR, 2 STTR; 13 relevant (data/cases/rare-earths/sbir/rules-check.csv: 11 judged relevant + 2 known limits)
  const f = db.query(Q.facets())[0]!;
  expect({...f, years: Array.from(f.years as number[])}).toMatchObject({years: [2001, 2002, 2017, 2018, 2024], phase_1: 6, phase_2: 554, sbir: 558, sttr: 2, relevant: 13, full_export: false});
  expect(describeSbirCoverage({...(f as unknown as SbirFacets), years: Array.from(f.years as number[])})).toBe(
    "This build holds a curated extract of SBIR.gov's award records: 560 awards made in 2001–2002, 2017–2018 and 2024 (none in the years between), 554 Phase II and 6 Phase I, 558 SBIR and 2 STTR; 13 are rare-earth relevant."
  );
});

describe("filters", () => {
  test.each([
    ["no filter", {}, 560],
    ["DoD", {agency: "DoD"}, 159],
    ["keyword magnet (company, title, topic)", {keyword: "magnet"}, 12],
    ["keyword is case-insensitive", {keyword: "MAGNET"}, 12],
    ["keyword recycl", {keyword: "recycl"}, 3]
  ] as const)("%s → %d awards", (_n, f, n) => {
    expect(agg({...ALL, ...f}).summary.awards).toBe(n);
  });

  test("the table query returns at most `limit` rows in the chosen order", () => {
    const rows = db.query(Q.awards(ALL, "amount_usd", 5));
    expect(rows).toHaveLength(5);
    const amounts = rows.map((r) => r.amount_usd as number);
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
  });

  test("relevant-only rows all carry a matched rule", () => {
    const rows = db.query(Q.awards({...ALL, relevantOnly: true}, "award_year", 1000));
    expect(rows.length).toBe(agg({...ALL, relevantOnly: true}).summary.awards);
    for (const r of rows) expect(r.matched_rules).toBeTruthy();
  });

  test("stage filter keeps only awards whose stages include it", () => {
    const rows = db.query(Q.awards({...ALL, stage: "magnets"}, "award_year", 1000));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(String(r.stages).split(";")).toContain("magnets");
  });
});

// Expected figures computed with Python's csv module over data/cases/rare-earths/sbir/extract.csv (amounts with separators removed,
// agencies mapped through data/cases/rare-earths/sbir/agencies.csv, sources from data/cases/rare-earths/sbir/extract-sources.csv).
describe("aggregates: every count of the page from one query", () => {
  test("summary of all 560 awards", () => {
    const {summary} = agg(ALL);
    expect(summary).toMatchObject({awards: 560, companies: 477});
    expect(summary.amount_usd).toBeCloseTo(389533129.12, 2);
  });

  test("by agency: largest amount first; DoD's 159 awards cite both of its sources", () => {
    const {byAgency} = agg(ALL);
    expect(byAgency.map((r) => r.agency)).toEqual(["DoD", "HHS", "NASA", "DOE", "NSF", "USDA", "DHS", "DOC", "ED", "DOT", "EPA"]);
    expect(byAgency[0]).toMatchObject({agency: "DoD", awards: 159, source_id: "sbir-gov-award-pages;sbir-sample-gerwaric"});
    expect(byAgency[0]?.amount_usd).toBeCloseTo(128753486.58, 2);
    expect(byAgency[1]).toMatchObject({agency: "HHS", awards: 173, amount_usd: 122159757, source_id: "sbir-gov-award-pages"});
  });

  test("by year × phase: 6 Phase I and 554 Phase II awards, in year order", () => {
    const {byYear} = agg(ALL);
    const count = (p: string) => byYear.filter((r) => r.phase === p).reduce((s, r) => s + r.awards, 0);
    expect([count("I"), count("II")]).toEqual([6, 554]);
    const keys = byYear.map((r) => `${r.award_year}-${r.phase}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(byYear.map((r) => r.award_year)).toEqual([...byYear.map((r) => r.award_year)].sort((a, b) => a - b));
  });

  test("by stage: each stage's rows are the awards whose stages list it", () => {
    const {byStage} = agg(ALL);
    expect(byStage.length).toBeGreaterThan(0);
    for (const s of byStage) {
      const rows = db.query(Q.awards({...ALL, stage: s.stage}, "award_year", 1000));
      expect(s.rows, s.stage).toBe(rows.length);
      expect(s.recipients, s.stage).toBe(new Set(rows.map((r) => r.company)).size);
    }
  });

  test("no match: zeros, no groups", () => {
    expect(agg({...ALL, keyword: "no award has this text"})).toEqual({summary: {awards: 0, amount_usd: 0, companies: 0, relevant: 0}, byYear: [], byAgency: [], byStage: []});
  });
});

describe("the table's rows (sorted over row ids, then read)", () => {
  test.each(Q.SORTS)("sort by %s: the first 200 of all 560 awards sorted in JS", (sort) => {
    const everything = db.query({name: "all", sql: "SELECT * FROM sbir_awards", params: []});
    const desc = sort === "award_year" || sort === "amount_usd";
    const cmp = (a: Record<string, unknown>, b: Record<string, unknown>) => {
      const x = a[sort], y = b[sort];
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return ((x as number | string) < (y as number | string) ? -1 : 1) * (desc ? -1 : 1);
      }
      return String(a.award_id) < String(b.award_id) ? -1 : 1;
    };
    const expected = everything.sort(cmp).slice(0, 200).map((r) => r.award_id);
    expect(db.query(Q.awards(ALL, sort, 200)).map((r) => r.award_id)).toEqual(expected);
  });
});

describe("hostile input", () => {
  test("a quote-and-semicolon keyword is bound, not spliced: no error, no match, table intact", () => {
    expect(agg({...ALL, keyword: "x'); DROP TABLE sbir_awards; --"}).summary.awards).toBe(0);
    expect(agg({...ALL, keyword: "O'Brien"}).summary.awards).toBe(0);
    expect(db.query(Q.facets())[0]?.total).toBe(560);
  });

  test("a sort column outside the allow-list is rejected before any SQL is built", () => {
    expect(() => Q.awards(ALL, "amount_usd; DROP TABLE sbir_awards")).toThrow('sort column: "amount_usd; DROP TABLE sbir_awards" is not one of award_year, amount_usd, company, agency');
  });
});

// The relevance filter on, the page queries sbir_relevant (the relevant rows alone) instead of sbir_awards: the same
// SQL over the full table must give exactly the same rows, in the same order.
describe("sbir_relevant: the relevant awards alone", () => {
  const onFull = (q: {name: string; sql: string; params: unknown[]}) => ({...q, sql: q.sql.replaceAll("sbir_relevant", "sbir_awards")});
  const count = (sql: string) => db.query<{n: number}>({name: "n", sql, params: []})[0]!.n;

  test("holds exactly the relevant rows of sbir_awards, every column equal, in award_id order", () => {
    // 13 relevant awards in the shipped extract (the loader test test/loaders/sbir.test.ts and the page test agree).
    expect(count("SELECT count(*)::INTEGER AS n FROM sbir_relevant")).toBe(13);
    const slim = db.query({name: "slim", sql: "SELECT * FROM sbir_relevant", params: []});
    expect(slim).toEqual(db.query({name: "full", sql: "SELECT * FROM sbir_awards WHERE re_relevant ORDER BY award_id", params: []}));
    expect(slim.map((r) => r.award_id)).toEqual(slim.map((r) => r.award_id as string).sort());
  });

  test("agency_id, phase_id and source_num number the values 1, 2, … in byte order, one number per value, in both tables", () => {
    const pairs = (table: string, col: string, id: string) => db.query({name: "p", sql: `SELECT DISTINCT ${col} AS v, ${id} AS n FROM ${table} ORDER BY n, v`, params: []});
    // Python over data/sbir/extract.csv and agencies.csv: 11 agency codes; sorted by their bytes (upper case first)
    const agencies = ["DHS", "DOC", "DOE", "DOT", "DoD", "ED", "EPA", "HHS", "NASA", "NSF", "USDA"];
    expect(pairs("sbir_awards", "agency", "agency_id")).toEqual(agencies.map((v, i) => ({v, n: i + 1})));
    expect(pairs("sbir_awards", "phase", "phase_id")).toEqual([{v: "I", n: 1}, {v: "II", n: 2}]);
    // data/sbir/extract-sources.csv cites two sources
    expect(pairs("sbir_awards", "source_id", "source_num")).toEqual([{v: "sbir-gov-award-pages", n: 1}, {v: "sbir-sample-gerwaric", n: 2}]);
    for (const [col, id] of [["agency", "agency_id"], ["phase", "phase_id"], ["source_id", "source_num"]] as const) {
      const all = pairs("sbir_awards", col, id).map((r) => JSON.stringify(r));
      for (const r of pairs("sbir_relevant", col, id)) expect(all, col).toContain(JSON.stringify(r));
    }
  });

  test("companies are counted on company_id: the same count as on the names, for every table and filter", () => {
    const both = (table: string, where: string) =>
      db.query({name: "c", sql: `SELECT count(DISTINCT company)::INTEGER AS names, count(DISTINCT company_id)::INTEGER AS ids FROM ${table} WHERE ${where}`, params: []})[0];
    // 477 companies among all 560 awards (Python's csv module over data/cases/rare-earths/sbir/extract.csv, as above)
    expect(both("sbir_awards", "true")).toEqual({names: 477, ids: 477});
    for (const where of ["re_relevant", "phase = 'I'", "program = 'STTR'", "agency = 'DoD'"]) {
      const {names, ids} = both("sbir_awards", where)!;
      expect(ids, where).toBe(names);
    }
    const {names, ids} = both("sbir_relevant", "true")!;
    expect(ids).toBe(names);
  });

  test("the page's queries read it only with the relevance filter on", () => {
    expect(Q.aggregates({...ALL, relevantOnly: true}).sql).toContain("FROM sbir_relevant");
    expect(Q.awards({...ALL, relevantOnly: true}, "award_year").sql).not.toContain("sbir_awards");
    expect(Q.aggregates(ALL).sql).not.toContain("sbir_relevant");
    expect(Q.awards(ALL, "company").sql).not.toContain("sbir_relevant");
  });

  const filters: [string, Partial<Q.SbirFilter>][] = [
    ["default", {}],
    ["Phase I", {phase: "I"}],
    ["STTR", {program: "STTR"}],
    ["DoD, 2010–2020", {agency: "DoD", fromYear: 2010, toYear: 2020}],
    ["stage magnets", {stage: "magnets"}],
    ["keyword magnet", {keyword: "magnet"}]
  ];
  test.each(filters)("%s: aggregates and table rows (every sort) equal the full table's", (_n, f) => {
    const filter = {...ALL, ...f, relevantOnly: true};
    const aggregates = db.query(Q.aggregates(filter));
    expect(aggregates.length).toBeGreaterThan(0);
    expect(sortRows(aggregates)).toEqual(sortRows(db.query(onFull(Q.aggregates(filter)))));
    for (const sort of Q.SORTS) {
      const rows = db.query(Q.awards(filter, sort, 7));
      expect(rows).toEqual(db.query(onFull(Q.awards(filter, sort, 7))));
    }
  });

  test("default view: 13 awards, their sum and companies as on the full table", () => {
    const slim = agg({...ALL, relevantOnly: true}).summary;
    expect(slim.awards).toBe(13);
    expect(slim.relevant).toBe(13);
    expect(slim).toEqual(splitSbirAggregates(db.query<AggregateRow & Record<string, unknown>>(onFull(Q.aggregates({...ALL, relevantOnly: true})))).summary);
  });
});

/** Rows of an unordered result in a fixed order (the aggregates query has no ORDER BY). */
function sortRows(rows: Record<string, unknown>[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}
