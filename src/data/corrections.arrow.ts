import {FILES} from "../../loaders/outputs.ts";
import {runLoader} from "../../loaders/run.ts";

await runLoader(FILES["corrections.arrow"]!);
