// The rare-earth-relevant SBIR/STTR awards alone: the rows of sbir_awards with re_relevant (loaders/sbir/load.ts
// sbirRelevantTable). /sbir queries it while its relevance filter is on; /coverage, /gaps and /report only need it.
import {FILES} from "../../loaders/outputs.ts";
import {runLoader} from "../../loaders/run.ts";

await runLoader(FILES["sbir_relevant.arrow"]!);
