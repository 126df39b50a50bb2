import type {Table} from "apache-arrow";
import * as aq from "arquero";
import type {z} from "zod";
import {DataError, type DataIssue} from "../errors.ts";
import {buildGroupTable, loadGroup, spec, type GroupRows, type LoadedGroup} from "../group.ts";
import {loadSources, type Source} from "../sources.ts";
import {grantEquivalent} from "../../src/lib/grant-equivalent.ts";
import {checkInstruments, countedInstrumentIds} from "./instruments.ts";
import * as S from "./schemas.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

/** Every China input file: its schema, unique key, Arrow column kinds and a title. One entry per data/cases/<case>/china/*.csv. */
export const CHINA_TABLES = {
  little_giant_batches: spec({
    schema: S.littleGiantBatches,
    title: "National little-giant batches (MIIT), firms announced per batch",
    key: (r) => String(r.batch),
    keyColumn: "batch",
    columns: {batch: "int32", year: "int32", count_firms_announced: "int32", count_firms_confirmed: "int32", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  tier_counts: spec({
    schema: S.tierCounts,
    title: "National counts per tier over time",
    key: (r) => `${r.tier}|${r.as_of}|${r.source_id}`,
    keyColumn: "tier,as_of,source_id",
    columns: {tier: "utf8", as_of: "utf8", count_firms: "int32", qualifier: "utf8", scope: "utf8", measure: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  targets: spec({
    schema: S.targets,
    title: "Cultivation targets (14th Five-Year Plan, annual, regional)",
    key: (r) => r.target_id,
    keyColumn: "target_id",
    columns: {target_id: "utf8", scope: "utf8", tier: "utf8", count_firms: "int32", qualifier: "utf8", period_end: "int32", set_date: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  criteria: spec({
    schema: S.criteria,
    title: "Tier criteria under the 2022 Interim Measures",
    key: (r) => r.criterion_id,
    keyColumn: "criterion_id",
    columns: {criterion_id: "utf8", tier: "utf8", dimension: "utf8", criterion: "utf8", threshold: "utf8", unit: "utf8", source_id: "utf8", confidence: "utf8"}
  }),
  places: spec({
    schema: S.places,
    title: "Cities on China's map, with their coordinates",
    key: (r) => r.place_id,
    keyColumn: "place_id",
    columns: {place_id: "utf8", name_en: "utf8", name_zh: "utf8", province: "utf8", lat: "float64", lon: "float64", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  place_links: spec({
    schema: S.placeLinks,
    title: "Which instrument or designated firm is at which city",
    key: (r) => `${r.kind}|${r.item_id}`,
    keyColumn: "kind,item_id",
    columns: {kind: "utf8", item_id: "utf8", place_id: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  instruments: spec({
    schema: S.instruments,
    title: "China's support to the rare-earth chain (and SME-tier programmes), one instrument or payment per row",
    key: (r) => r.instrument_id,
    keyColumn: "instrument_id",
    columns: {
      instrument_id: "utf8", recipient: "utf8", recipient_kind: "utf8", programme: "utf8", level: "utf8", instrument: "utf8", status: "utf8",
      amount_cny: "float64", rule: "utf8", rule_value: "float64", rule_cap_cny: "float64", period_start: "utf8", period_end: "utf8",
      stages: "utf8", scope: "utf8", within_id: "utf8", supersedes_id: "utf8", loan_rate: "float64", loan_term_years: "int32",
      loan_repayment: "utf8", counted: "bool", ge_cny: "float64", capital_deployed_cny: "float64", ge_method: "utf8", ge_params: "utf8",
      source_id: "utf8", confidence: "utf8", note: "utf8"
    },
    // `counted`: the row is part of a total (has an amount, is not a rule, not nested, not superseded); set by loadChina.
    // ge_*: the grant equivalent (src/lib/grant-equivalent.ts) with no benchmark rate: a loan is priced on /gaps once
    // the reader sets one.
    transform: (t) =>
      t
        .derive({
          counted: (d) => d.counted === true,
          ge: aq.escape((d: z.output<typeof S.instruments>) =>
            grantEquivalent({instrument: d.instrument, face: d.amount_cny, rule: d.rule, loan_rate: d.loan_rate, loan_term_years: d.loan_term_years, loan_repayment: d.loan_repayment}, null)
          )
        })
        .derive({ge_cny: (d) => d.ge.ge, capital_deployed_cny: (d) => d.ge.capital_deployed, ge_method: (d) => d.ge.method, ge_params: (d) => d.ge.params})
  }),
  regional_counts: spec({
    schema: S.regionalCounts,
    title: "Baotou and Inner Mongolia counts",
    key: (r) => `${r.region}|${r.tier}|${r.measure}|${r.as_of}|${r.source_id}`,
    keyColumn: "region,tier,measure,as_of,source_id",
    columns: {region: "utf8", tier: "utf8", count_firms: "int32", qualifier: "utf8", as_of: "utf8", measure: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  baogang_portfolio: spec({
    schema: S.baogangPortfolio,
    title: "Baogang Group's designated high-quality SMEs by tier",
    key: (r) => r.tier,
    keyColumn: "tier",
    columns: {tier: "utf8", count_firms: "int32", count_new: "int32", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  baogang_new_kinds: spec({
    schema: S.baogangNewKinds,
    title: "Stated kinds of Baogang's newly designated SMEs",
    key: (r) => r.kind,
    keyColumn: "kind",
    columns: {kind: "utf8", stage: "utf8", count_firms: "int32", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  entities: spec({
    schema: S.entities,
    title: "Named entities and their designation status",
    key: (r) => r.entity_id,
    keyColumn: "entity_id",
    columns: {entity_id: "utf8", name_zh: "utf8", name_en: "utf8", baogang_affiliation: "utf8", designation: "utf8", designation_status: "utf8", stages: "utf8", as_of: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"}
  }),
  value_chain_context: spec({
    schema: S.valueChainContext,
    title: "Rare-earth value-chain context (production, reserves, quotas)",
    key: (r) => r.metric_id,
    keyColumn: "metric_id",
    columns: {metric_id: "utf8", metric: "utf8", value: "float64", unit: "utf8", year: "utf8", scope: "utf8", stage: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"}
  })
};

export type ChinaTableName = keyof typeof CHINA_TABLES;
export type ChinaRows = GroupRows<typeof CHINA_TABLES>;

/** Read and validate every China input, with cross-file checks. Throws DataError listing every problem. */
export function loadChina(sources: Map<string, Source> = loadSources()): LoadedGroup<typeof CHINA_TABLES> {
  const loaded = loadGroup("china", CHINA_TABLES, sources);
  checkChina(loaded.rows, loaded.files);
  const counted = countedInstrumentIds(loaded.rows.instruments);
  for (const r of loaded.rows.instruments) Object.assign(r, {counted: counted.has(r.instrument_id)});
  return loaded;
}

/** Cross-row rules a schema cannot express. */
function checkChina(rows: ChinaRows, files: Record<ChinaTableName, string>): void {
  const issues: DataIssue[] = [];
  for (const r of rows.baogang_portfolio) {
    if (r.count_new !== null && r.count_new > r.count_firms) {
      issues.push({file: files.baogang_portfolio, row: r._line, column: "count_new", value: r.count_new, problem: `more new firms than firms in the tier (${r.count_firms})`, fix: "count_new must be at most count_firms"});
    }
  }
  issues.push(...checkInstruments(rows.instruments, files.instruments));
  for (const r of rows.little_giant_batches) {
    if (r.count_firms_confirmed !== null && r.count_firms_confirmed > r.count_firms_announced) {
      issues.push({file: files.little_giant_batches, row: r._line, column: "count_firms_confirmed", value: r.count_firms_confirmed, problem: "more firms confirmed than announced", fix: "check the two figures against the source"});
    }
  }
  issues.push(...checkPlaces(rows, files));
  if (issues.length) throw new DataError(issues);
}

/** Every city has both coordinates; every link names a known city and a known instrument or entity. */
function checkPlaces(rows: ChinaRows, files: Record<ChinaTableName, string>): DataIssue[] {
  const issues: DataIssue[] = [];
  for (const r of rows.places) {
    if (r.lat === null || r.lon === null) issues.push({file: files.places, row: r._line, column: r.lat === null ? "lat" : "lon", value: null, problem: "a city on the map needs both coordinates", fix: "write the coordinates the gazetteer gives, in signed decimal degrees"});
  }
  const cities = new Set(rows.places.map((r) => r.place_id));
  const known = {instrument: new Set(rows.instruments.map((r) => r.instrument_id)), entity: new Set(rows.entities.map((r) => r.entity_id))};
  for (const r of rows.place_links) {
    if (!cities.has(r.place_id)) issues.push({file: files.place_links, row: r._line, column: "place_id", value: r.place_id, problem: `no such city in ${CASE_FOLDER}/china/places.csv`, fix: `use one of: ${[...cities].join(", ")}, or add the city to places.csv`});
    if (!known[r.kind].has(r.item_id)) issues.push({file: files.place_links, row: r._line, column: "item_id", value: r.item_id, problem: `no ${r.kind} with this id in ${CASE_FOLDER}/china/${r.kind === "instrument" ? "instruments" : "entities"}.csv`, fix: "copy the id from that file, or delete the row"});
  }
  return issues;
}

/** One Arrow table per China input, with provenance in the schema metadata. */
export function buildChinaTable(name: ChinaTableName, loaded = loadChina()): Table {
  return buildGroupTable(CHINA_TABLES, name, loaded);
}
