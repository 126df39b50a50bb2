// The data version: one short hash of the curated inputs (every file under data/) and of the code that computes the
// figures from them (loaders/, src/lib/, src/queries/), and the data date: the date of the last commit that changed
// data/. Both are computed at build time, deterministically (sorted paths, file bytes; no clock), so the same
// checkout always gives the same version and every build of it is byte-identical. Shown in every page's footer
// (observablehq.config.ts), in every download's metadata and README, and in the schema of every published Arrow file.
// docs/citation.md says which files count and why.
import {execFileSync} from "node:child_process";
import {createHash} from "node:crypto";
import {readdirSync, readFileSync} from "node:fs";
import {join, relative, sep} from "node:path";
import {dataDir, ROOT} from "./paths.ts";
import {Schema, Table} from "apache-arrow";
import {CAVEATS, citationText, LICENCE, SITE_TITLE, type DataVersion} from "../src/lib/publication.ts";

/** The folders whose files make the version, relative to the project root, with the files of each that count. */
export const VERSION_INPUTS: readonly {folder: string; files: RegExp; why: string}[] = [
  {folder: "data", files: /^[^.]/, why: "the curated inputs, every file"},
  {folder: "loaders", files: /\.(ts|sql)$/, why: "read, validate and build the published tables"},
  {folder: "src/lib", files: /\.ts$/, why: "the domain functions that compute figures (normalisation, gaps, projections)"},
  {folder: "src/queries", files: /\.ts$/, why: "the named SQL queries behind every figure"}
];

function walk(dir: string, keep: RegExp): string[] {
  let entries;
  try {
    entries = readdirSync(dir, {withFileTypes: true});
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.name.startsWith(".") ? [] : e.isDirectory() ? walk(join(dir, e.name), keep) : keep.test(e.name) ? [join(dir, e.name)] : []));
}

/** Every file that makes the version, as [path relative to the root (with "/"), absolute path], sorted by path. */
export function versionFiles(): [string, string][] {
  const files = VERSION_INPUTS.flatMap(({folder, files}) => {
    const dir = folder === "data" ? dataDir() : join(ROOT, folder);
    return walk(dir, files).map((abs): [string, string] => [`${folder}/${relative(dir, abs).split(sep).join("/")}`, abs]);
  });
  return files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** sha256 over each file's path and bytes, in path order; the first 12 hex digits, grouped by four ("3f9a-2c1b-7e4d"). */
export function versionHash(files: readonly [string, string][] = versionFiles()): string {
  const hash = createHash("sha256");
  for (const [path, abs] of files) {
    const bytes = readFileSync(abs);
    hash.update(`${path}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest("hex").slice(0, 12).replace(/(.{4})(?!$)/g, "$1-");
}

/** The date (YYYY-MM-DD, UTC) of the last commit that changed the case's folder (data/ for a copy outside the
 * project); null outside a git checkout. */
export function dataDate(): string | null {
  try {
    const inRoot = relative(ROOT, dataDir());
    const folder = inRoot && !inRoot.startsWith("..") ? inRoot : "data";
    const out = execFileSync("git", ["log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d", "--", folder], {cwd: ROOT, encoding: "utf8", env: {...process.env, TZ: "UTC"}, stdio: ["ignore", "pipe", "ignore"]}).trim();
    return /^\d{4}-\d{2}-\d{2}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

/** The data version and date of the working tree, computed now (nothing cached: `npm run dev` sees every save). */
export function dataVersion(): DataVersion {
  return {version: versionHash(), date: dataDate()};
}

let memo: {at: number; value: DataVersion} | null = null;
/** The version for one build: computed again only after 2 s, so a build's tables all carry the same one and a
 * `npm run dev` rebuild after a save carries the new one. */
function buildVersion(): DataVersion {
  if (!memo || Date.now() - memo.at > 2000) memo = {at: Date.now(), value: dataVersion()};
  return memo.value;
}

/**
 * A published table with the metadata every download carries in its schema (src/lib/publication.ts): the data
 * version and date, the site, the citation, the licence and the caveats, beside the table's own title, input file,
 * column descriptions and sources.
 */
export function withPublicationMetadata(table: Table, path: string): Table {
  const v = buildVersion();
  const meta = new Map(table.schema.metadata);
  const title = meta.get("title") ?? path;
  const add: Record<string, string> = {
    site: SITE_TITLE,
    dataset: path,
    data_version: v.version,
    data_date: v.date ?? "",
    citation: citationText({page: title, version: v}),
    licence: LICENCE,
    caveats: JSON.stringify(CAVEATS)
  };
  for (const [k, value] of Object.entries(add)) if (!meta.has(k)) meta.set(k, value);
  return new Table(new Schema(table.schema.fields, meta), table.batches);
}
