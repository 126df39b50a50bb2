import {buildAssumptionTable} from "../../../loaders/assumptions/load.ts";
import {runLoader} from "../../../loaders/run.ts";

runLoader(() => buildAssumptionTable("china_support"));
