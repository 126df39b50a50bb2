// /report prints to PDF with Chromium, and the PDF's text carries the headline figures computed from the data.
import {execFileSync} from "node:child_process";
import {mkdtempSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, test} from "vitest";
import {printReport} from "../../scripts/report-pdf.ts";

const pdfText = (path: string) => execFileSync("pdftotext", ["-layout", path, "-"], {encoding: "utf8"}).replace(/\s+/g, " ");

describe("npm run report:pdf", () => {
  test("market basis (default): headline figures in the PDF text", async () => {
    const path = await printReport(join(mkdtempSync(join(tmpdir(), "re-report-")), "report.pdf"));
    const text = pdfText(path);
    expect(text).toContain("CNY converted at the market rate; constant 2024 US dollars");
    expect(text).toContain(">17,600 national little giants");
    expect(text).toContain("announcing 19,444 firms");
    expect(text).toContain("about 1,844 titles were not carried forward");
    expect(text).toContain("Baogang Group holds 32 designated SMEs");
    // obligated + committed curated awards; obligated alone (data/us/awards.csv, summed by hand in test/queries/us.test.ts)
    expect(text).toContain("add up to $3,979,060,000");
    expect(text).toContain("$1,055,660,000 is obligated");
    expect(text).toContain("SBIR program obligations were $4,115,812,863 in FY2022");
    expect(text).not.toContain("↻");
  }, 120_000);

  test("the report follows the chosen basis and statuses (?basis=ppp&st=obligated)", async () => {
    const path = await printReport(join(mkdtempSync(join(tmpdir(), "re-report-")), "report.pdf"), "basis=ppp&st=obligated");
    const text = pdfText(path);
    expect(text).toContain("CNY converted at the PPP rate");
    expect(text).toContain("add up to $1,055,660,000 (nominal) when obligated count");
  }, 120_000);
});
