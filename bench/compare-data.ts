// Byte-identity check of published data between two builds (e.g. before/after a change to the loaders or the
// build): every file under <dist>/_file/ (Arrow tables, build-time answers, any other data file), matched by its
// path without Framework's content hash, compared byte for byte. Exit 1 on any difference or missing file.
//   npx tsx bench/compare-data.ts DIST_A DIST_B
import {createHash} from "node:crypto";
import {readdirSync, readFileSync, statSync} from "node:fs";
import {join} from "node:path";

function dataFiles(dist: string): Map<string, string> {
  const root = join(dist, "_file");
  const out = new Map<string, string>();
  for (const f of (readdirSync(root, {recursive: true}) as string[]).sort()) {
    const p = join(root, f);
    if (!statSync(p).isFile()) continue;
    // Framework names a file <name>.<first 8 hex of its sha256>.<ext>
    const name = f.replace(/\.[0-9a-f]{8}(\.[^./]+)$/, "$1");
    out.set(name, `${createHash("sha256").update(readFileSync(p)).digest("hex")} ${statSync(p).size}`);
  }
  return out;
}

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: npx tsx bench/compare-data.ts DIST_A DIST_B");
  process.exit(2);
}
const [A, B] = [dataFiles(a), dataFiles(b)];
const names = [...new Set([...A.keys(), ...B.keys()])].sort();
const bad = names.filter((n) => A.get(n) !== B.get(n));
for (const n of bad) console.error(`differs: ${n}: ${A.get(n) ?? "(missing)"} vs ${B.get(n) ?? "(missing)"}`);
console.error(`${names.length - bad.length} of ${names.length} data files byte-identical${bad.length ? `, ${bad.length} differ` : ""}`);
process.exit(bad.length ? 1 : 0);
