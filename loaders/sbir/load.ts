import {existsSync} from "node:fs";
import type {Table} from "apache-arrow";
import {classify} from "../../src/lib/sbir-rules.ts";
import type {ColumnKind} from "../arrow.ts";
import {displayPath} from "../csv.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {dataFile} from "../paths.ts";
import {loadSources} from "../sources.ts";
import {sourcedTable} from "../table.ts";
import {extractKey, readAgencies, readExtractSources, readRules} from "./config.ts";
import {readAwards, recordLabel, type Log, type ReadAward} from "./read.ts";
import {stateCode} from "./states.ts";

/** Where the user puts SBIR.gov's full export (gitignored); without it the build uses the shipped extract. */
export const fullExportFile = () => dataFile("sbir", "full", "award_data.csv");
export const extractFile = () => dataFile("sbir", "extract.csv");
export const extractSourcesFile = () => dataFile("sbir", "extract-sources.csv");
/** Source cited by every row when the full export is used. */
export const FULL_EXPORT_SOURCE = "sbir-gov-award-data";

export interface SbirAward extends Omit<ReadAward, "row" | "matched"> {
  re_relevant: boolean;
  matched_rules: string | null;
  stages: string | null;
  source_url: string | null;
  source_id: string;
  /** Spreadsheet row in the input (header = 1). */
  _line: number;
}

export interface LoadOptions {
  /** An award_data.csv in either SBIR.gov layout. */
  file: string;
  /** Cite this source on every row (the full export) ... */
  sourceId?: string;
  /** ... or cite each row from a sidecar (agency_tracking_number,contract,source_url,source_id): the extract. */
  sidecar?: string;
  rulesFile?: string;
  agenciesFile?: string;
  /** Progress messages; default: stderr. */
  log?: Log;
}

export interface LoadResult {
  file: string;
  layout: string;
  awards: SbirAward[];
  repairedBytes: number;
}

const stderrLog: Log = (m) => process.stderr.write(`sbir: ${m}\n`);

export async function loadSbirAwards(opts: LoadOptions): Promise<LoadResult> {
  const log = opts.log ?? stderrLog;
  const rulesFile = opts.rulesFile ?? dataFile("sbir", "rules.csv");
  const agenciesFile = opts.agenciesFile ?? dataFile("sbir", "agencies.csv");
  if ((opts.sourceId === undefined) === (opts.sidecar === undefined)) throw new Error("loadSbirAwards: give exactly one of sourceId and sidecar");
  const sources = loadSources();
  if (opts.sourceId !== undefined && !sources.has(opts.sourceId)) throw new Error(`loadSbirAwards: source_id ${opts.sourceId} is not in data/sources/*.csv`);
  const rules = readRules(rulesFile);
  const agencies = readAgencies(agenciesFile, sources);
  const sidecar = opts.sidecar === undefined ? null : readExtractSources(opts.sidecar, sources);
  const read = await readAwards({file: opts.file, agencies, agenciesFile, rules, rulesFile, log});

  const issues: DataIssue[] = [];
  const used = new Map<string, number>();
  const awards: SbirAward[] = read.awards.map(({row, matched, ...a}) => {
    let source_url: string | null = null;
    let source_id = opts.sourceId ?? "";
    if (sidecar) {
      const key = extractKey(a.agency_tracking_number, a.contract);
      const cite = sidecar.byKey.get(key);
      const label = recordLabel(row - 2, a.agency_tracking_number);
      if (!cite) issues.push({file: read.file, row: label, column: "Agency Tracking Number", value: key, problem: `no citation for this award in ${sidecar.file}`, fix: `add a row agency_tracking_number,contract,source_url,source_id for it to ${sidecar.file}`});
      else if (used.has(key)) issues.push({file: read.file, row: label, column: "Agency Tracking Number", value: key, problem: `another award (row ${used.get(key)}) has the same Agency Tracking Number and Contract, so the citation is ambiguous`, fix: "keep one of the two awards in the extract"});
      else {
        source_url = cite.source_url;
        source_id = cite.source_id;
      }
      used.set(key, row);
    }
    const c = matched === null ? classify(rules, []) : classify(rules, matched.split(";"));
    return {...a, state: stateCode(a.state), ...c, source_url, source_id, _line: row};
  });
  if (sidecar) {
    for (const [key, cite] of sidecar.byKey) {
      if (!used.has(key)) issues.push({file: sidecar.file, row: cite._line, column: "agency_tracking_number", value: key, problem: `no award in ${read.file} has this Agency Tracking Number and Contract`, fix: "delete the row or correct the key"});
    }
  }
  if (issues.length) throw new DataError(issues);
  log(`${awards.filter((a) => a.re_relevant).length} of ${awards.length} awards rare-earth relevant`);
  return {file: read.file, layout: read.layout, awards, repairedBytes: read.repairedBytes};
}

/** Columns of the site table: one row per award, no abstracts. */
export const SBIR_COLUMNS = {
  award_id: "utf8",
  company: "utf8",
  title: "utf8",
  agency: "utf8",
  branch: "utf8",
  phase: "utf8",
  program: "utf8",
  award_year: "int32",
  award_date: "utf8",
  amount_usd: "float64",
  topic_code: "utf8",
  state: "utf8",
  re_relevant: "bool",
  matched_rules: "utf8",
  stages: "utf8",
  source_url: "utf8",
  source_id: "utf8"
} satisfies Record<string, ColumnKind>;

/** The build's table: the full export when present, else the shipped extract with its per-award citations. */
export async function sbirAwardsTable(log: Log = stderrLog): Promise<Table> {
  const full = fullExportFile();
  if (existsSync(full)) return awardsTable(await loadSbirAwards({file: full, sourceId: FULL_EXPORT_SOURCE, log}), "full SBIR.gov export", log);
  const result = await loadSbirAwards({file: extractFile(), sidecar: extractSourcesFile(), log});
  return awardsTable(result, `shipped extract (no ${displayPath(full)})`, log);
}

/** Arrow table with provenance metadata: title, input file and kind, cited sources, row counts. */
export function awardsTable(result: LoadResult, input: string, log: Log = stderrLog): Table {
  const table = sourcedTable(result.awards, {
    title: "SBIR/STTR awards (SBIR.gov) with rare-earth relevance by keyword rules",
    file: result.file,
    columns: SBIR_COLUMNS,
    sources: loadSources(),
    extra: {
      input,
      layout: result.layout,
      row_count: String(result.awards.length),
      re_relevant_count: String(result.awards.filter((a) => a.re_relevant).length),
      rules: displayPath(dataFile("sbir", "rules.csv"))
    }
  });
  log(`table: ${table.numRows} rows`);
  return table;
}
