import {existsSync} from "node:fs";
import {join} from "node:path";
import type {TestProject} from "vitest/node";
import {ROOT} from "../../loaders/paths.ts";
import {startServer} from "../../scripts/server.ts";

// Serve the built site once for all browser tests. `npm test` builds it first; run `npm run build` when alone.
export default async function setup(project: TestProject) {
  const dist = join(ROOT, "dist");
  if (!existsSync(join(dist, "index.html"))) throw new Error("dist/ is not built: run `npm run build` first");
  const {server, url} = await startServer(dist);
  project.provide("baseUrl", url);
  return () => new Promise<void>((ok) => server.close(() => ok()));
}
