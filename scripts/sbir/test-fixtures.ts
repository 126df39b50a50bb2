/**
 * Rebuild test/fixtures/sbir/real/ (the real SBIR files test/loaders/sbir.test.ts reads) from ../shared/data/sbir/,
 * which exists only on the project's own machines. Optional: the fixtures are committed, and nothing else reads
 * ../shared. Deterministic: same inputs, same bytes.
 *
 *   npx tsx scripts/sbir/test-fixtures.ts [shared-dir]
 *
 * - sample-sbir-awards-legacy.csv and header-current-export.csv: copied byte for byte (5 and 4 rows).
 * - scraped-award-pages.json: of the 4,325 scraped SBIR.gov award pages (five JSON files, 11 MB), only the records
 *   the shipped extract cites (data/cases/<case>/sbir/extract-sources.csv, source_id sbir-gov-award-pages), and of each record only
 *   the fields the test compares or that identify it; values as in the original JSON. Prints each file's sha256 for
 *   test/fixtures/sbir/real/README.md.
 */
import {createHash} from "node:crypto";
import {mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {parse} from "csv-parse/sync";
import {ROOT} from "../../loaders/paths.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

const SHARED = resolve(process.argv[2] ?? join(ROOT, "../shared/data/sbir"));
const OUT = join(ROOT, "test/fixtures/sbir/real");
const SCRAPED_FILES = ["Phase1/Phase1_awards_2018.json", "Phase2/Phase2_awards_2001.json", "Phase2/Phase2_awards_2002.json", "Phase2/Phase2_awards_2017.json", "Phase2/Phase2_awards_2018.json"];
const KEPT = ["url", "agency", "agency_tracking_num", "contract_num", "comp_name", "title", "phase", "award_year", "award_amount"] as const;

mkdirSync(OUT, {recursive: true});
for (const f of ["sample-sbir-awards-legacy.csv", "header-current-export.csv"]) writeFileSync(join(OUT, f), readFileSync(join(SHARED, f)));

const cited = new Set(
  (parse(readFileSync(join(ROOT, `${CASE_FOLDER}/sbir/extract-sources.csv`)), {columns: true}) as {source_url: string; source_id: string}[])
    .filter((c) => c.source_id === "sbir-gov-award-pages")
    .map((c) => c.source_url)
);
// By url, the later file winning, as the test read the originals.
const byUrl = new Map<string, {file: string; url: string} & Record<string, unknown>>();
for (const file of SCRAPED_FILES)
  for (const x of JSON.parse(readFileSync(join(SHARED, "scraped", file), "utf8")) as Record<string, unknown>[])
    if (cited.has(x.url as string)) byUrl.set(x.url as string, {file, url: x.url as string, ...Object.fromEntries(KEPT.map((k) => [k, x[k]]))});
const missing = [...cited].filter((u) => !byUrl.has(u));
if (missing.length) throw new Error(`${missing.length} cited award pages are not in ${SHARED}/scraped, e.g. ${missing[0]}`);
const records = [...byUrl.values()].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
writeFileSync(join(OUT, "scraped-award-pages.json"), `[\n${records.map((r) => JSON.stringify(r)).join(",\n")}\n]\n`);

for (const f of ["sample-sbir-awards-legacy.csv", "header-current-export.csv", "scraped-award-pages.json"])
  console.log(`${createHash("sha256").update(readFileSync(join(OUT, f))).digest("hex")}  ${f}`);
console.log(`${records.length} scraped records`);
