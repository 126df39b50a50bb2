import {DataError, type DataIssue} from "../errors.ts";

/** The two header layouts of SBIR.gov's award_data.csv. Columns are read by position, so order matters. */
const LEGACY = [
  "Company", "Award Title", "Agency", "Branch", "Phase", "Program", "Agency Tracking Number", "Contract",
  "Proposal Award Date", "Contract End Date", "Solicitation Number", "Solicitation Year", "Solicitation Close Date",
  "Proposal Receipt Date", "Date of Notification", "Topic Code", "Award Year", "Award Amount", "Duns",
  "HUBZone Owned", "Socially and Economically Disadvantaged", "Women Owned", "Number Employees", "Company Website",
  "Address1", "Address2", "City", "State", "Zip", "Abstract", "Contact Name", "Contact Title", "Contact Phone",
  "Contact Email", "PI Name", "PI Title", "PI Phone", "PI Email", "RI Name", "RI POC Name", "RI POC Phone"
] as const;

/** Current export: `UEI` inserted after `Award Amount`, and `Women Owned` renamed `Woman Owned`. */
const CURRENT = [...LEGACY.slice(0, 18), "UEI", ...LEGACY.slice(18)].map((c) => (c === "Women Owned" ? "Woman Owned" : c));

export const LAYOUTS = {
  current: CURRENT as readonly string[],
  legacy: LEGACY as readonly string[]
};
export type LayoutName = keyof typeof LAYOUTS;

/** Columns present in both layouts: the only ones the loader reads. */
export type SbirColumn = (typeof LEGACY)[number];

/** Which layout a header is; a DataError (row 1) listing missing, unexpected or misplaced columns otherwise. */
export function detectLayout(header: readonly string[], file: string): LayoutName {
  for (const [name, columns] of Object.entries(LAYOUTS) as [LayoutName, readonly string[]][]) {
    if (header.length === columns.length && header.every((c, i) => c === columns[i])) return name;
  }
  const nearest: LayoutName = header.includes("UEI") || header.includes("Woman Owned") ? "current" : "legacy";
  const expected = LAYOUTS[nearest];
  const fix = `the header must be the SBIR.gov award_data.csv header (${nearest} layout, ${expected.length} columns): ${expected.join(",")}`;
  const issues: DataIssue[] = [];
  for (const c of expected) if (!header.includes(c)) issues.push({file, row: 1, column: c, problem: "a required column is missing from the header", fix});
  for (const c of header) if (!expected.includes(c)) issues.push({file, row: 1, column: c, problem: "the header has a column the SBIR.gov export does not have", fix});
  if (!issues.length) {
    const i = header.findIndex((c, j) => c !== expected[j]);
    issues.push({file, row: 1, column: header[i], problem: `the columns are out of order (position ${i + 1} should be "${expected[i]}")`, fix});
  }
  throw new DataError(issues);
}
