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
 *    reject_errors) stages the output columns, already typed, joined to agency and state codes and sorted by
 *    award_id, plus one flag for "some check failed" and the rule prefilter (one combined RE2 regex per field);
 *    abstracts are kept only for prefilter hits;
 * 2. structural errors, then value errors, become a DataError (a second, slower pass names every bad cell);
 * 3. the JavaScript rule matcher attributes rules to the prefilter hits (a few %), and classify() gives
 *    relevance and stages; the results go back to DuckDB;
 * 4. the staged rows, their classes and citations are packed into Arrow buffers (duckdb-arrow.ts).
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
    {cell: "award_year", bad: String.raw`NOT regexp_full_match(coalesce(award_year, ''), ' *(19[89]\d|20\d\d|2100) *')`, problem: "not a four-digit award year (1980-2100)", fix: "write the year, e.g. 2024"},
    {cell: "amount", bad: String.raw`NOT regexp_full_match(coalesce(amount, '0'), ' *(\d{1,3}(,\d{3})+|\d+)(\.\d+)? *')`, problem: "not a number", fix: 'write the amount in US dollars with digits, optionally with thousands separators and cents (e.g. 171433 or "1,880,681.50"), or leave it empty'},
    ...DATES.map((cell): Check => ({
      cell,
      // try_strptime accepts M/D/YYYY and YYYY-MM-DD (padded or not, surrounding spaces ignored) and only real dates.
      bad: `coalesce(year(${parseDate(cell)}) NOT BETWEEN 1950 AND 2100, ${cell} IS NOT NULL)`,
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
  let session = await Session.open(opts, layout, opts.file);
  try {
    // The UTF-8 check (streaming, native) runs while DuckDB reads; a file that is not UTF-8 is read again from a
    // repaired copy (DuckDB would reject or mis-handle its bytes).
    const first = session;
    const [utf8, failed] = await Promise.all([
      isUtf8File(opts.file).then((ok) => {
        if (!ok) first.interrupt();
        return ok;
      }),
      session.stage().then(() => null, (e: unknown) => e)
    ]);
    let repairedBytes = 0;
    if (!utf8) {
      session.close();
      tmp = mkdtempSync(join(tmpdir(), "sbir-"));
      const copy = join(tmp, "utf8.csv");
      repairedBytes = (await repairToUtf8(opts.file, copy)).invalidBytes;
      opts.log(`not valid UTF-8: ${repairedBytes} byte(s) read as cp1252 (UTF-8 copy in ${copy})`);
      session = await Session.open(opts, layout, copy);
      await session.stage();
    } else if (failed) throw failed;
    const count = await session.check();
    opts.log(`read and checked ${count} records (${seconds()})`);
    const relevant = await session.classify();
    opts.log(`${relevant} of ${count} awards rare-earth relevant (${seconds()})`);
    const sourceIds = await session.checkCitations();
    const table = await session.output();
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

const KEY = "coalesce(tracking, '') || '|' || coalesce(contract, '')";

class Session {
  private detailed = false;
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly opts: SessionOptions,
    private readonly layout: LayoutName,
    /** The UTF-8 file DuckDB reads. */
    private readonly csv: string
  ) {}

  static async open(opts: SessionOptions, layout: LayoutName, csv: string): Promise<Session> {
    const instance = await DuckDBInstance.create(":memory:");
    const session = new Session(instance, await instance.connect(), opts, layout, csv);
    try {
      await session.setup();
    } catch (e) {
      session.close();
      throw e;
    }
    return session;
  }

  /** Stop a running query (its promise rejects). */
  interrupt(): void {
    this.conn.interrupt();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
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

  /** Trimmed cells ('' -> NULL) named by their CELLS alias, straight from read_csv. */
  private cells(): string {
    const columns = LAYOUTS[this.layout].map((c) => `${sqlString(c)}: 'VARCHAR'`).join(", ");
    // trim() is slow in bulk, so only cells that start or end with a space go through it.
    // Dates, year and amount are parsed and checked in ways that ignore surrounding spaces, so they skip it.
    const cell = (c: string) => `nullif(CASE WHEN starts_with(${c}, ' ') OR ends_with(${c}, ' ') THEN trim(${c}) ELSE ${c} END, '')`;
    const untrimmed: Cell[] = [...DATES, "award_year", "amount"];
    const expr = (alias: Cell, c: string) => (untrimmed.includes(alias) ? `nullif("${c}", '')` : cell(`"${c}"`));
    return `SELECT ${Object.entries(CELLS).map(([alias, c]) => `${expr(alias as Cell, c)} AS ${alias}`).join(", ")}, "Abstract" AS abstract_text
      FROM read_csv(${sqlString(this.csv)}, columns = {${columns}}, header = true, auto_detect = false, delim = ',',
        quote = '"', escape = '"', strict_mode = true, store_rejects = true, encoding = 'utf-8')`;
  }

  /** The one pass over the file (see the module comment). Progress on stderr every 2 s. */
  async stage(): Promise<void> {
    const any = prefilterSql(this.opts.rules, {title: "title", abstract: "abstract_text", topic: "topic"});
    const bad = checks(this.opts.agenciesFile).map((c) => `(${c.bad})`).join(" OR ");
    const sql = `CREATE TABLE staged AS
      SELECT concat_ws(':', g.agency_code, coalesce(r.tracking, ''), coalesce(r.contract, '')) AS award_id,
        r.company, r.title, g.agency_code AS agency, r.branch, CASE r.phase WHEN 'Phase I' THEN 'I' ELSE 'II' END AS phase,
        r.program, TRY_CAST(r.award_year AS INTEGER) AS award_year, strftime(${parseDate("r.award_date")}, '%Y-%m-%d') AS award_date,
        TRY_CAST(replace(r.amount, ',', '') AS DOUBLE) AS amount_usd, r.topic AS topic_code, coalesce(st.code, upper(r.state)) AS state,
        r.tracking, r.contract, r.bad, r.candidate, CASE WHEN r.candidate THEN r.abstract_text END AS abstract
      FROM (SELECT *, coalesce(${bad}, true) AS bad, ${any} AS candidate FROM (${this.cells()})) r
        LEFT JOIN agencies g ON g.agency = r.agency
        LEFT JOIN states st ON st.name = lower(r.state)
      ORDER BY award_id`;
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

  /**
   * The staged rows are sorted, so messages need the record numbers of a second read (rowid = record - 1); it is
   * made only when something is wrong.
   */
  private async detail(): Promise<void> {
    if (this.detailed) return;
    await this.conn.run(`CREATE TABLE detail AS ${this.cells()}`);
    this.detailed = true;
  }

  /** Fails on any bad value (naming the first 20, in file order); numbers awards that share an award_id. */
  async check(): Promise<number> {
    const [{n, bad, dups}] = (await this.all(`SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE bad)::INTEGER AS bad,
        (count(*) - count(DISTINCT award_id))::INTEGER AS dups FROM staged`)) as [{n: number; bad: number; dups: number}];
    if (bad > 0) await this.throwInvalid(bad);
    if (dups > 0) {
      // Rare in practice: #1, #2... in an order that depends on the values only, not on the file's row order.
      this.opts.log(`${dups} awards share an agency:tracking:contract id; numbering them`);
      await this.conn.run(`CREATE OR REPLACE TABLE staged AS SELECT * REPLACE (CASE WHEN count(*) OVER (PARTITION BY award_id) > 1
          THEN award_id || '#' || row_number() OVER (PARTITION BY award_id ORDER BY award_date, amount_usd, company, title,
            branch, topic_code, state, program, phase, award_year) ELSE award_id END AS award_id)
        FROM staged ORDER BY award_id`);
    }
    return n;
  }

  private async throwInvalid(bad: number): Promise<never> {
    this.opts.log(`${bad} records with problems; reading again to name them`);
    await this.detail();
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
    const hits = await this.all("SELECT rowid AS rid, title, abstract, topic_code FROM staged WHERE candidate");
    const appender = await this.conn.createAppender("classes");
    let relevant = 0;
    for (const h of hits) {
      const text = {title: h.title as string | null, abstract: h.abstract as string | null, topic: h.topic_code as string | null};
      const c = classify(this.opts.rules, matchingRules(this.opts.rules, text));
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
    const [{uncited, shared, unused}] = (await this.all(`SELECT
        (SELECT count(*) FROM staged s ANTI JOIN cites c ON c.k = ${KEY})::INTEGER AS uncited,
        (SELECT count(*) - count(DISTINCT ${KEY}) FROM staged)::INTEGER AS shared,
        (SELECT count(*) FROM cites c ANTI JOIN staged s ON c.k = ${KEY})::INTEGER AS unused`)) as [{uncited: number; shared: number; unused: number}];
    if (uncited + shared + unused > 0) {
      await this.detail();
      const issues: DataIssue[] = [];
      for (const r of await this.all(`SELECT * FROM (SELECT d.rowid::INTEGER AS rowid, d.tracking, ${KEY} AS k, c.k IS NULL AS uncited,
            min(d.rowid) OVER (PARTITION BY ${KEY})::INTEGER AS first
          FROM detail d LEFT JOIN cites c ON c.k = ${KEY}) WHERE uncited OR rowid > first ORDER BY rowid LIMIT 20`)) {
        const row = recordLabel(r.rowid as number, r.tracking as string | null);
        if (r.uncited) issues.push({file: this.opts.name, row, column: "Agency Tracking Number", value: r.k, problem: `no citation for this award in ${file}`, fix: `add a row agency_tracking_number,contract,source_url,source_id for it to ${file}`});
        else issues.push({file: this.opts.name, row, column: "Agency Tracking Number", value: r.k, problem: `another award (row ${(r.first as number) + 2}) has the same Agency Tracking Number and Contract, so the citation is ambiguous`, fix: "keep one of the two awards in the extract"});
      }
      for (const r of await this.all(`SELECT c.line, c.k FROM cites c ANTI JOIN staged s ON c.k = ${KEY} ORDER BY c.line LIMIT 20`)) {
        issues.push({file, row: r.line as number, column: "agency_tracking_number", value: r.k, problem: `no award in ${this.opts.name} has this Agency Tracking Number and Contract`, fix: "delete the row or correct the key"});
      }
      throw new DataError(issues);
    }
    return (await this.all("SELECT DISTINCT source_id FROM cites ORDER BY ALL")).map((r) => r.source_id as string);
  }

  /** The staged rows (already sorted by award_id) with their classes and citations, as an Arrow table. */
  async output(): Promise<Table> {
    const cited = "citations" in this.opts.cite;
    const source = cited
      ? "c.source_url, c.source_id"
      : `NULL::VARCHAR AS source_url, ${sqlString((this.opts.cite as {sourceId: string}).sourceId)} AS source_id`;
    const relation = `(SELECT s.rowid AS pos, s.* EXCLUDE (tracking, contract, bad, candidate, abstract),
        dense_rank() OVER (ORDER BY s.company)::INTEGER AS company_id,
        coalesce(k.re_relevant, false) AS re_relevant, k.matched_rules, k.stages, ${source}
      FROM staged s LEFT JOIN classes k ON k.rid = s.rowid ${cited ? `LEFT JOIN cites c ON c.k = ${KEY.replace(/(tracking|contract)/g, "s.$1")}` : ""})`;
    return duckdbToArrow(this.conn, relation, "pos", this.opts.schema);
  }
}
