// The maps' SQL (src/queries/places.ts) in DuckDB-WASM (Node) against the real loader output. The expected sums were
// worked out by hand from data/cases/rare-earths/us/awards.csv and data/cases/rare-earths/us/award_sites.csv (statuses obligated and committed, no
// programme-level rows; see each comment).
import {beforeAll, expect, test} from "vitest";
import * as P from "../../src/queries/places.ts";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";
import {siteDatabase} from "../helpers/tables.ts";

let db: NodeDatabase;
beforeAll(async () => {
  db = await siteDatabase();
});
const DEFAULTS = {statuses: ["obligated", "committed"], includeAggregates: false};

test("California and South Carolina: the amounts placed there, by hand from the two CSVs", () => {
  const rows = db.query(P.awardsByPlace(DEFAULTS));
  const by = new Map(rows.map((r) => [r.place_code, r]));
  // CA (all at Mountain Pass except TDA Magnetics, Rancho Dominguez): 9,600,000 + 35,000,000 + 150,000,000
  // (Samarium loan) + 2,300,000 = 196,900,000 in 4 rows, all with an amount.
  expect(by.get("CA")).toMatchObject({in_us: true, amount_usd: 196_900_000, rows: 4, rows_with_amount: 4, any_headquarters: true});
  // SC (E-VAC's Sumter plant): 94,100,000 (MCEIP) + 111,900,000 (48C) = 206,000,000 in 2 rows, to one recipient
  // (E-VAC Magnetics, one spelling in awards.csv since the corrections log's entry).
  expect(by.get("SC")).toMatchObject({in_us: true, amount_usd: 206_000_000, rows: 2, recipients: 1, any_headquarters: false});
  // Brazil (abroad): 465,000,000 + 100,000,000 (Serra Verde) + 5,000,000 (Aclara) = 570,000,000.
  expect(by.get("Brazil")).toMatchObject({in_us: false, amount_usd: 570_000_000, rows: 3});
  // Nebraska: Rare Earth Salts, placed but without an amount.
  expect(by.get("NE")).toMatchObject({amount_usd: 0, rows: 1, rows_with_amount: 0});
  // 13 states and 1 country with counted awards under the defaults (CA IN LA MN NC NE NV OH SC TX UT WV WY; Brazil).
  expect(rows.map((r) => r.place_code).sort()).toEqual(["Brazil", "CA", "IN", "LA", "MN", "NC", "NE", "NV", "OH", "SC", "TX", "UT", "WV", "WY"]);
});

test("the status filter is followed: announcements add Texas' and Wyoming's letters of intent", () => {
  const rows = db.query(P.awardsByPlace({statuses: ["announced"], includeAggregates: false}));
  const wy = rows.find((r) => r.place_code === "WY");
  // WY announced: 553,000,000 (Rare Element Resources, Bear Lodge) + 456,000,000 (American Rare Earths, Halleck Creek).
  expect(wy).toMatchObject({amount_usd: 1_009_000_000, rows: 2});
});

test("every counted award is listed once, placed or not; several sites and unstated places are apart", () => {
  const rows = db.query(P.awardPlaces(DEFAULTS));
  // obligated 24 + committed 13 non-aggregate rows (test/queries/us.test.ts)
  expect(rows).toHaveLength(37);
  const unplaced = rows.filter((r) => !r.located).map((r) => r.award_id).sort();
  // Under the defaults: the MP price floor and offtake, TechMet's stake, Phoenix Tailings' OSC loan, the two Lynas/MP
  // design contracts and the two Energy Fuels–Penn State study awards have no stated place.
  expect(unplaced).toEqual(["dfc-techmet-equity-2024", "dod-dpa3-hree-design-lynas-2020", "dod-dpa3-hree-design-mp-2020", "dod-mp-2025-magnet-offtake", "dod-mp-2025-ndpr-price-floor", "doe-energy-fuels-psu-2020", "doe-energy-fuels-psu-2021", "osc-phoenix-2026"]);
});

test("China's map: three cities, with the instruments and designated firms data/cases/rare-earths/china/place_links.csv places there", () => {
  // Counted in data/cases/rare-earths/china/place_links.csv by hand: Baotou 36 instrument rows and 4 firms (Baotou's 2025 list of
  // key-supported little giants), Xilinhot (Xilingol League) 5 instruments, Ganzhou 4 instruments.
  const rows = db.query(P.chinaPlaces());
  expect(rows.map((r) => [r.place_id, r.instruments, r.firms])).toEqual([["baotou", 36, 4], ["xilinhot", 5, 0], ["ganzhou", 4, 0]]);
  expect(rows[0]).toMatchObject({lat: 40.65, lon: 109.8167});
  expect(db.query(P.chinaPlaceItems())).toHaveLength(49);
});
