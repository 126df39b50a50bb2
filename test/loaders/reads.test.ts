// What `npm run dev` rebuilds on a save comes from the reads themselves (loaders/reads.ts): each output's recorded
// inputs, through the results it shares with other outputs (SiteBuild memos), and which shared results a save drops.
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Table} from "apache-arrow";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {answersZip} from "../../loaders/answers.ts";
import {openNodeDatabase, type NodeDatabase} from "../../loaders/wasm-db.ts";
import {ENTRYPOINTS} from "../../loaders/outputs.ts";
import {ROOT} from "../../loaders/paths.ts";
import {allReads, newReadSet, readsAny, recordingReads, type ReadSet} from "../../loaders/reads.ts";
import {invalidate, SiteBuild} from "../../loaders/site.ts";
import type {Query} from "../../src/queries/query.ts";

const data = (p: string) => join(ROOT, "data/cases/rare-earths", p);
const rel = (files: string[]) => files.map((f) => f.slice(ROOT.length + 1));

describe("inputs recorded per output, shared results included", () => {
  const site = new SiteBuild();
  const reads = new Map<string, ReadSet>();
  beforeAll(async () => {
    for (const path of Object.keys(ENTRYPOINTS)) {
      const set = newReadSet();
      reads.set(path, set);
      await recordingReads(set, () => ENTRYPOINTS[path]!(site));
    }
  }, 120_000);

  test("the China archive read data/cases/rare-earths/china/*.csv and the sources registry, and nothing of assumptions or scenarios", () => {
    // loaders/china/load.ts reads the 12 files of CHINA_TABLES; the registry is every data/cases/rare-earths/sources/*.csv (a listing).
    const files = rel(allReads(reads.get("china.zip")!));
    expect(files).toContain("data/cases/rare-earths/china/tier_counts.csv");
    expect(files).toContain("data/cases/rare-earths/china/baogang_portfolio.csv");
    expect(files).toContain("data/cases/rare-earths/sources/");
    expect(files.filter((f) => f.startsWith("data/cases/rare-earths/china/"))).toHaveLength(12);
    expect(files.some((f) => f.startsWith("data/cases/rare-earths/assumptions/") || f.startsWith("data/cases/rare-earths/scenarios/") || f.startsWith("data/cases/rare-earths/us/"))).toBe(false);
  });

  test("a save of china_support.csv reaches exactly the outputs built from it", () => {
    // assumptions.zip (the table), scenarios.zip (scenarioContext + the curated database), datasets.arrow (the
    // catalogue of every table), figures.arrow (built from every curated table), answers.zip (every page's default
    // queries); not china, us, tools, macro, sources, SBIR.
    const changed = [data("assumptions/china_support.csv")];
    const hit = Object.keys(ENTRYPOINTS).filter((p) => readsAny(reads.get(p)!, changed));
    expect(hit.sort()).toEqual(["answers.zip", "assumptions.zip", "datasets.arrow", "figures.arrow", "scenarios.zip"]);
  });

  test("a new scenario file (a file added to a listed folder) reaches the scenario outputs", () => {
    const hit = Object.keys(ENTRYPOINTS).filter((p) => readsAny(reads.get(p)!, [data("scenarios/new-one.json")]));
    expect(hit.sort()).toEqual(["answers.zip", "scenarios.zip"]);
  });

  test("invalidate drops the shared results that read the file and keeps the rest (the engine, the SBIR tables)", () => {
    const dropped = invalidate(site, [data("us/awards.csv")]);
    // us → curated → db → scenarios → scenarioDatabase, siteDatabase → allTables; curated → figures; tables → datasets
    expect(dropped.sort()).toEqual(["allTables", "curated", "datasets", "db", "figures", "scenarioDatabase", "scenarios", "siteDatabase", "tables", "us"]);
  });
});

describe("after a save, the kept engine gets only the tables whose content changed, runs again only the queries over them, and answers as a fresh build's", () => {
  // A copy of data/ (RE_DATA_DIR), so the save is made in the copy; two SiteBuilds over it: one that lives through the
  // save (as `npm run dev`'s data step), one built after it from nothing.
  let dir = "";
  const inserted: string[][] = [];
  /** [name, SQL and parameters] of every query the engine ran. */
  const queried: [string, string][] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "re-reads-"));
    cpSync(join(ROOT, "data/cases/rare-earths"), dir, {recursive: true});
    process.env.RE_DATA_DIR = dir;
  });
  afterAll(() => {
    delete process.env.RE_DATA_DIR;
    rmSync(dir, {recursive: true, force: true});
  });

  test("china_support.csv saved: the table, the figures and the scenario tables go in again and their queries run again, nothing else", async () => {
    const site = new SiteBuild(async () => {
      const db = await openNodeDatabase({});
      return Object.assign(Object.create(db) as NodeDatabase, {
        insert: (t: Record<string, Table>) => (inserted.push(Object.keys(t).sort()), db.insert(t)),
        query: (q: Query) => (queried.push([q.name, JSON.stringify([q.sql, q.params])]), db.query(q))
      });
    });
    await site.allTables(); // the tables, and the queries the scenario tables are built with
    queried.length = 0;
    await answersZip(site);
    // The answers: each distinct query ran once, though the pages ask many of them more than once (every stage page
    // asks the sources and the scope tables: 391 asks of 204 distinct queries).
    const keys = queried.map(([, k]) => k);
    expect(keys.length).toBeGreaterThan(150);
    expect(keys.length - new Set(keys).size).toBe(0);
    const csv = join(dir, "assumptions/china_support.csv");
    const before = readFileSync(csv, "utf8");
    expect(before).toContain("little_giant,0,6000000,");
    writeFileSync(csv, before.replace("little_giant,0,6000000,", "little_giant,0,8000000,"));
    invalidate(site, [csv]);
    inserted.length = 0;
    queried.length = 0;
    const after = await answersZip(site);
    // By hand: the save rebuilds the assumptions group (the case's assumptions/*.csv: china_support, comparison_rule,
    // context_estimates, scopes, status_classes), the catalogue and figures (built from every curated table) and the
    // two scenario tables; of those, the content changes in china_support (the value), figures (one row per curated
    // figure, this one among them), scenarios (the baseline's description states the support) and
    // scenario_projection (the baseline's projection values the support); the other four assumption tables and the
    // catalogue (names, row counts, columns, sources) are the same and stay in.
    expect(inserted.flat().sort()).toEqual(["china_support", "figures", "scenario_projection", "scenarios"]);
    // Run again: the queries that name those tables (/gaps' and the scenarios' support rows, /sources' figure mix
    // and single copies, the scenario list and projections, each stage page's projection), and those the scenario
    // tables are built with (loaders/scenarios/load.ts: the base rows, queried directly, not answers); none of the
    // 100-odd others (the scope tables every stage page asks, the China and US tables...).
    expect([...new Set(queried.map(([name]) => name))].sort()).toEqual([
      "compare.chinaFirmsByStage.baogang", "compare.macroRows", "compare.supportRows", "scenarios.awards", "scenarios.list",
      "scenarios.projection", "sources.figureMix", "sources.singleCopyFigures", "stage.projection"
    ]);
    // The same answers as a build from nothing over the saved data (the rows of every page's default queries).
    const fresh = await answersZip(new SiteBuild());
    expect(Buffer.from(after).equals(Buffer.from(fresh))).toBe(true);
  }, 240_000);
});
