import {buildChinaTable} from "../../../loaders/china/load.ts";
import {runLoader} from "../../../loaders/run.ts";

await runLoader(() => buildChinaTable("baogang_portfolio"));
