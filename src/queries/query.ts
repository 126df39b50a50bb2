/** A named query: SQL text with `?` placeholders and the values bound to them (never spliced into the text). */
export interface Query {
  name: string;
  sql: string;
  params: unknown[];
}

export function query(name: string, sql: string, params: unknown[] = []): Query {
  const placeholders = (sql.match(/\?/g) ?? []).length;
  if (placeholders !== params.length) {
    throw new Error(`query ${name}: ${placeholders} placeholders but ${params.length} parameters`);
  }
  return {name, sql, params};
}

/** Pick an identifier (sort column, etc.) from an allow-list; anything else is an error, never spliced. */
export function allowed<T extends string>(value: string, allowList: readonly T[], what: string): T {
  if (!(allowList as readonly string[]).includes(value)) throw new Error(`${what}: "${value}" is not one of ${allowList.join(", ")}`);
  return value as T;
}
