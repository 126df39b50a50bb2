// `npm run serve`: serve the built dist/ on 127.0.0.1 (no network needed). PORT=3000 by default; BASE_PATH=/sub
// serves it under a sub-path, as a static host would.
// `-- --case <id-or-path>` serves that case's build, dist-cases/<id>/ (docs/cases.md).
import {siteDir} from "./case-arg.ts";
import {relative} from "node:path";
import {ROOT} from "../loaders/paths.ts";
import {CASE} from "../src/lib/case.ts";
import {startServer} from "./server.ts";

const dir = siteDir(CASE.id);
const {url} = await startServer(dir, Number(process.env.PORT ?? 3000), {}, process.env.BASE_PATH ?? "");
console.log(`serving ${relative(ROOT, dir)}/ at ${url}/`);
