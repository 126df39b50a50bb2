// SBIR/STTR awards, one row per award, with rare-earth relevance (loaders/sbir). Uses data/sbir/full/award_data.csv
// when present, else the shipped extract data/sbir/extract.csv.
import {FILES} from "../../loaders/outputs.ts";
import {runLoader} from "../../loaders/run.ts";

await runLoader(FILES["sbir_awards.arrow"]!);
