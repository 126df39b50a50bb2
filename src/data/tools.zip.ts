// Every data/cases/<case>/tools/*.arrow file (the tools without a price, both sides), built in one process and written as one
// zip (loaders/outputs.ts).
import {ARCHIVES} from "../../loaders/outputs.ts";
import {runArchive} from "../../loaders/run.ts";

await runArchive(ARCHIVES.tools());
