// The terminal commands run from a bundle (scripts/cli.mjs) that must never be stale: it is rebuilt as soon as a
// file it was built from changes, and reused (not rebuilt) while none does.
import {execFileSync} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, beforeEach, expect, it} from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import {cliBundle} from "../../scripts/cli.mjs";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "re-cli-"));
  mkdirSync(join(root, "scripts"));
  mkdirSync(join(root, "lib"));
  writeFileSync(join(root, "tsconfig.json"), "{}");
  writeFileSync(join(root, "package.json"), JSON.stringify({type: "module"}));
  writeFileSync(join(root, "lib/rate.ts"), "export const RATE: number = 7.1957;\n");
  writeFileSync(join(root, "lib/late.ts"), "export const late = (x: number): string => `late ${x}`;\n");
  writeFileSync(
    join(root, "scripts/tool.ts"),
    `import {RATE} from "../lib/rate.ts";\nconst {late} = await import("../lib/late.ts");\nconst cny: number = Number(process.argv[2]);\nconsole.log((cny / RATE).toFixed(2), late(1));\n`
  );
});
afterEach(() => rmSync(root, {recursive: true, force: true}));

const run = (bundle: string) => execFileSync(process.execPath, [bundle, "71957"], {encoding: "utf8"}).trim();

it("builds once, reuses the bundle while its sources hash the same, rebuilds when one changes", async () => {
  const first = await cliBundle("scripts/tool.ts", {root});
  expect(first.built).toBe(true);
  expect(run(first.bundle)).toBe("10000.00 late 1");
  expect((await cliBundle("scripts/tool.ts", {root})).built).toBe(false);
  // A direct import: 71957 / 7.5 = 9594.27 (by hand: 9594.2666…).
  writeFileSync(join(root, "lib/rate.ts"), "export const RATE: number = 7.5;\n");
  const second = await cliBundle("scripts/tool.ts", {root});
  expect(second.built).toBe(true);
  expect(run(second.bundle)).toBe("9594.27 late 1");
  // A module behind a dynamic import (its own chunk).
  writeFileSync(join(root, "lib/late.ts"), "export const late = (x: number): string => `later ${x + 1}`;\n");
  const third = await cliBundle("scripts/tool.ts", {root});
  expect(third.built).toBe(true);
  expect(run(third.bundle)).toBe("9594.27 later 2");
  // The same bytes written again (a new mtime only): reused.
  writeFileSync(join(root, "lib/rate.ts"), "export const RATE: number = 7.5;\n");
  expect((await cliBundle("scripts/tool.ts", {root})).built).toBe(false);
});

it("rebuilds when the bundle itself was changed or removed", async () => {
  const {bundle} = await cliBundle("scripts/tool.ts", {root});
  writeFileSync(bundle, readFileSync(bundle, "utf8").replace("7.1957", "8"));
  expect((await cliBundle("scripts/tool.ts", {root})).built).toBe(true);
  expect(run(bundle)).toBe("10000.00 late 1");
  rmSync(bundle);
  expect((await cliBundle("scripts/tool.ts", {root})).built).toBe(true);
  expect(run(bundle)).toBe("10000.00 late 1");
});
