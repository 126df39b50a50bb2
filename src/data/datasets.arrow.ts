import {buildDatasetsTable} from "../../loaders/datasets.ts";
import {runLoader} from "../../loaders/run.ts";
import {siteTables} from "../../loaders/site.ts";

await runLoader(async () => buildDatasetsTable(await siteTables()));
