// Every data/cases/<case>/china/*.arrow file, built in one process and written as one zip (loaders/outputs.ts).
import {ARCHIVES} from "../../loaders/outputs.ts";
import {runArchive} from "../../loaders/run.ts";

await runArchive(ARCHIVES.china());
