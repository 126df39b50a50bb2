import {z} from "zod";
import {MATCH_KINDS, RULE_FIELDS, rulePatternProblem, type Rule} from "../../src/lib/sbir-rules.ts";
import {readCsv} from "../csv.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {checkSourceIds, checkUnique, type Source} from "../sources.ts";
import {bool, enumCell, listOf, matching, optText, sourceId, stages, text} from "../schemas/cells.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

/** The small, hand-edited files next to the award data: agency codes, keyword rules, extract citations. */

export const agencySchema = z.object({
  agency: text(),
  agency_code: matching(/^[A-Za-z]{2,10}$/, "not a short agency code", "use 2-10 letters, e.g. DoD, NASA"),
  source_id: sourceId()
});

export const ruleSchema = z.object({
  rule_id: matching(/^[a-z0-9][a-z0-9-]*$/, "not a valid rule_id", "use lowercase letters, digits and -"),
  pattern: text(),
  match: enumCell(MATCH_KINDS),
  fields: listOf(RULE_FIELDS),
  standalone: bool(),
  stages: stages(),
  note: optText()
});

export const extractSourceSchema = z.object({
  agency_tracking_number: optText(),
  contract: optText(),
  source_url: matching(/^https:\/\/\S+$/, "not an https URL", "give the award's page, e.g. https://www.sbir.gov/sbirsearch/detail/1464741"),
  source_id: sourceId()
});

/** Agency full name (as SBIR.gov writes it) -> short code. */
export function readAgencies(file: string, sources: Map<string, Source>): Map<string, string> {
  const {rows, file: name} = readCsv(file, agencySchema);
  checkUnique(name, rows, (r) => r.agency, "agency");
  checkSourceIds(name, rows, sources);
  return new Map(rows.map((r) => [r.agency, r.agency_code]));
}

export function readRules(file: string): Rule[] {
  const {rows, file: name} = readCsv(file, ruleSchema);
  checkUnique(name, rows, (r) => r.rule_id, "rule_id");
  const issues: DataIssue[] = [];
  for (const r of rows) {
    const problem = rulePatternProblem(r);
    if (problem) issues.push({file: name, row: r._line, column: "pattern", value: r.pattern, problem, fix: `correct the pattern (see ${CASE_FOLDER}/sbir/README.md, \"Rules\")`});
  }
  if (!rows.some((r) => r.standalone)) issues.push({file: name, row: 2, column: "standalone", problem: "no rule is standalone, so no award can be relevant", fix: "set standalone=true on at least one rule"});
  if (issues.length) throw new DataError(issues);
  return rows.map(({rule_id, pattern, match, fields, standalone, stages}) => ({rule_id, pattern, match, fields, standalone, stages}));
}

export interface ExtractSource {
  source_url: string;
  source_id: string;
  _line: number;
}

/** Citation sidecar of the shipped extract, keyed by `extractKey(agency tracking number, contract)`. */
export function readExtractSources(file: string, sources: Map<string, Source>): {file: string; byKey: Map<string, ExtractSource>} {
  const {rows, file: name} = readCsv(file, extractSourceSchema);
  checkUnique(name, rows, (r) => extractKey(r.agency_tracking_number, r.contract), "agency_tracking_number,contract");
  checkSourceIds(name, rows, sources);
  const issues: DataIssue[] = rows
    .filter((r) => r.agency_tracking_number === null && r.contract === null)
    .map((r) => ({file: name, row: r._line, column: "agency_tracking_number", problem: "the row names no award", fix: "fill in the award's Agency Tracking Number and/or Contract"}));
  if (issues.length) throw new DataError(issues);
  return {file: name, byKey: new Map(rows.map((r) => [extractKey(r.agency_tracking_number, r.contract), {source_url: r.source_url, source_id: r.source_id, _line: r._line}]))};
}

export function extractKey(trackingNumber: string | null, contract: string | null): string {
  return `${trackingNumber ?? ""}|${contract ?? ""}`;
}
