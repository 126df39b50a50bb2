// `npm run dev` serves its previous run's outputs only while what they read hashes the same (scripts/dev-cache.ts).
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {codeKey, hashReads, keepFreshOutputs, readManifest, writeManifest} from "../../scripts/dev-cache.ts";

let dir: string;
let out: string;
let data: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "re-dev-cache-"));
  out = join(dir, "out");
  data = join(dir, "data");
  mkdirSync(out);
  mkdirSync(join(data, "scenarios"), {recursive: true});
  writeFileSync(join(data, "support.csv"), "tier,central_cny\nlittle_giant,6000000\n");
  writeFileSync(join(data, "scenarios/baseline.json"), "{}");
  writeFileSync(join(data, "sources.csv"), "source_id\nmiit\n");
  for (const o of ["assumptions.zip", "scenarios.zip", "sources.arrow"]) writeFileSync(join(out, o), `bytes of ${o}`);
  writeManifest(out, {
    key: codeKey(),
    built: "2026-12-07T19:00:00.000Z",
    outputs: {
      "assumptions.zip": hashReads([join(data, "support.csv"), join(data, "sources.csv")]),
      "scenarios.zip": hashReads([join(data, "support.csv"), `${join(data, "scenarios")}/`, join(data, "scenarios/missing.json")]),
      "sources.arrow": hashReads([join(data, "sources.csv")])
    }
  });
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

const kept = () => Object.keys(keepFreshOutputs(out)?.outputs ?? {}).sort();
const files = () => ["assumptions.zip", "scenarios.zip", "sources.arrow"].filter((o) => existsSync(join(out, o)));

describe("dev-cache: the outputs of the last run kept only while their inputs are unchanged", () => {
  it("keeps every output when nothing changed, even when files were rewritten with the same bytes", () => {
    writeFileSync(join(data, "support.csv"), readFileSync(join(data, "support.csv")));
    expect(kept()).toEqual(["assumptions.zip", "scenarios.zip", "sources.arrow"]);
    expect(files()).toEqual(["assumptions.zip", "scenarios.zip", "sources.arrow"]);
    expect(readManifest(out)!.built).toBe("2026-12-07T19:00:00.000Z");
  });

  it("drops the outputs that read a changed file, and deletes them", () => {
    writeFileSync(join(data, "support.csv"), "tier,central_cny\nlittle_giant,8000000\n");
    expect(kept()).toEqual(["sources.arrow"]);
    expect(files()).toEqual(["sources.arrow"]);
    expect(Object.keys(readManifest(out)!.outputs)).toEqual(["sources.arrow"]);
  });

  it("drops an output when a file appears in a folder it listed, or a file it found missing appears", () => {
    writeFileSync(join(data, "scenarios/mine.json"), "{}");
    expect(kept()).toEqual(["assumptions.zip", "sources.arrow"]);
  });

  it("drops an output when a file it checked for (missing then) appears", () => {
    writeFileSync(join(data, "scenarios/missing.json"), "{}");
    expect(kept()).toEqual(["assumptions.zip", "sources.arrow"]);
  });

  it("drops everything when the code key differs (loader code, packages, environment)", () => {
    const m = readManifest(out)!;
    writeManifest(out, {...m, key: "another"});
    expect(kept()).toEqual([]);
    expect(files()).toEqual([]);
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
  });

  it("drops everything without a manifest, and outputs the manifest does not list", () => {
    writeFileSync(join(out, "stray.arrow"), "x");
    expect(kept()).toEqual(["assumptions.zip", "scenarios.zip", "sources.arrow"]);
    expect(existsSync(join(out, "stray.arrow"))).toBe(false);
    rmSync(join(out, "manifest.json"));
    expect(kept()).toEqual([]);
    expect(files()).toEqual([]);
  });

  it("the code key follows the loaders' environment", () => {
    const before = codeKey();
    process.env.RE_DATA_DIR = data;
    try {
      expect(codeKey()).not.toBe(before);
    } finally {
      delete process.env.RE_DATA_DIR;
    }
    expect(codeKey()).toBe(before);
  });
});
