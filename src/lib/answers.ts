/**
 * Build-time answers: the results of the exact queries a page runs in its default state, computed by the build with
 * the same engine (DuckDB-WASM) over the same tables, so a cold page draws its first view without starting DuckDB.
 * A result is found by its query's name, SQL text and bound parameters, all three compared exactly: a query whose
 * text or parameters differ in any way (another input value, an edited query) is not found and runs live.
 */
import type {Row} from "./rows.js";

export const ANSWERS_FORMAT = "re-answers/1";

export interface QueryLike {
  name: string;
  sql: string;
  params: unknown[];
}

/** One answered query, stored column-wise (names once, then one array of values per row). */
export interface Answer {
  name: string;
  sql: string;
  params: unknown[];
  columns: string[];
  rows: unknown[][];
}

export interface AnswersFile {
  format: typeof ANSWERS_FORMAT;
  page: string;
  answers: Answer[];
}

export function answerKey(q: QueryLike): string {
  return JSON.stringify([q.name, q.sql, q.params]);
}

function storable(v: unknown, where: string): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map((x, i) => storable(x, `${where}[${i}]`));
  if (typeof v === "number") {
    if (Number.isFinite(v)) return v;
    throw new Error(`${where}: ${v} cannot be stored as a build-time answer (JSON has no NaN/Infinity); return NULL or a finite number from the query`);
  }
  throw new Error(`${where}: a ${Object.prototype.toString.call(v)} value cannot be stored as a build-time answer; cast it to VARCHAR, DOUBLE or INTEGER in the query`);
}

/** Turn one query and its plain rows into a stored answer; values must be null, strings, booleans or finite numbers. */
export function toAnswer(q: QueryLike, rows: Row[]): Answer {
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  const values = rows.map((row, r) =>
    columns.map((c) => storable(row[c], `query ${q.name}, row ${r + 1}, column "${c}"`))
  );
  return {name: q.name, sql: q.sql, params: q.params.map((p, i) => storable(p, `query ${q.name}, parameter ${i + 1}`)), columns, rows: values};
}

/** Answers of one page, deduplicated (a plan may run the same query twice), in the order of their keys: a plan asks
 * some queries at once, and the order they come back in depends on which were answered already (loaders/answers.ts),
 * so the file's bytes must not. */
export function answersFile(page: string, answered: {query: QueryLike; rows: Row[]}[]): AnswersFile {
  const byKey = new Map<string, Answer>();
  for (const {query, rows} of answered) byKey.set(answerKey(query), toAnswer(query, rows));
  const keys = [...byKey.keys()].sort();
  return {format: ANSWERS_FORMAT, page, answers: keys.map((k) => byKey.get(k)!)};
}

/** Look-up over a parsed answers file; every call returns fresh row objects, so callers may mutate them. */
export class Answers {
  private readonly byKey: Map<string, Answer>;

  constructor(file: AnswersFile) {
    if (file?.format !== ANSWERS_FORMAT || !Array.isArray(file.answers)) {
      throw new Error(`answers file: expected format "${ANSWERS_FORMAT}", got ${JSON.stringify(file?.format)}; rebuild the site`);
    }
    this.byKey = new Map(file.answers.map((a) => [answerKey(a), a]));
  }

  get size(): number {
    return this.byKey.size;
  }

  get<T extends Row = Row>(q: QueryLike): T[] | undefined {
    const a = this.byKey.get(answerKey(q));
    if (!a) return undefined;
    return a.rows.map((values) => Object.fromEntries(a.columns.map((c, i) => [c, values[i]])) as T);
  }
}
