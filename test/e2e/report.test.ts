// /report prints to PDF with Chromium as a publication: the PDF's text (pdftotext) has the title page with its
// settings, the executive summary and findings computed from the data, every total under those settings, page numbers
// and a running header on every page, and every source of the matched-scope section in full; its links point to the
// published site (the base URL given) or are plain text, never to the 127.0.0.1 server that printed it.
import {execFileSync} from "node:child_process";
import {mkdtempSync, readdirSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, test} from "vitest";
import {printReport} from "../../scripts/report-pdf.ts";
import {loadSources} from "../../loaders/sources.ts";
import {siteDatabase} from "../helpers/tables.ts";
import {findings, headlineYears, loadFindingInputs} from "../../src/queries/findings.ts";
import {sourceIdsOf} from "../../src/components/downloads.ts";

const flat = (s: string) => s.replace(/\s+/g, " ");
/** The PDF's text, one string per page (pdftotext separates pages with a form feed). */
const pdfPages = (path: string) => execFileSync("pdftotext", ["-layout", path, "-"], {encoding: "utf8"}).split("\f").filter((p) => p.trim()).map(flat);
const pdfPageCount = (path: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [path], {encoding: "utf8"}))![1]);
/** Every link target in the PDF (Chromium writes each as "/URI (address)"). */
const pdfLinks = (path: string) => [...readFileSync(path, "latin1").matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1]!);
/** Per page, how far down the text area (between the running header and the page number) the last ink reaches, as a
 * share of its height (pdftoppm's grey PGM at 30 dpi: "P5 width height 255", then one byte per pixel). */
function inkShare(path: string): number[] {
  const dir = mkdtempSync(join(tmpdir(), "re-report-pages-"));
  execFileSync("pdftoppm", ["-gray", "-r", "30", path, join(dir, "p")]);
  return readdirSync(dir).sort().map((f) => {
    const b = readFileSync(join(dir, f));
    const [, w, h] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(b.subarray(0, 20).toString("latin1"))!.map(Number) as [number, number, number];
    const data = b.subarray(b.length - w * h);
    // A4 at 30 dpi: 18 mm margins are about 21 px; leave the header and footer lines out
    const rows = Array.from({length: h - 2 * 24}, (_, i) => i + 24);
    const inked = rows.filter((y) => data.subarray(y * w, (y + 1) * w).some((v) => v < 200));
    return inked.length ? (inked.at(-1)! - rows[0]! + 1) / rows.length : 0;
  });
}
const print = (query: string, baseUrl?: string) => printReport(join(mkdtempSync(join(tmpdir(), "re-report-")), "report.pdf"), {query, baseUrl});

describe("npm run report:pdf", () => {
  test("default settings: title page, summary, findings, totals under the title page's settings, page numbers, every source of §4", async () => {
    const path = await print("", "https://example.org/pipelines");
    const pages = pdfPages(path);
    const text = pages.join(" ");
    const n = pdfPageCount(path);
    expect(pages).toHaveLength(n);
    expect(n).toBeGreaterThanOrEqual(4);
    // page numbers on every page, the running header on every page after the title page
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${n}`));
    pages.slice(1).forEach((p) => expect(p).toContain("China's SME ladder and US programme funding"));
    // no page mostly blank: on every page but the last, the text reaches past half the page
    inkShare(path).slice(0, -1).forEach((share, i) => expect(share, `page ${i + 1} is mostly blank`).toBeGreaterThan(0.5));

    // The title page: title, subtitle, date, the years, currency and statuses every figure below follows.
    const title = pages[0]!;
    expect(title).toContain("China's SME ladder and US programme funding along the rare-earth chain");
    expect(title).toContain("with every figure traced to its source");
    expect(title).toMatch(/Date \d{1,2} [A-Z][a-z]+ 20\d\d/);
    // the data version the build computed (loaders/version.ts), as every page's footer shows it
    expect(title).toMatch(/Data version [0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}/);
    for (const expected of [
      "Online https://example.org/pipelines/report",
      "Years 2012–2025",
      "converted at the market exchange rate; constant 2024 US dollars (CPI-U)",
      "US statuses counted obligated + committed",
      "Matched scopes paid or binding; headline scope: rare-earth chain, central and federal support, 2012–2025",
      "Executive summary"
    ]) expect(title).toContain(expected);
    expect(text).not.toContain("Change the settings");

    // §3 under the title page's years and statuses. Worked from data/cases/rare-earths/us/awards.csv with Python: rows not "agg-",
    // status obligated or committed, fiscal year (else the date's year) 2012–2025: domestic 27 rows,
    // $1,347,460,000 (21 with an amount), of which obligated $919,060,000; abroad 3 rows, $575,000,000. The 2026
    // letters of intent (fiscal and calendar 2026) and the November 2025 OSC loans (fiscal 2026) are outside.
    expect(text).toContain("awards dated 2012–2025 add up to $1.92 bn (nominal) when obligated + committed count: $1.35 bn for projects in the United States and $575 m of finance for projects abroad");
    expect(text).toContain("Of the domestic total, $919 m is obligated; 6 of the 30 counted instruments have no fixed dollar value");
    expect(text).toContain("add up to $1.35 bn for domestic projects when obligated + committed count ($919 m of it obligated)");
    // §4 and the findings over the same years (test/queries/scopes.test.ts works these from the CSVs): China cn08 +
    // cn10 = 353,181,287 constant 2024 USD over 2 of 3 known instruments; the US 828,851,589 over 19 of 25.
    expect(text).toContain("Key findings");
    expect(text).toContain("1. No matched scope is comparable yet, so no China/US ratio is shown.");
    expect(text).toContain("China $353 m from 2 of 3 known instruments (67% priced) and the US $829 m from 19 of 25 known instruments (76% priced)");
    expect(text).toContain("3. Much of the support has no price at all.");
    const scopes = text.slice(text.indexOf("4. Matched scopes"), text.indexOf("5. Methods and caveats"));
    expect(scopes).toContain("Table 1. Rare-earth chain, central and federal support, 2012–2025, paid or binding");
    expect(scopes).toMatch(/All stages \$353 m \$829 m not comparable: too few priced 2 of 3 19 of 25 /);
    expect(scopes).toMatch(/No ratio in total: China: 2 of 3 instruments priced \(67 ?%\), fewer than 3 priced instruments\./);
    expect(scopes).toContain("China at least 1.73% of GDP (at least CNY 1.71 trn), the United States 0.39% of GDP (USD 84 bn)");
    expect(text).not.toMatch(/China\/US \d/);
    // §1, §2 and the figure with its caption
    expect(text).toContain(">17,600 national little giants");
    expect(text).toContain("announcing 19,444 firms");
    expect(text).toContain("Baogang Group holds 32 designated SMEs");
    expect(text).toContain("Figure 1. Designated firms by tier");
    expect(text).toContain("6. Sources");

    // Every source behind §4's table, printed in full in §4 (no collapsed list) and in the numbered list at the end.
    const inputs = await loadFindingInputs(await siteDatabase());
    const head = findings(inputs, {basis: "market", baseYear: 2024, deflator: "cpi", statusClass: "paid", window: headlineYears(inputs.data)}).scopes[0]!;
    const ids = sourceIdsOf([...head.selection.china.counted, ...head.selection.us.counted] as unknown as Record<string, unknown>[]);
    expect(ids.length).toBeGreaterThan(10);
    expect(scopes).toContain(`Sources (${ids.length}):`);
    const registry = loadSources();
    const list = text.slice(text.indexOf("6. Sources"));
    // compared without whitespace: a line may break between two Chinese characters
    const bare = (s: string) => s.replace(/Page \d+ of \d+|Rare-earth pipelines China's SME ladder and US programme funding|\s+/g, "");
    for (const id of ids) {
      const t = bare(registry.get(id)!.title);
      expect(bare(scopes), `§4 prints ${id}`).toContain(t);
      expect(bare(list), `the source list prints ${id}`).toContain(t);
    }

    // Links: to sources' own addresses or to the published site, never to the server that printed the PDF.
    const links = pdfLinks(path);
    expect(links.length).toBeGreaterThan(ids.length);
    expect(links.filter((l) => /127\.0\.0\.1|localhost/.test(l))).toEqual([]);
    expect(links).toContain("https://example.org/pipelines/gaps");
    expect(text).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(text).not.toContain("↻");
  }, 180_000);

  test("?basis=ppp&st=obligated&scenario=baseline&from=2025&to=2012: the settings (the reversed years put in order, visibly) and the scenario's projections, links as plain text", async () => {
    const path = await print("basis=ppp&st=obligated&scenario=baseline&from=2025&to=2012");
    const text = pdfPages(path).join(" ");
    for (const expected of [
      "converted at the PPP (GDP) rate; constant 2024 US dollars",
      "US statuses counted obligated (award totals, section 3)",
      // the reversed years are used in order and the title page says so
      "Years 2012–2025 (From 2025 to 2012 is reversed: showing 2012–2025)",
      // obligated only, 2012–2025 (same worked rows as above): domestic $919,060,000, abroad $105,000,000
      "add up to $1.02 bn (nominal) when obligated count: $919 m for projects in the United States and $105 m of finance for projects abroad",
      // the scenario on the title page, its section, figure and sources, and the later sections renumbered
      "Scenario Baseline",
      "5. Projections to 2035",
      "Figure 2. Each side's projected known grant equivalent in the rare-earth chain, central and federal support",
      "6. Methods and caveats",
      "7. Sources"
    ]) expect(text).toContain(expected);
    expect(text).not.toMatch(/Online https?:/);
    // no base URL: links within the site are plain text; only the sources' own addresses stay links
    expect(pdfLinks(path).filter((l) => !/^https?:\/\//.test(l) || /127\.0\.0\.1|localhost/.test(l))).toEqual([]);
    expect(text).not.toMatch(/127\.0\.0\.1/);
  }, 180_000);
});
