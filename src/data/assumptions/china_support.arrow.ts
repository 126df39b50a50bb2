import {buildAssumptionTable} from "../../../loaders/assumptions/load.ts";
import {runLoader} from "../../../loaders/run.ts";

await runLoader(() => buildAssumptionTable("china_support"));
