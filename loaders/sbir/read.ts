import {closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import type {Schema, Table} from "apache-arrow";
import {parse} from "csv-parse/sync";
import {ruleRegex, type Rule} from "../../src/lib/sbir-rules.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {duckdbToArrow} from "./duckdb-arrow.ts";
import {isUtf8File, repairToUtf8} from "./encoding.ts";
import {LAYOUTS, detectLayout, type LayoutName, type SbirColumn} from "./layout.ts";
import {runScript, sbirVariablesSql, sqlFile} from "./sql.ts";
import {CASE_FOLDER, term} from "../../src/lib/case.ts";

/**
 * Ingest SBIR.gov's award_data.csv with native DuckDB, in one session, running the SQL files in sql/ as they are
 * (see sql/README.md; the variables they read come from sql.ts):
 * 1. 1-setup.sql, 2-macros.sql: agencies, states, rules and citations as tables, the checks as macros;
 * 2. 3-stage.sql: one parallel read_csv pass (every column VARCHAR, RFC 4180 quoting, strict, malformed records to
 *    reject_errors) stages the output columns, already typed, joined to agency and state codes and sorted by
 *    award_id, plus one flag for "some check failed" and the rule prefilter (one combined RE2 regex per field);
 *    abstracts are kept only for prefilter hits; it returns the malformed records;
 * 3. 4-check.sql counts bad records and shared ids; problems.sql (only when something is bad: a second, slower pass)
 *    returns every bad cell with its record number, which become a DataError here;
 * 4. 5-rules.sql attributes the rules to the prefilter hits (the logic of src/lib/sbir-rules.ts's classify, a test
 *    checks they agree), 6-cites.sql checks the extract's citations;
 * 5. 7-output.sql is the published table, packed into Arrow buffers by duckdb-arrow.ts (the repetitive text
 *    columns as Arrow dictionaries, numbered by DuckDB).
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

/** What each check of sql/2-macros.sql (by cell alias, as sql/problems.sql names it) tells the reader. */
function checkTexts(agenciesFile: string): Partial<Record<Cell, {problem: string; fix: string}>> {
  const date = {problem: "not a date", fix: "write the date as M/D/YYYY (e.g. 5/7/2024) or YYYY-MM-DD, or leave it empty"};
  return {
    company: {problem: "a value is required", fix: "fill in the company name"},
    agency: {problem: "unknown agency", fix: `add the agency's full name and a short code to ${agenciesFile} (columns agency,agency_code,source_id), or correct the cell`},
    phase: {problem: "not a phase", fix: 'write "Phase I" or "Phase II"'},
    program: {problem: "not a program", fix: "write SBIR or STTR"},
    award_year: {problem: "not a four-digit award year (1980-2100)", fix: "write the year, e.g. 2024"},
    amount: {problem: "not a number", fix: 'write the amount in US dollars with digits, optionally with thousands separators and cents (e.g. 171433 or "1,880,681.50"), or leave it empty'},
    ...Object.fromEntries(DATES.map((d) => [d, date]))
  };
}

/** "4 (record 3, Agency Tracking Number "AF-1")": spreadsheet row, record number, and the award's own key. */
export function recordLabel(rowid: number, tracking: string | null): string {
  return `${rowid + 2} (record ${rowid + 1}${tracking ? `, Agency Tracking Number "${tracking}"` : ""})`;
}

export async function runSession(opts: SessionOptions): Promise<SessionResult> {
  if (!existsSync(opts.file)) throw new DataError([{file: opts.name, problem: "the file does not exist", fix: `check the path (see ${CASE_FOLDER}/sbir/README.md)`}]);
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
    opts.log(`${relevant} of ${count} awards ${term("chain")} relevant (${seconds()})`);
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
export function readHeader(file: string, name: string): string[] {
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
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly opts: SessionOptions
  ) {}

  static async open(opts: SessionOptions, layout: LayoutName, csv: string): Promise<Session> {
    const instance = await DuckDBInstance.create(":memory:");
    const session = new Session(instance, await instance.connect(), opts);
    try {
      await session.checkRegexes();
      await runScript(session.conn, sbirVariablesSql({...opts, layout, csv}));
      await session.sql("1-setup.sql");
      await session.sql("2-macros.sql");
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

  /** Run one of sql/*.sql as it is; the rows of its last statement. */
  private async sql(name: string): Promise<Record<string, unknown>[]> {
    return runScript(this.conn, sqlFile(name));
  }

  /** Each rule's regex must compile in RE2 too, not only in JavaScript. */
  private async checkRegexes(): Promise<void> {
    const issues: DataIssue[] = [];
    for (const [i, rule] of this.opts.rules.entries()) {
      try {
        await this.conn.run("SELECT regexp_matches('', $1, 'i')", [ruleRegex(rule)]);
      } catch (e) {
        issues.push({file: this.opts.rulesFile, row: rule._line ?? i + 2, column: "pattern", value: rule.pattern, problem: `DuckDB (RE2) cannot compile it: ${(e as Error).message.split("\n")[0]}`, fix: "use RE2 syntax (no lookaround or backreferences)"});
      }
    }
    if (issues.length) throw new DataError(issues);
  }

  /** The one pass over the file (sql/3-stage.sql). Progress on stderr every 2 s. */
  async stage(): Promise<void> {
    const timer = setInterval(() => {
      const p = this.conn.progress.percentage;
      if (p > 0) this.opts.log(`read_csv ${p.toFixed(0)}%`);
    }, 2000);
    let rejects: Record<string, unknown>[];
    try {
      await this.conn.run("SET enable_progress_bar = true; SET enable_progress_bar_print = false");
      rejects = await this.sql("3-stage.sql");
    } finally {
      clearInterval(timer);
    }
    if (rejects.length) this.throwRejects(rejects);
  }

  /** Records DuckDB could not split into the header's columns (wrong field count, broken quoting). */
  private throwRejects(rows: Record<string, unknown>[]): never {
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

  /** Fails on any bad value (naming the first 20, in file order); numbers awards that share an award_id. */
  async check(): Promise<number> {
    const [{n, bad, dups}] = (await this.sql("4-check.sql")) as [{n: number; bad: number; dups: number}];
    if (bad > 0) await this.throwInvalid(bad);
    if (dups > 0) {
      // Rare in practice: #1, #2... in an order that depends on the values only, not on the file's row order.
      this.opts.log(`${dups} awards share an agency:tracking:contract id; numbering them`);
      await this.sql("duplicates.sql");
    }
    return n;
  }

  private async throwInvalid(bad: number): Promise<never> {
    this.opts.log(`${bad} records with problems; reading again to name them`);
    const rows = await this.sql("problems.sql");
    const texts = checkTexts(this.opts.agenciesFile);
    const text = (cell: unknown) => texts[cell as Cell] as {problem: string; fix: string};
    const problems = rows.filter((r) => r.kind === "problem");
    const issues: DataIssue[] = problems.map((r) => ({
      file: this.opts.name,
      row: recordLabel((r.record as number) - 1, r.tracking as string | null),
      column: CELLS[r.cell as Cell],
      value: (r.value as string | null) ?? "",
      ...text(r.cell)
    }));
    const counts = rows.filter((r) => r.kind === "count");
    const total = counts.reduce((sum, r) => sum + (r.n as number), 0);
    if (total > problems.length) {
      const summary = counts.map((r) => `${CELLS[r.cell as Cell]}: ${r.n}`).join(", ");
      issues.push({file: this.opts.name, problem: `${total - problems.length} more problems not listed (all problems by column: ${summary})`, fix: "fix the ones above and run again"});
    }
    throw new DataError(issues);
  }

  /** The keyword rules on the prefilter hits, in SQL (sql/5-rules.sql); returns the relevant count. */
  async classify(): Promise<number> {
    const [{relevant}] = (await this.sql("5-rules.sql")) as [{relevant: number}];
    return relevant;
  }

  /** Extract only: every award has exactly one citation row and every citation row an award. Returns cited ids. */
  async checkCitations(): Promise<string[]> {
    if (!("citations" in this.opts.cite)) return [this.opts.cite.sourceId];
    const {file, rows: cites} = this.opts.cite.citations;
    const [{uncited, shared, unused}] = (await this.sql("6-cites.sql")) as [{uncited: number; shared: number; unused: number}];
    if (uncited + shared + unused > 0) {
      const issues: DataIssue[] = [];
      for (const r of await this.sql("cite-problems.sql")) {
        if (r.kind === "cite") {
          issues.push({file, row: r.record as number, column: "agency_tracking_number", value: r.k, problem: `no award in ${this.opts.name} has this Agency Tracking Number and Contract`, fix: "delete the row or correct the key"});
          continue;
        }
        const row = recordLabel((r.record as number) - 1, r.tracking as string | null);
        if (r.uncited) issues.push({file: this.opts.name, row, column: "Agency Tracking Number", value: r.k, problem: `no citation for this award in ${file}`, fix: `add a row agency_tracking_number,contract,source_url,source_id for it to ${file}`});
        else issues.push({file: this.opts.name, row, column: "Agency Tracking Number", value: r.k, problem: `another award (row ${(r.first as number) + 1}) has the same Agency Tracking Number and Contract, so the citation is ambiguous`, fix: "keep one of the two awards in the extract"});
      }
      throw new DataError(issues);
    }
    return [...new Set(cites.map((c) => c.source_id))].sort();
  }

  /** The published rows (sql/7-output.sql, already in award_id order) as an Arrow table, its repetitive text
   * columns already dictionary-encoded by DuckDB (the bytes loaders/dictionary.ts would give). */
  async output(): Promise<Table> {
    await this.sql("7-output.sql");
    return duckdbToArrow(this.conn, "sbir_output", "pos", this.opts.schema, {dictionaries: true});
  }
}
