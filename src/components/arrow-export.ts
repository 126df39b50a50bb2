// Rows → an Arrow IPC file, for the "Arrow" download link (downloads.ts imports this module on the first click, so
// pages do not load Apache Arrow for their first view).
import {Bool, Float64, Table, Utf8, makeBuilder, tableToIPC, type DataType, type Vector} from "apache-arrow";
import {exportRows} from "./downloads.js";

type Row = Record<string, unknown>;

/**
 * Rows → Arrow table without Arrow's default null check, which compiles a function with `new Function` (blocked by
 * the site's Content-Security-Policy, which allows no eval). Column type: Float64 when every non-null value is a
 * number, Bool when every one is a boolean, else Utf8 (values as text).
 */
export function rowsToArrow(rows: readonly Row[]): Table {
  const plain = exportRows(rows);
  const names = [...new Set(plain.flatMap((r) => Object.keys(r)))];
  const vectors: Record<string, Vector> = {};
  for (const name of names) {
    const values = plain.map((r) => r[name] ?? null);
    const present = values.filter((v) => v !== null);
    const type: DataType = present.length && present.every((v) => typeof v === "number") ? new Float64() : present.length && present.every((v) => typeof v === "boolean") ? new Bool() : new Utf8();
    const builder = makeBuilder({type, nullValues: []});
    builder.isValid = (v: unknown) => v !== null && v !== undefined;
    for (const v of values) builder.append(v === null || type instanceof Float64 || type instanceof Bool ? v : String(v));
    vectors[name] = builder.finish().toVector();
  }
  return new Table(vectors);
}

/** The bytes of the Arrow IPC file a reader downloads. */
export function arrowFile(rows: readonly Row[]): Uint8Array<ArrayBuffer> {
  return tableToIPC(rowsToArrow(rows), "file") as Uint8Array<ArrayBuffer>;
}
