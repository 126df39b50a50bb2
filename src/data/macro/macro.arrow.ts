import {buildMacroLongTable} from "../../../loaders/macro/load.ts";
import {runLoader} from "../../../loaders/run.ts";

await runLoader(() => buildMacroLongTable());
