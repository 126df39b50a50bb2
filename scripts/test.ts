// `npm test`: every check, in order, then one closing line "N passed, N failed" (what CI reads).
//   1. Chromium and pdftotext present (installed from Debian when missing and root)
//   2. tsc --noEmit (Framework never type-checks)
//   3. vitest: unit, loader and page-SQL tests (DuckDB-WASM's Node bundle against real loader output)
//   4. a clean, atomic, offline build
//   5. vitest: browser tests in Chromium against the built site on 127.0.0.1
// Each non-vitest step counts as one test in the closing line, so a type error or a failed build cannot hide.
import {spawnSync} from "node:child_process";
import {existsSync, mkdirSync, readFileSync, rmSync} from "node:fs";
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

function step(name: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, {cwd: ROOT, stdio: "inherit", env: {...process.env, TZ: "UTC", ...env}});
  return r.status === 0;
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
if (!only || only === "e2e") {
  // Chromium first: the build uses it too (scripts/prerender.ts draws each page's first-view charts into the HTML).
  const chromium = step("test dependencies (Chromium, pdftotext)", "bash", ["scripts/ensure-test-deps.sh"]);
  check("test dependencies available", chromium);
  if (!only) check("clean build", step("clean build", process.execPath, ["--import", "tsx", "scripts/build.ts"]));
  if (chromium) vitest("e2e", "vitest.e2e.config.ts");
}

if (failures.length) console.log(`\nFailures:\n  ${failures.join("\n  ")}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
