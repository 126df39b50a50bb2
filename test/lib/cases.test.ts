// Every case folder is a case the engine accepts: the shipped ones (data/cases/*) and the test ones
// (test/fixtures/cases/*) each validate (`npm run validate -- --case X`, in a child process: the case is fixed per
// process) and have every text and word the pages ask for ({{case:key}} → text/<key>.md, {{term:key}} → case.json
// terms). A case may have no tiers: case.json "tiers": [] parses, and the loaders accept a copy of the test case
// without tiers. docs/cases.md.
import {spawnSync} from "node:child_process";
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";
import {afterAll, describe, expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {parseCase} from "../../src/lib/case.ts";
import {caseTextKeys} from "../../src/lib/case-text.ts";

const PARENTS = [join(ROOT, "data/cases"), join(ROOT, "test/fixtures/cases")];
const CASES = PARENTS.flatMap((p) => (existsSync(p) ? readdirSync(p).map((d) => join(p, d)).filter((d) => existsSync(join(d, "case.json"))) : []));
const TOY = join(ROOT, "test/fixtures/cases/toy-chain");
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

function validate(dir: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/validate.ts", "--case", dir], {cwd: ROOT, encoding: "utf8", env: {...process.env, RE_DATA_DIR: ""}});
}

/** Every page's Markdown under src/ (the pages and the stage template). */
function pageSources(): {page: string; source: string}[] {
  return (readdirSync(join(ROOT, "src"), {recursive: true}) as string[])
    .filter((f) => f.endsWith(".md") && !f.split(/[\\/]/).some((part) => part.startsWith(".")))
    .map((f) => ({page: `src/${f}`, source: readFileSync(join(ROOT, "src", f), "utf8")}));
}

/** The engine's TypeScript: src/, loaders/, scripts/ and the config (not the generated vendor bundles). */
function codeSources(): {page: string; source: string}[] {
  const files = ["src", "loaders", "scripts"].flatMap((d) =>
    (readdirSync(join(ROOT, d), {recursive: true}) as string[]).filter((f) => /\.(ts|js)$/.test(f) && !f.includes("vendor") && !f.split(/[\\/]/).some((p) => p.startsWith("."))).map((f) => `${d}/${f}`)
  );
  return [...files, "observablehq.config.ts"].map((f) => ({page: f.split("\\").join("/"), source: readFileSync(join(ROOT, f), "utf8")}));
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));

describe("the case folders", () => {
  test("there are at least the rare-earth case and the test case", () => {
    const names = CASES.map((d) => relative(ROOT, d).split("\\").join("/"));
    expect(names).toContain("data/cases/rare-earths");
    expect(names).toContain("test/fixtures/cases/toy-chain");
  });

  test.each(CASES.map((d) => [relative(ROOT, d), d]))("%s validates", (_name, dir) => {
    const r = validate(dir);
    expect(r.stderr).toContain("validate: ok");
    expect(r.status).toBe(0);
  }, 60_000);

  test("every case has every text and word a page uses (a list of what is missing, case by case)", () => {
    const used = new Map<string, string[]>(); // key → pages (or modules)
    for (const {page, source} of pageSources()) for (const k of caseTextKeys(source)) used.set(k, [...(used.get(k) ?? []), page]);
    // Components and the config take words with term("key") (src/lib/case.ts).
    for (const {page, source} of codeSources()) for (const m of source.matchAll(/\bterm\("([a-z0-9][a-z0-9_-]*)"\)/g)) used.set(`term:${m[1]}`, [...(used.get(`term:${m[1]}`) ?? []), page]);
    expect(used.size).toBeGreaterThan(10); // the check has something to check
    const missing: string[] = [];
    for (const dir of CASES) {
      const c = readJson(join(dir, "case.json")) as {terms?: Record<string, string>};
      for (const [k, pages] of used) {
        const [kind, key] = k.split(":") as [string, string];
        const has = kind === "case" ? existsSync(join(dir, "text", `${key}.md`)) : key === "title" || key === "subtitle" || c.terms?.[key] !== undefined;
        if (!has) missing.push(`${relative(ROOT, dir)}: {{${k}}} (used by ${[...new Set(pages)].join(", ")})`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("the test case is labelled as test data and its stage and tier ids differ from the rare-earth case's", () => {
    const toy = readJson(join(TOY, "case.json")) as {title: string; stages: {id: string}[]; tiers: {id: string}[]};
    const re = readJson(join(ROOT, "data/cases/rare-earths/case.json")) as typeof toy;
    expect(toy.title).toBe("Test case (made-up data)");
    expect(toy.stages.map((s) => s.id)).toEqual(["quarry", "smelt", "forge", "reuse"]);
    expect(toy.tiers.map((t) => t.id)).toEqual(["sprout", "grove"]);
    const reIds = new Set([...re.stages, ...re.tiers].map((x) => x.id));
    expect([...toy.stages, ...toy.tiers].filter((x) => reIds.has(x.id))).toEqual([]);
  });
});

describe("--case on the terminal commands", () => {
  // `npm run gaps` runs a bundle whose shared chunks read the case before the command's own first import: scripts/cli.mjs
  // sets RE_DATA_DIR first (it once read the rare-earth case's tiers beside the test case's data). The figures are the
  // ones worked out by hand in test/e2e/toy-case.test.ts: China 10,000,000 CNY / 6.4508 × 313.689 / 270.97 at quarrying …
  test("npm run gaps -- --case <the test case> --json: the test case's matched scope, by stage", () => {
    const r = spawnSync(process.execPath, ["scripts/cli.mjs", "gaps", "--case", TOY, "--scope", "chain_central", "--json"], {cwd: ROOT, encoding: "utf8", env: {...process.env, RE_DATA_DIR: ""}});
    expect(r.stderr).toBe("");
    const scope = (JSON.parse(r.stdout) as {scopes: {label: string; rows: {stage: string; china: {ge_usd: number}; us: {ge_usd: number}}[]}[]}).scopes[0]!;
    expect(scope.label).toBe("Toy chain, central and federal support");
    const byStage = Object.fromEntries(scope.rows.map((row) => [row.stage, [Math.round(row.china.ge_usd), Math.round(row.us.ge_usd)]]));
    expect(byStage).toMatchObject({quarry: [1_794_587, 2_315_304], smelt: [3_185_832, 4_287_492], forge: [726_952, 1_544_242]});
  }, 60_000);
});

describe("a case without tiers", () => {
  test('parseCase accepts "tiers": [] (and a case.json without the field)', () => {
    const json = readJson(join(TOY, "case.json"));
    const none = parseCase({...json, tiers: []});
    expect(none.ok && none.value.tiers).toEqual([]);
    const {tiers: _omitted, ...noField} = json;
    const absent = parseCase(noField);
    expect(absent.ok && absent.value.tiers).toEqual([]);
    expect(absent.ok && absent.value.stages.map((s) => s.id)).toEqual(["quarry", "smelt", "forge", "reuse"]);
  });

  test("the loaders accept the test case with its tiers taken out (the tier files then have no rows)", () => {
    const dir = mkdtempSync(join(tmpdir(), "re-no-tiers-"));
    dirs.push(dir);
    cpSync(TOY, dir, {recursive: true});
    const caseJson = readJson(join(dir, "case.json"));
    writeFileSync(join(dir, "case.json"), JSON.stringify({...caseJson, tiers: []}, null, 2));
    // Files of tier rows keep their header only; the rows that name a tier lose it.
    for (const f of ["china/tier_counts.csv", "china/targets.csv", "china/criteria.csv", "china/baogang_portfolio.csv", "assumptions/china_support.csv"])
      writeFileSync(join(dir, f), readFileSync(join(dir, f), "utf8").split("\n")[0] + "\n");
    writeFileSync(
      join(dir, "china/regional_counts.csv"),
      readFileSync(join(dir, "china/regional_counts.csv"), "utf8")
        .replace(/^toyville,(grove|sprout),(\d+),exact,([\d-]+),stock,/gm, "toyville,,$2,exact,$3,stock_$1,")
    );
    writeFileSync(join(dir, "china/entities.csv"), readFileSync(join(dir, "china/entities.csv"), "utf8").replace(/,(grove|sprout),confirmed,/g, ",none_found,candidate,"));
    for (const f of readdirSync(join(dir, "scenarios")).filter((f) => f.endsWith(".json"))) {
      const s = readJson(join(dir, "scenarios", f)) as {china: unknown; projection: {china: {tier_growth: unknown}}; provenance: Record<string, unknown>};
      s.china = {tier_support: {}, allocation: {}};
      s.projection.china.tier_growth = {};
      s.provenance = Object.fromEntries(Object.entries(s.provenance).filter(([k]) => !k.startsWith("china.") && !k.startsWith("projection.china.tier_growth")));
      writeFileSync(join(dir, "scenarios", f), JSON.stringify(s, null, 2));
    }
    const r = validate(dir);
    expect(r.stderr).toContain("validate: ok");
    expect(r.stderr).toMatch(/tier_counts 0, targets 0, criteria 0,.* baogang_portfolio 0,/);
    expect(r.status).toBe(0);
  }, 60_000);

  test("a tier file may be empty only in a case without tiers: the test case with an empty tier_counts.csv fails, naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "re-empty-tiers-"));
    dirs.push(dir);
    cpSync(TOY, dir, {recursive: true});
    writeFileSync(join(dir, "china/tier_counts.csv"), readFileSync(join(dir, "china/tier_counts.csv"), "utf8").split("\n")[0] + "\n");
    const r = validate(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("china/tier_counts.csv, row 2: the file has a header but no data rows");
  }, 60_000);
});
