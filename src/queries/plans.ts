// What each page queries in its default state (no URL parameters, inputs at their defaults). The build runs these
// plans (loaders/answers.ts) with DuckDB-WASM over the site's tables and ships the results, so a cold page draws its
// first view from them without starting DuckDB (src/components/duckdb.ts). The default input values live in
// defaults.ts, which the pages import. A plan that misses a query the page runs costs only speed (that query runs
// live); the browser tests check that every page's default view is answered in full, so a plan cannot drift unnoticed.
import * as CN from "./china.js";
import * as C from "./compare.js";
import {CHAIN_DEFAULTS, chainView, loadChainData} from "./chain.js";
import {gapModel, loadMacro, loadSupport, type QueryRunner} from "./gap-model.js";
import {headlineYears, loadFindingInputs} from "./findings.js";
import * as SB from "./sbir.js";
import {loadScopeData} from "./scopes.js";
import * as T from "./tools.js";
import {compareScenarios, loadProjectionBase, loadScenarios} from "./scenario-model.js";
import {PROJECTION_TO} from "../lib/scenario.js";
import {DEFAULT_MEASURE} from "../lib/scenario-diff.js";
import {allSources, corrections, datasets, figureMix, searchSources, singleCopyFigures} from "./sources.js";
import * as US from "./us.js";
import * as ST from "./stage.js";
import {scenarioList} from "./scenarios.js";
import {answerGapsAlternatives, answerScenarioAlternatives, answerUsAlternatives, usFilterQueries} from "./alternatives.js";
import {STAGES} from "../lib/taxonomy.js";
import * as PL from "./places.js";
import {CHINA_DEFAULTS, COVERAGE_DEFAULTS, DEFAULT_GAP_INPUTS, GAPS_DEFAULTS, GAPS_YEARS, HEADLINE_US, SBIR_DEFAULT_SORT, SBIR_TABLE_LIMIT, SOURCES_DEFAULTS, US_DEFAULTS, batchYearRange, defaultSbirFilter, defaultScenarioPair} from "./defaults.js";

export * from "./defaults.js";

async function index(db: QueryRunner): Promise<void> {
  await db.query(allSources());
  await db.query(CN.latestByTier());
  await db.query(CN.baogangByTier());
  await db.query(CN.baogangTotal());
  await db.query(US.awardsTotal({statuses: ["obligated"], includeAggregates: false}));
  await db.query(US.awardsTotal({statuses: ["committed"], includeAggregates: false}));
  await db.query(US.sbirTotals());
  await db.query(US.awards(HEADLINE_US));
  await loadFindingInputs(db);
  await chainView(db, await loadChainData(db), CHAIN_DEFAULTS);
}

async function china(db: QueryRunner): Promise<void> {
  await db.query(allSources());
  await db.query(CN.latestByTier());
  await db.query(CN.baogangTotal());
  await db.query(CN.baogangByTier());
  const range = batchYearRange(await db.query<{year: number}>(CN.batchesInRange(1900, 2100)));
  await db.query(CN.littleGiantGrowth());
  await db.query(CN.grossNetGap());
  await db.query(CN.batchesInRange(range.from, range.to));
  if (CHINA_DEFAULTS.tier !== null) await db.query(CN.tierSeries(CHINA_DEFAULTS.tier));
  await db.query(CN.baogangByStage());
  await db.query(CN.entities(CHINA_DEFAULTS.onlyBaogang));
  await db.query(CN.regionalCounts());
  await db.query(CN.criteria(CHINA_DEFAULTS.criteriaTier));
  await db.query(CN.instrumentsByStage());
  await db.query(CN.instruments());
  await db.query(PL.chinaPlaces());
  await db.query(PL.chinaPlaceItems());
}

async function us(db: QueryRunner): Promise<void> {
  await db.query(allSources());
  for (const q of usFilterQueries(US_DEFAULTS)) await db.query(q);
  await answerUsAlternatives(db, US_DEFAULTS);
  await db.query(US.mpDeal());
  await db.query(US.sbirTotals());
  await db.query(US.sbirByAgency(2022));
  await db.query(US.nihCompeting());
  await db.query(US.awardCaps());
  await db.query(US.smePrograms());
  await db.query(US.events());
}

async function sbir(db: QueryRunner): Promise<void> {
  await db.query(allSources());
  const [facets] = await db.query<{min_year: number; max_year: number}>(SB.facets());
  const f = defaultSbirFilter(facets!);
  await db.query(SB.aggregates(f));
  await db.query(SB.awards(f, SBIR_DEFAULT_SORT, SBIR_TABLE_LIMIT));
}

async function coverage(db: QueryRunner): Promise<void> {
  await db.query(allSources());
  await db.query(C.chinaFirmsByStage(COVERAGE_DEFAULTS.china));
  await db.query(C.usCoverage(COVERAGE_DEFAULTS.us, [...COVERAGE_DEFAULTS.statuses]));
  await db.query(C.funnels());
  await chainView(db, await loadChainData(db), CHAIN_DEFAULTS);
}

async function gaps(db: QueryRunner): Promise<void> {
  await db.query(allSources());
  // Every scope, status class and window is worked out from these rows in the page: no input needs SQL.
  await loadScopeData(db);
  await db.query(T.toolsByStage());
  await db.query(T.tools());
  await loadSupport(db);
  await db.query(C.supportRows());
  await gapModel(db, GAPS_DEFAULTS);
  await answerGapsAlternatives(db, GAPS_DEFAULTS, GAPS_YEARS);
}

async function scenarios(db: QueryRunner): Promise<void> {
  await db.query(allSources());
  const records = await loadScenarios(db);
  const base = await loadProjectionBase(db);
  const pair = defaultScenarioPair(records.map((r) => r.name));
  const byName = new Map(records.map((r) => [r.name, r.scenario]));
  await compareScenarios(db, byName.get(pair.a)!, byName.get(pair.b)!, PROJECTION_TO, DEFAULT_MEASURE, base);
  await db.query(C.supportRows());
  // the matched-scope projection: every scope is worked out in the page from these rows (no input needs SQL)
  await loadScopeData(db);
  await loadMacro(db);
  await answerScenarioAlternatives(db, records.map((r) => r.name));
}

async function sources(db: QueryRunner): Promise<void> {
  await db.query(searchSources("", ""));
  await db.query(searchSources(SOURCES_DEFAULTS.text, SOURCES_DEFAULTS.confidence));
  await db.query(figureMix());
  await db.query(singleCopyFigures());
  await db.query(datasets());
  await db.query(corrections());
}

async function report(db: QueryRunner): Promise<void> {
  await db.query(allSources());
  await db.query(CN.latestByTier());
  await db.query(CN.grossNetGap());
  await db.query(CN.batchesInRange(1900, 2100));
  await db.query(CN.baogangByTier());
  await db.query(CN.baogangTotal());
  const inputs = await loadFindingInputs(db);
  await loadScenarios(db);
  const [from, to] = headlineYears(inputs.data);
  await db.query(US.awardsTotalInYears({statuses: [...DEFAULT_GAP_INPUTS.statuses], includeAggregates: false}, from, to));
  await db.query(US.mpDeal());
  await db.query(US.sbirTotals());
}

/** A stage page (/stage/<id>, one template): its settings start at /coverage's and /gaps' scope defaults. */
const stagePlan = (stage: string) => async (db: QueryRunner): Promise<void> => {
  const st = [...COVERAGE_DEFAULTS.statuses];
  await db.query(allSources());
  await db.query(ST.chainPlace(stage));
  await db.query(ST.context(stage));
  await loadScopeData(db);
  await loadMacro(db);
  await db.query(ST.chinaFirms(COVERAGE_DEFAULTS.china, stage));
  await db.query(ST.usRecipients(COVERAGE_DEFAULTS.us, st, stage));
  await db.query(ST.chinaInstruments(stage));
  await db.query(ST.usAwards(COVERAGE_DEFAULTS.us, st, stage));
  await db.query(ST.usAbroad(st, stage));
  await db.query(ST.tools(stage));
  await db.query(ST.projection(stage));
  await db.query(scenarioList());
};

/** Every page with its plan, keyed by the name of its answers file (data/answers/<name>.json); a stage page's is
 * stage-<id> (the page /stage/<id> reads data/answers/stage-<id>.json). */
export const PAGE_PLANS: Record<string, (db: QueryRunner) => Promise<void>> = {
  index, china, us, sbir, coverage, gaps, scenarios, sources, report,
  ...Object.fromEntries(STAGES.map((s) => [`stage-${s}`, stagePlan(s)]))
};
