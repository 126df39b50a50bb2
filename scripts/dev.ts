// `npm run dev`: Framework's preview on 127.0.0.1 with live reload, offline-guarded like the build. Build-time answers
// are off (RE_ANSWERS=off): the preview's loader cache can hold tables older than the answers would be.
import {spawn} from "node:child_process";
import {join} from "node:path";
import {ROOT} from "../loaders/paths.ts";
import {buildVendor} from "./vendor.ts";

const port = process.env.PORT ?? "3000";
await buildVendor();
const prep = spawn(process.execPath, ["scripts/prepare-npm-cache.mjs"], {cwd: ROOT, stdio: "inherit"});
prep.on("exit", () => {
  spawn(process.execPath, [join(ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js"), "preview", "--host", "127.0.0.1", "--port", port, "--no-open"], {
    cwd: ROOT,
    stdio: "inherit",
    env: {...process.env, RE_ANSWERS: "off", OBSERVABLE_TELEMETRY_DISABLE: "1", NODE_OPTIONS: `--import ${join(ROOT, "scripts/offline-guard.mjs")}`}
  }).on("exit", (code) => process.exit(code ?? 1));
});
