// A build killed at any point leaves the last good dist/ as it was, and nothing that could be mistaken for output:
// 1. SIGKILL to the whole build (script, Framework, loaders) while Framework is writing the staging folder;
// 2. the next build deletes that dead build's staging folder first thing, and puts back a dist/ that a kill between
//    the two renames of the swap left in .build/dist-old-<pid>;
// 3. SIGTERM to the build script mid-build stops Framework, deletes its staging folder and exits 143.
import {spawn, type ChildProcess} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, readdirSync, readFileSync, renameSync} from "node:fs";
import {join} from "node:path";
import {expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";

const dist = join(ROOT, "dist");
const buildDir = join(ROOT, ".build");

function hashTree(dir: string): string {
  const h = createHash("sha256");
  for (const f of (readdirSync(dir, {recursive: true}) as string[]).sort()) {
    h.update(f);
    try {
      h.update(readFileSync(join(dir, f)));
    } catch {
      /* a directory */
    }
  }
  return h.digest("hex");
}

async function until(what: string, ok: () => boolean, timeout = 240_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The build in its own process group, so the test can kill all of it like a closed terminal would. */
function startBuild(): {child: ChildProcess; staging: string; stderr: () => string; exit: Promise<number | null>} {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/build.ts"], {cwd: ROOT, detached: true, stdio: ["ignore", "ignore", "pipe"]});
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d));
  const exit = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return {child, staging: join(buildDir, `dist-${child.pid}`), stderr: () => stderr, exit};
}

const writing = (staging: string) => () => existsSync(staging) && readdirSync(staging, {recursive: true}).length > 0;

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

test("SIGKILL and SIGTERM mid-build leave dist/ intact and no staging folder behind", async () => {
  expect(existsSync(join(dist, "index.html"))).toBe(true);
  const before = hashTree(dist);

  // 1. SIGKILL everything while Framework writes the staging folder.
  const a = startBuild();
  await until("the first build to write its staging folder", writing(a.staging));
  process.kill(-a.child.pid!, "SIGKILL");
  await a.exit;
  await until("the killed build's processes to end", () => !groupAlive(a.child.pid!), 10_000);
  expect(hashTree(dist)).toBe(before);
  expect(existsSync(a.staging)).toBe(true); // nothing runs after a SIGKILL: the next build cleans up

  // As if the kill had come between the swap's two renames: dist/ moved aside, the new one not yet in place.
  const aside = join(buildDir, `dist-old-${a.child.pid}`);
  renameSync(dist, aside);

  // 2. The next build restores dist/ and deletes the dead staging folder before it starts; 3. then SIGTERM it.
  const b = startBuild();
  await until("the second build to write its staging folder", writing(b.staging));
  expect(existsSync(a.staging)).toBe(false);
  expect(existsSync(aside)).toBe(false);
  expect(b.stderr()).toContain(`build: restored dist/ from dist-old-${a.child.pid} (a build was killed while swapping)`);
  expect(hashTree(dist)).toBe(before);
  process.kill(b.child.pid!, "SIGTERM");
  expect(await b.exit).toBe(143);
  expect(b.stderr()).toContain("build interrupted (SIGTERM). dist/ was left as it was.");
  expect(existsSync(b.staging)).toBe(false);
  // Framework is stopped before the folder is deleted; a loader it started may finish writing its cache entry.
  await until("the interrupted build's processes to end", () => !groupAlive(b.child.pid!), 30_000);
  expect(existsSync(b.staging)).toBe(false);
  expect(readdirSync(buildDir).filter((d) => /^(dist|data)-/.test(d))).toEqual([]);
  expect(hashTree(dist)).toBe(before);
}, 600_000);
