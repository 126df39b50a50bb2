import {readFileSync} from "node:fs";
import {isAbsolute, relative, sep} from "node:path";
import {parse} from "csv-parse/sync";
import {z} from "zod";
import {DataError, type DataIssue} from "./errors.ts";
import {dataDir} from "./paths.ts";
import {recordRead} from "./reads.ts";
import {CASE, CASE_FOLDER} from "../src/lib/case.ts";

/** Path as the user sees it in messages: `data/cases/<id>/...` for a case's inputs (also when RE_DATA_DIR points at a
 * copy of the case elsewhere: the copy stands for the case it was copied from). */
export function displayPath(file: string): string {
  const inData = relative(dataDir(), file);
  if (!inData.startsWith("..") && !isAbsolute(inData)) return `${CASE_FOLDER}/${inData.split(sep).join("/")}`;
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

/** Decode bytes as strict UTF-8; reject a BOM and invalid bytes with the row they occur on. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  const name = displayPath(file);
  if (bytes.length === 0) {
    throw new DataError([{file: name, problem: "the file is empty", fix: "restore the header row and data, e.g. from git"}]);
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new DataError([
      {file: name, row: 1, problem: "the file starts with a UTF-8 byte-order mark", fix: "save it as UTF-8 without BOM"}
    ]);
  }
  try {
    return new TextDecoder("utf-8", {fatal: true}).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const row = countLines(bytes, bad);
    throw new DataError([
      {
        file: name,
        row,
        value: `byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, "0")} at offset ${bad}`,
        problem: "the file is not valid UTF-8",
        fix: "re-save the file as UTF-8 (it was saved in another encoding, such as cp1252, latin-1 or GBK)"
      }
    ]);
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", {fatal: true});
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest invalid prefix (a cut inside a valid multi-byte char only errors at the end).
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid), {stream: true});
      decoder.decode(); // reset
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

function countLines(bytes: Uint8Array, end: number): number {
  let n = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

/**
 * Largest cell a curated CSV may hold, in UTF-8 bytes. The longest real cell is a note of under 600 bytes; a cell of
 * kilobytes is a mistake (usually an unclosed quote that swallowed the rows after it, or text pasted into the wrong
 * file), and would be published as is. Long text belongs in the source a row cites.
 */
export const MAX_CELL_BYTES = 10_000;

/**
 * The row on which the record the parser failed on starts. The parser reports the line where it gave up, which for
 * an unclosed quote is many rows later (the quote swallowed them); the record before it parses cleanly.
 */
function failingRow(text: string, records: number | undefined, lines: number | undefined): number | undefined {
  if (!records) return lines;
  try {
    const parsed = parse(text, {relax_column_count: true, skip_empty_lines: true, to: records, info: true}) as unknown as {info: {lines: number}}[];
    return (parsed.at(-1)?.info.lines ?? 0) + 1;
  } catch {
    return lines;
  }
}

export interface CsvTable {
  file: string;
  header: string[];
  /** Records keyed by header; `line` is the 1-based row number as a spreadsheet shows it (header = 1). */
  records: {line: number; values: Record<string, string>}[];
}

/** Parse a CSV file strictly: the header must be exactly `columns` (order free), every row as wide as the header. */
export function readCsvTable(file: string, columns: readonly string[]): CsvTable {
  const name = displayPath(file);
  recordRead(file);
  const text = decodeUtf8(readFileSync(file), file);
  let rows: string[][];
  try {
    rows = parse(text, {relax_column_count: true, skip_empty_lines: true, info: false}) as string[][];
  } catch (e) {
    const err = e as {lines?: number; records?: number; message: string};
    throw new DataError([
      {file: name, row: failingRow(text, err.records, err.lines), problem: `the CSV cannot be parsed (${err.message})`, fix: "check quoting on that row: a field with a comma or quote must be wrapped in \"...\" and inner quotes doubled"}
    ]);
  }
  const [header, ...body] = rows;
  if (!header) throw new DataError([{file: name, problem: "the file has no header row", fix: `start it with: ${columns.join(",")}`}]);
  const issues: DataIssue[] = [];
  const missing = columns.filter((c) => !header.includes(c));
  const extra = header.filter((c) => !columns.includes(c));
  for (const c of missing) issues.push({file: name, row: 1, column: c, problem: "a required column is missing from the header", fix: `add the column; the header must be: ${columns.join(",")}`});
  for (const c of extra) issues.push({file: name, row: 1, column: c, problem: "the header has a column the schema does not know", fix: `remove or rename it; allowed columns: ${columns.join(",")}`});
  const dup = header.filter((c, i) => header.indexOf(c) !== i);
  for (const c of dup) issues.push({file: name, row: 1, column: c, problem: "the column appears twice in the header", fix: "keep one of them"});
  if (issues.length) throw new DataError(issues);
  // A file of tier rows (a `tier` column) has none in a case without tiers (case.json "tiers": []).
  if (body.length === 0 && !(header.includes("tier") && CASE.tiers.length === 0))
    throw new DataError([{file: name, row: 2, problem: "the file has a header but no data rows", fix: "add data rows or restore the file from git"}]);
  const records: CsvTable["records"] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.length !== header.length) {
      issues.push({file: name, row: line, value: cells.join(",").slice(0, 80), problem: `the row has ${cells.length} fields but the header has ${header.length}`, fix: "add or remove fields (quote any field that contains a comma)"});
      return;
    }
    const values: Record<string, string> = {};
    header.forEach((c, j) => (values[c] = cells[j] ?? ""));
    for (const [column, value] of Object.entries(values)) {
      const bytes = Buffer.byteLength(value, "utf8");
      if (bytes > MAX_CELL_BYTES) {
        issues.push({file: name, row: line, column, value: `${value.slice(0, 40)}... (${bytes} bytes)`, problem: `the cell is longer than the limit of ${MAX_CELL_BYTES} bytes per cell`, fix: "shorten it (long text belongs in the cited source), or close the quote that made it swallow the rows after it"});
      }
    }
    records.push({line, values});
  });
  if (issues.length) throw new DataError(issues);
  return {file: name, header, records};
}

/**
 * Read a CSV and validate each row with a zod object schema whose keys are the columns. Returns typed rows with
 * their line numbers; throws one DataError listing every bad cell.
 */
export function readCsv<S extends z.ZodObject>(file: string, schema: S): {rows: (z.output<S> & {_line: number})[]; file: string} {
  const columns = Object.keys(schema.shape);
  const table = readCsvTable(file, columns);
  const issues: DataIssue[] = [];
  const rows: (z.output<S> & {_line: number})[] = [];
  for (const {line, values} of table.records) {
    const result = schema.safeParse(values);
    if (result.success) {
      rows.push({...(result.data as z.output<S>), _line: line});
      continue;
    }
    for (const issue of result.error.issues) {
      const column = String(issue.path[0] ?? "");
      issues.push({file: table.file, row: line, column, value: values[column], problem: issue.message, fix: fixFor(issue)});
    }
  }
  if (issues.length) throw new DataError(issues);
  return {rows, file: table.file};
}

function fixFor(issue: z.core.$ZodIssue): string {
  const fix = (issue as {params?: {fix?: string}}).params?.fix;
  if (fix) return fix;
  if (issue.code === "too_small") return "fill in the cell (it is required)";
  if (issue.code === "invalid_value" && "values" in issue) return `use one of: ${(issue.values as unknown[]).join(", ")}`;
  return "correct the value (see data/README.md for the format)";
}
