// Framework's library cache: the first build bundles every library a page imports from node_modules (Plot, d3,
// Inputs, Arrow, DuckDB-WASM's worker and wasm, …) with rollup into src/.observablehq/cache/_node/<name>@<version>/,
// and later builds reuse a bundle whenever that file exists (node_modules/@observablehq/framework/dist/node.js,
// resolveNodeImportInternal). That is ~40 s of a clean build on 2 cores, so the build keeps _node/ and deletes
// everything else in the cache (every loader output: data is always rebuilt from the inputs). Framework's own key is
// the package's name and version only, which is not enough:
// - a bundle inlines only its own package's files and imports its dependencies by THEIR resolved version
//   (../d3-array@3.2.5/…): a lockfile change that moves a dependency would leave a bundle pointing at the old one;
// - the bundle's shape depends on Framework and its rollup/esbuild versions, not only on the library's;
// - Framework writes a bundle in place, so a killed build or preview can leave a truncated file that would be reused.
// So after a successful build, scripts/build.ts writes cache/_node.manifest.json: a key (hash of the lockfile, of
// the installed tree node_modules/.package-lock.json and of Framework's package.json) and the sha256 of every file in
// _node/. The next build keeps _node/ only if the key is the same, and then only the files whose bytes still match
// the manifest (anything written since, e.g. by `npm run dev`, is deleted and bundled again). The manifest is
// deleted before Framework starts, so a failed or interrupted build leaves none and the next build starts cold.
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {ROOT} from "../loaders/paths.ts";

const MANIFEST = "_node.manifest.json";
const LIBRARIES = "_node";

interface Manifest {
  key: string;
  files: Record<string, string>;
}

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** What a cached library bundle depends on, as one hash: the lockfile, what is really installed, Framework's version. */
export function libraryCacheKey(root: string = ROOT): string {
  const h = createHash("sha256").update("library-cache v1\n");
  for (const f of ["package-lock.json", "node_modules/.package-lock.json", "node_modules/@observablehq/framework/package.json"]) {
    const path = join(root, f);
    h.update(`${f}\n`).update(existsSync(path) ? readFileSync(path) : "(missing)").update("\n");
  }
  return h.digest("hex");
}

function libraryFiles(cache: string): string[] {
  const dir = join(cache, LIBRARIES);
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, {recursive: true}) as string[]).filter((f) => statSync(join(dir, f)).isFile()).sort();
}

function readManifest(cache: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(join(cache, MANIFEST), "utf8")) as Manifest;
  } catch {
    return null;
  }
}

export interface Kept {
  /** Library files kept (their bytes match the last successful build's manifest). */
  kept: number;
  /** Library files deleted although the key matched (written after that build, or changed since). */
  dropped: number;
}

/**
 * Empty Framework's cache except the library bundles of the last successful build with the same `key` (null: keep
 * nothing). Deletes the manifest either way (writeLibraryManifest writes it again when the build succeeds).
 */
export function prepareCache(cache: string, key: string | null): Kept {
  const manifest = key === null ? null : readManifest(cache);
  const valid = manifest !== null && manifest.key === key;
  let kept = 0;
  let dropped = 0;
  if (valid) {
    for (const f of libraryFiles(cache)) {
      const path = join(cache, LIBRARIES, f);
      if (manifest.files[f] === sha256(readFileSync(path))) kept++;
      else {
        rmSync(path, {force: true});
        dropped++;
      }
    }
  }
  if (existsSync(cache)) {
    for (const name of readdirSync(cache)) if (!(valid && name === LIBRARIES)) rmSync(join(cache, name), {recursive: true, force: true});
  }
  mkdirSync(cache, {recursive: true});
  return {kept, dropped};
}

/** After a successful build: record the key and the bytes of every library file, for the next build. */
export function writeLibraryManifest(cache: string, key: string): void {
  const files = Object.fromEntries(libraryFiles(cache).map((f) => [f, sha256(readFileSync(join(cache, LIBRARIES, f)))]));
  writeFileSync(join(cache, MANIFEST), `${JSON.stringify({key, files} satisfies Manifest)}\n`);
}
