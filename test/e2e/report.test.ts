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
    // Summary and section 4 from the matched scopes. Rare-earth chain, central and federal, paid or binding, 2012–2025
    // (worked from the CSVs with Python in test/queries/scopes.test.ts): China cn08 + cn10 = 353,181,287 constant 2024
    // USD over 2 of 3 known instruments (67 %); the US 828,851,589 over 19 of 25 (76 %). China's 2 priced instruments
    // are under the rule's 3, so no scope has a ratio and the report prints none.
    expect(text).toContain("No matched scope is comparable yet, so no China/US ratio is shown.");
    expect(text).toContain("China $353.2 m from 2 of 3 known instruments (67% priced) and the US $828.9 m from 19 of 25 known instruments (76% priced)");
    const scopes = text.slice(text.indexOf("4. Matched scopes"), text.indexOf("5. What this does not show"));
    // the table's total row (the same table as /gaps), then the reason in full
    expect(scopes).toMatch(/All stages \$353\.2 m \$828\.9 m not comparable: too few priced 2 of 3 19 of 25 /);
    expect(scopes).toMatch(/No ratio in total: China: 2 of 3 instruments priced \(67 ?%\), fewer than 3 priced instruments\./);
    expect(scopes).toContain("China at least 1.73% of GDP (at least CNY 1.71 trn), the United States 0.39% of GDP (USD 84.0 bn)");
    expect(scopes).not.toContain("×");
    expect(text).not.toMatch(/China\/US \d/);
  }, 120_000);

  test("the report follows the chosen basis and statuses (?basis=ppp&st=obligated)", async () => {
    const path = await printReport(join(mkdtempSync(join(tmpdir(), "re-report-")), "report.pdf"), "basis=ppp&st=obligated");
    const text = pdfText(path);
    expect(text).toContain("CNY converted at the PPP rate");
    expect(text).toContain("add up to $1,055,660,000 (nominal) when obligated count");
  }, 120_000);
});
