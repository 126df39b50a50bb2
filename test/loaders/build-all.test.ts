// The build's data step (scripts/build-data.ts → loaders/build-all.ts) builds every loader entrypoint's output in one
// process from shared tables; the build publishes those bytes instead of running each entrypoint. So they must be
// exactly the bytes each entrypoint writes on its own, for every entrypoint; and bad input fails it the same way.
import {spawn, spawnSync} from "node:child_process";
import {createHash} from "node:crypto";
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import JSZip from "jszip";
import {afterAll, expect, test} from "vitest";
import {ENTRYPOINTS} from "../../loaders/outputs.ts";
import {ROOT} from "../../loaders/paths.ts";
import {loaderEntrypoints, runLoaders} from "../helpers/loader-outputs.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));
const tmp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
/** scripts/build-data.ts into `out`, in a child process; resolves with its exit code and stderr. */
function buildData(out: string): Promise<{status: number | null; stderr: string}> {
  return new Promise((done) => {
    const c = spawn(process.execPath, ["--import", "tsx", "scripts/build-data.ts", "--out", out], {cwd: ROOT, stdio: ["ignore", "ignore", "pipe"]});
    let stderr = "";
    c.stderr.on("data", (d: Buffer) => (stderr += d));
    c.on("exit", (status) => done({status, stderr}));
  });
}

test("the registry has one output per Framework entrypoint in src/data/", () => {
  expect(Object.keys(ENTRYPOINTS).map((p) => `${p}.ts`).sort()).toEqual(loaderEntrypoints());
});

test("every output of the one-process data step equals its entrypoint run on its own, byte for byte", async () => {
  const out = join(tmp("re-build-data-"), "out");
  const [r, alone] = await Promise.all([buildData(out), runLoaders({})]);
  expect(r.status, r.stderr).toBe(0);
  const published: Record<string, string> = {};
  const hash = (b: Uint8Array) => `${createHash("sha256").update(b).digest("hex")} ${b.length}`;
  for (const f of readdirSync(out).sort()) {
    const bytes = readFileSync(join(out, f));
    if (!f.endsWith(".zip")) published[f] = hash(bytes);
    else for (const m of Object.values((await JSZip.loadAsync(bytes)).files)) published[`${f.slice(0, -4)}/${m.name}`] = hash(await m.async("uint8array"));
  }
  expect(Object.keys(published).length).toBeGreaterThanOrEqual(30);
  expect(published).toEqual(alone.outputs);
}, 480_000);

test("bad input: the same message (file, row, column, value, fix), exit 1, nothing written", () => {
  const data = tmp("re-build-data-bad-");
  cpSync(join(ROOT, "data/cases/rare-earths"), data, {recursive: true});
  const file = join(data, "china/little_giant_batches.csv");
  writeFileSync(file, readFileSync(file, "utf8").replace("3,2021,2930,", '3,2021,"2,930",'));
  const out = join(tmp("re-build-data-"), "out");
  const message = 'data/cases/rare-earths/china/little_giant_batches.csv, row 4, column "count_firms_announced": not a plain number (value: "2,930"). Fix: write digits only';
  for (const args of [[], ["--no-validate"]]) {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-data.ts", "--out", out, ...args], {cwd: ROOT, encoding: "utf8", env: {...process.env, RE_DATA_DIR: data}});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  }
}, 120_000);
