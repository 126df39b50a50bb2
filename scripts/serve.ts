// `npm run serve`: serve the built dist/ on 127.0.0.1 (no network needed). PORT=3000 by default; BASE_PATH=/sub
// serves it under a sub-path, as a static host would.
import {join} from "node:path";
import {ROOT} from "../loaders/paths.ts";
import {startServer} from "./server.ts";

const {url} = await startServer(join(ROOT, "dist"), Number(process.env.PORT ?? 3000), {}, process.env.BASE_PATH ?? "");
console.log(`serving dist/ at ${url}/`);
