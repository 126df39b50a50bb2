import {spawn} from "node:child_process";
import {readdirSync} from "node:fs";
import {join} from "node:path";
import {ROOT} from "../../loaders/paths.ts";

/** Framework loader entrypoints, relative to src/data/: single files (*.arrow.ts) and folder archives (*.zip.ts). */
export function loaderEntrypoints(): string[] {
  return (readdirSync(join(ROOT, "src/data"), {recursive: true}) as string[]).filter((f) => /\.(arrow|zip|json)\.ts$/.test(f)).sort();
}

export interface LoaderRun {
  conditions: {now: string; timeZone: string; random: number};
  /** published path (relative to src/data, e.g. "china/entities.arrow") → "<sha256 hex> <bytes>" */
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
