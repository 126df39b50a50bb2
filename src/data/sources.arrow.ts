import {runLoader} from "../../loaders/run.ts";
import {buildSourcesTable} from "../../loaders/sources.ts";

await runLoader(() => buildSourcesTable());
