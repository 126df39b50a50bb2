import type {Table} from "apache-arrow";
import {toIpcStream} from "./arrow.ts";
import {DataError} from "./errors.ts";

/**
 * Body of every Framework loader entrypoint: build a table (sync or async) and write it to stdout as an Arrow IPC
 * stream. Bad input prints the DataError message (file, row, column, value, fix) and exits non-zero, so the build
 * stops and nothing partial is published.
 */
export async function runLoader(build: () => Table | Promise<Table>): Promise<void> {
  await runOutput(async () => toIpcStream(await build()));
}

/** The same for a loader whose output is not one table (e.g. the answers zip): the bytes go to stdout. */
export async function runOutput(build: () => Uint8Array | Promise<Uint8Array>): Promise<void> {
  try {
    process.stdout.write(await build());
  } catch (e) {
    process.stderr.write(`\n${e instanceof DataError ? e.message : (e as Error).stack}\n`);
    process.exit(1);
  }
}
