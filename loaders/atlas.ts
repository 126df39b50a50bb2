// The maps' geometry, shipped from the installed packages (no CDN): us-atlas' states at 1:10m (the US map, ~115 KB)
// and world-atlas' countries at 1:110m (finance abroad and China's outline, ~108 KB), as the packages publish them.
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);

export const ATLAS_FILES = {
  "atlas-us.json": "us-atlas/states-10m.json",
  "atlas-world.json": "world-atlas/countries-110m.json"
} as const;

export function atlasBytes(name: keyof typeof ATLAS_FILES): Uint8Array {
  return readFileSync(require.resolve(ATLAS_FILES[name]));
}
