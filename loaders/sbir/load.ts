import {existsSync} from "node:fs";
import {Field, Schema, Table} from "apache-arrow";
import type {ColumnKind} from "../arrow.ts";
import {displayPath} from "../csv.ts";
import {dataFile} from "../paths.ts";
import {recordRead} from "../reads.ts";
import {loadSources} from "../sources.ts";
import {sourcedTable} from "../table.ts";
import {readAgencies, readExtractSources, readRules} from "./config.ts";
import {runSession, type Citations, type Log} from "./read.ts";
import {CASE_FOLDER, term} from "../../src/lib/case.ts";

/** Where the user puts SBIR.gov's full export (gitignored); without it the build uses the shipped extract. */
export const fullExportFile = () => dataFile("sbir", "full", "award_data.csv");
export const extractFile = () => dataFile("sbir", "extract.csv");
export const extractSourcesFile = () => dataFile("sbir", "extract-sources.csv");
/** Source cited by every row when the full export is used. */
export const FULL_EXPORT_SOURCE = "sbir-gov-award-data";

/** Columns of the site table: one row per award, no abstracts. */
export const SBIR_COLUMNS = {
  award_id: "utf8",
  company: "utf8",
  /** 1, 2, … per distinct company (in byte order of the name): /sbir counts distinct companies on it (integers hash
   * faster than names). Same value in sbir_relevant. */
  company_id: "int32",
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
  source_id: "utf8",
  /** 1, 2, … per distinct agency, phase and cited source (in byte order of the value), as company_id: /sbir groups
   * on them (integers hash faster than text). Same values in sbir_relevant. */
  agency_id: "int32",
  phase_id: "int32",
  source_num: "int32"
} satisfies Record<string, ColumnKind>;
export type SbirColumnName = keyof typeof SBIR_COLUMNS;

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
  /** One row per award, sorted by award_id, with provenance metadata (title, file, sources, counts). */
  table: Table;
  file: string;
  layout: string;
  relevant: number;
  repairedBytes: number;
}

const stderrLog: Log = (m) => process.stderr.write(`sbir: ${m}\n`);

/** Read, validate, classify and cite an SBIR.gov award export; any bad input throws a DataError. */
export async function loadSbirAwards(opts: LoadOptions): Promise<LoadResult> {
  if ((opts.sourceId === undefined) === (opts.sidecar === undefined)) throw new Error("loadSbirAwards: give exactly one of sourceId and sidecar");
  const log = opts.log ?? stderrLog;
  const rulesFile = opts.rulesFile ?? dataFile("sbir", "rules.csv");
  const agenciesFile = opts.agenciesFile ?? dataFile("sbir", "agencies.csv");
  const sources = loadSources();
  if (opts.sourceId !== undefined && !sources.has(opts.sourceId)) throw new Error(`loadSbirAwards: source_id ${opts.sourceId} is not in ${CASE_FOLDER}/sources/*.csv`);
  const rules = readRules(rulesFile);
  const agencies = readAgencies(agenciesFile, sources);
  let cite: {citations: Citations} | {sourceId: string};
  if (opts.sidecar !== undefined) {
    const sidecar = readExtractSources(opts.sidecar, sources);
    cite = {citations: {file: sidecar.file, rows: [...sidecar.byKey].map(([key, c]) => ({key, ...c}))}};
  } else cite = {sourceId: opts.sourceId as string};
  const name = displayPath(opts.file);
  recordRead(opts.file);
  // The schema (with the title and column kinds) comes from the shared table builder; the data from DuckDB.
  const schemaOf = (sourceIds: string[], extra: Record<string, string>) =>
    sourcedTable(
      sourceIds.map((source_id) => ({...NULL_ROW, source_id, _line: 0})),
      {title: `SBIR/STTR awards (SBIR.gov) with ${term("chain")} relevance by keyword rules`, file: name, columns: SBIR_COLUMNS, sources, extra}
    ).schema;
  const result = await runSession({
    file: opts.file,
    name,
    schema: schemaOf([], {}),
    agencies,
    agenciesFile: displayPath(agenciesFile),
    rules,
    rulesFile: displayPath(rulesFile),
    cite,
    log
  });
  const schema = schemaOf(result.sourceIds, {
    layout: result.layout,
    row_count: String(result.table.numRows),
    re_relevant_count: String(result.relevant),
    rules: displayPath(rulesFile)
  });
  // The final metadata, with the column types DuckDB's output has (its dictionary-encoded text columns).
  const typed = new Schema(schema.fields.map((f, i) => new Field(f.name, result.table.schema.fields[i]!.type, f.nullable, f.metadata)), schema.metadata);
  return {table: new Table(typed, result.table.batches), file: name, layout: result.layout, relevant: result.relevant, repairedBytes: result.repairedBytes};
}

const NULL_ROW = Object.fromEntries(Object.keys(SBIR_COLUMNS).map((k) => [k, null])) as Record<SbirColumnName, null>;

/**
 * The rare-earth-relevant awards alone (`re_relevant`), same columns, same row order (award_id), same provenance
 * metadata (sources narrowed to those its rows cite): what /sbir queries while its relevance filter is on (the
 * default view), and what /coverage, /gaps and /report query (they only read relevant awards). At full scale this is
 * ~3% of the awards, so those queries scan ~30× fewer rows, and those pages never download the full table.
 */
export function sbirRelevantTable(full: Table): Table {
  const flags = full.getChild("re_relevant");
  if (!flags) throw new Error("sbirRelevantTable: the awards table has no re_relevant column");
  const columns = Object.keys(SBIR_COLUMNS) as SbirColumnName[];
  const vectors = columns.map((c) => full.getChild(c)!);
  const rows: (Record<SbirColumnName, unknown> & {source_id: string; _line: number})[] = [];
  for (let i = 0; i < full.numRows; i++) {
    if (flags.get(i) !== true) continue;
    const row = Object.fromEntries(columns.map((c, j) => [c, vectors[j]!.get(i)])) as Record<SbirColumnName, unknown>;
    rows.push({...row, source_id: row.source_id as string, _line: 0});
  }
  const meta = full.schema.metadata;
  const extra = Object.fromEntries([...meta].filter(([k]) => !["title", "file", "sources", "columns"].includes(k)));
  const table = sourcedTable(rows, {
    title: `${meta.get("title")}: ${term("chain")} relevant awards only`,
    file: meta.get("file") ?? "",
    columns: SBIR_COLUMNS,
    sources: loadSources(),
    extra: {...extra, row_count: String(rows.length), full_row_count: String(full.numRows)}
  });
  return table;
}

/** The build's table: the full export when present, else the shipped extract with its per-award citations. */
export async function sbirAwardsTable(log: Log = stderrLog): Promise<Table> {
  const full = fullExportFile();
  recordRead(full); // present or not: adding the full export changes the table
  const useFull = existsSync(full);
  const {table} = useFull
    ? await loadSbirAwards({file: full, sourceId: FULL_EXPORT_SOURCE, log})
    : await loadSbirAwards({file: extractFile(), sidecar: extractSourcesFile(), log});
  table.schema.metadata.set("input", useFull ? "full SBIR.gov export" : `shipped extract (no ${displayPath(full)})`);
  return table;
}

