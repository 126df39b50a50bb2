import {existsSync, readFileSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";

/** Project root, wherever the repo is cloned; loaders read inputs relative to it (Framework runs them from root). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the cases live: one folder per comparison (docs/cases.md). */
export const CASES_DIR = join(ROOT, "data", "cases");

let defaultCase: string | undefined;
/** The default case's folder, relative to the root: package.json `config.case` (the engine names no case itself; read
 * once per process, as the case itself is). */
export function defaultCasePath(): string {
  if (defaultCase) return defaultCase;
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {config?: {case?: string}};
  const path = pkg.config?.case;
  if (!path) throw new Error("package.json has no config.case: set it to the default case's folder, e.g. data/cases/<id>");
  return (defaultCase = path);
}

/**
 * The folder of a case named on the command line (`--case X`): a case id (a folder of data/cases/) or a path to a
 * case folder. Throws, naming what was tried, when there is no such case.
 */
export function resolveCase(nameOrPath: string): string {
  const tried = [join(CASES_DIR, nameOrPath), resolve(nameOrPath)];
  const found = tried.find((d) => existsSync(join(d, "case.json")));
  if (!found) throw new Error(`no case "${nameOrPath}": neither ${tried.map((d) => relative(process.cwd(), d) || ".").join(" nor ")} holds a case.json. Name a folder of data/cases/ or a path to a case folder.`);
  return found;
}

/**
 * The curated inputs folder: the case being built. `RE_DATA_DIR` (set by `--case`, and by tests that point the
 * loaders at a fixture copy) wins over the default case (package.json `config.case`).
 */
export function dataDir(): string {
  return process.env.RE_DATA_DIR ? resolve(process.env.RE_DATA_DIR) : join(ROOT, defaultCasePath());
}

export function dataFile(...parts: string[]): string {
  return join(dataDir(), ...parts);
}
