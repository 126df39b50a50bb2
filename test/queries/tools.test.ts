// The tools-without-a-price table (data/cases/rare-earths/tools/tools.csv) through its page SQL, in DuckDB-WASM on the real loader
// output. Expected values counted by hand from the CSV (and data-china-support-programs.md §2, data-us-scopes-tools.md §3).
import {beforeAll, expect, test} from "vitest";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";
import * as Q from "../../src/queries/tools.ts";
import {siteDatabase} from "../helpers/tables.ts";

let db: NodeDatabase;
interface Tool {tool_id: string; side: string; tool: string; stages: string; date: string | null; quantity: number | null; unit: string | null}
const all = () => db.query<Tool & Record<string, unknown>>(Q.tools());
beforeAll(async () => {
  db = await siteDatabase();
});

test("35 China tools and 27 US tools", () => {
  const rows = all();
  expect(rows.filter((r) => r.side === "china")).toHaveLength(35);
  expect(rows.filter((r) => r.side === "us")).toHaveLength(27);
});

test("China's mining quotas by year, t REO (table 2a)", () => {
  const mining = all().filter((r) => r.tool === "quota" && r.stages === "mining" && r.quantity !== null && r.tool_id.startsWith("cn-quota-mining-"));
  expect(mining.map((r) => [r.date, r.quantity])).toEqual([
    ["2017", 105000],
    ["2018", 120000],
    ["2020", 140000],
    ["2021", 168000],
    ["2022", 210000],
    ["2023", 255000],
    ["2024", 270000]
  ]);
  // 2020-2024: 140000 + 168000 + 210000 + 255000 + 270000 = 1043000
  expect(mining.filter((r) => Number(r.date) >= 2020).reduce((s, r) => s + r.quantity!, 0)).toBe(1_043_000);
});

test("magnets: 9 China tools and 11 US tools, by kind", () => {
  const magnets = db.query(Q.toolsByStage()).filter((r) => r.stage === "magnets");
  // China: the 2023 technology catalogue, export-control announcements 18, 56, 57, 61, 62 and 70 (7 export
  // controls), China Rare Earth Group and the Guangsheng transfer (2 consolidations)
  // US: 2 DPA determinations (NdFeB, SmCo), EO 13953 and EO 14272, the Section 232 magnet finding, Proclamation
  // 11001 and the Section 301 magnet tariff (3 tariffs), 2 DFARS sourcing rules, the NDAA FY2023 stockpile
  // authority, the 10X offtake
  expect(magnets).toEqual([
    {stage: "magnets", side: "china", n_tools: 9, kinds: "consolidation;export_control"},
    {stage: "magnets", side: "us", n_tools: 11, kinds: "dpa_determination;executive_order;price_floor_offtake;sourcing_rule;stockpile;tariff"}
  ]);
});

test("the MP price floor records the floor (USD 110 per kg), the offtake the 10X capacity (10000 t a year)", () => {
  const rows = all();
  const floor = rows.find((r) => r.tool_id === "us-mp-ndpr-price-floor");
  const offtake = rows.find((r) => r.tool_id === "us-mp-10x-offtake");
  expect([floor?.quantity, floor?.unit, offtake?.quantity, offtake?.unit]).toEqual([110, "usd_per_kg", 10000, "t_per_year"]);
});
