/**
 * The last few live results of a page's queries, found by name, SQL text and bound parameters (all three compared
 * exactly, as build-time answers are: src/lib/answers.ts). An input set back to a value it had a moment ago
 * (Phase II, then all phases again) is then answered without running DuckDB again. The least recently used result
 * goes first once `capacity` results are kept. Rows come back as fresh objects each time, so a page that changes
 * the rows it got cannot change what the next caller gets.
 */
import {answerKey, type QueryLike} from "./answers.js";
import type {Row} from "./rows.js";

export class ResultCache {
  private readonly results = new Map<string, readonly Row[]>();

  constructor(readonly capacity = 24) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new Error(`ResultCache: capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.results.size;
  }

  get<T extends Row = Row>(q: QueryLike): T[] | undefined {
    const key = answerKey(q);
    const rows = this.results.get(key);
    if (rows === undefined) return undefined;
    // Most recently used last.
    this.results.delete(key);
    this.results.set(key, rows);
    return rows.map((r) => ({...r}) as T);
  }

  set(q: QueryLike, rows: readonly Row[]): void {
    const key = answerKey(q);
    this.results.delete(key);
    this.results.set(key, rows.map((r) => ({...r})));
    while (this.results.size > this.capacity) this.results.delete(this.results.keys().next().value as string);
  }
}
