// The published files and the entrypoints that build them (loaders/outputs.ts): every data file a page loads is in
// the registry; Framework 1.13 serves each from the entrypoint we expect (a folder's tables out of its archive
// src/data/<folder>.zip.ts, top-level files from src/data/<file>.ts); `loaders/run-one.ts` builds one table alone.
import {spawnSync} from "node:child_process";
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import JSZip from "jszip";
import {afterAll, describe, expect, test} from "vitest";
import {allOutputs, ARCHIVES, FILES} from "../../loaders/outputs.ts";
import {ROOT} from "../../loaders/paths.ts";

interface FrameworkLoader {
  path: string;
  constructor: {name: string};
}
const {LoaderResolver} = (await import(join(ROOT, "node_modules/@observablehq/framework/dist/loader.js"))) as {
  LoaderResolver: new (o: {root: string; interpreters?: Record<string, string[]>}) => {find(path: string): FrameworkLoader | undefined};
};
const resolver = new LoaderResolver({root: join(ROOT, "src")});
const published = Object.keys(await allOutputs()).sort();

/** Every `FileAttachment("data/….arrow")` in the pages and components. */
function attachments(): string[] {
  const found = new Set<string>();
  for (const f of readdirSync(join(ROOT, "src"), {recursive: true}) as string[]) {
    if (!/\.(md|ts|js)$/.test(f) || f.startsWith("data/") || f.startsWith(".observablehq")) continue;
    // Code only: a doc comment may show an example path (src/components/duckdb.ts does).
    const code = readFileSync(join(ROOT, "src", f), "utf8").split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).join("\n");
    for (const m of code.matchAll(/FileAttachment\(\s*"data\/([^"]+\.arrow)"/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

describe("published files", () => {
  test("every Arrow file a page loads is built by the registry", () => {
    const used = attachments();
    expect(used.length).toBeGreaterThanOrEqual(20);
    expect(published).toEqual(expect.arrayContaining(used));
  });

  test("Framework resolves each to the expected entrypoint: a folder's archive, or the file's own loader", () => {
    for (const path of published) {
      const loader = resolver.find(`/data/${path}`);
      expect(loader, path).toBeDefined();
      const folder = path.includes("/") ? path.split("/")[0]! : null;
      if (folder) {
        expect(loader!.constructor.name, path).toBe("ZipExtractor");
        expect(loader!.path, path).toBe(`data/${folder}.zip.ts`);
      } else {
        expect(loader!.constructor.name, path).toBe("CommandLoader");
        expect(loader!.path, path).toBe(`data/${path}.ts`);
      }
    }
  });

  test("no per-table loader is left inside an archived folder (it would shadow the archive)", () => {
    for (const folder of Object.keys(ARCHIVES)) {
      expect(existsSync(join(ROOT, "src/data", `${folder}.zip.ts`)), folder).toBe(true);
      expect(existsSync(join(ROOT, "src/data", folder)), `src/data/${folder}/`).toBe(false);
    }
    for (const file of Object.keys(FILES)) expect(existsSync(join(ROOT, "src/data", `${file}.ts`)), file).toBe(true);
  });
});

describe("loaders/run-one.ts", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["--import", "tsx", "loaders/run-one.ts", ...args], {cwd: ROOT, env: {...process.env, ...env}, maxBuffer: 64 * 1024 * 1024});

  test("writes the same bytes as the table in its folder's archive", async () => {
    const one = run(["china/tier_counts"]);
    expect(one.stderr.toString()).toBe("");
    expect(one.status).toBe(0);
    const zip = spawnSync(process.execPath, ["--import", "tsx", "src/data/china.zip.ts"], {cwd: ROOT, maxBuffer: 64 * 1024 * 1024});
    expect(zip.status).toBe(0);
    const member = await (await JSZip.loadAsync(zip.stdout)).file("tier_counts.arrow")!.async("nodebuffer");
    expect(member.length).toBeGreaterThan(500);
    expect(Buffer.compare(one.stdout, member)).toBe(0);
  }, 60_000);

  test("bad input: the build's message, exit 1, no output", () => {
    const dir = mkdtempSync(join(tmpdir(), "re-run-one-"));
    dirs.push(dir);
    cpSync(join(ROOT, "data/cases/rare-earths"), dir, {recursive: true});
    const file = join(dir, "china/little_giant_batches.csv");
    writeFileSync(file, readFileSync(file, "utf8").replace("3,2021,2930,", '3,2021,"2,930",'));
    const r = run(["data/china/little_giant_batches.arrow"], {RE_DATA_DIR: dir});
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr.toString()).toContain('data/cases/rare-earths/china/little_giant_batches.csv, row 4, column "count_firms_announced": not a plain number (value: "2,930")');
  }, 60_000);

  test("an unknown table lists the known ones and exits 2", () => {
    const r = run(["china/nope"]);
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr.toString()).toContain('unknown table "china/nope"');
    expect(r.stderr.toString()).toContain("china/tier_counts.arrow");
  }, 60_000);
});
