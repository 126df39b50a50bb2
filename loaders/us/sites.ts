// Cross-file checks of data/cases/<case>/us/award_sites.csv against awards.csv and the atlas: every award has exactly one place
// row, every place row names a known award, a US place is a state code and a place abroad a country as world-atlas
// names it, and the kind of place agrees with what is filled in.
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import type {DataIssue} from "../errors.ts";
import {isUsState} from "../../src/lib/places.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

interface SiteRow {award_id: string; place: string | null; state_or_country: string | null; lat: number | null; lon: number | null; site_kind: string; _line: number}
interface AwardRow {award_id: string; geography: string; _line: number}

let countries: Set<string> | null = null;
/** Country names of world-atlas' countries-110m (the map's geometry), read once. */
export function atlasCountries(): Set<string> {
  if (!countries) {
    const file = createRequire(import.meta.url).resolve("world-atlas/countries-110m.json");
    const topo = JSON.parse(readFileSync(file, "utf8")) as {objects: {countries: {geometries: {properties: {name: string}}[]}}};
    countries = new Set(topo.objects.countries.geometries.map((g) => g.properties.name));
  }
  return countries;
}

export function checkAwardSites(sites: SiteRow[], awards: AwardRow[], file: string): DataIssue[] {
  const issues: DataIssue[] = [];
  const add = (r: SiteRow, column: string, value: unknown, problem: string, fix: string) => issues.push({file, row: r._line, column, value, problem, fix});
  const byId = new Map(awards.map((a) => [a.award_id, a]));
  for (const r of sites) {
    const award = byId.get(r.award_id);
    if (!award) {
      add(r, "award_id", r.award_id, `no award with this id in ${CASE_FOLDER}/us/awards.csv`, "copy the award_id from awards.csv, or delete the row");
      continue;
    }
    const where = r.state_or_country;
    const located = r.site_kind === "named_site" || r.site_kind === "headquarters";
    if (located && !where) add(r, "state_or_country", where, `a ${r.site_kind} row needs its state or country`, "write the two-letter state code (e.g. TX) or the country (e.g. Brazil)");
    if (!located && where) add(r, "state_or_country", where, `a ${r.site_kind} row has no single state or country`, "leave it empty, or set site_kind to named_site or headquarters");
    if (r.site_kind !== "not_stated" && !r.place) add(r, "place", r.place, "the place is empty", "write the site, plant or town the source names, or set site_kind to not_stated");
    if (where) {
      if (/^[A-Z]{2}$/.test(where)) {
        if (!isUsState(where)) add(r, "state_or_country", where, "not a US state code", "write a USPS code such as CA, TX or WV (50 states and DC)");
        else if (award.geography === "outbound") add(r, "state_or_country", where, "a US state for an outbound award (finance for a project abroad)", "write the country of the project, or correct the award's geography");
      } else if (!atlasCountries().has(where)) {
        add(r, "state_or_country", where, "neither a US state code nor a country as world-atlas names it", "write a two-letter state code (e.g. TX) or the country's English short name (e.g. Brazil)");
      } else if (award.geography === "domestic") {
        add(r, "state_or_country", where, "a country abroad for a domestic award", "write the US state code, or correct the award's geography");
      }
    }
    if ((r.lat === null) !== (r.lon === null)) add(r, r.lat === null ? "lat" : "lon", null, "only one of lat and lon is filled in", "give both coordinates, or neither");
  }
  const seen = new Set(sites.map((r) => r.award_id));
  for (const a of awards) {
    if (!seen.has(a.award_id)) issues.push({file, column: "award_id", value: a.award_id, problem: `award ${a.award_id} (${CASE_FOLDER}/us/awards.csv row ${a._line}) has no place row`, fix: "add a row for it; write site_kind not_stated with a note where no source names a place"});
  }
  return issues;
}
