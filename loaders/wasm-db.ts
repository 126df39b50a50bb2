// Runs page SQL exactly as the browser does: DuckDB-WASM's blocking Node bundle (same engine and version as the
// pages), over tables built by the real loaders. Used by tests and by the terminal commands (npm run gaps).
import {createRequire} from "node:module";
import {dirname, join} from "node:path";
import {createDuckDB, NODE_RUNTIME, VoidLogger, type DuckDBConnection} from "@duckdb/duckdb-wasm/blocking";
import type {Table} from "apache-arrow";
import {tableToIPC} from "apache-arrow";
import {arrowToRows, type Row} from "../src/lib/rows.ts";
import type {Query} from "../src/queries/query.ts";

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"));

export class NodeDatabase {
  constructor(readonly conn: DuckDBConnection) {}
  /** Create one table per entry from an Arrow table (or its IPC stream bytes), replacing a table of that name (`npm
   * run dev` rebuilds a table into the database that holds the previous one). */
  insert(tables: Record<string, Table | Uint8Array>): void {
    for (const [name, t] of Object.entries(tables)) {
      this.conn.query(`DROP TABLE IF EXISTS "${name.replaceAll('"', '""')}"`);
      this.conn.insertArrowFromIPCStream(t instanceof Uint8Array ? t : tableToIPC(t, "stream"), {name, create: true});
    }
  }
  query<T extends Row = Row>(q: Query): T[] {
    if (q.params.length === 0) return arrowToRows<T>(this.conn.query(q.sql));
    const stmt = this.conn.prepare(q.sql);
    try {
      return arrowToRows<T>(stmt.query(...q.params));
    } finally {
      stmt.close();
    }
  }
}

export async function openNodeDatabase(tables: Record<string, Table | Uint8Array>): Promise<NodeDatabase> {
  const db = await createDuckDB(
    {
      mvp: {mainModule: join(dist, "duckdb-mvp.wasm"), mainWorker: join(dist, "duckdb-node-mvp.worker.cjs")},
      eh: {mainModule: join(dist, "duckdb-eh.wasm"), mainWorker: join(dist, "duckdb-node-eh.worker.cjs")}
    },
    new VoidLogger(),
    NODE_RUNTIME
  );
  await db.instantiate();
  db.open({});
  const conn = db.connect();
  conn.query("SET autoinstall_known_extensions=false; SET autoload_known_extensions=false;");
  const database = new NodeDatabase(conn);
  database.insert(tables);
  return database;
}
