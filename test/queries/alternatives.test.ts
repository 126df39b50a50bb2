// The settings one step from a page's default that the build answers too (src/queries/alternatives.ts).
import {expect, test} from "vitest";
import {gapsAlternatives, oneStatusAway, usAlternatives, usFilterQueries} from "../../src/queries/alternatives.ts";
import {GAPS_DEFAULTS, GAPS_YEARS} from "../../src/queries/defaults.ts";

test("status sets one checkbox away keep the checkbox's option order and never go empty", () => {
  // US_STATUSES order: obligated, committed, announced, authority (worked out by hand).
  expect(oneStatusAway(["obligated", "committed"])).toEqual([["committed"], ["obligated"], ["obligated", "committed", "announced"], ["obligated", "committed", "authority"]]);
  // Unticking the only ticked status would leave none: not an alternative.
  expect(oneStatusAway(["announced"])).toEqual([["obligated", "announced"], ["committed", "announced"], ["announced", "authority"]]);
});

test("/gaps' alternatives: the other US side, each status flipped, each end of the window a year either way inside the offered years", () => {
  const alts = gapsAlternatives(GAPS_DEFAULTS, GAPS_YEARS);
  // Defaults: curated, obligated + committed, 2020–2025; the years offered stop at 2025, so 2020–2026 is left out.
  expect(alts.map((p) => [p.usScope, p.statuses.join("+"), p.window.join("-")])).toEqual([
    ["sbir", "obligated+committed", "2020-2025"],
    ["curated", "committed", "2020-2025"],
    ["curated", "obligated", "2020-2025"],
    ["curated", "obligated+committed+announced", "2020-2025"],
    ["curated", "obligated+committed+authority", "2020-2025"],
    ["curated", "obligated+committed", "2019-2025"],
    ["curated", "obligated+committed", "2021-2025"],
    ["curated", "obligated+committed", "2020-2024"]
  ]);
  // Everything else is the default's (basis, base year, deflator, China year and scope).
  for (const p of alts) expect({...p, usScope: "curated", statuses: [...GAPS_DEFAULTS.statuses], window: GAPS_DEFAULTS.window}).toEqual(GAPS_DEFAULTS);
});

test("/us' alternatives: each status checkbox flipped, then the programme-level totals toggled", () => {
  expect(usAlternatives({statuses: ["obligated", "committed"], includeAggregates: false})).toEqual([
    {statuses: ["committed"], includeAggregates: false},
    {statuses: ["obligated"], includeAggregates: false},
    {statuses: ["obligated", "committed", "announced"], includeAggregates: false},
    {statuses: ["obligated", "committed", "authority"], includeAggregates: false},
    {statuses: ["obligated", "committed"], includeAggregates: true}
  ]);
  // The eight queries the page runs for a filter, all with its parameters.
  const qs = usFilterQueries({statuses: ["obligated", "announced"], includeAggregates: true});
  expect(qs.map((q) => q.name)).toEqual(["us.awardsTotal", "us.awards", "us.awardsByYearStatus", "us.awardsByInstrument", "us.awardsByAgency", "us.awardsByStage", "places.awardsByPlace", "places.awardPlaces"]);
  for (const q of qs) expect(q.params).toEqual(["obligated,announced", true]);
});
