// Every data/cases/<case>/chain/*.arrow file (the value chain's stages and edges), built in one process and written as one zip
// (loaders/outputs.ts).
import {ARCHIVES} from "../../loaders/outputs.ts";
import {runArchive} from "../../loaders/run.ts";

await runArchive(ARCHIVES.chain());
