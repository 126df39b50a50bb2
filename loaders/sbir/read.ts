import {existsSync, mkdtempSync, openSync, readSync, closeSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {parse} from "csv-parse/sync";
import {ruleRegex, rulesToSql, sqlString, type Rule} from "../../src/lib/sbir-rules.ts";
import {displayPath} from "../csv.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {isUtf8File, repairToUtf8} from "./encoding.ts";
import {LAYOUTS, detectLayout, type LayoutName, type SbirColumn} from "./layout.ts";

/**
 * Read SBIR.gov's award_data.csv with native DuckDB: one parallel read_csv pass (every column VARCHAR, RFC 4180
 * quoting, strict) keeps the columns the site needs plus the rule matches, so abstracts are never materialized;
 * then SQL checks every value and returns typed rows. Errors name the spreadsheet row (header = row 1), which is
 * also the record number + 1; a file's line numbers differ from it when abstracts contain line breaks.
 */

export type Log = (message: string) => void;

export interface ReadOptions {
  file: string;
  /** Agency full name -> short code (data/sbir/agencies.csv). */
  agencies: Map<string, string>;
  agenciesFile: string;
  rules: readonly (Rule & {_line?: number})[];
  rulesFile: string;
  log: Log;
}

/** One award as read and validated, before classification and citation. */
export interface ReadAward {
  /** Spreadsheet row (header = row 1); the record number is row - 1. */
  row: number;
  award_id: string;
  company: string;
  title: string | null;
  agency: string;
  branch: string | null;
  phase: "I" | "II";
  program: "SBIR" | "STTR";
  award_year: number;
  award_date: string | null;
  amount_usd: number | null;
  topic_code: string | null;
  state: string | null;
  agency_tracking_number: string | null;
  contract: string | null;
  /** `;`-list of every rule (standalone or context) whose pattern matched; null when no standalone rule did. */
  matched: string | null;
}

export interface ReadResult {
  file: string;
  layout: LayoutName;
  awards: ReadAward[];
  /** Bytes that were not valid UTF-8 and were read as cp1252 (0 for a UTF-8 file). */
  repairedBytes: number;
}

/** Staging-table column -> export column, for the columns the loader keeps. */
const KEEP: Record<string, SbirColumn> = {
  company: "Company",
  title: "Award Title",
  agency: "Agency",
  branch: "Branch",
  phase: "Phase",
  program: "Program",
  tracking: "Agency Tracking Number",
  contract: "Contract",
  award_date: "Proposal Award Date",
  end_date: "Contract End Date",
  close_date: "Solicitation Close Date",
  receipt_date: "Proposal Receipt Date",
  notification_date: "Date of Notification",
  topic: "Topic Code",
  award_year: "Award Year",
  amount: "Award Amount",
  state: "State"
};
const DATE_COLUMNS = ["award_date", "end_date", "close_date", "receipt_date", "notification_date"] as const;
const DATE_FORMATS = "['%m/%d/%Y', '%Y-%m-%d']";
const parseDate = (c: string) => `try_strptime(${c}, ${DATE_FORMATS})`;
const AMOUNT_RE = String.raw`(\d{1,3}(,\d{3})+|\d+)(\.\d+)?`;

interface Check {
  column: keyof typeof KEEP;
  bad: string;
  problem: string;
  fix: string;
}

function checks(agenciesFile: string): Check[] {
  const required = (column: keyof typeof KEEP): Check => ({column, bad: `${column} IS NULL`, problem: "a value is required", fix: "fill in the cell"});
  return [
    required("company"),
    {column: "agency", bad: "agency IS NULL OR agency NOT IN (SELECT agency FROM agencies)", problem: "unknown agency", fix: `add the agency's full name and a short code to ${agenciesFile} (columns agency,agency_code,source_id), or correct the cell`},
    {column: "phase", bad: "phase IS NULL OR phase NOT IN ('Phase I', 'Phase II')", problem: "not a phase", fix: 'write "Phase I" or "Phase II"'},
    {column: "program", bad: "program IS NULL OR program NOT IN ('SBIR', 'STTR')", problem: "not a program", fix: "write SBIR or STTR"},
    {column: "award_year", bad: String.raw`award_year IS NULL OR NOT regexp_full_match(award_year, '\d{4}') OR award_year::INTEGER NOT BETWEEN 1980 AND 2100`, problem: "not a four-digit award year", fix: "write the year, e.g. 2024"},
    {column: "amount", bad: `amount IS NOT NULL AND NOT regexp_full_match(amount, '${AMOUNT_RE}')`, problem: "not a number", fix: 'write the amount in US dollars with digits, optionally with thousands separators and cents (e.g. 171433 or "1,880,681.50"), or leave it empty'},
    ...DATE_COLUMNS.map((column): Check => ({
      column,
      bad: String.raw`${column} IS NOT NULL AND (NOT regexp_full_match(${column}, '\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}') OR ${parseDate(column)} IS NULL OR year(${parseDate(column)}) NOT BETWEEN 1950 AND 2100)`,
      problem: "not a date",
      fix: "write the date as M/D/YYYY (e.g. 5/7/2024) or YYYY-MM-DD, or leave it empty"
    }))
  ];
}

export async function readAwards(opts: ReadOptions): Promise<ReadResult> {
  const name = displayPath(opts.file);
  if (!existsSync(opts.file)) throw new DataError([{file: name, problem: "the file does not exist", fix: "check the path (see data/sbir/README.md)"}]);
  const started = Date.now();
  const mb = (statSync(opts.file).size / 1e6).toFixed(1);
  opts.log(`reading ${name} (${mb} MB)`);
  let csv = opts.file;
  let tmp: string | null = null;
  let repairedBytes = 0;
  try {
    if (!(await isUtf8File(opts.file))) {
      tmp = mkdtempSync(join(tmpdir(), "sbir-"));
      csv = join(tmp, "utf8.csv");
      repairedBytes = (await repairToUtf8(opts.file, csv)).invalidBytes;
      opts.log(`not valid UTF-8: ${repairedBytes} byte(s) read as cp1252 (UTF-8 copy in ${csv})`);
    }
    const layout = detectLayout(readHeader(csv, name), name);
    opts.log(`${layout} layout (${LAYOUTS[layout].length} columns)`);
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      await checkRuleRegexes(conn, opts);
      await stage(conn, csv, layout, opts);
      await throwRejects(conn, name);
      const {count} = await one(conn, "SELECT count(*)::INTEGER AS count FROM awards");
      opts.log(`read ${count} records in ${((Date.now() - started) / 1000).toFixed(1)} s; checking values`);
      await throwInvalid(conn, name, opts.agenciesFile);
      const awards = await output(conn);
      opts.log(`${awards.length} awards valid (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return {file: name, layout, awards, repairedBytes};
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  } finally {
    if (tmp) rmSync(tmp, {recursive: true, force: true});
  }
}

/** The header record: always on the first line (no line breaks inside); parsed with csv-parse. */
function readHeader(file: string, name: string): string[] {
  const fd = openSync(file, "r");
  const buf = Buffer.alloc(64 * 1024);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const text = buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "");
  const end = text.indexOf("\n");
  if (n === 0 || end < 0) throw new DataError([{file: name, row: 1, problem: n === 0 ? "the file is empty" : "no header line found in the first 64 kB", fix: "use SBIR.gov's award_data.csv as downloaded"}]);
  const [header] = parse(text.slice(0, end).replace(/\r$/, "")) as string[][];
  return (header ?? []).map((c) => c.trim());
}

/** Each rule's regex must compile in RE2 (DuckDB), not only in JavaScript. */
async function checkRuleRegexes(conn: DuckDBConnection, opts: ReadOptions): Promise<void> {
  const issues: DataIssue[] = [];
  for (const [i, rule] of opts.rules.entries()) {
    try {
      await conn.run(`SELECT regexp_matches('', ${sqlString(ruleRegex(rule))}, 'i')`);
    } catch (e) {
      issues.push({file: displayPath(opts.rulesFile), row: rule._line ?? i + 2, column: "pattern", value: rule.pattern, problem: `DuckDB (RE2) cannot compile it: ${(e as Error).message.split("\n")[0]}`, fix: "use RE2 syntax (no lookaround or backreferences)"});
    }
  }
  if (issues.length) throw new DataError(issues);
}

/** One read_csv pass into a small staging table: trimmed cells ('' -> NULL) and the matched rule ids. */
async function stage(conn: DuckDBConnection, csv: string, layout: LayoutName, opts: ReadOptions): Promise<void> {
  const columns = LAYOUTS[layout].map((c) => `${sqlString(c)}: 'VARCHAR'`).join(", ");
  const q = (c: string) => `"${c}"`;
  const cell = (c: string) => `nullif(trim(${q(c)}), '')`;
  const {any, matched} = rulesToSql(opts.rules, {title: q("Award Title"), abstract: q("Abstract"), topic: q("Topic Code")});
  const agencyRows = [...opts.agencies].map(([a, code]) => `(${sqlString(a)}, ${sqlString(code)})`).join(", ");
  await conn.run(`CREATE TABLE agencies AS SELECT * FROM (VALUES ${agencyRows}) t(agency, agency_code)`);
  const sql = `CREATE TABLE awards AS SELECT
      ${Object.entries(KEEP).map(([alias, c]) => `${cell(c)} AS ${alias}`).join(",\n      ")},
      CASE WHEN ${any} THEN ${matched} END AS matched
    FROM read_csv(${sqlString(csv)}, columns = {${columns}}, header = true, auto_detect = false, delim = ',',
      quote = '"', escape = '"', strict_mode = true, store_rejects = true, encoding = 'utf-8')`;
  const timer = setInterval(() => {
    const p = conn.progress;
    if (p.percentage > 0) opts.log(`read_csv ${p.percentage.toFixed(0)}%`);
  }, 2000);
  try {
    await conn.run("SET enable_progress_bar = true; SET enable_progress_bar_print = false");
    await conn.run(sql);
  } finally {
    clearInterval(timer);
  }
}

/** Records DuckDB could not split into the header's columns (wrong field count, broken quoting). */
async function throwRejects(conn: DuckDBConnection, name: string): Promise<void> {
  const rows = await all(conn, `SELECT line::INTEGER AS line, column_name, error_type, error_message, csv_line,
      count(*) OVER ()::INTEGER AS total FROM reject_errors ORDER BY line LIMIT 20`);
  if (!rows.length) return;
  const issues: DataIssue[] = rows.map((r) => {
    const line = r.line as number;
    const type = String(r.error_type);
    const wrongCount = type === "MISSING COLUMNS" || type === "TOO MANY COLUMNS";
    return {
      file: name,
      row: `${line} (record ${line - 1})`,
      column: (r.column_name as string | null) ?? undefined,
      value: String(r.csv_line ?? "").replace(/^\r?\n/, ""),
      problem: wrongCount ? `the record does not have the header's columns: ${r.error_message}` : `the record cannot be read: ${r.error_message}`,
      fix: wrongCount
        ? "every record needs one field per header column; a field containing a comma, quote or line break must be wrapped in \"...\" with inner quotes doubled"
        : "check the quoting of this record: wrap fields in \"...\" and double any quote inside"
    };
  });
  const total = rows[0]?.total as number;
  if (total > rows.length) issues.push({file: name, problem: `${total - rows.length} more records cannot be read`, fix: "fix the records above and run again"});
  throw new DataError(issues);
}

/** Every failed check, first 20 in file order, plus counts per column for the rest. */
async function throwInvalid(conn: DuckDBConnection, name: string, agenciesFile: string): Promise<void> {
  const list = checks(displayPath(agenciesFile));
  const union = list
    .map((c, i) => `SELECT rowid, tracking, ${i} AS check_index, ${c.column} AS value FROM awards WHERE ${c.bad}`)
    .join("\nUNION ALL\n");
  const rows = await all(conn, `WITH bad AS (${union})
    SELECT rowid::INTEGER AS rowid, tracking, check_index, value, count(*) OVER ()::INTEGER AS total FROM bad
    ORDER BY rowid, check_index LIMIT 20`);
  if (!rows.length) return;
  const issues: DataIssue[] = rows.map((r) => {
    const c = list[r.check_index as number] as Check;
    return {file: name, row: recordLabel(r.rowid as number, r.tracking as string | null), column: KEEP[c.column], value: r.value ?? "", problem: c.problem, fix: c.fix};
  });
  const total = rows[0]?.total as number;
  if (total > rows.length) {
    const counts = await all(conn, `WITH bad AS (${union}) SELECT check_index, count(*)::INTEGER AS n FROM bad GROUP BY ALL ORDER BY check_index`);
    const summary = counts.map((r) => `${KEEP[(list[r.check_index as number] as Check).column]}: ${r.n}`).join(", ");
    issues.push({file: name, problem: `${total - rows.length} more problems not listed (all problems by column: ${summary})`, fix: "fix the ones above and run again"});
  }
  throw new DataError(issues);
}

/** "4 (record 3, Agency Tracking Number "AF-1")": spreadsheet row, record number, and the award's own key. */
export function recordLabel(rowid: number, tracking: string | null): string {
  return `${rowid + 2} (record ${rowid + 1}${tracking ? `, Agency Tracking Number "${tracking}"` : ""})`;
}

async function output(conn: DuckDBConnection): Promise<ReadAward[]> {
  const rows = await all(conn, `WITH typed AS (
      SELECT awards.rowid AS rowid, concat_ws(':', g.agency_code, coalesce(tracking, ''), coalesce(contract, '')) AS base_id,
        company, title, g.agency_code AS agency, branch, CASE phase WHEN 'Phase I' THEN 'I' ELSE 'II' END AS phase,
        program, award_year::INTEGER AS award_year, strftime(${parseDate("award_date")}, '%Y-%m-%d') AS award_date,
        replace(amount, ',', '')::DOUBLE AS amount_usd, topic AS topic_code, state, tracking AS agency_tracking_number,
        contract, matched
      FROM awards JOIN agencies g USING (agency))
    SELECT (rowid + 2)::INTEGER AS row,
      base_id || CASE WHEN count(*) OVER (PARTITION BY base_id) > 1 THEN '#' || row_number() OVER (PARTITION BY base_id
        ORDER BY award_date, amount_usd, company, title, rowid) ELSE '' END AS award_id,
      * EXCLUDE (rowid, base_id)
    FROM typed ORDER BY award_id`);
  return rows as unknown as ReadAward[];
}

async function one(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>> {
  return (await all(conn, sql))[0] ?? {};
}

async function all(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}
