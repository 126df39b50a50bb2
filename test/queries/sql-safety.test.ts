// Inputs never become SQL text. Three checks:
// 1. a scan of src/queries/*.ts: every ${…} inside an SQL template literal is one of a few reviewed constants
//    (never a parameter), and no SQL is written anywhere else in src/ (pages and components only call named queries);
// 2. every query builder, called with a quote-and-semicolon payload in every input it takes, returns SQL without the
//    payload (it is bound as a parameter, or rejected by an allow-list);
// 3. those queries run in DuckDB-WASM against the real tables: the payload is a value (at most a type-conversion
//    error), never a syntax or catalog error, and every table is still there afterwards.
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {beforeAll, describe, expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";
import * as china from "../../src/queries/china.ts";
import * as compare from "../../src/queries/compare.ts";
import * as places from "../../src/queries/places.ts";
import type {Query} from "../../src/queries/query.ts";
import * as sbir from "../../src/queries/sbir.ts";
import * as sources from "../../src/queries/sources.ts";
import * as tools from "../../src/queries/tools.ts";
import * as us from "../../src/queries/us.ts";
import {siteDatabase} from "../helpers/tables.ts";

const MARKER = "zq7x";
const EVIL = `${MARKER}'); DROP TABLE awards; SELECT ('`;
const QUERIES = join(ROOT, "src/queries");
/** Modules of src/queries that build SQL; query.ts (the helpers) and gap-model.ts (runs the builders) build none. */
const BUILDERS: Record<string, Record<string, unknown>> = {china, compare, places, sbir, sources, tools, us};

// ---- 1. the scan ----

/** Interpolations allowed inside SQL text, per file, with the reason each is a constant. */
const REVIEWED: Record<string, Record<string, string>> = {
  "china.ts": {
    "level.sql": "tierLevel(<a literal column>) of tier-sql.ts: a CASE of `WHEN ? THEN <n>` (the tier ids bound as level.params), no inputs"
  },
  "compare.ts": {
    "level.sql": "tierLevel(<a literal column>) of tier-sql.ts: a CASE of `WHEN ? THEN <n>` (the tier ids bound as level.params), no inputs",
    named: "a constant sub-query defined in the function (no inputs)",
    from: "one of two constant sub-queries, chosen by comparing the scope to a literal",
    "usCoverageRows(scope)": "this file's constant CTE, one of two chosen by comparing the scope to a literal (its placeholder bound by the caller)"
  },
  "stage.ts": {"c.sql": "the SQL text of a named query of compare.ts (checked here itself), its params passed on with it"},
  "sbir.ts": {
    WHERE: "the module's constant WHERE clause (placeholders only)",
    col: "the sort column, returned by allowed(sort, SORTS)",
    dir: 'the literal "ASC" or "DESC"',
    "tableFor(f)": 'the literal "sbir_relevant" or "sbir_awards", chosen by a boolean'
  },
  "us.ts": {WHERE: "the module's constant WHERE clause (placeholders only)"},
  "places.ts": {
    WHERE: "us.ts' constant WHERE clause (placeholders only), imported",
    LOCATED: "this file's constant condition on the site kind (no inputs)",
    WEAKEST: "this file's constant CASE expression for the weakest confidence (no inputs)"
  }
};
const SQL_WORDS = /\b(SELECT|FROM|WHERE|ORDER BY|GROUP BY)\b/;

function templates(source: string): string[] {
  return [...source.matchAll(/`(?:[^`\\]|\\.)*`/gs)].map((m) => m[0]);
}

describe("1. SQL text is written only in src/queries, from constants", () => {
  const files = readdirSync(QUERIES).filter((f) => f.endsWith(".ts")).sort();

  test.each(files)("src/queries/%s: every ${…} in SQL is a reviewed constant", (file) => {
    const source = readFileSync(join(QUERIES, file), "utf8");
    const used = new Set(templates(source).filter((t) => SQL_WORDS.test(t)).flatMap((t) => [...t.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!.trim())));
    const allowed = REVIEWED[file] ?? {};
    for (const expr of used) expect(Object.keys(allowed), `${file}: \${${expr}} in SQL needs review (bind it as a ? parameter instead)`).toContain(expr);
    // The reviewed names are what the reason says they are.
    if (allowed.WHERE) expect(source).toMatch(file === "places.ts" ? /^import \{WHERE\} from "\.\/us\.js";$/m : /const WHERE = `[^`$]*`;/);
    if (allowed.LOCATED) expect(source).toMatch(/const LOCATED = `[^`$]*`;/);
    if (allowed.WEAKEST) expect(source).toMatch(/const WEAKEST = `[^`$]*`;/);
    if (allowed.col) expect(source).toContain("const col = allowed(sort, SORTS,");
    if (allowed.dir) expect(source).toContain('const dir = col === "company" || col === "agency" ? "ASC" : "DESC";');
    if (allowed["tableFor(f)"]) expect(source).toContain('return f.relevantOnly ? "sbir_relevant" : "sbir_awards";');
    if (allowed.named) expect(source).toMatch(/const named = `[^`$]*`;/);
    if (allowed["level.sql"]) for (const m of source.matchAll(/const level = (.*);/g)) expect(m[1]).toMatch(/^tierLevel\("[\w.]+"\)$/);
    if (allowed["usCoverageRows(scope)"]) expect(source).toMatch(/^function usCoverageRows\(scope: UsScope\): string \{\n  const from =\n    scope === "sbir"\n      \? `[^`$]*`\n      : `[^`$]*`;/m);
    if (allowed["c.sql"]) for (const m of source.matchAll(/const c = (\w+)\(/g)) expect(["chinaFirmsByStage", "usCell"], "c is a compare.ts query").toContain(m[1]);
  });

  test("pages and components never write SQL (they call named queries through db.query)", () => {
    const src = join(ROOT, "src");
    const files = (readdirSync(src, {recursive: true}) as string[])
      .filter((f) => /\.(md|ts|js)$/.test(f) && !f.startsWith("queries/") && !f.startsWith(".observablehq") && !f.startsWith("data/"))
      .sort();
    expect(files).toContain("sbir.md");
    for (const f of files) {
      const text = readFileSync(join(src, f), "utf8");
      // The client itself runs only the named query's own text, and one fixed setup statement.
      const own = f === "components/duckdb.ts" ? text.replaceAll("conn.query(q.sql)", "").replace("conn.prepare(q.sql)", "").replace('conn.query("SET autoinstall_known_extensions=false; SET autoload_known_extensions=false;")', "") : text;
      expect(own, f).not.toMatch(/\bsql\s*`|\.query\(\s*[`'"]|\.prepare\(|\bDuckDBClient\b|\bconn\.query\(/);
    }
  });
});

// ---- 2. the builders with a payload ----

const FILTER_SBIR: sbir.SbirFilter = {fromYear: EVIL as never, toYear: EVIL as never, agency: EVIL, phase: EVIL, program: EVIL, stage: EVIL, keyword: EVIL, relevantOnly: EVIL as never};
const FILTER_US: us.AwardFilter = {statuses: [EVIL, "obligated", "committed"], includeAggregates: EVIL as never};
const STATUSES = [EVIL, "obligated", "announced"];

/** Calls for builders whose inputs are objects or allow-listed; any other builder is called with EVIL everywhere. */
const CASES: Record<string, unknown[][]> = {
  "compare.chinaFirmsByStage": [["baogang"], ["national"], [EVIL]],
  "compare.usAwardsForGaps": [["curated", STATUSES, EVIL, EVIL], ["sbir", STATUSES, EVIL, EVIL], [EVIL, STATUSES, 2020, 2025]],
  "compare.usCoverage": [["curated", STATUSES], ["sbir", STATUSES], [EVIL, STATUSES]],
  "compare.usCell": [["curated", STATUSES, EVIL], ["sbir", STATUSES, EVIL]],
  "compare.usRecipientsByStage": [["curated", STATUSES], ["sbir", STATUSES], [EVIL, STATUSES]],
  "china.criteria": [[EVIL], [null]],
  "sbir.awards": [[FILTER_SBIR, "amount_usd", EVIL], [FILTER_SBIR, "company"]],
  "sbir.aggregates": [[FILTER_SBIR]],
  "us.awardsTotalInYears": [[FILTER_US, EVIL, EVIL], [FILTER_US, 2012, 2025]],
  "places.awardsByPlace": [[FILTER_US]],
  "places.awardPlaces": [[FILTER_US]],
  ...Object.fromEntries(["awards", "awardsTotal", "awardsByYearStatus", "awardsByInstrument", "awardsByAgency", "awardsByStage"].map((f) => [`us.${f}`, [[FILTER_US]]]))
};

const builders = Object.entries(BUILDERS).flatMap(([m, mod]) =>
  Object.entries(mod)
    .filter(([, f]) => typeof f === "function")
    .map(([name, f]) => [`${m}.${name}`, f as (...a: unknown[]) => Query] as const)
);
const calls = builders.flatMap(([name, f]) => (CASES[name] ?? [Array(f.length).fill(EVIL)]).map((args, i) => ({name, label: `${name} #${i + 1}`, f, args})));

describe("2. every query builder keeps the payload out of the SQL text", () => {
  test("there are builders to check, each called at least once", () => {
    expect(builders.length).toBeGreaterThanOrEqual(40);
    for (const name of Object.keys(CASES)) expect(builders.map(([n]) => n), `CASES names a builder that does not exist`).toContain(name);
  });

  test.each(calls.map((c) => [c.label, c] as const))("%s", (_label, {f, args}) => {
    const q = f(...args);
    expect(q.sql).not.toContain(MARKER);
    expect(q.sql).not.toContain("DROP TABLE");
    expect((q.sql.match(/\?/g) ?? []).length).toBe(q.params.length);
  });

  test("free-text inputs arrive as bound values", () => {
    const bound = (q: Query) => q.params.filter((p) => p === EVIL).length;
    // both years, agency/phase/program/stage twice each, the keyword four times, relevantOnly: 15 values, no text
    expect(bound(sbir.aggregates(FILTER_SBIR))).toBe(15);
    expect(bound(us.recipientAwards(EVIL))).toBe(1);
    expect(bound(china.tierSeries(EVIL))).toBe(1);
    expect(bound(compare.usCell("curated", STATUSES, EVIL))).toBe(1);
    // Status lists keep only known statuses: the payload is dropped before it is bound.
    expect(compare.usCoverage("curated", STATUSES).params).toEqual(["obligated,announced"]);
    expect(us.awards(FILTER_US).params).toEqual(["obligated,committed", EVIL]);
  });

  test("an identifier that is not on the allow-list is refused, not spliced", () => {
    expect(() => sbir.awards(FILTER_SBIR, EVIL)).toThrow(`sort column: "${EVIL}" is not one of award_year, amount_usd, company, agency`);
  });
});

// ---- 3. in DuckDB ----

describe("3. the payload queries run in DuckDB-WASM as values", () => {
  let db: NodeDatabase;
  const counts = () => Object.fromEntries(["awards", "entities", "sbir_awards", "sources", "tier_counts"].map((t) => [t, db.query({name: "count", sql: `SELECT count(*)::INTEGER AS n FROM ${t}`, params: []})[0]?.n]));
  let before: Record<string, unknown>;
  beforeAll(async () => {
    db = await siteDatabase();
    before = counts();
  }, 120_000);

  test.each(calls.map((c) => [c.label, c] as const))("%s", (_label, {f, args}) => {
    let error: unknown = null;
    try {
      db.query(f(...args));
    } catch (e) {
      error = e;
    }
    // A payload bound where a number or boolean belongs fails to convert; it can never be parsed as SQL.
    if (error) expect(String(error)).toMatch(/Conversion Error|Could not convert/);
    expect(String(error ?? "")).not.toMatch(/Parser Error|Catalog Error|syntax error/);
  });

  test("free-text payloads match nothing and every table is intact", () => {
    expect(db.query(sbir.aggregates({fromYear: 1900, toYear: 2100, agency: "", phase: "", program: "", stage: "", keyword: EVIL, relevantOnly: false}))[0]?.awards).toBe(0);
    expect(db.query(us.recipientAwards(EVIL))).toEqual([]);
    expect(counts()).toEqual(before);
    expect(before.awards).toBe(76); // the data rows of data/cases/rare-earths/us/awards.csv
  });
});
