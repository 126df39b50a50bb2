// The China loaders on the real data/ (values checked against ../shared/research/data-china.md), and the
// cross-file rules on fixture copies with one deliberate mistake each.
import {tableFromIPC} from "apache-arrow";
import {afterEach, describe, expect, test} from "vitest";
import {toIpcStream} from "../../loaders/arrow.ts";
import {buildChinaTable, loadChina} from "../../loaders/china/load.ts";
import {loadSources} from "../../loaders/sources.ts";
import {brokenCopy, restoreDataDir} from "../helpers/broken-data.ts";

describe("real data", () => {
  const {rows} = loadChina();

  test("little-giant batches 1–7 with the dossier's counts", () => {
    expect(rows.little_giant_batches.map((r) => [r.batch, r.year, r.count_firms_announced])).toEqual([
      [1, 2019, 248],
      [2, 2020, 1744],
      [3, 2021, 2930],
      [4, 2022, 4357],
      [5, 2023, 3671],
      [6, 2024, 3012],
      [7, 2025, 3482]
    ]);
  });

  test("Baogang portfolio 22 / 9 / 1", () => {
    expect(Object.fromEntries(rows.baogang_portfolio.map((r) => [r.tier, r.count_firms]))).toEqual({tech_innovative: 22, specialized_new: 9, little_giant: 1});
  });

  test("derived support figures state their formula", () => {
    const derived = rows.support_instruments.filter((r) => r.basis === "derived");
    expect(derived.length).toBeGreaterThan(0);
    for (const r of derived) expect(r.formula).toBeTruthy();
    expect(rows.support_instruments.find((r) => r.instrument_id === "central-reward-2021-25-per-firm")?.per_firm_cny).toBe(10_000_000);
  });

  test("Arrow output carries provenance in the schema metadata and round-trips as an IPC stream", () => {
    const table = tableFromIPC(toIpcStream(buildChinaTable("little_giant_batches")));
    expect(table.numRows).toBe(7);
    expect(table.schema.metadata.get("file")).toBe("data/china/little_giant_batches.csv");
    const sources = JSON.parse(table.schema.metadata.get("sources") ?? "[]") as {source_id: string; url: string}[];
    expect(sources.map((s) => s.source_id)).toContain("cn-35722aa-15949");
    expect(table.getChild("count_firms_announced")?.get(2)).toBe(2930);
  });

  test("the sources registry has unique ids across files", () => {
    const sources = loadSources();
    expect(sources.get("cn-baotou-gxj-2025-06")?.confidence).toBe("high");
  });
});

describe("cross-file rules on a broken copy of data/", () => {
  afterEach(restoreDataDir);

  test("a source_id missing from the registry", () => {
    brokenCopy("china/little_giant_batches.csv", (t) => t.replace("3,2021,2930,,cn-35722aa-15949", "3,2021,2930,,cn-no-such-source"));
    expect(() => loadChina()).toThrow('data/china/little_giant_batches.csv, row 4, column "source_id": this source_id is not in the sources registry (value: "cn-no-such-source"). Fix: add a row for it to data/sources/*.csv, or correct the id');
  });

  test("a duplicate key", () => {
    brokenCopy("china/little_giant_batches.csv", (t) => t.replace("\n4,2022,", "\n3,2022,"));
    expect(() => loadChina()).toThrow('row 5, column "batch": duplicate key (first used on row 4)');
  });

  test("more new Baogang firms than firms in the tier", () => {
    brokenCopy("china/baogang_portfolio.csv", (t) => t.replace("tech_innovative,22,12,", "tech_innovative,22,23,"));
    expect(() => loadChina()).toThrow('data/china/baogang_portfolio.csv, row 2, column "count_new": more new firms than firms in the tier (22) (value: 23)');
  });

  test("a derived figure without its formula", () => {
    brokenCopy("china/support_instruments.csv", (t) => t.replace(",derived,10000000000 / 1000,", ",derived,,"));
    expect(() => loadChina()).toThrow('column "formula": a derived figure must state its formula');
  });

  test("a duplicate source_id across registry files", () => {
    brokenCopy("sources/us.csv", (t) => `${t.trimEnd()}\ncn-derived,dup,dup,https://example.org,,,low,dup\n`);
    expect(() => loadSources()).toThrow(/data\/sources\/us\.csv|sources\/us\.csv/);
    expect(() => loadSources()).toThrow("duplicate source_id (also in");
  });

  test("an unknown stage names the label and the file", () => {
    brokenCopy("china/entities.csv", (t) => t.replace(",confirmed,metals,", ",confirmed,smelting,"));
    expect(() => loadChina()).toThrow('data/china/entities.csv, row 4, column "stages": unknown label "smelting"');
  });
});
