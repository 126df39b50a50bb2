// The China loaders on the real data/ (values checked against ../shared/research/data-china.md), and the
// cross-file rules on fixture copies with one deliberate mistake each.
import {tableFromIPC} from "apache-arrow";
import {afterEach, describe, expect, test} from "vitest";
import {toIpcStream} from "../../loaders/arrow.ts";
import {countedInstrumentIds} from "../../loaders/china/instruments.ts";
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

  test("derived instrument figures state their formula", () => {
    const derived = rows.instruments.filter((r) => r.confidence === "derived");
    expect(derived.map((r) => r.instrument_id)).toEqual(["central-reward-2021-25-per-firm", "baotou-central-funds-per-firm", "xilingol-innovative-2025-per-firm"]);
    for (const r of derived) expect(r.note).toMatch(/derived: \d+ \/ \d+/);
    // 10000000000 / 1000 = 10000000, kept as a rule (never summed)
    const ceiling = rows.instruments.find((r) => r.instrument_id === "central-reward-2021-25-per-firm");
    expect([ceiling?.rule, ceiling?.rule_value, ceiling?.amount_cny]).toEqual(["cny_per_firm", 10_000_000, null]);
  });

  test("instruments: at least 40 rows over at least 6 stages, rules never carry an amount", () => {
    expect(rows.instruments.length).toBe(74);
    const stages = new Set(rows.instruments.flatMap((r) => r.stages));
    // every stage named by a rare-earth row in data-china-support-programs.md §1 except recycling and byproducts
    expect([...stages].sort()).toEqual(["applications", "exploration", "magnets", "metals", "mining", "rnd", "separation", "support", "unspecified"]);
    const rules = rows.instruments.filter((r) => r.rule !== null);
    expect(rules.length).toBe(40);
    expect(rules.every((r) => r.amount_cny === null)).toBe(true);
    // the 2012 per-tonne awards: 1000 / 1500 / 500 CNY per tonne (财企〔2012〕375号), replaced one by one in 2014
    const perTonne = rows.instruments.filter((r) => r.instrument === "per_tonne_award");
    expect(perTonne.map((r) => [r.instrument_id, r.rule_value, r.supersedes_id])).toEqual([
      ["cn01-mining-award", 1000, null],
      ["cn01-separation-award", 1500, null],
      ["cn01-metals-award", 500, null],
      ["cn05-mining-award", 1000, "cn01-mining-award"],
      ["cn05-separation-award", 1500, "cn01-separation-award"],
      ["cn05-metals-award", 500, "cn01-metals-award"]
    ]);
  });

  test("no nested or superseded row is summed twice: the counted rows add to the hand-worked totals", () => {
    const counted = rows.instruments.filter((r) => countedInstrumentIds(rows.instruments).has(r.instrument_id));
    const sum = (rs: typeof counted) => rs.reduce((s, r) => s + r.amount_cny!, 0);
    // rare_earth, by hand from data-china-support-programs.md §1 (CNY):
    //   cn06 Baotou special fund 77,630,000 (its two parts 23,380,000 + 54,250,000 sit inside it)
    // + cn08 Baotou pilot disbursed 700,000,000 (replaces cn07's ~1,000,000,000 announced)
    // + cn10 Ganzhou pilot cumulative 950,000,000 (cn09's 458,000,000 tranche sits inside it)
    // + cn12 national stockpile estimate 6,000,000,000
    // + cn17 Inner Mongolia reserve interest subsidies 40,000,000
    // + cn18 Ganzhou reserve 1,000,000,000
    // + cn19 Baotou fund raised 4,000,000,000 (replaces the 6,660,000,000 target; the 1,690,000,000 issued and the
    //   1,270,000,000 to Hi-Tech Zone firms sit inside it)
    // + cnf05 Guangsheng state-parent subscription 452,000,000
    // = 13,219,630,000
    const re = counted.filter((r) => r.scope === "rare_earth");
    expect(re.map((r) => r.instrument_id)).toEqual([
      "cn06-baotou-special-fund", "cn08-baotou-pilot-disbursed", "cn10-ganzhou-pilot-cumulative", "cn12-national-stockpile-2012",
      "cn17-im-reserve-interest", "cn18-ganzhou-reserve", "cn19-baotou-fund-raised", "cnf05-guangsheng-2016-placement"
    ]);
    expect(sum(re)).toBe(13_219_630_000);
    // The dossier's own de-duplicated total of disbursed or allocated rows (§1a.A) is 4,475,430,000. Ours, same
    // statuses: 13,219,630,000 − 6,000,000,000 (cn12, announced) = 7,219,630,000; minus cnf05 (452,000,000, a firm-level
    // row the dossier leaves out) and cn19's 4,000,000,000 in place of cn20's 1,690,000,000, plus cn11 (17,800,000,
    // mixed here) = 7,219,630,000 − 452,000,000 − 4,000,000,000 + 1,690,000,000 + 17,800,000 = 4,475,430,000.
    const reHeld = re.filter((r) => r.status === "disbursed" || r.status === "allocated");
    expect(sum(reHeld)).toBe(7_219_630_000);
    expect(sum(reHeld) - 452_000_000 - 4_000_000_000 + 1_690_000_000 + 17_800_000).toBe(4_475_430_000);
    // mixed: cn11 17,800,000 + cn33 5,800,000 = 23,600,000;
    // general: 10,000,000,000 + 500,000,000,000 + 5,600,000 + 24,100,000 = 510,029,700,000
    expect(sum(counted.filter((r) => r.scope === "mixed"))).toBe(23_600_000);
    expect(sum(counted.filter((r) => r.scope === "general"))).toBe(510_029_700_000);
    // Summing every amount would count nested rows (36,000,000 + 2,900,000 + 9,500,000 + 23,380,000 + 54,250,000
    // + 458,000,000 + 1,690,000,000 + 1,270,000,000 = 3,544,030,000) and superseded ones (1,000,000,000 +
    // 6,660,000,000 = 7,660,000,000) a second time: 523,272,930,000 + 3,544,030,000 + 7,660,000,000 = 534,476,960,000.
    expect(sum(counted)).toBe(523_272_930_000);
    expect(rows.instruments.reduce((s, r) => s + (r.amount_cny ?? 0), 0)).toBe(534_476_960_000);
    // and no counted row has a counted ancestor: every within/supersedes chain contributes once
    const byId = new Map(rows.instruments.map((r) => [r.instrument_id, r]));
    for (const r of counted) {
      for (let p = r.within_id; p !== null; p = byId.get(p)!.within_id) expect(counted.some((c) => c.instrument_id === p), `${r.instrument_id} in ${p}`).toBe(false);
    }
  });

  test("the Arrow table carries counted for the page's totals", () => {
    const table = tableFromIPC(toIpcStream(buildChinaTable("instruments")));
    const ids = table.getChild("instrument_id")!.toArray() as string[];
    const counted = table.getChild("counted")!;
    expect(ids.filter((_, i) => counted.get(i)).length).toBe(14);
    expect(counted.get(ids.indexOf("cn07-baotou-pilot-announced"))).toBe(false);
    expect(counted.get(ids.indexOf("cn08-baotou-pilot-disbursed"))).toBe(true);
  });

  test("Arrow output carries provenance in the schema metadata and round-trips as an IPC stream", () => {
    const table = tableFromIPC(toIpcStream(buildChinaTable("little_giant_batches")));
    expect(table.numRows).toBe(7);
    expect(table.schema.metadata.get("file")).toBe("data/cases/rare-earths/china/little_giant_batches.csv");
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
    expect(() => loadChina()).toThrow('data/cases/rare-earths/china/little_giant_batches.csv, row 4, column "source_id": this source_id is not in the sources registry (value: "cn-no-such-source"). Fix: add a row for it to data/cases/rare-earths/sources/*.csv, or correct the id');
  });

  test("a duplicate key", () => {
    brokenCopy("china/little_giant_batches.csv", (t) => t.replace("\n4,2022,", "\n3,2022,"));
    expect(() => loadChina()).toThrow('row 5, column "batch": duplicate key (first used on row 4)');
  });

  test("more new Baogang firms than firms in the tier", () => {
    brokenCopy("china/baogang_portfolio.csv", (t) => t.replace("tech_innovative,22,12,", "tech_innovative,22,23,"));
    expect(() => loadChina()).toThrow('data/cases/rare-earths/china/baogang_portfolio.csv, row 2, column "count_new": more new firms than firms in the tier (22) (value: 23)');
  });

  test("a derived figure without its formula", () => {
    brokenCopy("china/instruments.csv", (t) => t.replace(",derived,derived: 10000000000 / 1000; ", ",derived,"));
    expect(() => loadChina()).toThrow('row 3, column "note": a derived figure must state its formula');
  });

  test("within_id naming a row that does not exist", () => {
    brokenCopy("china/instruments.csv", (t) => t.replace(",cn10-ganzhou-pilot-cumulative,,,,,cn-chinaminingnews", ",cn10-ganzhou-pilot,,,,,cn-chinaminingnews"));
    expect(() => loadChina()).toThrow('data/cases/rare-earths/china/instruments.csv, row 34, column "within_id": no row has this instrument_id (value: "cn10-ganzhou-pilot"). Fix: use the instrument_id of an existing row, or leave empty');
  });

  test("rows nested in each other in a loop", () => {
    // cn10 (row 33) made to sit in cn09 (row 34), which sits in cn10
    brokenCopy("china/instruments.csv", (t) => t.replace("exploration;mining;rnd,rare_earth,,,", "exploration;mining;rnd,rare_earth,cn09-ganzhou-pilot-2015,,"));
    expect(() => loadChina()).toThrow('rows point to each other in a loop (cn10-ganzhou-pilot-cumulative → cn09-ganzhou-pilot-2015 → cn10-ganzhou-pilot-cumulative)');
  });

  test("nested rows adding to more than their parent", () => {
    // cn06's two parts, 23,380,000 + 64,250,000 = 87,630,000 > 77,630,000
    brokenCopy("china/instruments.csv", (t) => t.replace(",54250000,", ",64250000,"));
    expect(() => loadChina()).toThrow('row 30, column "amount_cny": the rows within cn06-baotou-special-fund add to 87630000, more than its amount (77630000) (value: 64250000)');
  });

  test("loan terms on a grant, an empty note without an amount, unspecified with a stage", () => {
    brokenCopy("china/instruments.csv", (t) =>
      t
        .replace("mining;rnd,rare_earth,cn10-ganzhou-pilot-cumulative,,,,,", "mining;rnd,rare_earth,cn10-ganzhou-pilot-cumulative,,0.03,,,")
        .replace("10000 t in one week at above-market prices; no CNY; the product mix is unknown, so no value is derived", "")
        .replace(",2021,2025,unspecified,general,,,", ",2021,2025,unspecified;rnd,general,,,")
    );
    const message = (() => {
      try {
        loadChina();
      } catch (e) {
        return String(e);
      }
      return "";
    })();
    expect(message).toContain('row 34, column "loan_rate": loan terms on a grant row (value: 0.03). Fix: clear the loan columns, or set instrument to loan');
    expect(message).toContain('row 39, column "note": a row without an amount must say in its note why');
    expect(message).toContain('row 2, column "stages": unspecified cannot be combined with stages (value: "unspecified;rnd")');
  });

  test("a duplicate source_id across registry files", () => {
    brokenCopy("sources/us.csv", (t) => `${t.trimEnd()}\ncn-derived,dup,dup,,,https://example.org,news,,,low,,dup\n`);
    expect(() => loadSources()).toThrow(/data\/sources\/us\.csv|sources\/us\.csv/);
    expect(() => loadSources()).toThrow("duplicate source_id (also in");
  });

  test("an unknown stage names the label and the file", () => {
    brokenCopy("china/entities.csv", (t) => t.replace(",confirmed,metals,", ",confirmed,smelting,"));
    expect(() => loadChina()).toThrow('data/cases/rare-earths/china/entities.csv, row 4, column "stages": unknown label "smelting"');
  });
});
