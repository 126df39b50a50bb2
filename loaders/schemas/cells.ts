import {z} from "zod";
import type {Repayment} from "../../src/lib/grant-equivalent.ts";
import {CONFIDENCE, STAGES_OR_UNKNOWN} from "../../src/lib/taxonomy.ts";
import {CASE_FOLDER} from "../../src/lib/case.ts";

/**
 * Cell-level schemas for CSV inputs. Every cell arrives as a string; these parse and check it, and carry a `fix`
 * that the error message shows to the person editing the file.
 */

const fix = (text: string) => ({params: {fix: text}});

// zod 4 keeps `params` (the fix) only on refinements, not on built-in checks such as .min() or .regex(), so cells
// are checked with refine() throughout: otherwise the message would fall back to a generic fix.
export const text = () => z.string().trim().refine((s) => s.length > 0, {message: "a value is required", ...fix("fill in the cell")});

/** A trimmed cell that must match `pattern` entirely. */
export const matching = (pattern: RegExp, message: string, fixText: string) => z.string().trim().refine((s) => pattern.test(s), {message, ...fix(fixText)});

export const optText = () => z.string().trim().transform((s) => (s === "" ? null : s));

const NUMBER = /^-?\d+(\.\d+)?$/;

function numberCell({integer, nullable}: {integer: boolean; nullable: boolean}) {
  return z.string().trim().transform((s, ctx) => {
    if (s === "") {
      if (nullable) return null;
      ctx.addIssue({code: "custom", message: "a number is required", ...fix("enter the number, or leave the row out if it is unknown")});
      return z.NEVER;
    }
    if (!NUMBER.test(s)) {
      ctx.addIssue({code: "custom", message: "not a plain number", ...fix("write digits only: no thousands separators, currency signs or words (e.g. 2930)")});
      return z.NEVER;
    }
    const n = Number(s);
    if (n < 0) {
      ctx.addIssue({code: "custom", message: "a negative number is not allowed here", ...fix("enter a non-negative number")});
      return z.NEVER;
    }
    if (integer && !Number.isInteger(n)) {
      ctx.addIssue({code: "custom", message: "a whole number is required", ...fix("enter a whole number (a count)")});
      return z.NEVER;
    }
    return n;
  });
}

/** A non-negative whole number (counts of firms, awards). */
export const count = () => numberCell({integer: true, nullable: false}) as z.ZodType<number, string>;
export const optCount = () => numberCell({integer: true, nullable: true}) as z.ZodType<number | null, string>;
/** A non-negative amount of money or other quantity. */
export const amount = () => numberCell({integer: false, nullable: false}) as z.ZodType<number, string>;
export const optAmount = () => numberCell({integer: false, nullable: true}) as z.ZodType<number | null, string>;

/** An optional latitude (limit 90) or longitude (limit 180) in decimal degrees, signed (west and south negative). */
export const optCoordinate = (limit: 90 | 180) =>
  z.string().trim().transform((s, ctx) => {
    if (s === "") return null;
    const n = Number(s);
    if (!/^-?\d+(\.\d+)?$/.test(s) || Math.abs(n) > limit) {
      ctx.addIssue({code: "custom", message: `not a ${limit === 90 ? "latitude" : "longitude"} in decimal degrees (-${limit} to ${limit})`, ...fix(`write signed decimal degrees, e.g. ${limit === 90 ? "35.48" : "-115.53"} (west and south negative), or leave empty`)});
      return z.NEVER;
    }
    return n;
  }) as z.ZodType<number | null, string>;

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function validIso(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const [, y, mo, d] = m;
  if (mo && (Number(mo) < 1 || Number(mo) > 12)) return false;
  if (d) {
    const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d)) return false;
  }
  return Number(y) >= 1950 && Number(y) <= 2100;
}

/** ISO date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD. */
export const isoDate = () =>
  z.string().trim().refine(validIso, {message: "not an ISO date", ...fix("write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-05-31)")});
export const optIsoDate = () =>
  z.string().trim().refine((s) => s === "" || validIso(s), {message: "not an ISO date", ...fix("write YYYY, YYYY-MM or YYYY-MM-DD, or leave empty")})
    .transform((s) => (s === "" ? null : s));

export const year = () =>
  z.string().trim().refine((s) => /^\d{4}$/.test(s) && Number(s) >= 1950 && Number(s) <= 2100, {message: "not a year", ...fix("write a four-digit year, e.g. 2024")}).transform(Number);

export const enumCell = <const T extends readonly string[]>(values: T) =>
  z.string().trim().refine((s): s is T[number] => (values as readonly string[]).includes(s), {
    message: "unknown label",
    ...fix(`use one of: ${values.join(", ")}`)
  }) as unknown as z.ZodType<T[number], string>;

/** `;`-separated list of labels from `values`, at least one. */
export const listOf = <const T extends readonly string[]>(values: T) =>
  z.string().trim().transform((s, ctx) => {
    const items = s.split(";").map((x) => x.trim()).filter(Boolean);
    if (items.length === 0) {
      ctx.addIssue({code: "custom", message: "at least one label is required", ...fix(`use labels from: ${values.join(", ")} (separate several with ;)`)});
      return z.NEVER;
    }
    const bad = items.filter((x) => !(values as readonly string[]).includes(x));
    if (bad.length) {
      ctx.addIssue({code: "custom", message: `unknown label${bad.length > 1 ? "s" : ""} ${bad.map((b) => `"${b}"`).join(", ")}`, ...fix(`use labels from: ${values.join(", ")} (separate several with ;)`)});
      return z.NEVER;
    }
    return items as T[number][];
  });

export const stages = () => listOf(STAGES_OR_UNKNOWN);
export const confidence = () => enumCell(CONFIDENCE);
export const sourceId = () =>
  matching(/^[a-z0-9][a-z0-9-]*$/, "not a valid source_id", `use the source_id of a row in ${CASE_FOLDER}/sources/*.csv (lowercase letters, digits, -)`);
export const bool = () =>
  z.string().trim().refine((s) => s === "true" || s === "false", {message: "not a boolean", ...fix("write true or false")}).transform((s) => s === "true");

/** An optional label: empty → null (the source does not say), otherwise one of `values`. */
export const optEnumCell = <const T extends readonly string[]>(values: T) =>
  z.string().trim().refine((s) => s === "" || (values as readonly string[]).includes(s), {
    message: "unknown label",
    ...fix(`use one of: ${values.join(", ")}, or leave empty when the source does not say`)
  }).transform((s) => (s === "" ? null : (s as T[number])));

/** How a loan is repaid (src/lib/grant-equivalent.ts): interest only then principal, equal payments, or equal
 * principal parts. */
export const LOAN_REPAYMENTS = ["bullet", "annuity", "equal_principal"] as const satisfies readonly Repayment[];
