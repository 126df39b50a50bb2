import {spawn} from "node:child_process";
import {join} from "node:path";
import {ROOT} from "../../loaders/paths.ts";

export interface LoaderRun {
  conditions: {now: string; timeZone: string; random: number};
  /** entry (relative to src/data) → "<sha256 hex> <bytes>" of what it wrote to stdout */
  outputs: Record<string, string>;
}

/** Run every loader entrypoint once in a child process (test/helpers/run-loaders.ts). */
export function runLoaders(env: Record<string, string>, preload: string[] = []): Promise<LoaderRun> {
  return new Promise((done, fail) => {
    const args = [...preload.flatMap((p) => ["--import", p]), "--import", "tsx", join(ROOT, "test/helpers/run-loaders.ts")];
    const child = spawn(process.execPath, args, {cwd: ROOT, env: {...process.env, ...env}});
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("exit", (code) => (code === 0 ? done(JSON.parse(stdout) as LoaderRun) : fail(new Error(`run-loaders exited ${code}:\n${stderr}`))));
  });
}

export const PERTURB = join(ROOT, "test/helpers/perturb.mjs");
