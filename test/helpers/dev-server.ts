// Helpers for running `npm run dev` (or any Framework preview) in a throw-away copy: the browser test of the analyst's
// loop (test/e2e/dev-loop.test.ts) and the benchmark (bench/dev-loop.ts).
import {execFileSync} from "node:child_process";
import {cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync} from "node:fs";
import {connect, createServer} from "node:net";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {ROOT} from "../../loaders/paths.ts";

/** A temporary copy of the repository (its files, not ignored ones), sharing node_modules by a link; Framework's
 * library bundles and the browser library bundle are copied too (a working copy's state after its first run). */
export function copyRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), "re-dev-loop-"));
  for (const file of execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {cwd: ROOT, encoding: "utf8"}).split("\0").filter(Boolean)) {
    if (!existsSync(join(ROOT, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, file)), {recursive: true});
    cpSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(dir, "node_modules"));
  // Generated, not committed: what a working copy has after its first `npm run dev` or build.
  for (const generated of ["src/.observablehq/cache/_node", "src/components/vendor/libs.js", "src/components/vendor/dag.js"]) {
    if (existsSync(join(ROOT, generated))) cpSync(join(ROOT, generated), join(dir, generated), {recursive: true});
  }
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const {port} = server.address() as {port: number};
      server.close(() => done(port));
    });
    server.on("error", fail);
  });
}

/** Whether something accepts connections on 127.0.0.1:port. */
export const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => (socket.destroy(), done(true)));
    socket.on("error", () => done(false));
  });

/** Whether any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
