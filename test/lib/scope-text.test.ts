// Matched scopes in words (src/lib/scope-text.ts) and the terminal's scope table (scripts/gaps.ts), on hand-made
// rows (NOT real data): a ratio appears only on a row the comparison rule allowed. Every figure worked by hand.
import {expect, test} from "vitest";
import {contextSides, formatRatio, ratioText, scopeFindings, stageGroupLabel} from "../../src/lib/scope-text.ts";
import {macroFromRows} from "../../src/lib/normalize.ts";
import {compareScope, selectScope, type ScopeSide, type SupportRow} from "../../src/lib/scopes.ts";
import type {ScopeResult} from "../../src/queries/scopes.ts";
import {scopeText} from "../../scripts/gaps.ts";
import {TOOL_KINDS} from "../../loaders/tools/load.ts";
import {TOOL_KIND_NOUNS} from "../../src/lib/taxonomy.ts";

test("stage groups, ratios and the context in words", () => {
  expect([stageGroupLabel("magnets"), stageGroupLabel("several"), stageGroupLabel("not_itemised"), stageGroupLabel("total")]).toEqual(["Permanent magnets", "Several stages (not split)", "Not itemised by stage", "All stages"]);
  expect([formatRatio(150 / 22), formatRatio(0.000431), formatRatio(12.345)]).toEqual(["6.82×", "0.000431×", "12.3×"]);
  expect(ratioText({comparable: false, ratio: null, gap: null, missing: ["x"], warning: null, china_share: 0.2, us_share: 1})).toBeNull();
  const ctx = [
    {estimate_id: "a", side: "china", year: 2019, measure: "cny", value: 1.71e12, lower_bound: true, scope: "economy-wide industrial policy"},
    {estimate_id: "b", side: "china", year: 2019, measure: "share_of_gdp_pct", value: 1.73, lower_bound: true, scope: "economy-wide industrial policy"},
    {estimate_id: "c", side: "us", year: 2019, measure: "share_of_gdp_pct", value: 0.39, lower_bound: false, scope: "economy-wide industrial policy"},
    {estimate_id: "d", side: "us", year: 2019, measure: "usd", value: 84e9, lower_bound: false, scope: "economy-wide industrial policy"}
  ];
  expect(contextSides(ctx)).toEqual({year: 2019, scope: "economy-wide industrial policy", china: "at least 1.73% of GDP (at least CNY 1.71 trn)", us: "0.39% of GDP (USD 84 bn)"});
});

// 7.2 CNY per USD in 2024, base year 2024: CNY 720 m = USD 100 m.
const macro = macroFromRows([{series: "cny_per_usd", year: 2024, value: 7.2}, {series: "cpi_u", year: 2024, value: 300}]);
const base: Omit<SupportRow, "id" | "side" | "currency"> = {
  label: "", dataset: "d", family: "f", level: "central", geography: "domestic", instrument: "grant", status: "paid", stages: ["magnets"],
  year_start: 2024, year_end: 2024, face: null, ge: null, capital_deployed: null, ge_method: "face", within_id: null, supersedes_id: null, source_id: "s", confidence: "high"
};
const row = (side: "china" | "us", id: string, o: Partial<SupportRow>): SupportRow => ({...base, id, side, currency: side === "china" ? "CNY" : "USD", ...o});
// China: magnets 144 m + 216 m CNY ($20 m + $30 m) and one unpriced loan; mining 720 m CNY ($100 m).
// US: magnets $10 m + $5 m and an unpriced loan; mining $7 m.
const rows = [
  row("china", "c1", {face: 144e6, ge: 144e6}), row("china", "c2", {face: 216e6, ge: 216e6}), row("china", "c3", {instrument: "loan", face: 1e9, ge_method: "unpriced"}),
  row("china", "c4", {face: 720e6, ge: 720e6, stages: ["mining"]}),
  row("us", "u1", {face: 10e6, ge: 10e6}), row("us", "u2", {face: 5e6, ge: 5e6}), row("us", "u3", {instrument: "loan", face: 50e6, ge_method: "unpriced"}),
  row("us", "u4", {face: 7e6, ge: 7e6, stages: ["mining"]})
];
const side = (s: "china" | "us"): ScopeSide => ({scope_id: "t", side: s, datasets: ["d"], families: ["*"], levels: ["*"], geography: ["domestic"], year_from: 2020, year_to: 2025});
const selection = {china: selectScope(rows, side("china"), ["paid"]), us: selectScope(rows, side("us"), ["paid"])};
const rule = {min_priced_rows: 3, min_priced_share: 0.6, band_low: 0.1, band_high: 50};
const settings = {basis: "market" as const, baseYear: 2024, deflator: "cpi" as const};
const result = {
  scope: {scope_id: "t", label: "Test scope", note: {china: null, us: null}, year_rule: {china: "", us: ""}, sides: {china: side("china"), us: side("us")}},
  statusClass: {class_id: "paid", label: "Paid or binding", note: null, statuses: {china: ["paid"], us: ["paid"]}},
  window: [2020, 2025],
  selection,
  rows: compareScope(selection.china, selection.us, "t", {...settings, measure: "ge", status_class: "paid"}, rule, macro, ["mining", "magnets"])
} as ScopeResult;

test("the scope table: a ratio on the total the rule allows, what is missing on the stages it does not", () => {
  const lines = scopeText(result, settings);
  expect(lines[0]).toBe("Test scope — paid or binding, 2020–2025");
  // mining: 1 priced row each side (< 3): no ratio. Magnets: 2 of 3 priced each side (< 3 rows): no ratio.
  expect(lines.find((l) => l.includes("Mining"))).toMatch(/\$100 m +1 of 1 priced +\$7 m +1 of 1 priced +no ratio: China: 1 of 1 instruments priced \(100 ?%\), fewer than 3 priced instruments; US: 1 of 1/);
  expect(lines.find((l) => l.includes("Permanent magnets"))).toMatch(/\$50 m +2 of 3 priced +\$15 m +2 of 3 priced +no ratio: /);
  expect(lines.filter((l) => l.includes("×"))).toHaveLength(1);
  // total: China $150 m over 3 of 4 priced (75 %), US $22 m over 3 of 4 (75 %): 150 / 22 = 6.818… → 6.82×, gap $128 m
  expect(lines.find((l) => l.includes("All stages"))).toMatch(/\$150 m +3 of 4 priced +\$22 m +3 of 4 priced +China\/US 6\.82×, gap \$128 m$/);
});

test("findings: a ratio only for the scope the rule allowed, each side's priced share, the tools by kind", () => {
  const blocked = {...result, scope: {...result.scope, scope_id: "u", label: "Other scope"}, rows: result.rows.filter((r) => r.stage === "mining").map((r) => ({...r, stage: "total"}))} as ScopeResult;
  const tools = [{side: "china", tool: "quota"}, {side: "china", tool: "quota"}, {side: "china", tool: "other"}, {side: "us", tool: "tariff"}];
  const [comparable, priced, toolsFinding] = scopeFindings([result, blocked], tools, rule, 2024);
  expect(comparable!.lead).toBe("1 of 2 matched scopes is comparable.");
  // the test scope's total (above): 6.82×, gap $128 m; the other (mining alone): 1 priced row each side
  expect(comparable!.items[0]).toBe("Test scope (paid or binding, 2020–2025): China/US 6.82×, gap $128 m.");
  expect(comparable!.items[1]).toMatch(/^Other scope \(paid or binding, 2020–2025\): no ratio\. China: 1 of 1 instruments priced \(100 ?%\), fewer than 3 priced instruments; US: 1 of 1 instruments priced \(100 ?%\), fewer than 3 priced instruments\.$/);
  expect(comparable!.items).toHaveLength(2);
  // headline scope: China $150 m from 3 of 4 (75 %), the US $22 m from 3 of 4 (75 %); 1 unpriced loan each side
  expect(priced!.body).toBe("In the test scope (paid or binding, 2020–2025), the known grant equivalent is China $150 m from 3 of 4 known instruments (75% priced) and the US $22 m from 3 of 4 known instruments (75% priced), in constant 2024 US dollars. The other instruments are known but have no price (1 in China, 1 in the US).");
  expect(toolsFinding!.body).toBe("Beside the money, the data hold 3 Chinese tools without a price (2 production quotas and 1 other tool) and 1 US one (1 tariff action). They are counted, stage by stage, and never added to the money.");
});

test("every kind of tool the loader accepts has a noun", () => {
  expect(Object.keys(TOOL_KIND_NOUNS).sort()).toEqual([...TOOL_KINDS].sort());
});
