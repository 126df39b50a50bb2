// Loader outputs are a function of the inputs only: every Framework loader entrypoint, run twice in separate
// processes, once with the clock 1000 days ahead, another time zone and locale, and a different Math.random,
// writes byte-identical Arrow files. (test/e2e/determinism.test.ts checks the built dist/ against a fresh run.)
import {expect, test} from "vitest";
import {allOutputs} from "../../loaders/outputs.ts";
import {loaderEntrypoints, PERTURB, runLoaders} from "../helpers/loader-outputs.ts";

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
  // Every entrypoint ran (single files and folder archives), every published table came out of one, and each wrote
  // the same bytes both times.
  expect(loaderEntrypoints().length).toBeGreaterThanOrEqual(8);
  const published = Object.keys(await allOutputs()).sort();
  expect(published.length).toBeGreaterThanOrEqual(26);
  expect(Object.keys(a.outputs)).toEqual(expect.arrayContaining(published));
  expect(b.outputs).toEqual(a.outputs);
}, 120_000);
