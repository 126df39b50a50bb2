// Every table the site publishes, built in-process by the same builders the Framework entrypoints call, keyed by
// the name pages load it under. For tests and terminal commands that run page SQL outside the browser.
import type {Table} from "apache-arrow";
import {ASSUMPTION_TABLES, buildAssumptionTable, loadAssumptions} from "./assumptions/load.ts";
import {buildChinaTable, CHINA_TABLES, loadChina, type ChinaTableName} from "./china/load.ts";
import {buildDatasetsTable} from "./datasets.ts";
import {buildMacroLongTable, loadMacro} from "./macro/load.ts";
import {sbirAwardsTable} from "./sbir/load.ts";
import {buildSourcesTable, loadSources} from "./sources.ts";
import {buildUsTable, loadUs, US_TABLES, type UsTableName} from "./us/load.ts";
import {openNodeDatabase, type NodeDatabase} from "./wasm-db.ts";

export function curatedTables(): Record<string, Table> {
  const sources = loadSources();
  const china = loadChina(sources);
  const us = loadUs(sources);
  const assumptions = loadAssumptions(sources);
  const tables: Record<string, Table> = {sources: buildSourcesTable(sources), macro: buildMacroLongTable(loadMacro(sources))};
  for (const name of Object.keys(CHINA_TABLES) as ChinaTableName[]) tables[name] = buildChinaTable(name, china);
  for (const name of Object.keys(US_TABLES) as UsTableName[]) tables[name] = buildUsTable(name, us);
  for (const name of Object.keys(ASSUMPTION_TABLES) as (keyof typeof ASSUMPTION_TABLES)[]) tables[name] = buildAssumptionTable(name, assumptions);
  return tables;
}

/** All tables including the SBIR award table (which may read the full export: slower). */
export async function siteTables(): Promise<Record<string, Table>> {
  return {...curatedTables(), sbir_awards: await sbirAwardsTable()};
}

/** Every table a page can load, including the `datasets` catalogue built from the others. */
export async function openSiteDatabase(): Promise<NodeDatabase> {
  const tables = await siteTables();
  return openNodeDatabase({...tables, datasets: buildDatasetsTable(tables)});
}
