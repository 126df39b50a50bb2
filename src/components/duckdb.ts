// Our own DuckDB-WASM client: the wasm and worker are self-hosted (import.meta.resolve makes Framework copy them
// into dist/), only the "eh" bundle ships, and extension auto-install/auto-load are off, so no query ever reaches
// a CDN. Pages load the Arrow tables they need and run named queries (src/queries) with bound parameters.
import {AsyncDuckDB, VoidLogger, type AsyncDuckDBConnection} from "@duckdb/duckdb-wasm";
import {arrowToRows, type Row} from "../lib/rows.js";
import type {Query} from "../queries/query.js";

const WASM_URL = import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm");
const WORKER_URL = import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js");

// Performance marks for the benchmark (bench/run.ts): DuckDB ready with its tables, and the first query answered.
let firstQueryMarked = false;
function markFirstQuery(): void {
  if (firstQueryMarked) return;
  firstQueryMarked = true;
  performance.mark("re:first-sql");
}

export class Database {
  constructor(private readonly conn: AsyncDuckDBConnection) {}

  /** Run a named query with bound parameters; returns plain rows. */
  async query<T extends Row = Row>(q: Query): Promise<T[]> {
    try {
      if (q.params.length === 0) {
        const rows = arrowToRows<T>(await this.conn.query(q.sql));
        markFirstQuery();
        return rows;
      }
      const stmt = await this.conn.prepare(q.sql);
      try {
        const rows = arrowToRows<T>(await stmt.query(...q.params));
        markFirstQuery();
        return rows;
      } finally {
        await stmt.close();
      }
    } catch (e) {
      throw new Error(`query ${q.name} failed: ${(e as Error).message}`);
    }
  }
}

/** Start DuckDB (in a worker) and load Arrow IPC streams as tables. Table loading starts while the wasm compiles. */
export async function openDatabase(tables: Record<string, Promise<ArrayBuffer> | ArrayBuffer>): Promise<Database> {
  const worker = new Worker(WORKER_URL, {type: "module"});
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(WASM_URL);
  performance.mark("re:duckdb-instantiated");
  await db.open({});
  const conn = await db.connect();
  await conn.query("SET autoinstall_known_extensions=false; SET autoload_known_extensions=false;");
  for (const [name, bytes] of Object.entries(tables)) {
    await conn.insertArrowFromIPCStream(new Uint8Array(await bytes), {name, create: true});
  }
  performance.mark("re:duckdb-ready");
  return new Database(conn);
}
