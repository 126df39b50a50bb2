import {buildChinaTable} from "../../../loaders/china/load.ts";
import {runLoader} from "../../../loaders/run.ts";

await runLoader(() => buildChinaTable("value_chain_context"));
