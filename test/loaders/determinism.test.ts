// Loader outputs are a function of the inputs only: every Framework loader entrypoint, run twice in separate
// processes, once with the clock 1000 days ahead, another time zone and locale, and a different Math.random,
// writes byte-identical Arrow files. (test/e2e/determinism.test.ts checks the built dist/ against a fresh run.)
import {readdirSync} from "node:fs";
import {join} from "node:path";
import {expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {PERTURB, runLoaders} from "../helpers/loader-outputs.ts";

test("every loader entrypoint writes the same bytes under another clock, time zone, locale and random seed", async () => {
  const [a, b] = await Promise.all([
    runLoaders({TZ: "UTC", LANG: "C.UTF-8", LC_ALL: "C.UTF-8"}),
    runLoaders({TZ: "Asia/Shanghai", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8"}, [PERTURB])
  ]);
  // The two runs really did differ.
  expect(a.conditions.now).not.toBe(b.conditions.now);
  expect(a.conditions.timeZone).toBe("UTC");
  expect(b.conditions.timeZone).toBe("Asia/Shanghai");
  expect(a.conditions.random).not.toBe(b.conditions.random);
  // Every entrypoint ran, and wrote the same bytes both times.
  const entries = (readdirSync(join(ROOT, "src/data"), {recursive: true}) as string[]).filter((f) => f.endsWith(".arrow.ts")).sort();
  expect(entries.length).toBeGreaterThanOrEqual(23);
  expect(Object.keys(a.outputs).sort()).toEqual(entries);
  expect(b.outputs).toEqual(a.outputs);
}, 120_000);
