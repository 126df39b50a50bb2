// SBIR/STTR awards, one row per award, with rare-earth relevance (loaders/sbir). Uses data/cases/<case>/sbir/full/award_data.csv
// when present, else the shipped extract data/cases/<case>/sbir/extract.csv.
import {FILES} from "../../loaders/outputs.ts";
import {runLoader} from "../../loaders/run.ts";

await runLoader(FILES["sbir_awards.arrow"]!);
