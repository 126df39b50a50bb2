// Every file the site publishes from src/data/, keyed by its path under src/data/ (a page loads it as
// FileAttachment("data/<path>")), with the function that builds it. The Framework entrypoints in src/data/ are thin
// wrappers around this registry:
// - a folder's tables are built by ONE process, its archive entrypoint src/data/<folder>.zip.ts, which writes a zip
//   of all of them; Framework serves data/<folder>/<name>.arrow out of it (an "archive loader"), so the page paths
//   stay the same while the build pays one loader start-up per folder instead of one per table;
// - top-level files have their own entrypoint src/data/<name>.arrow.ts.
// To debug one table: `npx tsx loaders/run-one.ts china/tier_counts` (README "Adding or correcting data").
import type {Table} from "apache-arrow";

export type Build = () => Table | Promise<Table>;

/** The first call runs `f`; later calls return its result (inputs are read and validated once per process). */
function once<T>(f: () => T): () => T {
  let result: {value: T} | undefined;
  return () => (result ??= {value: f()}).value;
}

/** `{"<name>.arrow": build}` for every table name of a group, all built from one load of the group's inputs. */
function group<N extends string, L>(names: readonly N[], load: () => L, build: (name: N, loaded: L) => Table): Record<string, Build> {
  const loaded = once(load);
  return Object.fromEntries(names.map((name) => [`${name}.arrow`, () => build(name, loaded())]));
}

// Modules are imported when a folder or file is built, not when this registry is: an entrypoint loads only the
// code it runs (the SBIR loader's native DuckDB, the scenarios' DuckDB-WASM cost start-up time).

/** Folders published as one archive each (src/data/<folder>.zip.ts): file name inside the folder → build. */
export const ARCHIVES = {
  china: async () => {
    const m = await import("./china/load.ts");
    return group(Object.keys(m.CHINA_TABLES) as (keyof typeof m.CHINA_TABLES)[], () => m.loadChina(), m.buildChinaTable);
  },
  us: async () => {
    const m = await import("./us/load.ts");
    return group(Object.keys(m.US_TABLES) as (keyof typeof m.US_TABLES)[], () => m.loadUs(), m.buildUsTable);
  },
  assumptions: async () => {
    const m = await import("./assumptions/load.ts");
    return group(Object.keys(m.ASSUMPTION_TABLES) as (keyof typeof m.ASSUMPTION_TABLES)[], () => m.loadAssumptions(), m.buildAssumptionTable);
  },
  macro: async (): Promise<Record<string, Build>> => {
    const m = await import("./macro/load.ts");
    return {"macro.arrow": () => m.buildMacroLongTable()};
  },
  scenarios: async (): Promise<Record<string, Build>> => {
    const m = await import("./scenarios/load.ts");
    const tables = once(() => m.buildScenarioTables());
    return {"scenarios.arrow": async () => (await tables()).scenarios, "projection.arrow": async () => (await tables()).scenario_projection};
  }
} satisfies Record<string, () => Promise<Record<string, Build>>>;
export type ArchiveName = keyof typeof ARCHIVES;

/** Top-level files, each with its own entrypoint src/data/<file>.ts. */
export const FILES: Record<string, Build> = {
  "sources.arrow": async () => (await import("./sources.ts")).buildSourcesTable(),
  "sbir_awards.arrow": async () => (await import("./sbir/load.ts")).sbirAwardsTable(),
  "datasets.arrow": async () => {
    const [{buildDatasetsTable}, {siteTables}] = await Promise.all([import("./datasets.ts"), import("./site.ts")]);
    return buildDatasetsTable(await siteTables());
  }
};

/** Every published path (relative to src/data/) → its build, e.g. "china/tier_counts.arrow". */
export async function allOutputs(): Promise<Record<string, Build>> {
  const all: Record<string, Build> = {...FILES};
  for (const [folder, builds] of Object.entries(ARCHIVES)) {
    for (const [name, build] of Object.entries(await builds())) all[`${folder}/${name}`] = build;
  }
  return all;
}
