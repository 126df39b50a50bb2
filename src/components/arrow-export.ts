// Rows → an Arrow IPC file, for the "Arrow" download link (downloads.ts imports this module on the first click, so
// pages do not load Apache Arrow for their first view).
import {Bool, Float64, Schema, Table, Utf8, makeBuilder, tableToIPC, type DataType, type Vector} from "apache-arrow";
import {exportRows} from "./downloads.js";
import {schemaMetadata} from "../lib/publication.js";

type Row = Record<string, unknown>;

/**
 * Rows → Arrow table without Arrow's default null check, which compiles a function with `new Function` (blocked by
 * the site's Content-Security-Policy, which allows no eval). Column type: Float64 when every non-null value is a
 * number, Bool when every one is a boolean, else Utf8 (values as text).
 */
export function rowsToArrow(rows: readonly Row[], metadata: object = {}): Table {
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
  const table = new Table(vectors);
  return new Table(new Schema(table.schema.fields, schemaMetadata(metadata)), table.batches);
}

/** The bytes of the Arrow IPC file a reader downloads; `metadata` (the download's metadata.json) goes into its schema,
 * each key's value as text (objects as JSON). */
export function arrowFile(rows: readonly Row[], metadata: object = {}): Uint8Array<ArrayBuffer> {
  return tableToIPC(rowsToArrow(rows, metadata), "file") as Uint8Array<ArrayBuffer>;
}
