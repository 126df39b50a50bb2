// The bad-input corpus (test/fixtures/bad-inputs/manifest.ts) against the real loaders: each case breaks one file in
// a copy of data/, and must be rejected with the exact message the manifest gives (file, row, column, value, fix),
// by the loader and by the pre-build validation (the build's first step, so dist/ is never touched), and the
// loader entrypoint must exit non-zero without writing a byte of output. Plus: CRLF files load identically.
import {spawnSync} from "node:child_process";
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, afterEach, describe, expect, test} from "vitest";
import {toIpcStream} from "../../loaders/arrow.ts";
import {ASSUMPTION_TABLES, buildAssumptionTable, loadAssumptions} from "../../loaders/assumptions/load.ts";
import {buildChinaTable, CHINA_TABLES, loadChina} from "../../loaders/china/load.ts";
import {buildChainTables, contextStages, loadChain} from "../../loaders/chain/load.ts";
import {buildCorrectionsTable} from "../../loaders/corrections.ts";
import {MAX_CELL_BYTES} from "../../loaders/csv.ts";
import {DataError} from "../../loaders/errors.ts";
import {buildMacroLongTable, buildMacroTable, loadMacro, MACRO_TABLES} from "../../loaders/macro/load.ts";
import {ROOT} from "../../loaders/paths.ts";
import {sbirAwardsTable} from "../../loaders/sbir/load.ts";
import {buildSourcesTable, loadSources} from "../../loaders/sources.ts";
import {buildToolTable, loadTools, TOOL_TABLES} from "../../loaders/tools/load.ts";
import {buildUsTable, loadUs, US_TABLES} from "../../loaders/us/load.ts";
import {validateAll} from "../../loaders/validate.ts";
import {BAD_INPUTS, type BadInput, type Group} from "../fixtures/bad-inputs/manifest.ts";

const quiet = () => {};
const LOADERS: Record<Group, () => unknown> = {
  china: () => loadChina(),
  us: () => loadUs(),
  tools: () => loadTools(),
  sources: () => loadSources(),
  macro: () => loadMacro(),
  assumptions: () => loadAssumptions(),
  sbir: () => sbirAwardsTable(quiet)
};
/** The Framework loader entrypoint of each group (a folder's archive, or a single file), run as the build runs it. */
const ENTRYPOINTS: Record<Group, string> = {
  china: "src/data/china.zip.ts",
  us: "src/data/us.zip.ts",
  tools: "src/data/tools.zip.ts",
  sources: "src/data/sources.arrow.ts",
  macro: "src/data/macro.zip.ts",
  assumptions: "src/data/assumptions.zip.ts",
  sbir: "src/data/sbir_awards.arrow.ts"
};
const groupOf = (c: BadInput) => c.file.split("/")[0] as Group;
/** The award file itself is read by the SBIR loader during the build (native DuckDB), not by the fast pre-check. */
const onlyAtBuild = (c: BadInput) => c.id.startsWith("sbir extract:");

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));
const original = process.env.RE_DATA_DIR;
afterEach(() => {
  if (original === undefined) delete process.env.RE_DATA_DIR;
  else process.env.RE_DATA_DIR = original;
});

/** A copy of data/ with the case's mistake in it. */
function brokenCopy(c: BadInput): string {
  const dir = mkdtempSync(join(tmpdir(), "re-bad-input-"));
  dirs.push(dir);
  cpSync(join(ROOT, "data/cases/rare-earths"), dir, {recursive: true});
  const path = join(dir, c.file);
  const before = readFileSync(path);
  let after: Uint8Array;
  if ("replace" in c.edit) {
    const [from, to] = c.edit.replace;
    const text = before.toString("utf8");
    if (!text.includes(from)) throw new Error(`${c.id}: "${from}" does not occur in data/${c.file}`);
    after = Buffer.from(text.replace(from, () => to), "utf8");
  } else if ("content" in c.edit) after = typeof c.edit.content === "string" ? Buffer.from(c.edit.content) : c.edit.content;
  else after = c.edit.bytes(before);
  expect(Buffer.compare(Buffer.from(after), before), `${c.id}: the edit changes nothing`).not.toBe(0);
  writeFileSync(path, after);
  return dir;
}

async function errorOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  return null;
}

describe("the corpus itself", () => {
  test("at least 30 cases, unique ids, covering every kind of data file", () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(BAD_INPUTS.map((c) => c.id)).size).toBe(BAD_INPUTS.length);
    expect([...new Set(BAD_INPUTS.map(groupOf))].sort()).toEqual(["assumptions", "china", "macro", "sbir", "sources", "tools", "us"]);
    for (const folder of ["china", "us", "tools", "sources", "macro", "assumptions"]) {
      expect(BAD_INPUTS.filter((c) => c.file.startsWith(`${folder}/`)).length, folder).toBeGreaterThanOrEqual(3);
    }
  });

  test("every expected message names the file, where, and the fix", () => {
    for (const c of BAD_INPUTS) {
      expect(c.expected.length, c.id).toBeGreaterThan(0);
      for (const line of c.expected) {
        expect(line, c.id).toMatch(/^data\/[a-z_/-]+\.csv(, row \d+| , column|, column|:)/);
        expect(line, c.id).toContain(". Fix: ");
      }
    }
  });
});

describe("every bad input is rejected with its message", () => {
  test.each(BAD_INPUTS.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    process.env.RE_DATA_DIR = brokenCopy(c);
    const error = await errorOf(LOADERS[groupOf(c)]);
    expect(error, "the loader accepted the file").toBeInstanceOf(DataError);
    const message = (error as DataError).message;
    // Whole lines, so a truncated expectation cannot pass on a prefix.
    const lines = message.split("\n").map((l) => l.trim());
    for (const line of c.expected) expect(lines).toContain(line);
    // The build's first step rejects it the same way, before Framework runs (so dist/ is never touched).
    if (!onlyAtBuild(c)) {
      const validation = await errorOf(validateAll);
      expect(validation).toBeInstanceOf(DataError);
      expect((validation as DataError).message).toBe(message);
    }
  });
});

describe("a loader entrypoint given bad input writes nothing and exits 1", () => {
  // The first case of each group, through the same entrypoint file Framework runs (its stdout is the Arrow output, or
  // the zip of the folder's Arrow files): one bad table means no archive at all.
  const firsts = (["china", "us", "sources", "macro", "assumptions", "sbir"] as Group[]).map((g) => BAD_INPUTS.find((c) => groupOf(c) === g)!);
  firsts.push(BAD_INPUTS.find(onlyAtBuild)!);
  test.each(firsts.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", ENTRYPOINTS[groupOf(c)]], {cwd: ROOT, env: {...process.env, RE_DATA_DIR: brokenCopy(c)}});
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBe(0);
    const lines = r.stderr.toString("utf8").split("\n").map((l) => l.trim());
    for (const line of c.expected) expect(lines).toContain(line);
  }, 60_000);
});

describe("valid variants are accepted", () => {
  /** Every table the loaders build, as Arrow IPC bytes, from the data folder in RE_DATA_DIR. */
  async function allTables(): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    const put = (name: string, t: Parameters<typeof toIpcStream>[0]) => out.set(name, Buffer.from(toIpcStream(t)));
    const sources = loadSources();
    put("sources", buildSourcesTable(sources));
    const china = loadChina(sources);
    for (const name of Object.keys(CHINA_TABLES) as (keyof typeof CHINA_TABLES)[]) put(`china/${name}`, buildChinaTable(name, china));
    const us = loadUs(sources);
    for (const name of Object.keys(US_TABLES) as (keyof typeof US_TABLES)[]) put(`us/${name}`, buildUsTable(name, us));
    const tools = loadTools(sources);
    for (const name of Object.keys(TOOL_TABLES) as (keyof typeof TOOL_TABLES)[]) put(`tools/${name}`, buildToolTable(name, tools));
    const macro = loadMacro(sources);
    for (const name of Object.keys(MACRO_TABLES) as (keyof typeof MACRO_TABLES)[]) put(`macro/${name}`, buildMacroTable(name, macro));
    put("macro", buildMacroLongTable(macro));
    const assumptions = loadAssumptions(sources);
    for (const name of Object.keys(ASSUMPTION_TABLES) as (keyof typeof ASSUMPTION_TABLES)[]) put(`assumptions/${name}`, buildAssumptionTable(name, assumptions));
    put("corrections", buildCorrectionsTable(sources));
    for (const [name, t] of Object.entries(buildChainTables(loadChain(contextStages(china.rows.value_chain_context))))) put(`chain/${name}`, t);
    put("sbir_awards", await sbirAwardsTable(quiet));
    return out;
  }

  test("CRLF line endings in every input file give byte-identical tables", async () => {
    const lf = await allTables();
    const dir = mkdtempSync(join(tmpdir(), "re-crlf-"));
    dirs.push(dir);
    cpSync(join(ROOT, "data/cases/rare-earths"), dir, {recursive: true});
    let converted = 0;
    for (const f of (readdirSync(dir, {recursive: true}) as string[]).filter((f) => f.endsWith(".csv"))) {
      const text = readFileSync(join(dir, f), "utf8");
      // Only record ends: a line break inside a quoted cell (SBIR abstracts) is data and stays as it is.
      writeFileSync(join(dir, f), toCrlf(text));
      converted++;
    }
    expect(converted).toBe(47); // find data -name "*.csv" | wc -l (the SBIR rules' hand check is read by its own test only)
    process.env.RE_DATA_DIR = dir;
    const crlf = await allTables();
    expect([...crlf.keys()]).toEqual([...lf.keys()]);
    for (const [name, bytes] of lf) expect(Buffer.compare(crlf.get(name)!, bytes), name).toBe(0);
  }, 60_000);

  test(`a cell of exactly ${MAX_CELL_BYTES} bytes is accepted; one byte more is not`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "re-limit-"));
    dirs.push(dir);
    cpSync(join(ROOT, "data/cases/rare-earths"), dir, {recursive: true});
    const file = join(dir, "china/entities.csv");
    const text = readFileSync(file, "utf8");
    const name = "Baotou North Safety Protection Equipment";
    const padded = (n: number) => `${name}${"x".repeat(n - name.length)}`;
    process.env.RE_DATA_DIR = dir;
    writeFileSync(file, text.replace(`${name},`, `${padded(MAX_CELL_BYTES)},`));
    expect(loadChina().rows.entities.find((r) => r.entity_id === "baotou-north-safety")?.name_en).toHaveLength(MAX_CELL_BYTES);
    writeFileSync(file, text.replace(`${name},`, `${padded(MAX_CELL_BYTES + 1)},`));
    expect(() => loadChina()).toThrow(`data/cases/rare-earths/china/entities.csv, row 3, column "name_en": the cell is longer than the limit of ${MAX_CELL_BYTES} bytes per cell`);
  });
});

/** LF → CRLF at record ends only (outside quotes). */
function toCrlf(text: string): string {
  let out = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    out += ch === "\n" && !quoted ? "\r\n" : ch;
  }
  return out;
}
