// `npm test`: every check, in order, then one closing line "N passed, N failed" (what CI reads).
//   1. Chromium and pdftotext present (installed from Debian when missing and root)
//   2. tsc --noEmit (Framework never type-checks)
//   3. vitest: unit, loader and page-SQL tests (DuckDB-WASM's Node bundle against real loader output)
//   4. (`npm test`, or `npm test -- clone` alone) the committed HEAD cloned into an empty temporary folder, `npm run test:unit` there:
//      the repository tests itself with nothing beside it (no ../shared, no uncommitted file)
//   5. a clean, atomic, offline build
//   6. vitest: browser tests in Chromium against the built site on 127.0.0.1
// Each non-vitest step counts as one test in the closing line, so a type error or a failed build cannot hide.
import {spawnSync} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";
import {ROOT} from "../loaders/paths.ts";

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: {name: string; assertionResults: {fullName: string; status: string; failureMessages?: string[]}[]}[];
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = [];
const resultsDir = join(ROOT, "test-results");
mkdirSync(resultsDir, {recursive: true});

function step(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {...process.env}, cwd = ROOT): boolean {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, {cwd, stdio: "inherit", env: {...env, TZ: "UTC"}});
  return r.status === 0;
}

function git(args: string[], cwd = ROOT): string {
  const r = spawnSync("git", args, {cwd, encoding: "utf8"});
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${(r.stderr || r.error?.message || "").trim()}`);
  return r.stdout.trim();
}

/**
 * The committed HEAD, cloned into a new temporary folder that holds nothing else (so no ../shared or other sibling),
 * with node_modules linked to this checkout's, runs `npm run test:unit` (which does not run this step, so it does not
 * recurse). Uncommitted changes are not in the clone: that is the point (a file a test needs but nobody committed
 * fails here), and they are listed so nobody mistakes what was tested. RE_* variables (e.g. RE_DATA_DIR) are not passed on.
 */
function cleanCloneUnit(): boolean {
  let head: string;
  try {
    head = git(["rev-parse", "HEAD"]);
    const dirty = git(["status", "--porcelain", "--untracked-files=normal"]).split("\n").filter(Boolean);
    if (dirty.length) console.log(`\nNote: the clone tests committed HEAD ${head.slice(0, 12)}; ${dirty.length} uncommitted change(s) here are not in it:\n  ${dirty.slice(0, 10).join("\n  ")}${dirty.length > 10 ? "\n  …" : ""}`);
  } catch (e) {
    console.log(`\n▶ clean clone: not a git checkout (${(e as Error).message})`);
    return false;
  }
  const parent = mkdtempSync(join(tmpdir(), "re-clone-"));
  const clone = join(parent, "rare-earth-pipelines");
  try {
    git(["clone", "--quiet", "--no-checkout", ROOT, clone], parent);
    git(["checkout", "--quiet", "--detach", head], clone);
    symlinkSync(realpathSync(join(ROOT, "node_modules")), join(clone, "node_modules"), "dir");
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("RE_")));
    return step(`clean clone of ${head.slice(0, 12)} in ${clone} (nothing beside it): npm run test:unit`, "npm", ["run", "test:unit"], env, clone);
  } catch (e) {
    console.log(`clean clone: ${(e as Error).message}`);
    return false;
  } finally {
    rmSync(parent, {recursive: true, force: true});
  }
}

function check(name: string, ok: boolean): void {
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function vitest(name: string, config: string): void {
  const out = join(resultsDir, `${name}.json`);
  rmSync(out, {force: true});
  const ok = step(`vitest (${name})`, process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile=${out}`]);
  if (!existsSync(out)) {
    check(`vitest ${name}: no results (the run crashed)`, false);
    return;
  }
  const r = JSON.parse(readFileSync(out, "utf8")) as VitestJson;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  if (r.numFailedTests) {
    failures.push(`vitest ${name}: ${r.numFailedTests} failed`);
    // Named here too, with the first line of each message: CI keeps only the tail of the log.
    for (const file of r.testResults)
      for (const t of file.assertionResults)
        if (t.status === "failed") failures.push(`  ${relative(ROOT, file.name)} > ${t.fullName}: ${(t.failureMessages?.[0] ?? "").split("\n").slice(0, 2).join(" ").slice(0, 400)}`);
  }
  if (!ok && r.numFailedTests === 0) check(`vitest ${name}: exited non-zero (suite error)`, false);
}

const only = process.argv[2];
if (!only || only === "unit") {
  check("typecheck (tsc --noEmit)", step("typecheck", process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."]));
  vitest("unit", "vitest.config.ts");
}
// Not part of `npm run test:unit`, which the clone itself runs; `npm test -- clone` runs this step alone.
if (!only || only === "clone") {
  const started = Date.now();
  check("clean clone: npm run test:unit passes with nothing beside the repository", cleanCloneUnit());
  console.log(`clean clone step: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
if (!only || only === "e2e") {
  // Chromium first: the build uses it too (scripts/prerender.ts draws each page's first-view charts into the HTML).
  const chromium = step("test dependencies (Chromium, pdftotext, a Chinese font)", "bash", ["scripts/ensure-test-deps.sh"]);
  check("test dependencies available", chromium);
  if (!only) check("clean build", step("clean build", process.execPath, ["--import", "tsx", "scripts/build.ts"]));
  if (chromium) vitest("e2e", "vitest.e2e.config.ts");
}

if (failures.length) console.log(`\nFailures:\n  ${failures.join("\n  ")}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
