// The build keeps Framework's library bundles (cache/_node) between builds, and nothing else: only bundles written
// by the last successful build, with the same lockfile, installed tree and Framework version, byte for byte.
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {afterAll, describe, expect, test} from "vitest";
import {libraryCacheKey, prepareCache, writeLibraryManifest} from "../../scripts/library-cache.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "re-libcache-"));
  dirs.push(d);
  return d;
}
function put(path: string, text: string): void {
  mkdirSync(dirname(path), {recursive: true});
  writeFileSync(path, text);
}

/** A cache as a finished build leaves it: library bundles, loader outputs, npm version folders, client bundles. */
function builtCache(key: string): string {
  const cache = join(tmp(), "cache");
  put(join(cache, "_node/d3-array@3.2.5/index.js"), "export const a = 1;");
  put(join(cache, "_node/@observablehq/plot@0.6.17/index.js"), 'import "../../d3-array@3.2.5/index.js";');
  put(join(cache, "data/china.zip"), "zip");
  put(join(cache, "data/china/tier_counts.arrow"), "arrow");
  put(join(cache, "data/sources.arrow"), "arrow");
  mkdirSync(join(cache, "_npm/htl@0.3.1"), {recursive: true});
  put(join(cache, "_observablehq/client.js"), "client");
  writeLibraryManifest(cache, key);
  return cache;
}

describe("prepareCache", () => {
  test("same key: keeps every library bundle, deletes every loader output and everything else", () => {
    const cache = builtCache("k1");
    expect(prepareCache(cache, "k1")).toEqual({kept: 2, dropped: 0});
    expect(readFileSync(join(cache, "_node/d3-array@3.2.5/index.js"), "utf8")).toBe("export const a = 1;");
    expect(existsSync(join(cache, "_node/@observablehq/plot@0.6.17/index.js"))).toBe(true);
    for (const gone of ["data", "_npm", "_observablehq"]) expect(existsSync(join(cache, gone)), gone).toBe(false);
  });

  test("the record is consumed: a build that fails or is killed after this point leaves the next one cold", () => {
    const cache = builtCache("k1");
    expect(prepareCache(cache, "k1").kept).toBe(2);
    // no writeLibraryManifest (the build did not finish)
    expect(prepareCache(cache, "k1")).toEqual({kept: 0, dropped: 0});
    expect(existsSync(join(cache, "_node"))).toBe(false);
  });

  test("another key (lockfile, installed tree or Framework changed): no bundle survives", () => {
    const cache = builtCache("k1");
    expect(prepareCache(cache, "k2")).toEqual({kept: 0, dropped: 0});
    expect(existsSync(join(cache, "_node"))).toBe(false);
    expect(existsSync(join(cache, "data"))).toBe(false);
  });

  test("--cold (key null): no bundle survives", () => {
    const cache = builtCache("k1");
    expect(prepareCache(cache, null).kept).toBe(0);
    expect(existsSync(join(cache, "_node"))).toBe(false);
  });

  test("a bundle changed or added since the last good build (truncated by a kill, written by a preview) is deleted", () => {
    const cache = builtCache("k1");
    writeFileSync(join(cache, "_node/d3-array@3.2.5/index.js"), "export const a"); // truncated
    put(join(cache, "_node/d3-dsv@3.0.1/index.js"), "export {}"); // not in the record
    expect(prepareCache(cache, "k1")).toEqual({kept: 1, dropped: 2});
    expect(existsSync(join(cache, "_node/d3-array@3.2.5/index.js"))).toBe(false);
    expect(existsSync(join(cache, "_node/d3-dsv@3.0.1/index.js"))).toBe(false);
    expect(existsSync(join(cache, "_node/@observablehq/plot@0.6.17/index.js"))).toBe(true);
  });

  test("no cache folder yet: creates it, keeps nothing", () => {
    const cache = join(tmp(), "none");
    expect(prepareCache(cache, "k1")).toEqual({kept: 0, dropped: 0});
    expect(existsSync(cache)).toBe(true);
  });
});

describe("libraryCacheKey", () => {
  function project(): string {
    const root = tmp();
    put(join(root, "package-lock.json"), '{"packages": {"node_modules/d3-array": {"version": "3.2.5"}}}');
    put(join(root, "node_modules/.package-lock.json"), '{"packages": {"node_modules/d3-array": {"version": "3.2.5"}}}');
    put(join(root, "node_modules/@observablehq/framework/package.json"), '{"version": "1.13.4"}');
    return root;
  }

  test("is stable, and changes with the lockfile, the installed tree and Framework's version", () => {
    const root = project();
    const key = libraryCacheKey(root);
    expect(libraryCacheKey(root)).toBe(key);
    for (const [file, text] of [
      ["package-lock.json", '{"packages": {"node_modules/d3-array": {"version": "3.2.6"}}}'],
      ["node_modules/.package-lock.json", '{"packages": {"node_modules/d3-array": {"version": "3.2.6"}}}'],
      ["node_modules/@observablehq/framework/package.json", '{"version": "1.13.5"}']
    ] as const) {
      const other = project();
      writeFileSync(join(other, file), text);
      expect(libraryCacheKey(other), file).not.toBe(key);
    }
  });
});
