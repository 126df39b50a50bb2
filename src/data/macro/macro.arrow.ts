import {buildMacroLongTable} from "../../../loaders/macro/load.ts";
import {runLoader} from "../../../loaders/run.ts";

runLoader(() => buildMacroLongTable());
