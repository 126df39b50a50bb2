import type {Table} from "apache-arrow";
import JSZip from "jszip";
import {toIpcStream} from "./arrow.ts";
import {DataError} from "./errors.ts";
import type {Build} from "./outputs.ts";

/** Bad input: print the DataError message (file, row, column, value, fix) and exit non-zero, so the build stops. */
function failLoader(e: unknown): never {
  process.stderr.write(`\n${e instanceof DataError ? e.message : (e as Error).stack}\n`);
  process.exit(1);
}

/**
 * Body of a single-table Framework loader entrypoint: build a table (sync or async) and write it to stdout as an
 * Arrow IPC stream (or hand it to `write`, e.g. loaders/run-one.ts --out). Bad input prints the DataError message and
 * exits non-zero, so the build stops and nothing partial is published.
 */
export async function runLoader(build: () => Table | Promise<Table>, write?: (table: Table) => void): Promise<void> {
  if (!write) return runOutput(async () => toIpcStream(await build()));
  try {
    write(await build());
  } catch (e) {
    failLoader(e);
  }
}

/** The same for a loader whose output is not one table (e.g. the answers zip): the bytes go to stdout. */
export async function runOutput(build: () => Uint8Array | Promise<Uint8Array>): Promise<void> {
  try {
    process.stdout.write(await build());
  } catch (e) {
    failLoader(e);
  }
}

/** Entry date of every archive member: fixed, so the same tables always give the same zip bytes. */
const ZIP_DATE = new Date(Date.UTC(1980, 0, 1));

/** A zip (stored, not compressed: it only lives in Framework's cache) of `<name>` → Arrow IPC stream bytes. */
export async function zipTables(builds: Record<string, Build> | Promise<Record<string, Build>>): Promise<Buffer> {
  const tables = await builds;
  const zip = new JSZip();
  // Every table is built before the first byte is written: one bad input anywhere means no output at all.
  for (const name of Object.keys(tables).sort()) zip.file(name, toIpcStream(await tables[name]!()), {date: ZIP_DATE, createFolders: false});
  return zip.generateAsync({type: "nodebuffer", compression: "STORE", platform: "UNIX"});
}

/**
 * Body of a folder's archive entrypoint (src/data/<folder>.zip.ts): build every table of the folder in this one
 * process and write them to stdout as one zip; Framework extracts data/<folder>/<name>.arrow from it. Same failure
 * behaviour as runLoader.
 */
export async function runArchive(builds: Record<string, Build> | Promise<Record<string, Build>>): Promise<void> {
  await runOutput(() => zipTables(builds));
}
