/**
 * A deal's components by their own names: the programme text every component of the deal begins with ("DoD-MP 2025
 * partnership: 10-year warrant" → "10-year warrant") is said once, in the section's heading, not on every row. Pure.
 */
export function dealComponentName(rows: readonly {program: string}[]): (program: string) => string {
  const first = rows[0]?.program ?? "";
  const cut = first.indexOf(": ");
  const prefix = cut > 0 ? first.slice(0, cut + 2) : "";
  const shared = prefix !== "" && rows.every((r) => r.program.startsWith(prefix) && r.program.length > prefix.length);
  return (program) => (shared && program.startsWith(prefix) ? program.slice(prefix.length) : program);
}
