import {readFileSync} from "node:fs";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {ruleRegex, sqlString, type Rule} from "../../src/lib/sbir-rules.ts";
import {STAGES_OR_UNKNOWN} from "../../src/lib/taxonomy.ts";
import {ROOT} from "../paths.ts";
import {LAYOUTS, type LayoutName} from "./layout.ts";
import {STATE_CODES} from "./states.ts";

/**
 * The SBIR ingest's SQL (`loaders/sbir/sql/*.sql`, see the README there): plain DuckDB SQL files, run as they are,
 * parameterised by DuckDB variables (`SET VARIABLE`, read with `getvariable`). This module reads the files and
 * writes the variables as a SQL script, so the same text runs through @duckdb/node-api (the loader, the tests) and
 * in the DuckDB CLI (`npx tsx loaders/sbir/sql.ts FILE > vars.sql`, then `.read` it and the steps).
 */

/** From the project root, not this module: the terminal commands run a bundle of it from .build/ (scripts/cli.mjs). */
export const SQL_DIR = join(ROOT, "loaders", "sbir", "sql");
const cache = new Map<string, string>();

/** The text of one of sql/*.sql. */
export function sqlFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) cache.set(name, (text = readFileSync(join(SQL_DIR, name), "utf8")));
  return text;
}

/**
 * Run a SQL script statement by statement, as the DuckDB CLI does (each statement bound after the previous one ran,
 * so a SET VARIABLE is seen by the next); the rows of the last statement, BIGINTs as numbers.
 */
export async function runScript(conn: DuckDBConnection, text: string): Promise<Record<string, unknown>[]> {
  const statements = await conn.extractStatements(text);
  let rows: Record<string, unknown>[] = [];
  for (let i = 0; i < statements.count; i++) {
    const prepared = await statements.prepare(i);
    try {
      rows = (await prepared.runAndReadAll()).getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      prepared.destroySync();
    }
  }
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
}

export interface SbirVariables {
  /** The UTF-8 award_data.csv DuckDB reads. */
  csv: string;
  layout: LayoutName;
  /** Agency full name -> short code (data/cases/<case>/sbir/agencies.csv, validated). */
  agencies: Map<string, string>;
  rules: readonly Rule[];
  /** Per-award citations keyed `tracking|contract` (the extract), or one source for every row (the full export). */
  cite: {citations: {rows: {key: string; source_url: string; source_id: string; _line: number}[]}} | {sourceId: string};
}

const str = (s: string | null) => (s === null ? "NULL" : sqlString(s));
const list = (items: string[]) => `[${items.join(", ")}]`;
const struct = (fields: Record<string, string>) => `{${Object.entries(fields).map(([k, v]) => `${sqlString(k)}: ${v}`).join(", ")}}`;

/** The `SET VARIABLE` statements every sql/*.sql file reads (see sql/README.md). */
export function sbirVariablesSql(v: SbirVariables): string {
  const rules = v.rules.map((r, i) =>
    struct({
      ord: String(i + 1),
      rule_id: str(r.rule_id),
      regex: str(ruleRegex(r)),
      fields: list(r.fields.map(str)),
      standalone: String(r.standalone),
      stages: list(r.stages.map(str))
    })
  );
  const cites = "citations" in v.cite ? v.cite.citations.rows.map((c) => struct({k: str(c.key), source_url: str(c.source_url), source_id: str(c.source_id), line: String(c._line)})) : [];
  return [
    `SET VARIABLE sbir_csv = ${str(v.csv)};`,
    `SET VARIABLE sbir_columns = ${struct(Object.fromEntries(LAYOUTS[v.layout].map((c) => [c, "'VARCHAR'"])))};`,
    `SET VARIABLE sbir_agencies = ${list([...v.agencies].map(([agency, code]) => struct({agency: str(agency), agency_code: str(code)})))};`,
    `SET VARIABLE sbir_states = ${list(Object.entries(STATE_CODES).map(([name, code]) => struct({name: str(name), code: str(code)})))};`,
    `SET VARIABLE sbir_rules = ${list(rules)};`,
    `SET VARIABLE sbir_stage_order = ${list(STAGES_OR_UNKNOWN.map(str))};`,
    `SET VARIABLE sbir_cites = ${list(cites)};`,
    `SET VARIABLE sbir_source_id = ${"sourceId" in v.cite ? str(v.cite.sourceId) : "NULL::VARCHAR"};`,
    ""
  ].join("\n");
}
