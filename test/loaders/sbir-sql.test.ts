import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {parse} from "csv-parse/sync";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {classifyAward} from "../../src/lib/sbir-rules.ts";
import {readAgencies, readRules} from "../../loaders/sbir/config.ts";
import {loadSbirAwards} from "../../loaders/sbir/load.ts";
import {LAYOUTS} from "../../loaders/sbir/layout.ts";
import {SQL_DIR, runScript, sbirVariablesSql, sqlFile} from "../../loaders/sbir/sql.ts";
import {loadSources} from "../../loaders/sources.ts";
import {arrowToRows} from "../../src/lib/rows.ts";

// The SBIR ingest's SQL files run as they are: one script = the SET VARIABLE statements + the files' text, as the
// DuckDB CLI would run them (`.read`), here through @duckdb/node-api.
const root = resolve(__dirname, "../..");
const rules = readRules(join(root, "data/cases/rare-earths/sbir/rules.csv"));
const agencies = readAgencies(join(root, "data/cases/rare-earths/sbir/agencies.csv"), loadSources());
const STEPS = ["1-setup.sql", "2-macros.sql", "3-stage.sql", "4-check.sql", "5-rules.sql", "6-cites.sql", "7-output.sql"];

/** Runs the variables and then `files` as one script; returns the rows of `query` (or of the last statement). */
async function script(csv: string, files: string[], query?: string, variables = ""): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    const text = [sbirVariablesSql({csv, layout: "current", agencies, rules, cite: {sourceId: "sbir-gov-award-data"}}), variables, ...files.map(sqlFile), query ?? ""].join("\n");
    return await runScript(conn, text);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "sbir-sql-"));
});
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

/** A current-layout CSV with one award per [title, abstract, topic]; other cells valid and fixed. */
function awardsCsv(texts: [string, string, string][]): string {
  const header = LAYOUTS.current;
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = texts.map(([title, abstract, topic], i) =>
    header.map((c) => q(({"Company": `Co ${i}`, "Award Title": title, "Agency": "Department of Energy", "Phase": "Phase I", "Program": "SBIR", "Agency Tracking Number": `T-${i + 1}`, "Contract": "C", "Topic Code": topic, "Award Year": "2024", "Award Amount": "1,000", "Abstract": abstract} as Record<string, string>)[c] ?? "")).join(",")
  );
  const file = join(tmp, `awards-${texts.length}.csv`);
  writeFileSync(file, [header.map(q).join(","), ...lines, ""].join("\n"));
  return file;
}

describe("SBIR SQL files", () => {
  it("read only variables that sql.ts or the files themselves set", () => {
    const set = new Set([...sbirVariablesSql({csv: "x.csv", layout: "current", agencies, rules, cite: {sourceId: "s"}}).matchAll(/SET VARIABLE (\w+)/g)].map((m) => m[1]));
    const files = readdirSync(SQL_DIR).filter((f) => f.endsWith(".sql"));
    expect(files.sort()).toEqual([...STEPS, "cells-parquet.sql", "cite-problems.sql", "duplicates.sql", "problems.sql"].sort());
    for (const f of files) for (const m of sqlFile(f).matchAll(/SET VARIABLE (\w+)/g)) set.add(m[1]);
    set.add("sbir_parquet"); // the caller sets it when running cells-parquet.sql (see that file)
    const read = new Set(files.flatMap((f) => [...sqlFile(f).matchAll(/getvariable\('(\w+)'\)/g)].map((m) => m[1])));
    expect([...read].filter((v) => !set.has(v))).toEqual([]);
    expect([...read].sort()).toEqual(["sbir_agencies", "sbir_cites", "sbir_columns", "sbir_csv", "sbir_parquet", "sbir_prefilter_abstract", "sbir_prefilter_title", "sbir_prefilter_topic", "sbir_rule_hits_sql", "sbir_rules", "sbir_source_id", "sbir_stage_order", "sbir_states"]);
  });

  it("as one script, give the loader's table on a fixture", async () => {
    const file = join(root, "test/fixtures/sbir/current-layout.csv");
    const rows = await script(file, STEPS, "SELECT * EXCLUDE (pos) FROM sbir_output ORDER BY pos;");
    const loaded = arrowToRows((await loadSbirAwards({file, sourceId: "sbir-gov-award-data", log: () => {}})).table);
    expect(rows).toEqual(loaded);
    expect(rows.map((r) => [r.award_id, r.matched_rules])).toEqual([
      ["DOE:0000270001:DE-SC0099999", null],
      ["DoD:A21-001-0042:W911NF-22-C-0001", "dysprosium;terbium;ndfeb;magnet"],
      ["NSF:2151234:2151234", null]
    ]);
  });

  it("over Parquet (cells-parquet.sql), give the same table as over CSV, and the same record numbers", async () => {
    // The extract as two Parquet files (records 1-280, 281-560) read through one glob, every column VARCHAR under
    // the export's header, written by DuckDB from the CSV.
    const parquet = join(tmp, "extract-*.parquet");
    const extract = join(root, "data/cases/rare-earths/sbir/extract.csv");
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const csv = `read_csv('${extract}', all_varchar = true, header = true)`;
    await conn.run(`COPY (SELECT * FROM ${csv} LIMIT 280) TO '${join(tmp, "extract-1.parquet")}'`);
    await conn.run(`COPY (SELECT * FROM ${csv} OFFSET 280) TO '${join(tmp, "extract-2.parquet")}'`);
    conn.closeSync();
    instance.closeSync();
    const output = "SELECT * EXCLUDE (pos) FROM sbir_output ORDER BY pos;";
    const viaParquet = await script("", [...STEPS.slice(0, 2), "cells-parquet.sql", ...STEPS.slice(2)], output, `SET VARIABLE sbir_parquet = '${parquet}';`);
    const viaCsv = await script(extract, STEPS, output);
    expect(viaParquet).toHaveLength(560);
    expect(viaParquet).toEqual(viaCsv);
    // Record numbers run on across the files: record 300 is the 20th row of the second file.
    const records = await script("", [...STEPS.slice(0, 2), "cells-parquet.sql"], "CREATE TABLE d AS SELECT * FROM sbir_cells(); SELECT (rowid + 1)::INTEGER AS record, tracking FROM d WHERE rowid IN (0, 299) ORDER BY rowid;", `SET VARIABLE sbir_parquet = '${parquet}';`);
    const trackings = (parse(readFileSync(extract)) as string[][]).slice(1).map((r) => r[6]);
    expect(records).toEqual([{record: 1, tracking: trackings[0]}, {record: 300, tracking: trackings[299]}]);
  });

  it("problems.sql returns each bad cell with its record number, in file order", async () => {
    const rows = await script(join(root, "test/fixtures/sbir/bad-date.csv"), [...STEPS.slice(0, 4), "problems.sql"]);
    // bad-date.csv: record 2 (BAD-DATE-2) has Proposal Award Date 13/45/2022; nothing else is wrong.
    expect(rows).toEqual([
      {kind: "problem", record: 2, tracking: "BAD-DATE-2", cell: "award_date", check_order: 7, value: "13/45/2022", n: null},
      {kind: "count", record: null, tracking: null, cell: "award_date", check_order: 7, value: null, n: 1}
    ]);
  });

  it("match the keyword rules as the JavaScript matcher does (5-rules.sql vs classifyAward)", async () => {
    const texts: [string, string, string][] = [
      ["Terbium and ytterbium", "", ""],
      ["ytterbium fiber laser", "", ""],
      ["Magnets for motors", "Rare-Earth-free permanent magnets", ""],
      ["Magnets for motors", "A permanent magnet motor.", ""],
      ["", "NdFeB / Nd-Fe-B / Nd2Fe14B", ""],
      ["Recycling", "Recycled rare earths; solvent extraction of lanthanides", ""],
      ["", "sm2co17 samarium-cobalt and BASTNAESITE", ""],
      ["", "Lanthanide\nseparation", ""],
      ["", "electromagnetic magnetometer", "RARE EARTH-01"],
      ["Rare earth ore deposits", "neodymium-iron-boron", ""],
      ["", "café rare earth", ""],
      ["it's \"quoted\"", "Dy_terbium rare_earth", ""]
    ];
    const file = awardsCsv(texts);
    const rows = await script(file, STEPS.slice(0, 5), "SELECT s.tracking, c.re_relevant, c.matched_rules, c.stages FROM sbir_staged s LEFT JOIN sbir_classes c ON c.rid = s.rowid ORDER BY s.tracking;");
    const sql = new Map(rows.map((r) => [r.tracking, {re_relevant: r.re_relevant ?? false, matched_rules: r.matched_rules ?? null, stages: r.stages ?? null}]));
    texts.forEach(([title, abstract, topic], i) => expect(sql.get(`T-${i + 1}`), `award ${i + 1}`).toEqual(classifyAward(rules, {title, abstract, topic})));
    // By hand, from data/cases/rare-earths/sbir/rules.csv:
    expect(sql.get("T-1")).toEqual({re_relevant: true, matched_rules: "terbium", stages: "unknown"});
    expect(sql.get("T-2")?.re_relevant).toBe(false);
    expect(sql.get("T-3")).toEqual({re_relevant: true, matched_rules: "rare-earth;permanent-magnet;magnet", stages: "magnets"});
    expect(sql.get("T-4")?.re_relevant).toBe(false); // context rules alone
    expect(sql.get("T-6")).toEqual({re_relevant: true, matched_rules: "rare-earth;lanthanide;solvent-extraction;recycling", stages: "separation;recycling"});
    expect(sql.get("T-9")).toEqual({re_relevant: true, matched_rules: "rare-earth", stages: "unknown"});
  });
});
