// Our own DuckDB-WASM client: the wasm and worker are self-hosted (import.meta.resolve makes Framework copy them
// into dist/), only the "eh" bundle ships, and extension auto-install/auto-load are off, so no query ever reaches
// a CDN. Pages run named queries (src/queries) with bound parameters.
//
// A page's first view needs no engine at all: the build runs the page's default queries (src/queries/plans.ts,
// loaders/answers.ts) with the same DuckDB-WASM over the same tables and ships their results as a small JSON file.
// A query found there (same name, SQL text and parameters) is answered from it; any other query (an input changed)
// starts DuckDB, which then loads the page's Arrow tables. Pages with inputs start DuckDB in the background once the
// first view is drawn, so the first change does not wait for the 34 MB wasm. Live results of the last few queries
// are kept (src/lib/result-cache.ts; the tables never change), so an input set back to a recent value is answered
// at once.
import type {AsyncDuckDBConnection, AsyncPreparedStatement} from "@duckdb/duckdb-wasm";
import {Answers, type AnswersFile} from "../lib/answers.js";
import {ResultCache} from "../lib/result-cache.js";
import {arrowToRows, type Row} from "../lib/rows.js";
import type {Query} from "../queries/query.js";

const WASM_URL = import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm");
const WORKER_URL = import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js");

/**
 * A table's Arrow bytes, fetched only when called: `() => FileAttachment("data/x.arrow").arrayBuffer()` (Framework
 * needs to see the method call to publish the file as bytes).
 */
export type TableBytes = () => Promise<ArrayBuffer>;

export interface OpenOptions {
  /** The page's build-time answers: `FileAttachment("data/answers/<page>.json").json()`. */
  answers?: Promise<unknown>;
  /** Start DuckDB in the background after the first view (pages whose inputs run live queries). Default true. */
  warm?: boolean;
  /**
   * Tables fetched and loaded only when a live query names them (not when the engine starts or warms up): e.g. the
   * 55 MB full SBIR table on /sbir, needed only once the reader turns the relevance filter off.
   */
  onDemand?: string[];
}

// Performance marks for the benchmark (bench/run.ts) and the browser tests.
const marked = new Set<string>();
function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(name);
}

/** What the page has done so far (read by browser tests and the benchmark through `window.__reDatabase`). */
export interface DatabaseStats {
  answered: string[];
  live: string[];
  /** queries answered from the last live results (an input set back to a recent value) */
  cached: string[];
  /** queries asked and not yet answered */
  pending: number;
  engine: "idle" | "starting" | "ready" | "failed";
}

export class Database {
  readonly stats: DatabaseStats = {answered: [], live: [], cached: [], pending: 0, engine: "idle"};
  private conn: Promise<AsyncDuckDBConnection> | null = null;
  private readonly answers: Promise<Answers | null>;
  private readonly recent = new ResultCache();
  /** One prepared statement per SQL text, kept for the page's life (a page has a handful of query texts). */
  private readonly statements = new Map<string, Promise<AsyncPreparedStatement>>();
  private readonly warm: boolean;
  private readonly onDemand: string[];
  /** On-demand tables being loaded or loaded, by name. */
  private readonly loaded = new Map<string, Promise<void>>();

  constructor(private readonly tables: Record<string, TableBytes>, options: OpenOptions = {}) {
    this.warm = options.warm !== false;
    this.onDemand = options.onDemand ?? [];
    for (const name of this.onDemand) if (!(name in tables)) throw new Error(`openDatabase: on-demand table ${name} is not among the page's tables`);
    this.answers = options.answers
      ? options.answers.then(
          (file) => new Answers(file as AnswersFile),
          (e) => {
            console.warn(`build-time answers unavailable, every query runs live: ${(e as Error).message}`);
            return null;
          }
        )
      : Promise.resolve(null);
  }

  /** Start DuckDB (once): worker, wasm, then the page's tables, fetched only now. */
  engine(): Promise<AsyncDuckDBConnection> {
    if (!this.conn) {
      this.stats.engine = "starting";
      const eager = Object.fromEntries(Object.entries(this.tables).filter(([name]) => !this.onDemand.includes(name)));
      this.conn = startEngine(eager).then(
        (conn) => ((this.stats.engine = "ready"), conn),
        (e) => {
          this.stats.engine = "failed";
          throw e;
        }
      );
    }
    return this.conn;
  }

  /** Run a named query with bound parameters; returns plain rows. */
  async query<T extends Row = Row>(q: Query): Promise<T[]> {
    this.stats.pending++;
    try {
      return await this.answer<T>(q);
    } finally {
      this.stats.pending--;
    }
  }

  private async answer<T extends Row>(q: Query): Promise<T[]> {
    const found = (await this.answers)?.get<T>(q);
    if (found) {
      this.stats.answered.push(q.name);
      markOnce("re:first-sql");
      if (!marked.has("re:first-answer") && this.warm) this.warmWhenIdle();
      markOnce("re:first-answer");
      return found;
    }
    // (The benchmark turns the kept results off to time every change's SQL: window.__reNoResultCache.)
    const recent = typeof window !== "undefined" && (window as {__reNoResultCache?: boolean}).__reNoResultCache === true ? null : this.recent.get<T>(q);
    if (recent) {
      this.stats.cached.push(q.name);
      return recent;
    }
    try {
      const conn = await this.engine();
      await this.tablesFor(conn, q.sql);
      const rows = arrowToRows<T>(q.params.length === 0 ? await conn.query(q.sql) : await (await this.statement(conn, q)).query(...q.params));
      this.recent.set(q, rows);
      this.stats.live.push(q.name);
      markOnce("re:first-sql");
      markOnce("re:first-live-sql");
      return rows;
    } catch (e) {
      throw new Error(`query ${q.name} failed: ${(e as Error).message}`);
    }
  }

  /**
   * The statement for this SQL text, prepared on first use and reused with each new set of parameters: a change of
   * input then costs one message to the worker, not three (prepare, query, close), and the second query of a change
   * is queued at once instead of after the main thread has drawn the first one's result (measured on /sbir: the
   * table's query waited ~85 ms for the charts to render). A statement that fails to prepare is not kept.
   */
  private statement(conn: AsyncDuckDBConnection, q: Query): Promise<AsyncPreparedStatement> {
    let stmt = this.statements.get(q.sql);
    if (!stmt) {
      stmt = conn.prepare(q.sql);
      this.statements.set(q.sql, stmt);
      stmt.catch(() => this.statements.delete(q.sql));
    }
    return stmt;
  }

  /** Load the on-demand tables this SQL names (each once; a failed load is retried by the next query). */
  private tablesFor(conn: AsyncDuckDBConnection, sql: string): Promise<unknown> {
    const loads: Promise<void>[] = [];
    for (const name of this.onDemand) {
      if (!new RegExp(`\\b${name}\\b`).test(sql)) continue;
      let load = this.loaded.get(name);
      if (!load) {
        load = this.tables[name]!().then((bytes) => conn.insertArrowFromIPCStream(new Uint8Array(bytes), {name, create: true}));
        this.loaded.set(name, load);
        load.catch(() => this.loaded.delete(name));
      }
      loads.push(load);
    }
    return Promise.all(loads);
  }

  /** After the first answered query, when the page has drawn and the main thread is idle, start DuckDB. */
  private warmWhenIdle(): void {
    if (typeof window === "undefined") return;
    const start = () => void this.engine().catch((e) => console.warn(`DuckDB failed to start: ${(e as Error).message}`));
    setTimeout(() => ("requestIdleCallback" in window ? requestIdleCallback(start, {timeout: 1500}) : setTimeout(start, 300)), 100);
  }
}

async function startEngine(tables: Record<string, TableBytes>): Promise<AsyncDuckDBConnection> {
  // Fetch the tables while the wasm compiles.
  const bytes = Object.entries(tables).map(([name, fetchBytes]) => [name, fetchBytes()] as const);
  // The client library (and Apache Arrow under it) is imported only now: a first view answered from the build
  // never downloads or evaluates it (Framework resolves a literal dynamic import without preloading it).
  const {AsyncDuckDB, VoidLogger} = await import("@duckdb/duckdb-wasm");
  const worker = new Worker(WORKER_URL, {type: "module"});
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(WASM_URL);
  performance.mark("re:duckdb-instantiated");
  await db.open({});
  const conn = await db.connect();
  await conn.query("SET autoinstall_known_extensions=false; SET autoload_known_extensions=false;");
  for (const [name, buffer] of bytes) {
    await conn.insertArrowFromIPCStream(new Uint8Array(await buffer), {name, create: true});
  }
  performance.mark("re:duckdb-ready");
  return conn;
}

/** The published tables a page opened, by name: the "full data" downloads read them whole (src/components/downloads.ts). */
export const PAGE_TABLES = new Map<string, TableBytes>();

/** Open a page's database: nothing is fetched until a query needs it (see the note at the top). */
export function openDatabase(tables: Record<string, TableBytes>, options: OpenOptions = {}): Database {
  const db = new Database(tables, options);
  for (const [name, bytes] of Object.entries(tables)) PAGE_TABLES.set(name, bytes);
  if (typeof window !== "undefined") (window as unknown as {__reDatabase?: DatabaseStats}).__reDatabase = db.stats;
  return db;
}
