// Scenario files: the shipped ones validate, the baseline rests on sourced data only, a bad file is reported with
// file, JSON path, value and allowed range, and a file saved from the page goes through the loader unchanged.
import {spawnSync} from "node:child_process";
import {cpSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, test} from "vitest";
import {formatIssue} from "../../loaders/errors.ts";
import {ROOT} from "../../loaders/paths.ts";
import {readScenarioFiles, scenarioContext} from "../../loaders/scenarios/files.ts";
import {allocationIssues, checkScenarioText} from "../../loaders/scenarios/schema.ts";
import {adjustmentsOf, adjustScenario, scenarioToJson, type Scenario} from "../../src/lib/scenario.ts";
import {savedScenario} from "../../src/lib/scenario-diff.ts";

const ctx = scenarioContext();
const text = (name: string) => readFileSync(join(ROOT, "data/cases/rare-earths/scenarios", `${name}.json`), "utf8");
/** us-sme-pipeline.json as written (its China support says "assumptions": the CSV's values). */
const pipelineFile = JSON.parse(text("us-sme-pipeline"));
/** The same, as the loader reads it (support from data/cases/rare-earths/assumptions/china_support.csv). */
const pipeline = readScenarioFiles(ctx).find((f) => f.scenario.name === "us-sme-pipeline")!.scenario;

/** The messages for a modified copy of us-sme-pipeline.json (same file name, so the name check passes). */
function messages(edit: (j: any) => void, file = "data/cases/rare-earths/scenarios/us-sme-pipeline.json"): string[] {
  const j = structuredClone(pipelineFile) as any;
  edit(j);
  return checkScenarioText(JSON.stringify(j, null, 2), file, ctx).issues.map(formatIssue);
}

function dataCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "re-scenarios-"));
  cpSync(join(ROOT, "data/cases/rare-earths"), dir, {recursive: true});
  return dir;
}

describe("shipped scenarios", () => {
  const files = readScenarioFiles(ctx);

  test("four files validate; each name is its file name", () => {
    expect(files.map((f) => [f.file, f.scenario.name])).toEqual([
      ["data/cases/rare-earths/scenarios/baogang-chain.json", "baogang-chain"],
      ["data/cases/rare-earths/scenarios/baseline.json", "baseline"],
      ["data/cases/rare-earths/scenarios/china-slowdown.json", "china-slowdown"],
      ["data/cases/rare-earths/scenarios/us-sme-pipeline.json", "us-sme-pipeline"]
    ]);
  });

  test("files are stored in canonical form (what Save as scenario writes), but for what they take from the CSV", () => {
    for (const f of files) {
      // The file as written = the scenario the loader read, with the tiers written "assumptions" (whose values and
      // provenance the loader took from data/cases/rare-earths/assumptions/china_support.csv) and the description's {{placeholders}}.
      const written = JSON.parse(text(f.scenario.name));
      const expected = structuredClone(f.scenario) as any;
      expected.description = written.description;
      for (const [t, v] of Object.entries(written.china.tier_support)) {
        if (v !== "assumptions") continue;
        expected.china.tier_support[t] = "assumptions";
        delete expected.provenance[`china.tier_support.${t}`];
      }
      expect(text(f.scenario.name)).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    }
  });

  test("one edit of china_support.csv changes the baseline, its provenance and its description, and nothing fails", () => {
    const dir = dataCopy();
    const csv = join(dir, "assumptions/china_support.csv");
    writeFileSync(csv, readFileSync(csv, "utf8").replace("little_giant,0,6000000,10000000,", "little_giant,0,8000000,10000000,"));
    const prev = process.env.RE_DATA_DIR;
    process.env.RE_DATA_DIR = dir;
    try {
      const read = readScenarioFiles(scenarioContext());
      const baseline = read.find((f) => f.scenario.name === "baseline")!.scenario;
      expect(baseline.china.tier_support.little_giant).toEqual({low_cny: 0, central_cny: 8_000_000, high_cny: 10_000_000});
      // {{china.tier_support.little_giant.central_cny}} in the file → the CSV's value, formatted
      expect(baseline.description).toContain("8,000,000 CNY per key-supported little giant");
      expect(baseline.provenance["china.tier_support.little_giant"]).toMatchObject({kind: "sourced", source_ids: ["cn-baotou-gxj-2025-06"]});
      // the scenarios that are "the baseline plus one change" follow it; china-slowdown keeps its own little giants
      expect(read.find((f) => f.scenario.name === "us-sme-pipeline")!.scenario.china.tier_support.little_giant!.central_cny).toBe(8_000_000);
      expect(read.find((f) => f.scenario.name === "china-slowdown")!.scenario.china.tier_support.little_giant!.central_cny).toBe(3_000_000);
    } finally {
      if (prev === undefined) delete process.env.RE_DATA_DIR;
      else process.env.RE_DATA_DIR = prev;
    }
  });

  test("the baseline's China support equals data/cases/rare-earths/assumptions/china_support.csv, and it places no unnamed firm", () => {
    const baseline = files.find((f) => f.scenario.name === "baseline")!.scenario;
    // china_support.csv: little_giant 0 / 6000000 / 10000000; specialized_new 0 / 0 / 0; tech_innovative 0 / 100000 / 100000
    expect(baseline.china.tier_support).toEqual({
      tech_innovative: {low_cny: 0, central_cny: 100_000, high_cny: 100_000},
      specialized_new: {low_cny: 0, central_cny: 0, high_cny: 0},
      little_giant: {low_cny: 0, central_cny: 6_000_000, high_cny: 10_000_000}
    });
    for (const t of ["tech_innovative", "specialized_new", "little_giant"] as const) {
      const csv = ctx.tierSupport[t]!;
      expect(baseline.china.tier_support[t]).toEqual({low_cny: csv.low_cny, central_cny: csv.central_cny, high_cny: csv.high_cny});
    }
    expect(baseline.china.allocation).toEqual({tech_innovative: {}, specialized_new: {}, little_giant: {}});
  });

  test("every description is a paragraph that cites the source ids it rests on", () => {
    for (const f of files) {
      expect(f.scenario.description.length, f.scenario.name).toBeGreaterThan(400);
      const cited = [...f.scenario.description.matchAll(/\b(?:cn|us)-[a-z0-9-]+[a-z0-9]/g)].map((m) => m[0]);
      expect(cited.length, f.scenario.name).toBeGreaterThan(0);
      for (const id of cited) expect(ctx.sources.has(id), `${f.scenario.name}: ${id}`).toBe(true);
    }
  });
});

describe("a bad file names the file, the JSON path, the value and the allowed range", () => {
  test.each([
    [
      "growth out of range",
      (j: any) => (j.projection.china.tier_growth.little_giant = 1.5),
      "data/cases/rare-earths/scenarios/us-sme-pipeline.json, row projection.china.tier_growth.little_giant: out of range (allowed: -0.5 to 1) (value: 1.5). Fix: use a value from -0.5 to 1 (a yearly rate of change of the number of designated firms: 0.2 = +20% a year)"
    ],
    [
      "a number written as text",
      (j: any) => (j.projection.us_program.attrition = "0.1"),
      'data/cases/rare-earths/scenarios/us-sme-pipeline.json, row projection.us_program.attrition: expected number, got text (value: "0.1"). Fix: write a plain number (no quotes, no separators); see data/cases/rare-earths/scenarios/README.md'
    ],
    [
      "a misspelt field",
      (j: any) => (j.projection.china.tier_grwth = {}),
      "data/cases/rare-earths/scenarios/us-sme-pipeline.json, row projection.china.tier_grwth: unknown field (value: {}). Fix: remove it or correct the spelling (allowed here: tier_growth); see data/cases/rare-earths/scenarios/README.md"
    ],
    [
      "a missing field",
      (j: any) => delete j.projection.us_program.ramp_up_years,
      "data/cases/rare-earths/scenarios/us-sme-pipeline.json, row projection.us_program.ramp_up_years: missing field. Fix: add it (expected number); see data/cases/rare-earths/scenarios/README.md"
    ],
    [
      "a fractional count",
      (j: any) => (j.projection.us_program.tiers.growth.years = 1.5),
      "data/cases/rare-earths/scenarios/us-sme-pipeline.json, row projection.us_program.tiers.growth.years: a whole number is required (allowed: whole numbers from 0 to 10) (value: 1.5). Fix: write a whole number (years a firm is funded in the tier; 0 ends the pipeline before it)"
    ],
    [
      "an unknown status",
      (j: any) => (j.us.statuses = ["obligated", "spent"]),
      'data/cases/rare-earths/scenarios/us-sme-pipeline.json, row us.statuses[1]: not an allowed value (value: "spent"). Fix: use one of: obligated, committed, announced, authority'
    ],
    [
      "low above central",
      (j: any) => (j.china.tier_support.little_giant = {low_cny: 7_000_000, central_cny: 6_000_000, high_cny: 10_000_000}),
      "data/cases/rare-earths/scenarios/us-sme-pipeline.json, row china.tier_support.little_giant.central_cny: low ≤ central ≤ high does not hold (7000000 / 6000000 / 10000000) (value: 6000000). Fix: order the three values"
    ],
    [
      "a base year without a deflator value",
      (j: any) => (j.valuation.base_year = 2030),
      "data/cases/rare-earths/scenarios/us-sme-pipeline.json, row valuation.base_year: no CPI-U value for this year in data/cases/rare-earths/macro/ (allowed: 2010 to 2025) (value: 2030). Fix: choose a year from 2010 to 2025, or add the year to data/cases/rare-earths/macro/"
    ],
    [
      "an unknown stage in the allocation",
      (j: any) => (j.china.allocation.tech_innovative = {unknown: 2}),
      "data/cases/rare-earths/scenarios/us-sme-pipeline.json, row china.allocation.tech_innovative.unknown: unknown field (value: 2). Fix: remove it or correct the spelling (allowed here: exploration, mining, separation, metals, magnets, applications, recycling, rnd, byproducts, support); see data/cases/rare-earths/scenarios/README.md"
    ],
    [
      "a source id not in the registry",
      (j: any) => (j.provenance["projection.us_program.tiers.entry"].source_ids = ["us-nowhere"]),
      'data/cases/rare-earths/scenarios/us-sme-pipeline.json, row provenance.projection.us_program.tiers.entry.source_ids[0]: this source_id is not in the sources registry (value: "us-nowhere"). Fix: add a row for it to data/cases/rare-earths/sources/*.csv, or correct the id'
    ],
    [
      "provenance for something that is not an input",
      (j: any) => (j.provenance["projection.us_program.budget"] = {kind: "assumption", source_ids: [], note: ""}),
      'data/cases/rare-earths/scenarios/us-sme-pipeline.json, row provenance.projection.us_program.budget: not the path of an input or of a group of inputs (value: "projection.us_program.budget"). Fix: use a JSON path such as china.tier_support.little_giant or projection.china.tier_growth.little_giant'
    ],
    [
      "a name that is not the file name",
      (j: any) => (j.name = "us-pipeline"),
      'data/cases/rare-earths/scenarios/us-sme-pipeline.json, row name: the name differs from the file name "us-sme-pipeline" (value: "us-pipeline"). Fix: rename the file to us-pipeline.json or set "name": "us-sme-pipeline"'
    ]
  ])("%s", (_, edit, message) => {
    expect(messages(edit)).toEqual([message]);
  });

  test("the baseline may not leave the sourced support or place unnamed firms", () => {
    const out = messages((j) => {
      Object.assign(j, JSON.parse(text("baseline")));
      j.china.tier_support.little_giant = {low_cny: 0, central_cny: 7_000_000, high_cny: 10_000_000};
      j.china.allocation.specialized_new = {magnets: 1};
    }, "data/cases/rare-earths/scenarios/baseline.json");
    expect(out).toEqual([
      // tiers in pipeline order: specialized & new before little giants
      "data/cases/rare-earths/scenarios/baseline.json, row china.allocation.specialized_new.magnets: the baseline leaves firms whose stage no source states in unknown (value: 1). Fix: remove the allocation, or put it in another scenario",
      'data/cases/rare-earths/scenarios/baseline.json, row china.tier_support.little_giant.central_cny: the baseline must use data/cases/rare-earths/assumptions/china_support.csv (6000000) (value: 7000000). Fix: write "china.tier_support.little_giant": "assumptions" (the CSV\'s values), or put your value in another scenario'
    ]);
  });

  test("a support tier taken from the CSV: a misspelt word, a second provenance, a placeholder that is no input", () => {
    expect(messages((j) => (j.china.tier_support.little_giant = "assumption"))).toEqual([
      'data/cases/rare-earths/scenarios/us-sme-pipeline.json, row china.tier_support.little_giant: not a support range (value: "assumption"). Fix: write {"low_cny": ..., "central_cny": ..., "high_cny": ...}, or "assumptions" to take the values of data/cases/rare-earths/assumptions/china_support.csv'
    ]);
    expect(messages((j) => (j.provenance["china.tier_support.little_giant"] = {kind: "assumption", source_ids: [], note: "mine"}))).toEqual([
      'data/cases/rare-earths/scenarios/us-sme-pipeline.json, row provenance.china.tier_support.little_giant: the tier takes its values from data/cases/rare-earths/assumptions/china_support.csv, and so its provenance (the row\'s source and note) (value: "china.tier_support.little_giant"). Fix: remove this provenance entry'
    ]);
    expect(messages((j) => (j.description += " {{china.tier_support.giant.central_cny}}"))).toEqual([
      'data/cases/rare-earths/scenarios/us-sme-pipeline.json, row description: the placeholder is not the path of an input (value: "{{china.tier_support.giant.central_cny}}"). Fix: use an input path such as {{china.tier_support.little_giant.central_cny}} (data/cases/rare-earths/scenarios/README.md)'
    ]);
  });

  test("invalid JSON says where", () => {
    const r = checkScenarioText('{\n  "name": "x",\n}\n', "data/cases/rare-earths/scenarios/x.json", ctx);
    expect(r.issues.map(formatIssue)).toEqual([
      "data/cases/rare-earths/scenarios/x.json: not valid JSON: Expected double-quoted property name at line 3, column 1. Fix: fix the syntax (double quotes around names and text, no trailing commas, no comments)"
    ]);
  });

  test("placing more unnamed firms than exist (Baogang: 20 innovative, 9 specialized & new, 0 little giants)", () => {
    const s = structuredClone(pipeline);
    s.china.allocation.specialized_new = {magnets: 6, metals: 4};
    expect(allocationIssues("data/cases/rare-earths/scenarios/us-sme-pipeline.json", s, {tech_innovative: 20, specialized_new: 9, little_giant: 0}).map(formatIssue)).toEqual([
      'data/cases/rare-earths/scenarios/us-sme-pipeline.json, row china.allocation.specialized_new: places 10 firms, but only 9 specialized_new firms have no stated stage (allowed: 0 to 9 in total) (value: {"magnets":6,"metals":4}). Fix: place at most 9 firms of this tier'
    ]);
  });

  test("npm run validate fails on a bad scenario file, with the same message", () => {
    const dir = dataCopy();
    const file = join(dir, "scenarios/us-sme-pipeline.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"little_giant": 0.2055', '"little_giant": 1.5'));
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/validate.ts"], {cwd: ROOT, encoding: "utf8", env: {...process.env, RE_DATA_DIR: dir}});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("data/cases/rare-earths/scenarios/us-sme-pipeline.json, row projection.china.tier_growth.little_giant: out of range (allowed: -0.5 to 1) (value: 1.5)");
  });

  test("the build's loader fails on an allocation beyond the unnamed firms (checked against the China rows)", () => {
    const dir = dataCopy();
    const file = join(dir, "scenarios/baogang-chain.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"exploration": 2,', '"exploration": 9,'));
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/data/scenarios.zip.ts"], {cwd: ROOT, encoding: "utf8", env: {...process.env, RE_DATA_DIR: dir}});
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    // 20 placed before, 7 more
    expect(r.stderr).toContain("data/cases/rare-earths/scenarios/baogang-chain.json, row china.allocation.tech_innovative: places 27 firms, but only 20 tech_innovative firms have no stated stage (allowed: 0 to 20 in total)");
  }, 60_000);
});

test("Save as scenario round trip: the page's file goes into data/cases/rare-earths/scenarios/ and the loader accepts it unchanged", () => {
  const adj = adjustmentsOf(pipeline);
  adj.firms_per_stage_per_year = 10;
  adj.tier_growth.little_giant = 0.3;
  adj.support_central.tech_innovative = 150_000;
  adj.stages = ["separation", "magnets"];
  const saved = savedScenario(pipeline, adjustScenario(pipeline, adj), {name: "bigger-pipeline", title: "Twice the intake, two stages", author_note: "test"});
  const dir = dataCopy();
  writeFileSync(join(dir, "scenarios/bigger-pipeline.json"), scenarioToJson(saved));
  const prev = process.env.RE_DATA_DIR;
  process.env.RE_DATA_DIR = dir;
  try {
    const loaded = readScenarioFiles(scenarioContext()).find((f) => f.scenario.name === "bigger-pipeline")!;
    expect(loaded.file).toBe("data/cases/rare-earths/scenarios/bigger-pipeline.json");
    expect(loaded.scenario).toEqual(saved);
    expect(loaded.scenario.projection.us_program).toMatchObject({firms_per_stage_per_year: 10, stages: ["separation", "magnets"]});
    // the support's high widened to the new central (was 100,000)
    expect(loaded.scenario.china.tier_support.tech_innovative).toEqual({low_cny: 0, central_cny: 150_000, high_cny: 150_000});
  } finally {
    if (prev === undefined) delete process.env.RE_DATA_DIR;
    else process.env.RE_DATA_DIR = prev;
  }
});
