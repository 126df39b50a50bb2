import {closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import type {Schema, Table} from "apache-arrow";
import {parse} from "csv-parse/sync";
import {classify, matchingRules, prefilterSql, ruleRegex, sqlString, type Rule} from "../../src/lib/sbir-rules.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {duckdbToArrow} from "./duckdb-arrow.ts";
import {isUtf8File, repairToUtf8} from "./encoding.ts";
import {LAYOUTS, detectLayout, type LayoutName, type SbirColumn} from "./layout.ts";
import {STATE_CODES} from "./states.ts";

/**
 * Ingest SBIR.gov's award_data.csv with native DuckDB, in one session:
 * 1. one parallel read_csv pass (every column VARCHAR, RFC 4180 quoting, strict, malformed records to
 *    reject_errors) stages the cells the site needs, already typed, plus one flag for "some check failed" and the
 *    rule prefilter (a combined RE2 regex per field); abstracts are kept only for prefilter hits;
 * 2. structural errors, then value errors, become a DataError (a second, slower pass names every bad cell);
 * 3. the JavaScript rule matcher attributes rules to the prefilter hits (a few %), and classify() gives
 *    relevance and stages; results go back to DuckDB;
 * 4. joins (agency codes, state codes, classes, citations), a stable award_id and the final sort run in SQL, and
 *    the result is packed into Arrow buffers.
 * Rows in messages are spreadsheet rows (header = row 1) = record number + 1; text-editor line numbers differ
 * when abstracts contain line breaks, so messages also give the record number and Agency Tracking Number.
 */

export type Log = (message: string) => void;

export interface Citations {
  file: string;
  rows: {key: string; source_url: string; source_id: string; _line: number}[];
}

export interface SessionOptions {
  file: string;
  /** The file as messages name it. */
  name: string;
  schema: Schema;
  agencies: Map<string, string>;
  agenciesFile: string;
  rules: readonly (Rule & {_line?: number})[];
  rulesFile: string;
  /** Per-award citations keyed by `extractKey` (the extract), or one source for every row (the full export). */
  cite: {citations: Citations} | {sourceId: string};
  log: Log;
}

export interface SessionResult {
  layout: LayoutName;
  table: Table;
  relevant: number;
  sourceIds: string[];
  /** Bytes that were not valid UTF-8 and were read as cp1252 (0 for a UTF-8 file). */
  repairedBytes: number;
}

/** Alias -> export column for the cells the loader reads (present in both layouts). */
const CELLS = {
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
} as const satisfies Record<string, SbirColumn>;
type Cell = keyof typeof CELLS;

const DATES = ["award_date", "end_date", "close_date", "receipt_date", "notification_date"] as const;
const parseDate = (c: string) => `try_strptime(${c}, ['%m/%d/%Y', '%Y-%m-%d'])`;

interface Check {
  cell: Cell;
  bad: string;
  problem: string;
  fix: string;
}

/** Every value check, as SQL over the trimmed cells ('' -> NULL). */
function checks(agenciesFile: string): Check[] {
  return [
    {cell: "company", bad: "company IS NULL", problem: "a value is required", fix: "fill in the company name"},
    {cell: "agency", bad: "agency IS NULL OR agency NOT IN (SELECT agency FROM agencies)", problem: "unknown agency", fix: `add the agency's full name and a short code to ${agenciesFile} (columns agency,agency_code,source_id), or correct the cell`},
    {cell: "phase", bad: "phase IS NULL OR phase NOT IN ('Phase I', 'Phase II')", problem: "not a phase", fix: 'write "Phase I" or "Phase II"'},
    {cell: "program", bad: "program IS NULL OR program NOT IN ('SBIR', 'STTR')", problem: "not a program", fix: "write SBIR or STTR"},
    {cell: "award_year", bad: String.raw`award_year IS NULL OR NOT regexp_full_match(award_year, '\d{4}') OR TRY_CAST(award_year AS INTEGER) NOT BETWEEN 1980 AND 2100`, problem: "not a four-digit award year", fix: "write the year, e.g. 2024"},
    {cell: "amount", bad: String.raw`amount IS NOT NULL AND NOT regexp_full_match(amount, '(\d{1,3}(,\d{3})+|\d+)(\.\d+)?')`, problem: "not a number", fix: 'write the amount in US dollars with digits, optionally with thousands separators and cents (e.g. 171433 or "1,880,681.50"), or leave it empty'},
    ...DATES.map((cell): Check => ({
      cell,
      bad: String.raw`${cell} IS NOT NULL AND (NOT regexp_full_match(${cell}, '\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}') OR ${parseDate(cell)} IS NULL OR year(${parseDate(cell)}) NOT BETWEEN 1950 AND 2100)`,
      problem: "not a date",
      fix: "write the date as M/D/YYYY (e.g. 5/7/2024) or YYYY-MM-DD, or leave it empty"
    }))
  ];
}

/** "4 (record 3, Agency Tracking Number "AF-1")": spreadsheet row, record number, and the award's own key. */
export function recordLabel(rowid: number, tracking: string | null): string {
  return `${rowid + 2} (record ${rowid + 1}${tracking ? `, Agency Tracking Number "${tracking}"` : ""})`;
}

export async function runSession(opts: SessionOptions): Promise<SessionResult> {
  if (!existsSync(opts.file)) throw new DataError([{file: opts.name, problem: "the file does not exist", fix: "check the path (see data/sbir/README.md)"}]);
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  opts.log(`reading ${opts.name} (${(statSync(opts.file).size / 1e6).toFixed(1)} MB)`);
  const layout = detectLayout(readHeader(opts.file, opts.name), opts.name);
  opts.log(`${layout} layout (${LAYOUTS[layout].length} columns)`);
  let tmp: string | null = null;
  let session = await Session.open(opts, layout);
  try {
    // The UTF-8 check (streaming, native) runs while DuckDB reads; a file that is not UTF-8 is read again from a
    // repaired copy (DuckDB would reject or mis-handle its bytes).
    const [utf8, staged] = await Promise.all([isUtf8File(opts.file), session.stage(opts.file).then(() => null, (e: unknown) => e)]);
    let repairedBytes = 0;
    if (!utf8) {
      session.close();
      tmp = mkdtempSync(join(tmpdir(), "sbir-"));
      const copy = join(tmp, "utf8.csv");
      repairedBytes = (await repairToUtf8(opts.file, copy)).invalidBytes;
      opts.log(`not valid UTF-8: ${repairedBytes} byte(s) read as cp1252 (UTF-8 copy in ${copy})`);
      session = await Session.open(opts, layout);
      await session.stage(copy);
    } else if (staged) throw staged;
    const count = await session.count();
    opts.log(`read ${count} records in ${seconds()}`);
    await session.checkValues(tmp ? join(tmp, "utf8.csv") : opts.file);
    opts.log(`values checked (${seconds()})`);
    const relevant = await session.classify();
    opts.log(`${relevant} of ${count} awards rare-earth relevant (${seconds()})`);
    const sourceIds = await session.checkCitations();
    const table = await session.output(() => opts.log(`sorted and named (${seconds()})`));
    opts.log(`output ${table.numRows} rows (${seconds()})`);
    return {layout, table, relevant, sourceIds, repairedBytes};
  } finally {
    session.close();
    if (tmp) rmSync(tmp, {recursive: true, force: true});
  }
}

/** The header record: always on the first line (no line breaks inside); parsed with csv-parse. */
function readHeader(file: string, name: string): string[] {
  const fd = openSync(file, "r");
  const buf = Buffer.alloc(64 * 1024);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const text = buf.subarray(0, n).toString("latin1").replace(/^\xEF\xBB\xBF/, "");
  const end = text.indexOf("\n");
  if (n === 0 || end < 0) throw new DataError([{file: name, row: 1, problem: n === 0 ? "the file is empty" : "no header line found in the first 64 kB", fix: "use SBIR.gov's award_data.csv as downloaded"}]);
  const [header] = parse(text.slice(0, end).replace(/\r$/, "")) as string[][];
  return (header ?? []).map((c) => c.trim());
}

class Session {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly opts: SessionOptions,
    private readonly layout: LayoutName
  ) {}

  static async open(opts: SessionOptions, layout: LayoutName): Promise<Session> {
    const instance = await DuckDBInstance.create(":memory:");
    const session = new Session(instance, await instance.connect(), opts, layout);
    await session.setup();
    return session;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  private async all(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  }

  private async setup(): Promise<void> {
    const values = (rows: string[][]) => rows.map((r) => `(${r.map(sqlString).join(", ")})`).join(", ");
    await this.conn.run(`CREATE TABLE agencies AS SELECT * FROM (VALUES ${values([...this.opts.agencies])}) t(agency, agency_code)`);
    await this.conn.run(`CREATE TABLE states AS SELECT * FROM (VALUES ${values(Object.entries(STATE_CODES))}) t(name, code)`);
    await this.conn.run("CREATE TABLE classes (rid BIGINT, re_relevant BOOLEAN, matched_rules VARCHAR, stages VARCHAR)");
    if ("citations" in this.opts.cite) {
      const rows = this.opts.cite.citations.rows.map((r) => [r.key, r.source_url, r.source_id, String(r._line)]);
      await this.conn.run(`CREATE TABLE cites AS SELECT k, source_url, source_id, line::INTEGER AS line FROM (VALUES ${values(rows)}) t(k, source_url, source_id, line)`);
    }
    // Each rule's regex must compile in RE2 too, not only in JavaScript.
    const issues: DataIssue[] = [];
    for (const [i, rule] of this.opts.rules.entries()) {
      try {
        await this.conn.run(`SELECT regexp_matches('', ${sqlString(ruleRegex(rule))}, 'i')`);
      } catch (e) {
        issues.push({file: this.opts.rulesFile, row: rule._line ?? i + 2, column: "pattern", value: rule.pattern, problem: `DuckDB (RE2) cannot compile it: ${(e as Error).message.split("\n")[0]}`, fix: "use RE2 syntax (no lookaround or backreferences)"});
      }
    }
    if (issues.length) throw new DataError(issues);
  }

  private readCsv(csv: string): string {
    const columns = LAYOUTS[this.layout].map((c) => `${sqlString(c)}: 'VARCHAR'`).join(", ");
    return `read_csv(${sqlString(csv)}, columns = {${columns}}, header = true, auto_detect = false, delim = ',',
      quote = '"', escape = '"', strict_mode = true, store_rejects = true, encoding = 'utf-8')`;
  }

  /** Trimmed cells, '' -> NULL, named by their CELLS alias (trim() only where needed: it is slow in bulk). */
  private cells(): string {
    const cell = (c: string) => `nullif(CASE WHEN starts_with(${c}, ' ') OR ends_with(${c}, ' ') THEN trim(${c}) ELSE ${c} END, '')`;
    return Object.entries(CELLS).map(([alias, c]) => `${cell(`"${c}"`)} AS ${alias}`).join(", ");
  }

  /** The one pass over the file (see the module comment). Progress on stderr every 2 s for big files. */
  async stage(csv: string): Promise<void> {
    const any = prefilterSql(this.opts.rules, {title: '"Award Title"', abstract: '"Abstract"', topic: '"Topic Code"'});
    const bad = checks(this.opts.agenciesFile).map((c) => `(${c.bad})`).join(" OR ");
    const sql = `CREATE TABLE staged AS SELECT company, title, agency, branch, phase, program, tracking, contract, topic, state,
        TRY_CAST(award_year AS INTEGER) AS year_int, strftime(${parseDate("award_date")}, '%Y-%m-%d') AS date_iso,
        TRY_CAST(replace(amount, ',', '') AS DOUBLE) AS amount_num, coalesce(${bad}, true) AS bad,
        candidate, CASE WHEN candidate THEN abstract_text END AS abstract
      FROM (SELECT ${this.cells()}, "Abstract" AS abstract_text, ${any} AS candidate FROM ${this.readCsv(csv)})`;
    const timer = setInterval(() => {
      const p = this.conn.progress.percentage;
      if (p > 0) this.opts.log(`read_csv ${p.toFixed(0)}%`);
    }, 2000);
    try {
      await this.conn.run("SET enable_progress_bar = true; SET enable_progress_bar_print = false");
      await this.conn.run(sql);
    } finally {
      clearInterval(timer);
    }
    await this.throwRejects();
  }

  async count(): Promise<number> {
    return (await this.all("SELECT count(*)::INTEGER AS n FROM staged"))[0]?.n as number;
  }

  /** Records DuckDB could not split into the header's columns (wrong field count, broken quoting). */
  private async throwRejects(): Promise<void> {
    const rows = await this.all(`SELECT line::INTEGER AS line, column_name, error_type, error_message, csv_line,
        count(*) OVER ()::INTEGER AS total FROM reject_errors ORDER BY line LIMIT 20`);
    if (!rows.length) return;
    const name = this.opts.name;
    const issues: DataIssue[] = rows.map((r) => {
      const line = r.line as number;
      const wrongCount = r.error_type === "MISSING COLUMNS" || r.error_type === "TOO MANY COLUMNS";
      return {
        file: name,
        row: `${line} (record ${line - 1})`,
        column: (r.column_name as string | null) ?? undefined,
        value: String(r.csv_line ?? "").replace(/^\r?\n/, ""),
        problem: wrongCount ? `the record does not have the header's columns: ${r.error_message}` : `the record cannot be read: ${r.error_message}`,
        fix: wrongCount
          ? 'every record needs one field per header column; a field containing a comma, quote or line break must be wrapped in "..." with inner quotes doubled'
          : 'check the quoting of this record: wrap fields in "..." and double any quote inside'
      };
    });
    const total = rows[0]?.total as number;
    if (total > rows.length) issues.push({file: name, problem: `${total - rows.length} more records cannot be read`, fix: "fix the records above and run again"});
    throw new DataError(issues);
  }

  /** When any check failed, read the file again keeping raw cells, and list the first 20 problems in file order. */
  async checkValues(csv: string): Promise<void> {
    const [{n}] = (await this.all("SELECT count(*) FILTER (WHERE bad)::INTEGER AS n FROM staged")) as [{n: number}];
    if (n === 0) return;
    this.opts.log(`${n} records with problems; reading again to name them`);
    await this.conn.run(`CREATE TABLE detail AS SELECT ${this.cells()} FROM ${this.readCsv(csv)}`);
    const list = checks(this.opts.agenciesFile);
    const union = list.map((c, i) => `SELECT rowid, tracking, ${i} AS check_index, ${c.cell} AS value FROM detail WHERE ${c.bad}`).join("\nUNION ALL\n");
    const rows = await this.all(`WITH bad AS (${union})
      SELECT rowid::INTEGER AS rowid, tracking, check_index, value, count(*) OVER ()::INTEGER AS total FROM bad
      ORDER BY rowid, check_index LIMIT 20`);
    const issues: DataIssue[] = rows.map((r) => {
      const c = list[r.check_index as number] as Check;
      return {file: this.opts.name, row: recordLabel(r.rowid as number, r.tracking as string | null), column: CELLS[c.cell], value: r.value ?? "", problem: c.problem, fix: c.fix};
    });
    const total = rows[0]?.total as number;
    if (total > rows.length) {
      const counts = await this.all(`WITH bad AS (${union}) SELECT check_index, count(*)::INTEGER AS n FROM bad GROUP BY ALL ORDER BY check_index`);
      const summary = counts.map((r) => `${CELLS[(list[r.check_index as number] as Check).cell]}: ${r.n}`).join(", ");
      issues.push({file: this.opts.name, problem: `${total - rows.length} more problems not listed (all problems by column: ${summary})`, fix: "fix the ones above and run again"});
    }
    throw new DataError(issues);
  }

  /** Rule attribution for the prefilter hits (JavaScript, the tested reference matcher); returns the relevant count. */
  async classify(): Promise<number> {
    const hits = await this.all("SELECT rowid AS rid, title, abstract, topic FROM staged WHERE candidate");
    const appender = await this.conn.createAppender("classes");
    let relevant = 0;
    for (const h of hits) {
      const c = classify(this.opts.rules, matchingRules(this.opts.rules, {title: h.title as string | null, abstract: h.abstract as string | null, topic: h.topic as string | null}));
      if (!c.re_relevant) continue;
      relevant++;
      appender.appendBigInt(h.rid as bigint);
      appender.appendBoolean(true);
      appender.appendVarchar(c.matched_rules ?? "");
      appender.appendVarchar(c.stages ?? "");
      appender.endRow();
    }
    appender.closeSync();
    return relevant;
  }

  /** Extract only: every award has exactly one citation row and every citation row an award. Returns cited ids. */
  async checkCitations(): Promise<string[]> {
    if (!("citations" in this.opts.cite)) return [this.opts.cite.sourceId];
    const {file} = this.opts.cite.citations;
    const key = "coalesce(s.tracking, '') || '|' || coalesce(s.contract, '')";
    const issues: DataIssue[] = [];
    for (const r of await this.all(`SELECT * FROM (SELECT s.rowid::INTEGER AS rowid, s.tracking, ${key} AS k, c.k IS NULL AS uncited,
          count(*) OVER (PARTITION BY ${key})::INTEGER AS n, min(s.rowid) OVER (PARTITION BY ${key})::INTEGER AS first
        FROM staged s LEFT JOIN cites c ON c.k = ${key}) WHERE uncited OR n > 1 ORDER BY rowid LIMIT 20`)) {
      const row = recordLabel(r.rowid as number, r.tracking as string | null);
      const missing = {problem: `no citation for this award in ${file}`, fix: `add a row agency_tracking_number,contract,source_url,source_id for it to ${file}`};
      const shared = {problem: `another award (row ${(r.first as number) + 2}) has the same Agency Tracking Number and Contract, so the citation is ambiguous`, fix: "keep one of the two awards in the extract"};
      if (r.uncited) issues.push({file: this.opts.name, row, column: "Agency Tracking Number", value: r.k, ...missing});
      else if (r.rowid !== r.first) issues.push({file: this.opts.name, row, column: "Agency Tracking Number", value: r.k, ...shared});
    }
    for (const r of await this.all(`SELECT c.line, c.k FROM cites c ANTI JOIN staged s ON c.k = ${key} ORDER BY c.line LIMIT 20`)) {
      issues.push({file, row: r.line as number, column: "agency_tracking_number", value: r.k, problem: `no award in ${this.opts.name} has this Agency Tracking Number and Contract`, fix: "delete the row or correct the key"});
    }
    if (issues.length) throw new DataError(issues);
    return (await this.all("SELECT DISTINCT source_id FROM cites ORDER BY ALL")).map((r) => r.source_id as string);
  }

  /** Final rows, sorted by a stable award_id, as an Arrow table with `schema`'s columns. */
  async output(sorted: () => void): Promise<Table> {
    const cited = "citations" in this.opts.cite;
    const source = cited
      ? "c.source_url AS source_url, c.source_id AS source_id"
      : `NULL::VARCHAR AS source_url, ${sqlString((this.opts.cite as {sourceId: string}).sourceId)} AS source_id`;
    await this.conn.run(`CREATE TABLE typed AS
      SELECT s.rowid AS rid, concat_ws(':', g.agency_code, coalesce(s.tracking, ''), coalesce(s.contract, '')) AS award_id,
        s.company, s.title, g.agency_code AS agency, s.branch, CASE s.phase WHEN 'Phase I' THEN 'I' ELSE 'II' END AS phase,
        s.program, s.year_int AS award_year, s.date_iso AS award_date, s.amount_num AS amount_usd, s.topic AS topic_code,
        coalesce(st.code, upper(s.state)) AS state, coalesce(k.re_relevant, false) AS re_relevant, k.matched_rules, k.stages,
        ${source}
      FROM staged s JOIN agencies g ON g.agency = s.agency
        LEFT JOIN states st ON st.name = lower(s.state)
        LEFT JOIN classes k ON k.rid = s.rowid
        ${cited ? "LEFT JOIN cites c ON c.k = coalesce(s.tracking, '') || '|' || coalesce(s.contract, '')" : ""}`);
    // Awards sharing agency:tracking:contract get #1, #2... in a stable order (rare; skipped when there are none).
    const [{dups}] = (await this.all("SELECT (count(*) - count(DISTINCT award_id))::INTEGER AS dups FROM typed")) as [{dups: number}];
    if (dups > 0) {
      this.opts.log(`${dups} awards share an award_id; numbering them`);
      await this.conn.run(`CREATE OR REPLACE TABLE typed AS SELECT * REPLACE (CASE WHEN count(*) OVER (PARTITION BY award_id) > 1
          THEN award_id || '#' || row_number() OVER (PARTITION BY award_id ORDER BY award_date, amount_usd, company, title, rid)
          ELSE award_id END AS award_id) FROM typed`);
    }
    await this.conn.run("CREATE TABLE out AS SELECT row_number() OVER (ORDER BY award_id) AS pos, * EXCLUDE (rid) FROM typed");
    sorted();
    return duckdbToArrow(this.conn, "out", "pos", this.opts.schema);
  }
}
