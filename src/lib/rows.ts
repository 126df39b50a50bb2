/**
 * Turn an Arrow table (from DuckDB-WASM, in the browser or in Node) into plain row objects with JS numbers.
 * BigInt values (DuckDB BIGINT/HUGEINT) become numbers when they are safe integers; otherwise we fail loudly
 * rather than show a wrong figure (Arrow JS renders HUGEINT wrongly: cast aggregates to DOUBLE in SQL).
 */
export interface ArrowLike {
  schema: {fields: {name: string}[]};
  numRows: number;
  getChildAt(i: number): {get(i: number): unknown} | null;
}

export type Row = Record<string, unknown>;

/** An Arrow vector (a DuckDB LIST value): it becomes a plain array, so every consumer sees the same thing. */
function isArrowVector(v: unknown): v is Iterable<unknown> {
  return typeof v === "object" && v !== null && typeof (v as {toArray?: unknown}).toArray === "function" && Symbol.iterator in v && "type" in v;
}

export function plainValue(v: unknown, column: string): unknown {
  if (typeof v === "bigint") {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error(`column "${column}": integer ${v} is too large for JavaScript; cast it to DOUBLE in the query`);
    }
    return Number(v);
  }
  if (isArrowVector(v)) return Array.from(v, (x) => plainValue(x, column));
  if (v instanceof Uint32Array || v instanceof Int32Array) {
    throw new Error(`column "${column}": got a HUGEINT/DECIMAL array value; cast it to DOUBLE or INTEGER in the query`);
  }
  return v;
}

export function arrowToRows<T extends Row = Row>(table: ArrowLike): T[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((_, i) => table.getChildAt(i));
  const rows: T[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    names.forEach((name, c) => (row[name] = plainValue(columns[c]?.get(r) ?? null, name)));
    rows[r] = row as T;
  }
  return rows;
}
