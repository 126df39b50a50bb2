// SBIR/STTR awards, one row per award, with rare-earth relevance (loaders/sbir). Uses data/sbir/full/award_data.csv
// when present, else the shipped extract data/sbir/extract.csv.
import {runLoader} from "../../loaders/run.ts";
import {sbirAwardsTable} from "../../loaders/sbir/load.ts";

await runLoader(() => sbirAwardsTable());
