// Bad input must fail with a message naming file, row, column, value and the fix. Each case writes one malformed
// file and asserts the exact message the person editing it would see.
import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";
import {describe, expect, test} from "vitest";
import {z} from "zod";
import {readCsv} from "../../loaders/csv.ts";
import {DataError} from "../../loaders/errors.ts";
import {count, isoDate, optAmount, sourceId, stages, year} from "../../loaders/schemas/cells.ts";

const schema = z.object({batch: count(), year: year(), amount_cny: optAmount(), as_of: isoDate(), stages: stages(), source_id: sourceId()});
const HEADER = "batch,year,amount_cny,as_of,stages,source_id";
const GOOD = "3,2021,6000000,2021-08,separation;metals,cn-x";

const dir = mkdtempSync(join(tmpdir(), "re-csv-"));
function write(name: string, content: string | Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}
function errorOf(file: string): string {
  try {
    readCsv(file, schema);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message.replace(relative(process.cwd(), file), "<file>").replace(file, "<file>");
  }
  throw new Error("expected the file to be rejected");
}

test("a good file parses to typed rows with line numbers", () => {
  const {rows} = readCsv(write("good.csv", `${HEADER}\n${GOOD}\n`), schema);
  expect(rows).toEqual([{batch: 3, year: 2021, amount_cny: 6000000, as_of: "2021-08", stages: ["separation", "metals"], source_id: "cn-x", _line: 2}]);
});

test("CRLF line endings and quoted fields are accepted", () => {
  const {rows} = readCsv(write("crlf.csv", `${HEADER}\r\n"3",2021,,2021,"rnd",cn-x\r\n`), schema);
  expect(rows[0]).toMatchObject({batch: 3, amount_cny: null, stages: ["rnd"]});
});

describe("rejected inputs", () => {
  test.each([
    ["thousands separator", `${HEADER}\n"2,930",2021,,2021,rnd,cn-x\n`, '<file>, row 2, column "batch": not a plain number (value: "2,930"). Fix: write digits only: no thousands separators, currency signs or words (e.g. 2930)'],
    ["negative amount", `${HEADER}\n3,2021,-5,2021,rnd,cn-x\n`, '<file>, row 2, column "amount_cny": a negative number is not allowed here (value: "-5"). Fix: enter a non-negative number'],
    ["non-numeric amount", `${HEADER}\n3,2021,ten million,2021,rnd,cn-x\n`, '<file>, row 2, column "amount_cny": not a plain number (value: "ten million")'],
    ["fractional count", `${HEADER}\n3.5,2021,,2021,rnd,cn-x\n`, '<file>, row 2, column "batch": a whole number is required (value: "3.5"). Fix: enter a whole number (a count)'],
    ["missing required number", `${HEADER}\n,2021,,2021,rnd,cn-x\n`, '<file>, row 2, column "batch": a number is required (value: "")'],
    ["bad date", `${HEADER}\n3,2021,,2021-02-30,rnd,cn-x\n`, '<file>, row 2, column "as_of": not an ISO date (value: "2021-02-30"). Fix: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-05-31)'],
    ["M/D/YYYY date", `${HEADER}\n3,2021,,5/7/2024,rnd,cn-x\n`, '<file>, row 2, column "as_of": not an ISO date (value: "5/7/2024")'],
    ["bad year", `${HEADER}\n3,21,,2021,rnd,cn-x\n`, '<file>, row 2, column "year": not a year (value: "21"). Fix: write a four-digit year, e.g. 2024'],
    ["unknown stage", `${HEADER}\n3,2021,,2021,separation;refining,cn-x\n`, '<file>, row 2, column "stages": unknown label "refining" (value: "separation;refining"). Fix: use labels from: exploration, mining, separation, metals, magnets, applications, recycling, rnd, byproducts, support, unknown (separate several with ;)'],
    ["bad source id", `${HEADER}\n3,2021,,2021,rnd,CN X\n`, '<file>, row 2, column "source_id": not a valid source_id (value: "CN X")'],
    ["missing column", `batch,year,amount_cny,as_of,stages\n${GOOD.split(",").slice(0, 5).join(",")}\n`, '<file>, row 1, column "source_id": a required column is missing from the header. Fix: add the column; the header must be: batch,year,amount_cny,as_of,stages,source_id'],
    ["extra column", `${HEADER},comment\n${GOOD},x\n`, '<file>, row 1, column "comment": the header has a column the schema does not know. Fix: remove or rename it; allowed columns: batch,year,amount_cny,as_of,stages,source_id'],
    ["row with too many fields", `${HEADER}\n${GOOD},extra\n`, "<file>, row 2: the row has 7 fields but the header has 6"],
    ["row with too few fields", `${HEADER}\n3,2021\n`, "<file>, row 2: the row has 2 fields but the header has 6"],
    ["empty file", "", "<file>: the file is empty. Fix: restore the header row and data, e.g. from git"],
    ["header only", `${HEADER}\n`, "<file>, row 2: the file has a header but no data rows"],
    ["unclosed quote", `${HEADER}\n3,2021,,2021,"rnd,cn-x\n`, "<file>, row"]
  ])("%s", (_name, content, expected) => {
    expect(errorOf(write(`${_name.replace(/\W+/g, "-")}.csv`, content))).toContain(expected);
  });

  test("a byte-order mark", () => {
    expect(errorOf(write("bom.csv", `\uFEFF${HEADER}\n${GOOD}\n`))).toContain("<file>, row 1: the file starts with a UTF-8 byte-order mark. Fix: save it as UTF-8 without BOM");
  });

  test("invalid UTF-8 (a cp1252 byte) names the row and the byte", () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n${GOOD}\n3,2021,,2021,rnd,cn-x\n4,2022,,2022,rnd,cn-`), Buffer.from([0x9b]), Buffer.from("y\n")]);
    expect(errorOf(write("cp1252.csv", bytes))).toContain("<file>, row 4: the file is not valid UTF-8 (value: \"byte 0x9b at offset");
  });

  test("every bad cell of a file is reported at once", () => {
    const message = errorOf(write("many.csv", `${HEADER}\nx,2021,,2021,rnd,cn-x\n3,2021,,2021,ore,cn-x\n`));
    expect(message).toMatch(/^Invalid input data \(2 problems\)/);
    expect(message).toContain('row 2, column "batch"');
    expect(message).toContain('row 3, column "stages"');
  });
});
