// Every Framework loader entrypoint's output, built in ONE process from one SiteBuild: each input is read and each
// table built once, one DuckDB-WASM instance serves the scenario projection and the build-time answers. The bytes
// are exactly what each entrypoint writes when Framework runs it (same registry, same builders; tested).
import {ENTRYPOINTS} from "./outputs.ts";
import {SiteBuild} from "./site.ts";

/** Output path under src/data/ (e.g. "china.zip", "sources.arrow") → bytes. Throws DataError on bad input, having
 * returned nothing: every output is built before any is handed out. */
export async function buildAllOutputs(site: SiteBuild = new SiteBuild(), onBuilt?: (path: string, ms: number) => void): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const [path, build] of Object.entries(ENTRYPOINTS)) {
    const t0 = performance.now();
    out[path] = await build(site);
    onBuilt?.(path, performance.now() - t0);
  }
  return out;
}
