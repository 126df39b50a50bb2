import {dirname, join, resolve} from "node:path";
import {fileURLToPath} from "node:url";

/** Project root, wherever the repo is cloned; loaders read inputs relative to it (Framework runs them from root). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The curated inputs folder. `RE_DATA_DIR` lets tests point the loaders at a fixture copy of data/. */
export function dataDir(): string {
  return process.env.RE_DATA_DIR ? resolve(process.env.RE_DATA_DIR) : join(ROOT, "data");
}

export function dataFile(...parts: string[]): string {
  return join(dataDir(), ...parts);
}
