// The real loader output for tests: one DuckDB-WASM (Node) database with every table the site publishes, shared
// within a test file.
import {openSiteDatabase} from "../../loaders/site.ts";
import type {NodeDatabase} from "../../loaders/wasm-db.ts";

let site: Promise<NodeDatabase> | undefined;
export function siteDatabase(): Promise<NodeDatabase> {
  return (site ??= openSiteDatabase());
}
