/**
 * Rebuild the shipped SBIR extract (data/cases/<case>/sbir/extract.csv + extract-sources.csv) from the real award records in
 * ../shared/data/sbir/ (see data/cases/<case>/sbir/README.md, "The shipped extract"). Deterministic: same inputs, same bytes.
 *
 *   npx tsx scripts/sbir/curate-extract.ts [shared-dir]
 *
 * Rows: the 5 legacy bulk-export rows, every scraped award that a standalone rule of data/cases/<case>/sbir/rules.csv matches,
 * and a spread of the other scraped awards (round-robin over file x agency, in award-page order) up to a row and
 * size budget. Scraped awards whose (Agency Tracking Number, Contract) is shared by another award are skipped,
 * because that pair is the citation key.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {parse} from "csv-parse/sync";
import {classifyAward} from "../../src/lib/sbir-rules.ts";
import {readRules} from "../../loaders/sbir/config.ts";
import {repairToUtf8} from "../../loaders/sbir/encoding.ts";
import {LAYOUTS} from "../../loaders/sbir/layout.ts";
import {ROOT} from "../../loaders/paths.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

const SHARED = resolve(process.argv[2] ?? join(ROOT, "../shared/data/sbir"));
const LEGACY_FILE = join(SHARED, "sample-sbir-awards-legacy.csv");
const LEGACY_URL = "https://github.com/gerwaric/sbirtools/blob/769c27d43014ba5dc42a33a44886884252b6f2c0/docs/sample-sbir-awards.csv";
const JSON_FILES = ["Phase1/Phase1_awards_2018.json", "Phase2/Phase2_awards_2001.json", "Phase2/Phase2_awards_2002.json", "Phase2/Phase2_awards_2017.json", "Phase2/Phase2_awards_2018.json"];
const MAX_ROWS = 560;
const MAX_BYTES = 1_400_000;

type Record42 = Record<string, string>;
interface Picked {
  record: Record42;
  source_url: string;
  source_id: string;
}

interface Scraped {
  abstract: string; agency: string; agency_tracking_num: string; award_amount: number; award_year: string; branch: string;
  comp_address: string; comp_bus_email: string; comp_bus_name: string; comp_bus_phone: string; comp_duns: string;
  comp_hubzone: string; comp_name: string; comp_pi_email: string; comp_pi_name: string; comp_pi_phone: string;
  comp_social: string; comp_url: string; comp_wom_owned: string; contract_num: string; phase: string; program: string;
  solicit_num: string; solicit_topic_code: string; solicit_year: string; title: string; url: string;
}

const COLUMNS = LAYOUTS.current;

/** Quote like the current export: when a field holds a space, comma, quote or line break. */
function csvField(v: string): string {
  return /[\s,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(",");
}

async function legacyRows(): Promise<Picked[]> {
  const tmp = mkdtempSync(join(tmpdir(), "sbir-curate-"));
  try {
    const utf8 = join(tmp, "legacy.csv");
    await repairToUtf8(LEGACY_FILE, utf8);
    const rows = parse(readFileSync(utf8, "utf8"), {columns: true}) as Record42[];
    return rows.map((r) => ({record: {...r, UEI: "", "Woman Owned": r["Women Owned"] ?? ""}, source_url: LEGACY_URL, source_id: "sbir-sample-gerwaric"}));
  } finally {
    rmSync(tmp, {recursive: true, force: true});
  }
}

/** A scraped value as the export would hold it: "N/A" and the empty phone "() -" become empty. */
const v = (s: string) => (s === "N/A" || s === "() -" ? "" : s.trim());

/** "Jill ElsnerTitle: CEO/CFO" -> name and title (the scraper glued the page's two fields together). */
function nameTitle(s: string): [string, string] {
  const m = /^(.*?)Title: (.*)$/.exec(v(s));
  return m ? [(m[1] ?? "").trim(), (m[2] ?? "").trim()] : [v(s), ""];
}

/** "1 Main St, Suite 2, Boston, MA, 02110" -> Address1, Address2, City, State, Zip (split on ", "). */
function address(s: string): [string, string, string, string, string] {
  const parts = v(s).split(", ");
  if (parts.length < 4) return [v(s), "", "", "", ""];
  const [zip, state, city] = [parts.pop() ?? "", parts.pop() ?? "", parts.pop() ?? ""];
  return [parts[0] ?? "", parts.slice(1).join(", "), city, state, zip];
}

function fromScraped(x: Scraped): Record42 {
  const [contactName, contactTitle] = nameTitle(x.comp_bus_name);
  const [piName, piTitle] = nameTitle(x.comp_pi_name);
  const [address1, address2, city, state, zip] = address(x.comp_address);
  const record: Record42 = {
    Company: v(x.comp_name), "Award Title": v(x.title), Agency: v(x.agency), Branch: v(x.branch), Phase: v(x.phase),
    Program: v(x.program), "Agency Tracking Number": v(x.agency_tracking_num), Contract: v(x.contract_num),
    "Solicitation Number": v(x.solicit_num), "Solicitation Year": v(x.solicit_year), "Topic Code": v(x.solicit_topic_code),
    "Award Year": v(x.award_year), "Award Amount": String(x.award_amount), Duns: v(x.comp_duns), "HUBZone Owned": v(x.comp_hubzone),
    "Socially and Economically Disadvantaged": v(x.comp_social), "Woman Owned": v(x.comp_wom_owned),
    Address1: address1, Address2: address2, City: city, State: state, Zip: zip,
    Abstract: v(x.abstract).replace(/^Abstract +/, ""),
    "Contact Name": contactName, "Contact Title": contactTitle, "Contact Phone": v(x.comp_bus_phone), "Contact Email": v(x.comp_bus_email),
    "PI Name": piName, "PI Title": piTitle, "PI Phone": v(x.comp_pi_phone), "PI Email": v(x.comp_pi_email)
  };
  // No dates, UEI, employee count, company website (comp_url is SBIR.gov's company page) or RI fields in the scrape.
  return Object.fromEntries(COLUMNS.map((c) => [c, record[c] ?? ""]));
}

const key = (r: Record42) => `${r["Agency Tracking Number"]}|${r.Contract}`;
const rowBytes = (p: Picked) => Buffer.byteLength(csvLine(COLUMNS.map((c) => p.record[c] ?? ""))) + 1;

async function main(): Promise<void> {
  const rules = readRules(join(ROOT, `${CASE_FOLDER}/sbir/rules.csv`));
  const picked = await legacyRows();
  const scraped: (Picked & {file: string})[] = JSON_FILES.flatMap((f) =>
    (JSON.parse(readFileSync(join(SHARED, "scraped", f), "utf8")) as Scraped[]).map((x) => ({file: f, record: fromScraped(x), source_url: x.url, source_id: "sbir-gov-award-pages"}))
  );
  const keyCount = new Map<string, number>();
  for (const p of [...picked, ...scraped]) keyCount.set(key(p.record), (keyCount.get(key(p.record)) ?? 0) + 1);
  const usable = scraped.filter((p) => keyCount.get(key(p.record)) === 1);
  const relevant = (p: Picked) => classifyAward(rules, {title: p.record["Award Title"], abstract: p.record.Abstract, topic: p.record["Topic Code"]}).re_relevant;
  const chosen = new Set<Picked>([...picked, ...usable.filter(relevant)]);
  let bytes = [...chosen].reduce((n, p) => n + rowBytes(p), 0);
  // Round-robin over (file, agency) groups, each in award-page order, until a budget is reached.
  const pageId = (p: Picked) => Number(/(\d+)$/.exec(p.source_url)?.[1] ?? 0);
  const groups = new Map<string, Picked[]>();
  for (const p of usable.filter((p) => !chosen.has(p)).sort((a, b) => pageId(a) - pageId(b))) {
    const g = `${(p as Picked & {file: string}).file}|${p.record.Agency}`;
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  const queues = [...groups.keys()].sort().map((g) => groups.get(g) ?? []);
  // Spread picks through each group: take every step-th award so that years and topics vary.
  const step = 7;
  for (let round = 0; chosen.size < MAX_ROWS && queues.some((q) => round * step < q.length); round++) {
    for (const q of queues) {
      const p = q[round * step];
      if (!p || chosen.size >= MAX_ROWS) continue;
      if (bytes + rowBytes(p) > MAX_BYTES) continue;
      chosen.add(p);
      bytes += rowBytes(p);
    }
  }
  const order = [...picked, ...scraped];
  const rows = order.filter((p) => chosen.has(p));
  const header = COLUMNS.map((c) => (/\s/.test(c) ? `"${c}"` : c)).join(",");
  writeFileSync(join(ROOT, `${CASE_FOLDER}/sbir/extract.csv`), [header, ...rows.map((p) => csvLine(COLUMNS.map((c) => p.record[c] ?? "")))].join("\n") + "\n");
  const sidecar = ["agency_tracking_number,contract,source_url,source_id", ...rows.map((p) => csvLine([p.record["Agency Tracking Number"] ?? "", p.record.Contract ?? "", p.source_url, p.source_id]))];
  writeFileSync(join(ROOT, `${CASE_FOLDER}/sbir/extract-sources.csv`), sidecar.join("\n") + "\n");
  const nRelevant = rows.filter(relevant).length;
  process.stderr.write(`extract: ${rows.length} rows (${nRelevant} rare-earth relevant), ${bytes} bytes of records\n`);
}

await main();
