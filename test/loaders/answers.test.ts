// Build-time answers: every page's plan runs over the real tables, the stored rows are the live rows, and the zip
// Framework unpacks holds one file per page, the same bytes from one build to the next.
import JSZip from "jszip";
import {beforeAll, expect, test} from "vitest";
import {answersZip, openAllTables, pageAnswers} from "../../loaders/answers.ts";
import {Answers, type AnswersFile} from "../../src/lib/answers.ts";
import * as CN from "../../src/queries/china.ts";
import * as US from "../../src/queries/us.ts";
import * as C from "../../src/queries/compare.ts";
import {projectionRows} from "../../src/queries/scenarios.ts";
import {CHINA_DEFAULTS, PAGE_PLANS} from "../../src/queries/plans.ts";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";

let db: NodeDatabase;
let files: AnswersFile[];
const page = (name: string) => new Answers(files.find((f) => f.page === name)!);

beforeAll(async () => {
  db = await openAllTables();
  files = await pageAnswers(db);
}, 120_000);

test("every page has its answers file, none empty", () => {
  expect(files.map((f) => f.page).sort()).toEqual(Object.keys(PAGE_PLANS).sort());
  for (const f of files) expect(f.answers.length, f.page).toBeGreaterThan(1);
});

test("stored answers are the rows the live query returns, and read as the curated data says", () => {
  const latest = page("china").get<{tier: string; count_firms: number; qualifier: string}>(CN.latestByTier())!;
  expect(latest).toEqual(db.query(CN.latestByTier()));
  // data/cases/rare-earths/china/tier_counts.csv: the latest national little-giant count is "more than 17,600" (2026-01).
  expect(latest.find((r) => r.tier === "little_giant")).toMatchObject({count_firms: 17600, qualifier: "more_than"});
  // Baogang's portfolio: 22 + 9 + 1 = 32 designated firms (data/cases/rare-earths/china/baogang_portfolio.csv).
  expect(page("index").get(CN.baogangTotal())).toEqual([{total: 32, new_firms: 12}]);
  expect(page("china").get(CN.tierSeries(CHINA_DEFAULTS.tier!))).toEqual(db.query(CN.tierSeries("specialized_new")));
  // A value the default view never asks for is not answered: it runs live.
  expect(page("china").get(CN.tierSeries("little_giant"))).toBeUndefined();
  expect(page("us").get(US.awardsTotal({statuses: ["announced"], includeAggregates: false}))).toBeUndefined();
});

test("settings one step from a page's default are answered too, by the same name/SQL/parameters rule", () => {
  const gaps = page("gaps");
  // /gaps with "announced" ticked as well: curated domestic award rows (no agg- rows) dated 2020–2025 with status
  // obligated, committed or announced: 39 in data/cases/rare-earths/us/awards.csv (29 without announced), counted in Python.
  const announced = gaps.get(C.usAwardsForGaps("curated", ["obligated", "committed", "announced"], 2020, 2025))!;
  expect(announced).toHaveLength(39);
  expect(announced).toEqual(db.query(C.usAwardsForGaps("curated", ["obligated", "committed", "announced"], 2020, 2025)));
  expect(gaps.get(C.usAwardsForGaps("curated", ["obligated", "committed"], 2020, 2025))).toHaveLength(29);
  expect(gaps.get(C.usAwardsForGaps("sbir", ["obligated", "committed"], 2020, 2025))).toEqual(db.query(C.usAwardsForGaps("sbir", ["obligated", "committed"], 2020, 2025)));
  // Two steps away, or the same statuses in another order, is not answered: it runs live.
  expect(gaps.get(C.usAwardsForGaps("curated", ["obligated", "committed"], 2018, 2025))).toBeUndefined();
  expect(gaps.get(C.usAwardsForGaps("curated", ["announced", "obligated", "committed"], 2020, 2025))).toBeUndefined();
  // /us with "announced" ticked as well: 53 non-aggregate rows with status obligated, committed or announced in
  // data/cases/rare-earths/us/awards.csv, $7,401,859,999 in total over the 46 with an amount, 30 recipients (Python over the CSV).
  const usAnnounced = page("us").get(US.awardsTotal({statuses: ["obligated", "committed", "announced"], includeAggregates: false}));
  expect(usAnnounced).toEqual([{amount_usd: 7401859999, rows: 53, rows_with_amount: 46, recipients: 30}]);
  expect(page("us").get(US.awardsByStage({statuses: ["obligated", "committed"], includeAggregates: true}))).toEqual(db.query(US.awardsByStage({statuses: ["obligated", "committed"], includeAggregates: true})));
  // /scenarios: scenario A set to any scenario is answered (its built projection).
  const slowdown = page("scenarios").get(projectionRows("china-slowdown"))!;
  expect(slowdown.length).toBeGreaterThan(0);
  expect(slowdown).toEqual(db.query(projectionRows("china-slowdown")));
});

test("the zip holds one JSON file per page, byte-identical across runs", async () => {
  const a = await answersZip();
  const b = await answersZip();
  expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  const zip = await JSZip.loadAsync(a);
  expect(Object.keys(zip.files).sort()).toEqual(Object.keys(PAGE_PLANS).map((p) => `${p}.json`).sort());
  const sbir = JSON.parse(await zip.file("sbir.json")!.async("string")) as AnswersFile;
  expect(sbir.answers.map((x) => x.name)).toContain("sbir.facets");
}, 180_000);

test("RE_ANSWERS=off (npm run dev) ships empty answers, so every query runs live", async () => {
  process.env.RE_ANSWERS = "off";
  try {
    const zip = await JSZip.loadAsync(await answersZip());
    const china = JSON.parse(await zip.file("china.json")!.async("string")) as AnswersFile;
    expect(china.answers).toEqual([]);
  } finally {
    delete process.env.RE_ANSWERS;
  }
});
