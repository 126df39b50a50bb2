// Cross-row rules of data/cases/<case>/china/instruments.csv that a row schema cannot express, and which rows a total counts.
// Pure: rows in, problems (file, row, column, value, fix) or ids out. See docs/instruments.md.
import type {z} from "zod";
import type {DataIssue} from "../errors.ts";
import type {instruments} from "./schemas.ts";

export type InstrumentRow = z.output<typeof instruments> & {_line: number};

/**
 * The rows a total counts, each piece of money once: a row with an amount that is not a rule, not nested in another
 * row (`within_id` empty) and not superseded by another row (no row names it in `supersedes_id`).
 */
export function countedInstrumentIds(rows: readonly InstrumentRow[]): Set<string> {
  const superseded = new Set(rows.map((r) => r.supersedes_id).filter((id): id is string => id !== null));
  return new Set(rows.filter((r) => r.amount_cny !== null && r.rule === null && r.within_id === null && !superseded.has(r.instrument_id)).map((r) => r.instrument_id));
}

/** Every rule of the instruments table that spans rows or columns. */
export function checkInstruments(rows: readonly InstrumentRow[], file: string): DataIssue[] {
  const issues: DataIssue[] = [];
  const add = (r: InstrumentRow, column: string, value: unknown, problem: string, fix: string) => issues.push({file, row: r._line, column, value, problem, fix});
  const byId = new Map(rows.map((r) => [r.instrument_id, r]));

  for (const r of rows) {
    if (r.amount_cny === null && !r.note) add(r, "note", r.note, "a row without an amount must say in its note why (no public amount, a rule, a statement of intent)", "write what the source gives instead of an amount");
    if (r.rule !== null) {
      if (r.amount_cny !== null) add(r, "amount_cny", r.amount_cny, "a rule row is never summed, so it has no amount", `leave amount_cny empty and keep the rule's parameters in rule_value / rule_cap_cny, or clear rule (${r.rule}) if this is a payment`);
      if (r.rule_value === null && r.rule_cap_cny === null) add(r, "rule_value", null, "a rule needs its value or its cap", "fill in rule_value (e.g. 1500 for 1500 CNY per tonne, 0.2 for 20 %) or rule_cap_cny");
      if (r.rule.startsWith("share_") && r.rule_value !== null && !(r.rule_value > 0 && r.rule_value <= 1)) add(r, "rule_value", r.rule_value, "a share is a fraction between 0 and 1", "write 20 % as 0.2");
    } else {
      if (r.rule_value !== null) add(r, "rule_value", r.rule_value, "a rule value without a rule unit", "fill in rule (e.g. cny_per_tonne), or clear rule_value");
      if (r.rule_cap_cny !== null) add(r, "rule_cap_cny", r.rule_cap_cny, "a rule cap without a rule unit", "fill in rule (e.g. share_of_investment), or clear rule_cap_cny");
    }
    if (r.instrument !== "loan") {
      for (const column of ["loan_rate", "loan_term_years", "loan_repayment"] as const) {
        if (r[column] !== null) add(r, column, r[column], `loan terms on a ${r.instrument} row`, "clear the loan columns, or set instrument to loan");
      }
    }
    if (r.loan_rate !== null && r.loan_rate >= 1) add(r, "loan_rate", r.loan_rate, "a rate is a fraction (0.0175 = 1.75 %)", `write ${r.loan_rate / 100} for ${r.loan_rate} %`);
    if (r.stages.includes("unspecified") && r.stages.length > 1) add(r, "stages", r.stages.join(";"), "unspecified cannot be combined with stages", "write the stages the source names, or unspecified alone");
    if (r.period_start !== null && r.period_end !== null && r.period_end < r.period_start.slice(0, r.period_end.length)) add(r, "period_end", r.period_end, `the period ends before it starts (${r.period_start})`, "check the two dates against the source");
    if (r.confidence === "derived" && !r.note?.includes("derived")) add(r, "note", r.note, "a derived figure must state its formula", "write the arithmetic in the note, e.g. derived: 36000000 / 6");
    for (const column of ["within_id", "supersedes_id"] as const) {
      const target = r[column];
      if (target === null) continue;
      if (target === r.instrument_id) add(r, column, target, "a row cannot point to itself", "name the row this one sits in (within_id) or replaces (supersedes_id)");
      else if (!byId.has(target)) add(r, column, target, "no row has this instrument_id", "use the instrument_id of an existing row, or leave empty");
    }
  }

  // Nesting and supersession together must not loop, or no row of the loop would be counted.
  const state = new Map<string, "visiting" | "done">();
  const visit = (r: InstrumentRow, path: string[]): void => {
    state.set(r.instrument_id, "visiting");
    for (const column of ["within_id", "supersedes_id"] as const) {
      const next = r[column] === null ? undefined : byId.get(r[column]);
      if (!next || next === r) continue;
      if (state.get(next.instrument_id) === "visiting") add(r, column, r[column], `rows point to each other in a loop (${[...path, r.instrument_id, next.instrument_id].join(" → ")})`, "break the loop: a row sits in, or replaces, a row that does not lead back to it");
      else if (!state.has(next.instrument_id)) visit(next, [...path, r.instrument_id]);
    }
    state.set(r.instrument_id, "done");
  };
  for (const r of rows) if (!state.has(r.instrument_id)) visit(r, []);

  // A nested amount is part of its parent's: no child above the parent, and the children together not above it.
  const children = new Map<string, InstrumentRow[]>();
  for (const r of rows) if (r.within_id !== null && r.amount_cny !== null) children.set(r.within_id, [...(children.get(r.within_id) ?? []), r]);
  for (const [parentId, kids] of children) {
    const parent = byId.get(parentId);
    if (!parent || parent.amount_cny === null) continue;
    const sum = kids.reduce((s, k) => s + k.amount_cny!, 0);
    if (sum > parent.amount_cny * (1 + 1e-9)) {
      const last = kids[kids.length - 1]!;
      add(last, "amount_cny", last.amount_cny, `the rows within ${parentId} add to ${sum}, more than its amount (${parent.amount_cny})`, "check the amounts, or whether these rows really sit in that one");
    }
  }
  return issues;
}
