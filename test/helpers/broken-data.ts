// A temporary copy of data/ with one deliberate edit, and RE_DATA_DIR pointed at it so the real loaders read it.
// Call `restoreDataDir()` in afterEach.
import {cpSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {ROOT} from "../../loaders/paths.ts";

const original = process.env.RE_DATA_DIR;

export function brokenCopy(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "re-data-"));
  cpSync(join(ROOT, "data/cases/rare-earths"), dir, {recursive: true});
  const path = join(dir, file);
  const before = readFileSync(path, "utf8");
  const after = edit(before);
  if (after === before) throw new Error(`brokenCopy(${file}): the edit changed nothing`);
  writeFileSync(path, after);
  process.env.RE_DATA_DIR = dir;
  return dir;
}

export function restoreDataDir(): void {
  if (original === undefined) delete process.env.RE_DATA_DIR;
  else process.env.RE_DATA_DIR = original;
}
