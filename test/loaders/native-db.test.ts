// The terminal commands query native DuckDB (loaders/native-db.ts) instead of DuckDB-WASM. Same SQL, same rows: every
// query of every page's default view (src/queries/plans.ts) runs in both engines over the same tables and must return
// the same rows; and `npm run gaps` / `npm run scenario` print byte for byte what they printed with DuckDB-WASM
// (RE_CLI_ENGINE=wasm, the path before) on the same data.
import {execFileSync} from "node:child_process";
import {beforeAll, describe, expect, it} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {devSite, NativeDatabase} from "../../loaders/native-db.ts";
import {ENTRYPOINTS} from "../../loaders/outputs.ts";
import {SiteBuild} from "../../loaders/site.ts";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";
import type {Row} from "../../src/lib/rows.ts";
import {PAGE_PLANS} from "../../src/queries/plans.ts";
import {query, type Query} from "../../src/queries/query.ts";

let wasm: NodeDatabase;
let native: NativeDatabase;
const site = new SiteBuild();

beforeAll(async () => {
  wasm = await site.allTables();
  native = await NativeDatabase.open();
  const {tables} = await site.scenarios();
  await native.insert({...(await site.tables()), figures: await site.figures(), datasets: await site.datasets(), corrections: await site.corrections(), ...tables});
});

describe("native DuckDB answers the pages' queries as DuckDB-WASM does", () => {
  for (const page of Object.keys(PAGE_PLANS)) {
    it(`every default query of ${page}`, async () => {
      const compared: string[] = [];
      await PAGE_PLANS[page as keyof typeof PAGE_PLANS]!({
        async query<T extends Row = Row>(q: Query): Promise<T[]> {
          const expected = wasm.query<T>(q);
          expect(await native.query<T>(q), `${page}: query ${q.name}`).toEqual(expected);
          compared.push(q.name);
          return expected;
        }
      });
      expect(compared.length).toBeGreaterThan(0);
    });
  }

  it("binds parameters and converts values as DuckDB-WASM does", async () => {
    const q = query("probe", `SELECT ? AS i, ? AS d, ? AS s, ? AS b, ?::VARCHAR AS n, count(*) AS c, [1, 2]::INTEGER[] AS l, DATE '2020-01-02' AS day, 7 // 2 AS idiv, ? / 2 AS half`, [2020, 0.25, "x", true, null, 5]);
    expect(await native.query(q)).toEqual(wasm.query(q));
    expect(await native.query(q)).toEqual([{i: 2020, d: 0.25, s: "x", b: true, n: null, c: 1, l: [1, 2], day: Date.UTC(2020, 0, 2), idiv: 3, half: 2.5}]);
  });

  it("fails on HUGEINT and DECIMAL results, as the pages do", async () => {
    const huge = query("huge", "SELECT sum(x) AS s FROM (VALUES (1::INTEGER)) t(x)");
    expect(() => wasm.query(huge)).toThrow(/HUGEINT\/DECIMAL/);
    await expect(native.query(huge)).rejects.toThrow(/HUGEINT\/DECIMAL/);
    await expect(native.query(query("dec", "SELECT 0.5 AS d"))).rejects.toThrow(/HUGEINT\/DECIMAL/);
  });
});


describe("npm run dev's data step (native DuckDB) publishes what the build publishes (DuckDB-WASM)", () => {
  it("every output, byte for byte: the scenario tables and the build-time answers included", async () => {
    const dev = devSite();
    const compared: string[] = [];
    for (const [path, build] of Object.entries(ENTRYPOINTS)) {
      const [a, b] = [await build(dev), await build(site)];
      // The SBIR tables' dictionaries too: their ids are the columns' positions (loaders/dictionary.ts), not Arrow's
      // per-process counter, so a second build gives the same bytes.
      expect(Buffer.from(a).equals(Buffer.from(b)), `${path}: ${a.length} bytes with native DuckDB, ${b.length} with DuckDB-WASM`).toBe(true);
      compared.push(path);
    }
    expect(compared).toEqual(expect.arrayContaining(["answers.zip", "scenarios.zip", "figures.arrow", "sbir_awards.arrow", "sbir_relevant.arrow"]));
  }, 180_000);
});

describe("the terminal commands print the same with native DuckDB as with DuckDB-WASM", () => {
  // DuckDB-WASM through tsx (the sources as they are); native DuckDB as `npm run` runs it, from scripts/cli.mjs's bundle.
  const run = (engine: string, script: string, args: string[]) =>
    execFileSync(process.execPath, engine === "wasm" ? ["--import", "tsx", script, ...args] : ["scripts/cli.mjs", script.replace(/^scripts\/|\.ts$/g, ""), ...args], {cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: {...process.env, RE_CLI_ENGINE: engine}});
  const cases: [string, string[]][] = [
    ["scripts/gaps.ts", []],
    ["scripts/gaps.ts", ["--estimate", "--us-scope", "sbir", "--json"]],
    ["scripts/scenario.ts", ["diff", "baseline", "us-sme-pipeline"]]
  ];
  for (const [script, args] of cases) {
    it(`${script} ${args.join(" ")}`, () => {
      const before = run("wasm", script, args);
      expect(before.split("\n").length).toBeGreaterThan(5);
      expect(run("native", script, args)).toBe(before);
    }, 120_000);
  }
});
