// The terminal commands' database (`npm run gaps`, `npm run scenario`): the pages' named queries run in native DuckDB
// (@duckdb/node-api) instead of DuckDB-WASM, whose start (compiling and linking its 34 MB module) costs ~2.5 s of CPU
// per command against ~0.2 s here. The rows come back exactly as the pages see them through DuckDB-WASM and Arrow
// (src/lib/rows.ts arrowToRows): test/loaders/native-db.test.ts runs every page's default queries in both engines
// over the same tables and compares the rows, and the commands' output with each engine (RE_CLI_ENGINE=wasm keeps
// the old path). Tables go in from the same Arrow tables the loaders build (utf8 or dictionary-encoded utf8, float64, int32, bool columns).
import {DuckDBInstance, DuckDBTypeId, type DuckDBAppender, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBType, type DuckDBValue} from "@duckdb/node-api";
import {Type, Utf8, type Table} from "apache-arrow";
import {SiteBuild, type Database} from "./site.ts";
import {plainValue, type Row} from "../src/lib/rows.ts";
import type {Query} from "../src/queries/query.ts";

const SQL_TYPES: Partial<Record<Type, string>> = {[Type.Utf8]: "VARCHAR", [Type.Float]: "DOUBLE", [Type.Int]: "INTEGER", [Type.Bool]: "BOOLEAN"};
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export class NativeDatabase {
  private constructor(readonly conn: DuckDBConnection) {}

  static async open(): Promise<NativeDatabase> {
    // One thread: the tables are small, and sums of doubles then add up in one order, as in DuckDB-WASM.
    const instance = await DuckDBInstance.create(":memory:", {threads: "1", autoinstall_known_extensions: "false", autoload_known_extensions: "false"});
    return new NativeDatabase(await instance.connect());
  }

  /** Create one table per entry from an Arrow table, replacing a table of that name. */
  async insert(tables: Record<string, Table>): Promise<void> {
    for (const [name, table] of Object.entries(tables)) {
      const fields = table.schema.fields;
      const types = fields.map((f) => {
        // Arrow's Int type covers every width: only the loaders' int32 is expected (loaders/arrow.ts ColumnKind).
        // A dictionary of strings (the SBIR loader's repetitive text columns, loaders/dictionary.ts) is text too.
        const type = f.type.typeId === Type.Dictionary && (f.type as {dictionary?: {typeId: Type}}).dictionary?.typeId === Type.Utf8 ? new Utf8() : f.type;
        const sql = type.typeId === Type.Int && (type as {bitWidth?: number}).bitWidth !== 32 ? undefined : SQL_TYPES[type.typeId as Type];
        if (!sql) throw new Error(`table ${name}, column "${f.name}": Arrow type ${f.type} has no native DuckDB mapping here (loaders emit utf8, float64, int32, bool)`);
        return sql;
      });
      await this.conn.run(`DROP TABLE IF EXISTS ${ident(name)}`);
      await this.conn.run(`CREATE TABLE ${ident(name)} (${fields.map((f, i) => `${ident(f.name)} ${types[i]}`).join(", ")})`);
      const appender: DuckDBAppender = await this.conn.createAppender(name);
      const columns = fields.map((_, i) => table.getChildAt(i)!);
      const append = types.map((t) => {
        if (t === "VARCHAR") return (v: unknown) => appender.appendVarchar(v as string);
        if (t === "DOUBLE") return (v: unknown) => appender.appendDouble(v as number);
        if (t === "INTEGER") return (v: unknown) => appender.appendInteger(v as number);
        return (v: unknown) => appender.appendBoolean(v as boolean);
      });
      for (let r = 0; r < table.numRows; r++) {
        for (let c = 0; c < columns.length; c++) {
          const v = columns[c]!.get(r);
          if (v === null || v === undefined) appender.appendNull();
          else append[c]!(v);
        }
        appender.endRow();
      }
      appender.closeSync();
    }
  }

  private readonly statements = new Map<string, Promise<DuckDBPreparedStatement>>();

  async query<T extends Row = Row>(q: Query): Promise<T[]> {
    let prepared = this.statements.get(q.sql);
    if (!prepared) this.statements.set(q.sql, (prepared = this.conn.prepare(q.sql)));
    const stmt = await prepared;
    stmt.clearBindings();
    q.params.forEach((p, i) => bindParam(stmt, i + 1, p, q.name));
    const reader = await stmt.runAndReadAll();
    const names = reader.columnNames();
    const types = reader.columnTypes();
    return reader.getRows().map((cells) => {
      const row: Row = {};
      names.forEach((name, c) => (row[name] = plainValue(jsValue(cells[c] ?? null, types[c]!, name), name)));
      return row as T;
    });
  }

  close(): void {
    for (const s of this.statements.values()) void s.then((x) => x.destroySync()).catch(() => {});
    this.conn.closeSync();
  }
}

/** As DuckDB-WASM binds a parameter (its JSON): a boolean, an integer as BIGINT, any other number as DOUBLE, text. */
function bindParam(stmt: DuckDBPreparedStatement, i: number, p: unknown, name: string): void {
  if (p === null || p === undefined) stmt.bindNull(i);
  else if (typeof p === "boolean") stmt.bindBoolean(i, p);
  else if (typeof p === "number") {
    if (Number.isSafeInteger(p)) stmt.bindBigInt(i, BigInt(p));
    else stmt.bindDouble(i, p);
  } else if (typeof p === "string") stmt.bindVarchar(i, p);
  else throw new Error(`query ${name}: parameter ${i} is a ${typeof p}; the named queries bind booleans, numbers and text`);
}

/** A native DuckDB value as DuckDB-WASM's Arrow result gives it to arrowToRows (bigint stays bigint: plainValue
 * turns it into a number or fails, as for the pages). HUGEINT and DECIMAL fail as they do there. */
function jsValue(v: DuckDBValue, type: DuckDBType, column: string): unknown {
  if (v === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.VARCHAR:
      return v;
    case DuckDBTypeId.DATE:
      return (v as {days: number}).days * 86_400_000;
    case DuckDBTypeId.TIMESTAMP:
      return Number((v as {micros: bigint}).micros) / 1000;
    case DuckDBTypeId.LIST: {
      const child = (type as unknown as {valueType: DuckDBType}).valueType;
      return (v as {items: DuckDBValue[]}).items.map((x) => plainValue(jsValue(x, child, column), column));
    }
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.DECIMAL:
      throw new Error(`column "${column}": got a HUGEINT/DECIMAL array value; cast it to DOUBLE or INTEGER in the query`);
    default:
      throw new Error(`column "${column}": DuckDB type ${type.toString()} is not read by the terminal commands; cast it in the query`);
  }
}

/** A SiteBuild whose queries run in native DuckDB, or in DuckDB-WASM when the environment variable `variable` says
 * "wasm" (the tests compare the two). */
function siteIn(variable: string): SiteBuild<Database> {
  const engine = process.env[variable] ?? "native";
  if (engine === "wasm") return new SiteBuild() as unknown as SiteBuild<Database>;
  if (engine !== "native") throw new Error(`${variable} must be native or wasm, got "${engine}"`);
  return new SiteBuild(() => NativeDatabase.open());
}

/** The SiteBuild of the terminal commands: native DuckDB; RE_CLI_ENGINE=wasm runs them in DuckDB-WASM as before. */
export const terminalSite = (): SiteBuild<Database> => siteIn("RE_CLI_ENGINE");

/** The SiteBuild of `npm run dev`'s data step (scripts/dev-data.ts): native DuckDB, whose first build of every output
 * takes a quarter of DuckDB-WASM's CPU and whose queries after a save half, so the check of the outputs kept from the
 * last run, which a save can wait for, is short. Every output is byte for byte what DuckDB-WASM gives, which `npm run
 * build` keeps (test/loaders/native-db.test.ts). RE_DEV_ENGINE=wasm runs the data step in DuckDB-WASM. */
export const devSite = (): SiteBuild<Database> => siteIn("RE_DEV_ENGINE");
