// The terminal commands' launcher (`npm run gaps`, `npm run scenario`; docs/analyst.md "How the loop works"): runs
// scripts/<name>.ts from a JavaScript bundle of it and the project code it imports (esbuild; packages stay external,
// loaded by node itself), kept in .build/cli-<name>.mjs (and its chunks, cli-<name>-*.mjs), instead of through tsx, whose module hooks compile and
// resolve each of ~100 TypeScript modules on a worker thread at every run (~1 s of a ~2.5 s command, profiled).
// Never stale: beside the bundle, .build/cli-<name>.json lists every file it was built from (esbuild's metafile),
// with the content hash of each, and tsconfig.json, package.json and esbuild's version (its package.json); a run hashes those files again (~10 ms)
// and rebuilds the bundle (~0.5 s) when one differs. Data files are not in the bundle: the commands read them as
// before. The bundle sits directly in .build/, so `import.meta.url` resolves the project root (loaders/paths.ts) and
// node_modules as from a file one level down, like the sources.
//   node scripts/cli.mjs NAME [ARGS…]        (NAME: gaps | scenario)
// @ts-check
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {join, relative, resolve} from "node:path";
import {pathToFileURL} from "node:url";

const ROOT = new URL("..", import.meta.url).pathname;

/** Content hash of a file, "-" when it cannot be read. */
function fileHash(file) {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return "-";
  }
}

/** Whether the bundle's recorded inputs (and build settings) still hash the same. */
function fresh(meta, root) {
  if (!meta || meta.version !== 1 || meta.root !== root) return false;
  return Object.entries(meta.inputs).every(([file, hash]) => fileHash(join(root, file)) === hash);
}

function readMeta(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/**
 * The bundle of `entry` (a path relative to `root`) in `outDir`, built again only when a file it was built from
 * changed. Returns the bundle's path and whether it was (re)built now.
 * @param {string} entry
 * @param {{root?: string, outDir?: string, name?: string}} [options]
 * @returns {Promise<{bundle: string, built: boolean}>}
 */
export async function cliBundle(entry, {root = ROOT, outDir = join(root, ".build"), name = entry.replace(/^.*\/|\.ts$/g, "")} = {}) {
  const bundle = join(outDir, `cli-${name}.mjs`);
  const metaFile = join(outDir, `cli-${name}.json`);
  const meta = readMeta(metaFile);
  if (fresh(meta, root) && Object.entries(meta.outputs).every(([file, hash]) => fileHash(join(outDir, file)) === hash)) return {bundle, built: false};
  const esbuild = await import("esbuild");
  mkdirSync(outDir, {recursive: true});
  // Split at the sources' dynamic imports, so a package a command does not use (DuckDB-WASM, the SBIR reader) is not
  // loaded with it: esbuild hoists the imports of external packages to the top of the file they end up in.
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: {[`cli-${name}`]: join(root, entry)},
    bundle: true,
    splitting: true,
    outdir: outDir,
    chunkNames: `cli-${name}-[hash]`,
    outExtension: {".js": ".mjs"},
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    write: false,
    metafile: true,
    logLevel: "silent",
    tsconfig: join(root, "tsconfig.json")
  });
  const inputs = Object.fromEntries(
    [...Object.keys(result.metafile.inputs).map((f) => relative(root, join(root, f))), "tsconfig.json", "package.json", "node_modules/esbuild/package.json"].sort().map((f) => [f, fileHash(join(root, f))])
  );
  const outputs = {};
  const tmp = `.tmp-${process.pid}`;
  // The chunks first, the entry last (its name is the one a run looks for), each written whole and renamed.
  for (const file of [...result.outputFiles].sort((a, b) => (a.path === bundle ? 1 : b.path === bundle ? -1 : 0))) {
    writeFileSync(file.path + tmp, file.contents);
    renameSync(file.path + tmp, file.path);
    outputs[relative(outDir, file.path)] = createHash("sha256").update(file.contents).digest("hex");
  }
  // Chunks of an earlier build of this command that the new one does not use.
  for (const f of readdirSync(outDir)) if (f.startsWith(`cli-${name}-`) && f.endsWith(".mjs") && !(f in outputs)) rmSync(join(outDir, f), {force: true});
  writeFileSync(metaFile + tmp, JSON.stringify({version: 1, root, outputs, inputs}));
  renameSync(metaFile + tmp, metaFile);
  return {bundle, built: true};
}

const COMMANDS = {gaps: "scripts/gaps.ts", scenario: "scripts/scenario.ts"};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [name, ...args] = process.argv.slice(2);
  const entry = COMMANDS[/** @type {keyof typeof COMMANDS} */ (name)];
  if (!entry) {
    console.error(`usage: node scripts/cli.mjs ${Object.keys(COMMANDS).join("|")} [ARGS…]`);
    process.exit(2);
  }
  // `--case X` (scripts/case-arg.ts) must set RE_DATA_DIR before the bundle runs: its shared chunks, which read the
  // case (src/lib/case.ts), are evaluated before the command's own first import. The same rule as resolveCase
  // (loaders/paths.ts): a folder of data/cases/ or a path; case-arg.ts reports a name that is neither.
  const at = args.findIndex((a) => a === "--case" || a.startsWith("--case="));
  const caseName = at < 0 ? undefined : args[at].startsWith("--case=") ? args[at].slice("--case=".length) : args[at + 1];
  const dir = caseName && [join(ROOT, "data/cases", caseName), resolve(caseName)].find((d) => existsSync(join(d, "case.json")));
  if (dir) process.env.RE_DATA_DIR = dir;
  const {bundle} = await cliBundle(entry);
  // The command sees itself as the script run (its own `import.meta.url === file://argv[1]` check) with its arguments.
  process.argv = [process.argv[0], bundle, ...args];
  await import(pathToFileURL(bundle).href);
}
