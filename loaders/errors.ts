/**
 * An input error that names exactly what is wrong and how to fix it. Every loader throws this for bad input so
 * that the build fails with one readable message (file, row, column, value, fix) instead of a stack trace.
 */
export interface DataIssue {
  file: string;
  /** 1-based data row as a spreadsheet shows it (header = row 1), or a JSON path for JSON inputs. */
  row?: number | string;
  column?: string;
  value?: unknown;
  problem: string;
  fix: string;
}

export function formatIssue(i: DataIssue): string {
  const where = [i.file, i.row !== undefined ? `row ${i.row}` : null, i.column ? `column "${i.column}"` : null]
    .filter(Boolean)
    .join(", ");
  const value = i.value === undefined ? "" : ` (value: ${JSON.stringify(truncate(i.value))})`;
  return `${where}: ${i.problem}${value}. Fix: ${i.fix}`;
}

function truncate(v: unknown): unknown {
  return typeof v === "string" && v.length > 120 ? `${v.slice(0, 117)}...` : v;
}

export class DataError extends Error {
  readonly issues: DataIssue[];
  constructor(issues: DataIssue[]) {
    const lines = issues.slice(0, 20).map(formatIssue);
    if (issues.length > 20) lines.push(`... and ${issues.length - 20} more problems`);
    super(`Invalid input data (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n  ${lines.join("\n  ")}`);
    this.name = "DataError";
    this.issues = issues;
  }
}
