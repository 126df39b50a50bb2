// Page SQL for /us in DuckDB-WASM (Node) against the real loader output. Expected values are the dossier's
// (../shared/research/data-us.md) or sums worked out from data/cases/rare-earths/us/awards.csv by hand (see each comment).
import {beforeAll, describe, expect, test} from "vitest";
import * as Q from "../../src/queries/us.ts";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";
import {siteDatabase} from "../helpers/tables.ts";

let db: NodeDatabase;
beforeAll(async () => {
  db = await siteDatabase();
});

const only = (...statuses: string[]) => ({statuses, includeAggregates: false});

test("MP Materials' $35,000,000 IBAS award of 2022-02-22 (FY2022), obligated", () => {
  const mp = db.query(Q.recipientAwards("MP Materials"));
  expect(mp.find((r) => r.date === "2022-02-22")).toMatchObject({amount_usd: 35_000_000, agency: "DoD", status: "obligated", stages: "separation"});
});

test("the 2025 DoD–MP deal is six components, not one number", () => {
  const rows = db.query(Q.mpDeal());
  expect(rows.map((r) => [r.instrument, r.status, r.amount_usd])).toEqual([
    ["equity", "obligated", 400_000_000],
    ["equity", "announced", 350_000_000],
    ["loan", "obligated", 150_000_000],
    ["offtake", "committed", null],
    ["price_floor", "committed", null],
    ["equity", "committed", null]
  ]);
});

describe("which statuses count", () => {
  // Non-aggregate rows of data/cases/rare-earths/us/awards.csv, summed by hand from the CSV: before the awards of
  // data-us-scopes-tools.md §2.1, obligated 12 rows 968,400,000; committed 10 rows 1,693,400,000; announced 10 rows
  // 2,878,800,000. The 21 rows added there: obligated 12 rows (three without an amount) 5,100,000 + 2,300,000 + 860,000
  // + 29,900,000 + 1,700,000 + 21,900,000 + 5,000,000 + 3,000,000 + 17,500,000 = 87,260,000; committed 3 rows
  // 5,000,000 + 500,000,000 + 725,000,000 = 1,230,000,000; announced 6 rows 456,000,000 + 66,000,000 + 7,999,999
  // + 8,000,000 + 5,000,000 + 1,000,000 = 543,999,999 (the dossier's §2.5 by-status figures). So:
  // obligated 24 rows 1,055,660,000; committed 13 rows 2,923,400,000; announced 16 rows 3,422,799,999.
  test.each([
    [["obligated"], 1_055_660_000, 24],
    [["obligated", "committed"], 3_979_060_000, 37],
    [["obligated", "committed", "announced"], 7_401_859_999, 53]
  ])("%j → total %d over %d rows", (statuses, total, rows) => {
    expect(db.query(Q.awardsTotal(only(...statuses)))[0]).toMatchObject({amount_usd: total, rows});
  });

  test("adding 'announced' adds exactly the announced amounts", () => {
    const without = db.query(Q.awardsTotal(only("obligated", "committed")))[0]!.amount_usd as number;
    const withAnnounced = db.query(Q.awardsTotal(only("obligated", "committed", "announced")))[0]!.amount_usd as number;
    expect(withAnnounced - without).toBe(3_422_799_999);
  });

  test("aggregate (agg-) rows are excluded unless asked for", () => {
    const rows = db.query(Q.awards({statuses: ["obligated", "committed", "announced", "authority"], includeAggregates: false}));
    expect(rows.some((r) => String(r.award_id).startsWith("agg-"))).toBe(false);
    const all = db.query(Q.awards({statuses: ["obligated", "committed", "announced", "authority"], includeAggregates: true}));
    expect(all).toHaveLength(76); // 55 + the 21 rows of data-us-scopes-tools.md §2.1
  });

  test("an unknown status in the input is ignored, never spliced into SQL", () => {
    expect(db.query(Q.awardsTotal(only("obligated", "x'); DROP TABLE awards; --")))[0]).toMatchObject({amount_usd: 1_055_660_000});
    expect(db.query(Q.awardsTotal(only()))[0]).toMatchObject({amount_usd: 0, rows: 0});
  });
});

test("by stage, an award spanning stages counts in each; recipients are distinct per stage", () => {
  const rows = db.query(Q.awardsByStage(only("obligated")));
  const separation = rows.find((r) => r.stage === "separation");
  expect(separation).toBeDefined();
  expect(separation!.recipients as number).toBeLessThanOrEqual(separation!.rows as number);
});

describe("SBIR/STTR", () => {
  test("FY2022 SBIR program obligations are $4,115,812,863 (basis: obligations)", () => {
    const fy22 = db.query(Q.sbirTotals()).filter((r) => r.fiscal_year === 2022 && r.program === "SBIR");
    expect(fy22.find((r) => r.basis === "obligations")?.amount_usd).toBe(4_115_812_863);
    expect(fy22.find((r) => r.basis === "phase_1_2_table")?.amount_usd).toBe(3_814_888_304);
  });

  test("FY2022 by agency: DoD first with SBIR+STTR 2,501,664,850; SBIR agency rows sum to 4,115,812,862", () => {
    const rows = db.query(Q.sbirByAgency(2022));
    expect(rows[0]).toMatchObject({agency: "DoD", agency_total_usd: 2_501_664_850});
    const sbir = rows.filter((r) => r.program === "SBIR").reduce((s, r) => s + (r.amount_usd as number), 0);
    expect(sbir).toBe(4_115_812_862);
  });

  test("NIH competing awards FY2015–2025", () => {
    const rows = db.query(Q.nihCompeting());
    expect(rows).toHaveLength(11);
    expect(rows[0]).toMatchObject({fiscal_year: 2015, count_awards: 1011, amount_usd: 372_800_000});
  });

  test("current NIH Phase I / II caps 314,363 / 2,095,748", () => {
    const caps = db.query(Q.awardCaps()).filter((r) => r.agency === "NIH" && r.kind === "hard_cap");
    expect(caps.map((r) => r.amount_usd)).toEqual(expect.arrayContaining([314_363, 2_095_748]));
  });
});

test("the report's totals: counted rows dated in its years by fiscal year where stated, domestic and abroad apart", () => {
  // Worked from data/cases/rare-earths/us/awards.csv with Python: rows not "agg-", obligated or committed, fiscal year (else the
  // date's year) 2012–2025. Domestic 27 rows (21 with an amount) 1,347,460,000, obligated 919,060,000; abroad 3 rows
  // 575,000,000, obligated 105,000,000. The OSC loans dated 2025-11 are fiscal 2026 and fall outside; so do the 2026
  // letters of intent.
  const rows = db.query(Q.awardsTotalInYears(only("obligated", "committed"), 2012, 2025));
  expect(rows.map((r) => [r.geography, r.amount_usd, r.obligated_usd, r.rows, r.rows_with_amount])).toEqual([
    ["domestic", 1_347_460_000, 919_060_000, 27, 21],
    ["outbound", 575_000_000, 105_000_000, 3, 3]
  ]);
  // fiscal 2026 alone, committed: the four OSC loans (Vulcan 620,000,000 and ReElement 80,000,000 dated 2025-11,
  // Phoenix 500,000,000 and Energy Fuels 725,000,000)
  const fy2026 = db.query(Q.awardsTotalInYears(only("committed"), 2026, 2026)).find((r) => r.geography === "domestic");
  expect(fy2026?.amount_usd).toBe(1_925_000_000);
});
