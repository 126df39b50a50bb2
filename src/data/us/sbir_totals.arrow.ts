import {buildUsTable} from "../../../loaders/us/load.ts";
import {runLoader} from "../../../loaders/run.ts";

await runLoader(() => buildUsTable("sbir_totals"));
