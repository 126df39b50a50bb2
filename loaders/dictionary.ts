// Dictionary-encoded text columns for the published Arrow files (issue 23): a text column with few distinct values
// (agency, phase, branch, state, stages, matched rules, source id, company, award date, topic code, …) is written as
// an Arrow dictionary (the distinct strings once, then one small integer per row) instead of every row's string.
// The table's values do not change: Arrow readers (the page's downloads, Python's pyarrow) read the same strings, and
// DuckDB-WASM creates the same VARCHAR columns from it (checked in test/loaders/dictionary.test.ts). At 220k SBIR
// awards the full table shrinks from 55.6 to ~30 MB, before compression.
// Two ways to the same bytes: dictionaryEncoded() here, on a table of plain strings, and the SBIR loader, whose
// DuckDB session numbers the values itself (loaders/sbir/duckdb-arrow.ts; test/loaders/dictionary.test.ts checks
// that both give the same IPC bytes). The rule (which columns, which index type, which id) lives here for both.
import {Dictionary, Field, Int16, Int32, Int8, Schema, Table, Utf8, vectorFromArray, type Vector} from "apache-arrow";

/** A text column is encoded when its distinct values are at most this share of its rows (else it would grow). */
export const MAX_DISTINCT_SHARE = 0.5;

/** Whether a text column of `rows` rows with `distinct` distinct values (null counting as one) is encoded. */
export function encodesAsDictionary(distinct: number, rows: number): boolean {
  return rows > 0 && distinct <= rows * MAX_DISTINCT_SHARE;
}

/** The smallest signed index type that can number `n` distinct values. */
function indexType(n: number): Int8 | Int16 | Int32 {
  if (n <= 127) return new Int8();
  if (n <= 32767) return new Int16();
  return new Int32();
}

/**
 * The dictionary type of the column at `position` with `distinct` distinct values (null counting as one). Its id is
 * the column's position, so that the same table gives the same bytes in every process (Arrow's default id is a
 * process-wide counter).
 */
export function dictionaryType(distinct: number, position: number): Dictionary<Utf8, Int8 | Int16 | Int32> {
  return new Dictionary(new Utf8(), indexType(distinct), position);
}

/**
 * The same table with every plain text (Utf8) column whose distinct values are few (encodesAsDictionary) written
 * as a dictionary (its values numbered in order of first appearance); other columns, already encoded ones, the row
 * order, nulls, and every schema and field metadata entry unchanged.
 */
export function dictionaryEncoded(table: Table): Table {
  const fields: Field[] = [];
  const vectors: Record<string, Vector> = {};
  for (const [position, field] of table.schema.fields.entries()) {
    const column = table.getChild(field.name)!;
    if (field.type instanceof Utf8) {
      const values = column.toArray() as (string | null)[];
      const distinct = new Set(values).size;
      if (encodesAsDictionary(distinct, table.numRows)) {
        const type = dictionaryType(distinct, position);
        vectors[field.name] = vectorFromArray(values, type);
        fields.push(new Field(field.name, type, field.nullable, field.metadata));
        continue;
      }
    }
    vectors[field.name] = column;
    fields.push(field);
  }
  const rebuilt = new Table(vectors);
  return new Table(new Schema(fields, table.schema.metadata), rebuilt.batches);
}
