// What `npm run dev` rebuilds on a save comes from the reads themselves (loaders/reads.ts): each output's recorded
// inputs, through the results it shares with other outputs (SiteBuild memos), and which shared results a save drops.
import {join} from "node:path";
import {beforeAll, describe, expect, test} from "vitest";
import {ENTRYPOINTS} from "../../loaders/outputs.ts";
import {ROOT} from "../../loaders/paths.ts";
import {allReads, newReadSet, readsAny, recordingReads, type ReadSet} from "../../loaders/reads.ts";
import {invalidate, SiteBuild} from "../../loaders/site.ts";

const data = (p: string) => join(ROOT, "data", p);
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

  test("the China archive read data/china/*.csv and the sources registry, and nothing of assumptions or scenarios", () => {
    // loaders/china/load.ts reads the 10 files of CHINA_TABLES; the registry is every data/sources/*.csv (a listing).
    const files = rel(allReads(reads.get("china.zip")!));
    expect(files).toContain("data/china/tier_counts.csv");
    expect(files).toContain("data/china/baogang_portfolio.csv");
    expect(files).toContain("data/sources/");
    expect(files.filter((f) => f.startsWith("data/china/"))).toHaveLength(10);
    expect(files.some((f) => f.startsWith("data/assumptions/") || f.startsWith("data/scenarios/") || f.startsWith("data/us/"))).toBe(false);
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
