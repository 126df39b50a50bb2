// Every file the site publishes from src/data/, keyed by its path under src/data/ (a page loads it as
// FileAttachment("data/<path>")), with the function that builds it. The Framework entrypoints in src/data/ are thin
// wrappers around this registry:
// - a folder's tables are built by ONE process, its archive entrypoint src/data/<folder>.zip.ts, which writes a zip
//   of all of them; Framework serves data/<folder>/<name>.arrow out of it (an "archive loader"), so the page paths
//   stay the same while the build pays one loader start-up per folder instead of one per table;
// - top-level files have their own entrypoint src/data/<name>.arrow.ts.
// To debug one table: `npx tsx loaders/run-one.ts china/tier_counts` (docs/data.md).
import type {Table} from "apache-arrow";
import {toIpcStream} from "./arrow.ts";
import {dictionaryEncoded} from "./dictionary.ts";
import {ATLAS_FILES, atlasBytes} from "./atlas.ts";
import {zipTables} from "./run.ts";
import {SiteBuild, type Database} from "./site.ts";
import {withPublicationMetadata} from "./version.ts";

export type Build = () => Table | Promise<Table>;

/** `{"<name>.arrow": build}` for every table of a folder (built once, by `site`, when the first is asked for). */
function arrowFiles(folder: string, tables: () => Promise<Record<string, Table>>): Record<string, Build> | Promise<Record<string, Build>> {
  return tables().then((t) => Object.fromEntries(Object.keys(t).map((name) => [`${name}.arrow`, () => withPublicationMetadata(t[name]!, `${folder}/${name}`)])));
}

// Every builder takes the SiteBuild that builds (and shares) the tables; run on its own, an entrypoint gets a fresh
// one, which builds only what that entrypoint needs.

/** Folders published as one archive each (src/data/<folder>.zip.ts): file name inside the folder → build. */
export const ARCHIVES = {
  china: (site = new SiteBuild()) => arrowFiles("china", site.china),
  us: (site = new SiteBuild()) => arrowFiles("us", site.us),
  tools: (site = new SiteBuild()) => arrowFiles("tools", site.tools),
  assumptions: (site = new SiteBuild()) => arrowFiles("assumptions", site.assumptions),
  macro: (site = new SiteBuild()) => arrowFiles("macro", site.macro),
  chain: (site = new SiteBuild()) => arrowFiles("chain", site.chain),
  scenarios: (site = new SiteBuild()): Record<string, Build> => ({
    "scenarios.arrow": async () => withPublicationMetadata((await site.scenarios()).tables.scenarios, "scenarios/scenarios"),
    "projection.arrow": async () => withPublicationMetadata((await site.scenarios()).tables.scenario_projection, "scenarios/projection")
  })
} satisfies Record<string, (site?: SiteBuild) => Record<string, Build> | Promise<Record<string, Build>>>;
export type ArchiveName = keyof typeof ARCHIVES;

/** Top-level files, each with its own entrypoint src/data/<file>.ts. */
const published = (path: string, build: (site: SiteBuild) => Table | Promise<Table>) => async (site = new SiteBuild()) => withPublicationMetadata(await build(site), path);
export const FILES: Record<string, (site?: SiteBuild) => Table | Promise<Table>> = {
  "sources.arrow": published("sources", (site) => site.sourcesTable()),
  // Repetitive text columns as Arrow dictionaries (same values): 55.6 → 30.6 MB at 220k awards (loaders/dictionary.ts).
  // The loader's DuckDB session already encodes the full table (the bytes dictionaryEncoded would give, tested).
  "sbir_awards.arrow": published("sbir_awards", (site) => site.sbirAwards()),
  "sbir_relevant.arrow": published("sbir_relevant", async (site) => dictionaryEncoded(await site.sbirRelevant())),
  "figures.arrow": published("figures", (site) => site.figures()),
  "datasets.arrow": published("datasets", (site) => site.datasets()),
  "corrections.arrow": published("corrections", (site) => site.corrections())
};

/** Every Framework loader entrypoint, by its output's path under src/data/ (the entrypoint is that path + ".ts"),
 * → the exact bytes it writes. loaders/build-all.ts builds them all from one SiteBuild. */
export const ENTRYPOINTS: Record<string, (site: SiteBuild<Database>) => Promise<Uint8Array>> = {
  ...Object.fromEntries(Object.entries(FILES).map(([file, build]) => [file, async (site: SiteBuild) => toIpcStream(await build(site))])),
  ...Object.fromEntries(Object.entries(ARCHIVES).map(([folder, builds]) => [`${folder}.zip`, (site: SiteBuild) => zipTables(builds(site))])),
  "answers.zip": async (site) => (await import("./answers.ts")).answersZip(site),
  ...Object.fromEntries(Object.keys(ATLAS_FILES).map((name) => [name, async () => atlasBytes(name as keyof typeof ATLAS_FILES)]))
};

/** Every published path (relative to src/data/) → its build, e.g. "china/tier_counts.arrow". */
export async function allOutputs(): Promise<Record<string, Build>> {
  const site = new SiteBuild();
  const all: Record<string, Build> = Object.fromEntries(Object.entries(FILES).map(([file, build]) => [file, () => build(site)]));
  for (const [folder, builds] of Object.entries(ARCHIVES)) {
    for (const [name, build] of Object.entries(await builds(site))) all[`${folder}/${name}`] = build;
  }
  return all;
}
