// The real loader output for tests: the same builders the Framework entrypoints call, on the real data/.
import type {Table} from "apache-arrow";
import {buildChinaTable, CHINA_TABLES, loadChina, type ChinaTableName} from "../../loaders/china/load.ts";
import {buildSourcesTable, loadSources} from "../../loaders/sources.ts";
import {buildUsTable, loadUs, US_TABLES, type UsTableName} from "../../loaders/us/load.ts";
import {openNodeDatabase, type NodeDatabase} from "./duckdb-node.ts";

/** Every curated table, keyed by the name pages load it under. */
export function siteTables(): Record<string, Table> {
  const sources = loadSources();
  const china = loadChina(sources);
  const us = loadUs(sources);
  const tables: Record<string, Table> = {sources: buildSourcesTable(sources)};
  for (const name of Object.keys(CHINA_TABLES) as ChinaTableName[]) tables[name] = buildChinaTable(name, china);
  for (const name of Object.keys(US_TABLES) as UsTableName[]) tables[name] = buildUsTable(name, us);
  return tables;
}

let site: Promise<NodeDatabase> | undefined;
/** One DuckDB-WASM (Node) database with every curated table, shared within a test file. */
export function siteDatabase(): Promise<NodeDatabase> {
  return (site ??= openNodeDatabase(siteTables()));
}
