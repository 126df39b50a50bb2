// A bad data row must stop the build with a clear message and leave the last good dist/ exactly as it was: when the
// pre-build validation catches it, when the data step's loaders do, and when a loader fails in the middle of
// Framework's build (--framework-loaders: Framework runs each loader entrypoint itself).
import {spawnSync} from "node:child_process";
import {createHash} from "node:crypto";
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";

function hashTree(dir: string): string {
  const h = createHash("sha256");
  for (const f of (readdirSync(dir, {recursive: true}) as string[]).sort()) {
    const p = join(dir, f);
    h.update(f);
    try {
      h.update(readFileSync(p));
    } catch {
      /* a directory */
    }
  }
  return h.digest("hex");
}

function brokenData(): string {
  const dir = mkdtempSync(join(tmpdir(), "re-bad-data-"));
  cpSync(join(ROOT, "data/cases/rare-earths"), dir, {recursive: true});
  const file = join(dir, "china/little_giant_batches.csv");
  writeFileSync(file, readFileSync(file, "utf8").replace("3,2021,2930,", '3,2021,"2,930",'));
  return dir;
}

function build(args: string[], dataDir: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts", ...args], {cwd: ROOT, encoding: "utf8", env: {...process.env, RE_DATA_DIR: dataDir}});
}

const MESSAGE = 'data/cases/rare-earths/china/little_giant_batches.csv, row 4, column "count_firms_announced": not a plain number (value: "2,930"). Fix: write digits only';

describe("a malformed data row", () => {
  test("fails validation before the build, naming file, row, column, value and fix; dist/ untouched", () => {
    expect(existsSync(join(ROOT, "dist/index.html"))).toBe(true);
    const before = hashTree(join(ROOT, "dist"));
    const r = build([], brokenData());
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(MESSAGE);
    expect(r.stderr).toContain("dist/ was left as it was");
    expect(hashTree(join(ROOT, "dist"))).toBe(before);
  });

  test("fails inside Framework's build (loader error) and still leaves dist/ untouched", () => {
    const before = hashTree(join(ROOT, "dist"));
    const r = build(["--no-validate", "--framework-loaders"], brokenData());
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(MESSAGE);
    expect(hashTree(join(ROOT, "dist"))).toBe(before);
    expect(readdirSync(join(ROOT, ".build")).filter((d) => /^(dist|data)-/.test(d))).toEqual([]);
  }, 180_000);

  // After the Framework case: with --no-validate the failing data step comes after Framework has started, which costs
  // the library cache (the next build bundles every library again).
  test("fails in the data step (loader error) and still leaves dist/ untouched", () => {
    const before = hashTree(join(ROOT, "dist"));
    const r = build(["--no-validate"], brokenData());
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(MESSAGE);
    expect(r.stderr).toContain("dist/ was left as it was");
    expect(hashTree(join(ROOT, "dist"))).toBe(before);
    expect(readdirSync(join(ROOT, ".build")).filter((d) => /^(dist|data)-/.test(d))).toEqual([]);
  }, 180_000);
});
