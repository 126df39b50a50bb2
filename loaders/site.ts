// Every table the site publishes, built in-process by the same builders the Framework entrypoints call, keyed by
// the name pages load it under. One SiteBuild reads each input and builds each table once, however many outputs
// ask for it: the build's data step (loaders/build-all.ts) publishes every entrypoint's output from one SiteBuild;
// an entrypoint run on its own (`npm run dev`, tests) makes its own and builds only what it needs.
import {tableToIPC, type Table} from "apache-arrow";
import {buildSourcesTable, loadSources, type Source} from "./sources.ts";
import type {LoadedScenarios} from "./scenarios/load.ts";
import type {NodeDatabase} from "./wasm-db.ts";
import type {Row} from "../src/lib/rows.ts";
import type {Query} from "../src/queries/query.ts";
import {includeReads, newReadSet, readsAny, recordingReads, type ReadSet} from "./reads.ts";

/** A memoised result that knows which input files it read (loaders/reads.ts), so `npm run dev` can drop it alone. */
export interface Memo<T> {
  (): T;
  /** What the result was built from (undefined before the first call). */
  readonly reads: () => ReadSet | undefined;
  /** Forget the result: the next call builds it again. */
  readonly reset: () => void;
}

/** The first call runs `f`; later calls return its result (a rejected promise is kept too: the build fails once).
 * The files `f` reads are recorded, and count as read by every later caller too. */
export function once<T>(f: () => T): Memo<T> {
  let result: {value: T; reads: ReadSet} | undefined;
  const get = () => {
    if (!result) {
      const reads = newReadSet();
      result = {value: recordingReads(reads, f), reads};
    }
    includeReads(result.reads);
    return result.value;
  };
  return Object.assign(get, {reads: () => result?.reads, reset: () => void (result = undefined)});
}

/** `name → table` for every table of a group, all built from one load of the group's inputs. */
function groupTables<N extends string, L>(group: Record<N, unknown>, loaded: L, build: (name: N, loaded: L) => Table): Record<N, Table> {
  return Object.fromEntries((Object.keys(group) as N[]).map((name) => [name, build(name, loaded)])) as Record<N, Table>;
}

/** Versions of the tables inserted into an engine, unique in the process. */
let versions = 0;
/** The same schema and rows, judged by their Arrow IPC bytes (a table built again from the same input gives the same
 * bytes; any difference, even in chunking, counts as changed). */
const sameContent = (a: Table, b: Table): boolean => Buffer.from(tableToIPC(a, "stream")).equals(tableToIPC(b, "stream"));

/** What the tables are queried in: DuckDB-WASM in Node (loaders/wasm-db.ts: the build, its answers, the tests), or
 * native DuckDB (loaders/native-db.ts: the terminal commands, same queries, same rows). */
export interface Database {
  insert(tables: Record<string, Table>): void | Promise<void>;
  query<T extends Row = Row>(q: Query): T[] | Promise<T[]>;
}

const openWasm = async (): Promise<NodeDatabase> => (await import("./wasm-db.ts")).openNodeDatabase({});

// Modules are imported when a table is first asked for, not with this file: an entrypoint loads only the code it
// runs (the SBIR loader's native DuckDB and the scenarios' DuckDB-WASM cost start-up time).
export class SiteBuild<D extends Database = NodeDatabase> {
  /** `open` starts the query engine (by default DuckDB-WASM, as the pages run it). */
  constructor(private readonly open: () => Promise<D> = openWasm as unknown as () => Promise<D>) {}
  readonly sources = once((): Map<string, Source> => loadSources());
  readonly sourcesTable = once((): Table => buildSourcesTable(this.sources()));
  readonly chinaLoaded = once(async () => (await import("./china/load.ts")).loadChina(this.sources()));
  readonly china = once(async () => import("./china/load.ts").then(async (m) => groupTables(m.CHINA_TABLES, await this.chinaLoaded(), m.buildChinaTable)));
  /** The value chain's stages and edges (data/cases/<case>/chain/), checked against the context figures they point at. */
  readonly chain = once(async () => {
    const m = await import("./chain/load.ts");
    return m.buildChainTables(m.loadChain(m.contextStages((await this.chinaLoaded()).rows.value_chain_context)));
  });
  readonly us = once(async () => import("./us/load.ts").then((m) => groupTables(m.US_TABLES, m.loadUs(this.sources()), m.buildUsTable)));
  readonly assumptions = once(async () => import("./assumptions/load.ts").then((m) => groupTables(m.ASSUMPTION_TABLES, m.loadAssumptions(this.sources()), m.buildAssumptionTable)));
  readonly tools = once(async () => import("./tools/load.ts").then((m) => groupTables(m.TOOL_TABLES, m.loadTools(this.sources()), m.buildToolTable)));
  readonly macro = once(async () => {
    const m = await import("./macro/load.ts");
    return {macro: m.buildMacroLongTable(m.loadMacro(this.sources()))};
  });
  /** Every curated table (all but the SBIR awards). */
  readonly curated = once(async (): Promise<Record<string, Table>> => ({
    sources: this.sourcesTable(),
    ...(await this.macro()),
    ...(await this.china()),
    ...(await this.us()),
    ...(await this.tools()),
    ...(await this.assumptions()),
    ...(await this.chain())
  }));
  /** SBIR award table (may read the full export: slower). */
  readonly sbirAwards = once(async (): Promise<Table> => (await import("./sbir/load.ts")).sbirAwardsTable());
  /** The SBIR awards relevant to the case's chain alone (the same rows of sbir_awards, filtered). */
  readonly sbirRelevant = once(async (): Promise<Table> => (await import("./sbir/load.ts")).sbirRelevantTable(await this.sbirAwards()));
  /** Every published table except the catalogue and the scenario tables. */
  readonly tables = once(async (): Promise<Record<string, Table>> => ({...(await this.curated()), sbir_awards: await this.sbirAwards(), sbir_relevant: await this.sbirRelevant()}));
  /** Every figure of the curated tables with the kind of place its sources were read (/sources: the mix, single copies). */
  readonly figures = once(async (): Promise<Table> => (await import("./figures.ts")).buildFiguresTable(await this.curated(), this.sources()));
  /** The log of data corrections (data/cases/<case>/corrections/corrections.csv), shown on /sources. */
  readonly corrections = once(async (): Promise<Table> => (await import("./corrections.ts")).buildCorrectionsTable(this.sources()));
  /** The `datasets` catalogue, described from the tables themselves. */
  readonly datasets = once(async (): Promise<Table> => (await import("./datasets.ts")).buildDatasetsTable({...(await this.tables()), figures: await this.figures()}));
  /** The engine, empty (reads no input: `npm run dev` keeps its DuckDB-WASM across rebuilds, ~1 s to start). */
  private readonly engine = once((): Promise<D> => this.open());
  /** What each engine holds: table name → the table object inserted last (or one of the same content) and its version. */
  private readonly held = new WeakMap<D, Map<string, {table: Table; version: number}>>();
  /** Insert the tables the engine does not already hold: after a save, `npm run dev` keeps the engine and re-inserts
   * only the tables rebuilt (inserting costs more than building), not every table; and of those, only the ones whose
   * content changed (the same Arrow IPC bytes as the table held: a save of one assumption file rebuilds the five
   * tables of its group, one of which differs). A table that goes in gets a new version (`heldVersions`). */
  private async insertNew(db: D, tables: Record<string, Table>): Promise<void> {
    let held = this.held.get(db);
    if (!held) this.held.set(db, (held = new Map()));
    const changed: [string, Table][] = [];
    for (const [name, table] of Object.entries(tables)) {
      const h = held.get(name);
      if (h?.table === table) continue;
      if (h && sameContent(h.table, table)) h.table = table;
      else changed.push([name, table]);
    }
    if (changed.length) await db.insert(Object.fromEntries(changed));
    for (const [name, table] of changed) held.set(name, {table, version: ++versions});
  }
  /** What `db` holds now: table name → its version, which changes only when a table of that name goes in with other
   * content (loaders/answers.ts reuses a query's rows while the tables it names keep their versions). */
  heldVersions(db: D): ReadonlyMap<string, number> {
    return new Map([...(this.held.get(db) ?? [])].map(([name, h]) => [name, h.version]));
  }
  /** One database opened on the curated tables; the getters below add tables to it. */
  private readonly db = once(async (): Promise<D> => {
    // The engine compiles its module off the main thread while the curated tables are built.
    const [db, tables] = await Promise.all([this.engine(), this.curated()]);
    await this.insertNew(db, tables); // replacing the previous build's tables that changed, in `npm run dev`
    return db;
  });
  /** The curated tables alone, in DuckDB-WASM (what `npm run gaps -- --estimate` queries; it adds sbir_relevant for
   * --us-scope sbir). */
  readonly curatedDatabase = (): Promise<D> => this.db();
  /** Only the named curated tables in DuckDB-WASM (what `npm run gaps` queries for the matched scopes): inserting a
   * table costs more than building it, so the others are left out. */
  readonly curatedSubset = async (names: readonly string[]): Promise<D> => {
    const [db, tables] = await Promise.all([this.engine(), this.curated()]);
    const unknown = names.filter((n) => !(n in tables));
    if (unknown.length) throw new Error(`no curated table named ${unknown.join(", ")}: one of ${Object.keys(tables).join(", ")}`);
    await this.insertNew(db, Object.fromEntries(names.map((n) => [n, tables[n]!])));
    return db;
  };
  /** Scenario files checked against the curated tables (the page's base rows), and the two scenario tables. */
  readonly scenarios = once(async (): Promise<LoadedScenarios<D> & {tables: {scenarios: Table; scenario_projection: Table}}> => {
    const m = await import("./scenarios/load.ts");
    const loaded = await m.loadScenarios(await this.db(), this.sources());
    return {...loaded, tables: m.buildScenarioTables(loaded)};
  });
  /** The curated tables and the scenario tables (what /scenarios loads). */
  readonly scenarioDatabase = once(async (): Promise<LoadedScenarios<D>> => {
    const {tables, ...loaded} = await this.scenarios();
    await this.insertNew(loaded.db, tables);
    return loaded;
  });
  /** Every table a page can load except the scenario tables, including the `datasets` catalogue. */
  readonly siteDatabase = once(async (): Promise<D> => {
    const db = await this.db();
    await this.insertNew(db, {sbir_awards: await this.sbirAwards(), sbir_relevant: await this.sbirRelevant(), figures: await this.figures(), datasets: await this.datasets(), corrections: await this.corrections()});
    return db;
  });
  /** Every table any page loads (the build-time answers run over it). */
  readonly allTables = once(async (): Promise<D> => {
    const db = await this.siteDatabase();
    await this.scenarioDatabase();
    return db;
  });
}

/** Drop every result of `site` that read one of `changed` (absolute paths), directly or through another result: the
 * next build of an output rebuilds those and reuses the rest. Returns the names of the results dropped. */
export function invalidate(site: SiteBuild<Database>, changed: readonly string[]): string[] {
  const memos = Object.entries(site).filter((e): e is [string, Memo<unknown>] => typeof e[1] === "function" && "reset" in e[1]);
  const stale = memos.filter(([, m]) => {
    const reads = m.reads();
    return reads !== undefined && readsAny(reads, changed);
  });
  for (const [, m] of stale) m.reset();
  return stale.map(([name]) => name);
}

/** Every table a page can load, including the `datasets` catalogue built from the others. */
export function openSiteDatabase(): Promise<NodeDatabase> {
  return new SiteBuild().siteDatabase();
}
