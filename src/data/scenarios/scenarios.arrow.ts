import {runLoader} from "../../../loaders/run.ts";
import {buildScenarioTables} from "../../../loaders/scenarios/load.ts";

runLoader(async () => (await buildScenarioTables()).scenarios);
