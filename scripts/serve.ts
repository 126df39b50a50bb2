// `npm run serve`: serve the built dist/ on 127.0.0.1 (no network needed). PORT=3000 by default.
import {startServer} from "./server.ts";
import {join} from "node:path";
import {ROOT} from "../loaders/paths.ts";

const {url} = await startServer(join(ROOT, "dist"), Number(process.env.PORT ?? 3000));
console.log(`serving dist/ at ${url}`);
