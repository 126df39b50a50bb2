import {runLoader} from "../../../loaders/run.ts";
import {buildScenarioTables} from "../../../loaders/scenarios/load.ts";

await runLoader(async () => (await buildScenarioTables()).scenarios);
