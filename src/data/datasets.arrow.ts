import {buildDatasetsTable} from "../../loaders/datasets.ts";
import {runLoader} from "../../loaders/run.ts";

runLoader(() => buildDatasetsTable());
