import {ENTRYPOINTS} from "../../loaders/outputs.ts";
import {runOutput} from "../../loaders/run.ts";
import {SiteBuild} from "../../loaders/site.ts";

await runOutput(() => ENTRYPOINTS["atlas-world.json"]!(new SiteBuild()));
