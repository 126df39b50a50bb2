// The real loader output for tests: the same builders the Framework entrypoints call, on the real data/.
import type {Table} from "apache-arrow";
import {buildChinaTable, CHINA_TABLES, loadChina, type ChinaTableName} from "../../loaders/china/load.ts";
import {buildSourcesTable, loadSources} from "../../loaders/sources.ts";
import {openNodeDatabase, type NodeDatabase} from "./duckdb-node.ts";

export function chinaTables(): Record<string, Table> {
  const sources = loadSources();
  const loaded = loadChina(sources);
  const tables: Record<string, Table> = {sources: buildSourcesTable(sources)};
  for (const name of Object.keys(CHINA_TABLES) as ChinaTableName[]) tables[name] = buildChinaTable(name, loaded);
  return tables;
}

let china: Promise<NodeDatabase> | undefined;
/** One DuckDB-WASM (Node) database with every China table and the sources registry, shared by a test file. */
export function chinaDatabase(): Promise<NodeDatabase> {
  return (china ??= openNodeDatabase(chinaTables()));
}
