import {z} from "zod";
import {confidence, optText, sourceId, text, year} from "../schemas/cells.ts";

// One schema per file in data/cases/<case>/macro/ (see data/cases/<case>/macro/README.md). Keys are the CSV header; the value column's name
// carries its unit.

/** A strictly positive plain number: exchange rates, PPP factors and price indexes are never zero or negative. */
const positive = () =>
  z.string().trim().transform((s, ctx) => {
    if (!/^-?\d+(\.\d+)?$/.test(s)) {
      ctx.addIssue({code: "custom", message: s === "" ? "a number is required" : "not a plain number", params: {fix: "write digits only, e.g. 7.1957 (leave the row out if the value is unknown)"}});
      return z.NEVER;
    }
    const n = Number(s);
    if (n <= 0) {
      ctx.addIssue({code: "custom", message: "the value must be greater than zero (a rate or price index is never zero or negative)", params: {fix: "copy the value from the source again"}});
      return z.NEVER;
    }
    return n;
  }) as unknown as z.ZodType<number, string>;

/** Months averaged into an annual CPI value: 1–12. */
const months = () =>
  z.string().trim().refine((s) => /^\d{1,2}$/.test(s) && Number(s) >= 1 && Number(s) <= 12, {message: "not a month count", params: {fix: "write how many monthly values the annual mean covers, 1 to 12"}}).transform(Number);

const provenance = {
  source_id: sourceId(),
  confidence: confidence(),
  /** Which release / commit / date the value comes from. */
  vintage: text(),
  note: optText()
};

export const cnyPerUsd = z.object({year: year(), cny_per_usd: positive(), ...provenance});

export const pppChina = z.object({year: year(), cny_per_intl_dollar: positive(), ...provenance});

export const usCpiU = z.object({year: year(), index_1982_84_100: positive(), count_months: months(), ...provenance});

export const usGdpDeflator = z.object({year: year(), index_2017_100: positive(), ...provenance});
