// Framework's command for a .ts loader entrypoint during `npm run build` and `npm run dev` (observablehq.config.ts sets
// it when RE_PREBUILT_DIR is set; --framework-loaders keeps tsx). Instead of building, it waits for the output that
// scripts/build-data.ts (or dev-data.ts) builds for this entrypoint in one process beside Framework, and writes it to
// stdout, as the entrypoint would have. Plain Node (no tsx): it starts in milliseconds. If the data step ends without
// writing it (bad input: scripts/build.ts then deletes the folder and stops Framework), it exits 1.
import {createReadStream, existsSync, readFileSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {pipeline} from "node:stream/promises";
import {fileURLToPath} from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dir = process.env.RE_PREBUILT_DIR;
const entry = process.argv[2];
if (!dir || !entry) {
  console.error("usage: RE_PREBUILT_DIR=DIR node scripts/await-output.mjs src/data/<output>.ts");
  process.exit(2);
}
// src/data/china.zip.ts → <dir>/china.zip
const name = relative(join(root, "src/data"), resolve(root, entry)).replace(/\.ts$/, "");
const file = join(dir, name);
// `npm run dev` (RE_DEV_STATUS): an invalid input before the first good build leaves no output to wait for.
const status = process.env.RE_DEV_STATUS;
const failedFirst = () => {
  try {
    const s = JSON.parse(readFileSync(status, "utf8"));
    return s.state === "error" && !s.built;
  } catch {
    return false;
  }
};
while (!existsSync(file)) {
  if (!existsSync(dir) || (status && failedFirst())) {
    console.error(`${name}: the data step ended without building it`);
    process.exit(1);
  }
  await new Promise((done) => setTimeout(done, 50));
}
await pipeline(createReadStream(file), process.stdout);
