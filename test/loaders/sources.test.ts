// The sources registry on the real data/: the original document is named apart from where it was read, no copy's
// domain is ever an issuer, and the single-copy figures are derived (never typed). Values worked out by hand from
// data/cases/rare-earths/sources/china.csv and data/cases/rare-earths/china/little_giant_batches.csv (comments give the reasoning).
import {describe, expect, test} from "vitest";
import {buildTable} from "../../loaders/arrow.ts";
import {buildChinaTable, CHINA_TABLES, loadChina} from "../../loaders/china/load.ts";
import {figuresOf} from "../../loaders/figures.ts";
import {hostOf, isSingleCopy, loadSources, readOnlyOnCopies, type Source} from "../../loaders/sources.ts";
import {COPY_KINDS} from "../../src/lib/taxonomy.ts";

const sources = loadSources();
const all = [...sources.values()];
/** Every host the registry read a document on that is a copy or an aggregator, plus the three the issue names. */
const COPY_HOSTS = [...new Set([...all.filter((s) => COPY_KINDS.includes(s.read_kind)).map((s) => hostOf(s.read_url)).filter((h): h is string => h !== null), "35722aa.com", "bet333ios4.com", "277762.cc"])];

describe("no copy's domain is named as an issuer", () => {
  test("the copy hosts include the three named in the issue, and there are many", () => {
    // 35722aa.com, bet333ios4.com, 277762.cc are read_kind copy in data/cases/rare-earths/sources/china.csv
    for (const h of ["35722aa.com", "bet333ios4.com", "277762.cc"]) expect(all.some((s) => hostOf(s.read_url) === h && s.read_kind === "copy")).toBe(true);
    expect(COPY_HOSTS.length).toBeGreaterThan(40);
  });

  test("no issuer of any source contains a copy or aggregator host", () => {
    const offending = all.flatMap((s) => COPY_HOSTS.filter((h) => s.issuer.toLowerCase().includes(h)).map((h) => `${s.source_id}: ${s.issuer} (${h})`));
    expect(offending).toEqual([]);
  });

  test("the documents read on 35722aa.com, bet333ios4.com and 277762.cc are MIIT's, read via a copy", () => {
    const byHost = (h: string) => all.find((s) => hostOf(s.read_url) === h)!;
    for (const h of ["35722aa.com", "bet333ios4.com", "277762.cc"]) {
      const s = byHost(h);
      expect([s.issuer, s.read_kind, s.read_via]).toEqual(["Ministry of Industry and Information Technology (MIIT)", "copy", h]);
      expect(s.confidence).not.toBe("high");
    }
  });

  test("no source is both read on a copy or aggregator and graded high", () => {
    expect(all.filter((s) => COPY_KINDS.includes(s.read_kind) && s.confidence === "high").map((s) => s.source_id)).toEqual([]);
  });
});

describe("single copy is derived from read_kind and corroborated_by", () => {
  const get = (id: string) => sources.get(id) as Source;

  test("a copy with a corroborating source is not a single copy; an aggregator without one is", () => {
    // cn-35722aa-15949: copy, corroborated by the Hangzhou news item (batch 3) and Peking University (4762)
    expect(get("cn-35722aa-15949").corroborated_by).toEqual(["cn-hangzhou-2021-08-30", "cn-pku-iicsh-1069"]);
    expect(isSingleCopy(get("cn-35722aa-15949"))).toBe(false);
    // cn-breakinglatest-batch5: aggregator, nothing else states batch 5 = 3671
    expect(isSingleCopy(get("cn-breakinglatest-batch5"))).toBe(true);
    // a news report is never a single copy, corroborated or not
    expect(isSingleCopy(get("cn-hangzhou-2021-08-30"))).toBe(false);
  });

  test("read only on copies: a copy corroborated only by another copy still caps its figures at medium", () => {
    // cn-roadmark-76 (copy) is corroborated by the CSDN blog (aggregator): two copies, no better place
    expect(readOnlyOnCopies(get("cn-roadmark-76"), sources)).toBe(true);
    // the MP Materials 8-K summary (aggregator) is corroborated by the company's release (company): not only copies
    expect(readOnlyOnCopies(get("us-mp-8k-2025-07"), sources)).toBe(false);
  });

  test("little-giant batches: which rest on a single copy and where each was read", () => {
    const figures = figuresOf({little_giant_batches: buildChinaTable("little_giant_batches", loadChina(sources))}, sources);
    // batch 1 roadmark (copy, corroborated by CSDN) · 2 CSDN (aggregator, alone) · 3 35722aa (copy, corroborated) ·
    // 4 CSDN · 5 Breaking Latest (aggregator) · 6 and 7 kczg.org.cn (aggregator): single copies are 2, 4, 5, 6, 7
    expect(figures.map((f) => [f.label, f.rests_on, f.single_copy])).toEqual([
      ["Little giants, batch 1 (2019)", "copy", false],
      ["Little giants, batch 2 (2020)", "aggregator", true],
      ["Little giants, batch 3 (2021)", "copy", false],
      ["Little giants, batch 4 (2022)", "aggregator", true],
      ["Little giants, batch 5 (2023)", "aggregator", true],
      ["Little giants, batch 6 (2024)", "aggregator", true],
      ["Little giants, batch 7 (2025)", "aggregator", true]
    ]);
    expect(figures[3]!.value).toBe("4,357 announced, 4,328 confirmed");
    expect(Object.keys(CHINA_TABLES)).toContain("little_giant_batches");
  });

  test("a row citing several sources rests on the strongest and is never a single copy", () => {
    const columns = {batch: {kind: "int32"}, year: {kind: "int32"}, count_firms_announced: {kind: "int32"}, count_firms_confirmed: {kind: "int32"}, source_id: {kind: "utf8"}, confidence: {kind: "utf8"}} as const;
    const table = buildTable([{batch: 3, year: 2021, count_firms_announced: 2930, count_firms_confirmed: null, source_id: "cn-breakinglatest-batch5;cn-hangzhou-2021-08-30", confidence: "medium"}], columns, {title: "batches"});
    // aggregator + news: the news report is the stronger place; two sources, so not a single copy
    expect(figuresOf({little_giant_batches: table}, sources).map((f) => [f.rests_on, f.single_copy])).toEqual([["news", false]]);
  });
});
