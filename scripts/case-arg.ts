// `--case <id-or-path>` on the commands (build, validate, dev, gaps, scenario, screenshots): which case folder the
// command works on (docs/cases.md). Import this module FIRST in a command's entry file: it sets RE_DATA_DIR before any
// module reads the case (src/lib/case.ts reads it once, when first imported; loaders/paths.ts dataDir() follows it),
// and every child process (the data step, Framework, the prerender) inherits it. It takes `--case X` (or `--case=X`)
// out of process.argv, so each command's own argument parsing never sees it. A name that is no case stops the command
// with a message naming what was tried.
import {join} from "node:path";
import {resolveCase, ROOT} from "../loaders/paths.ts";

/** The case folder named by `--case` in `argv` (removed from it), or null without the option. Throws on a bad name. */
export function takeCaseArg(argv: string[]): string | null {
  const at = argv.findIndex((a) => a === "--case" || a.startsWith("--case="));
  if (at < 0) return null;
  const inline = argv[at]!.startsWith("--case=");
  const name = inline ? argv[at]!.slice("--case=".length) : argv[at + 1];
  if (!name || name.startsWith("--")) throw new Error("--case needs a case: a folder name of data/cases/ (e.g. --case rare-earths) or a path to a case folder");
  argv.splice(at, inline ? 1 : 2);
  return resolveCase(name);
}

let chosen: string | null = null;
try {
  chosen = takeCaseArg(process.argv);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
if (chosen) process.env.RE_DATA_DIR = chosen;

/** The case folder `--case` chose for this command (absolute), or null (the default case, or RE_DATA_DIR as set). */
export const CASE_ARG: string | null = chosen;


/** Where the site of the case with id `caseId` is built and served from: dist-cases/<id>/ when `--case` chose it, else
 * dist/ (the default case's site). */
export function siteDir(caseId: string): string {
  return chosen ? join(ROOT, "dist-cases", caseId) : join(ROOT, "dist");
}
