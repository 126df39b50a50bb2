// Self-describing downloads and the data version (issue 21): file names, units and rounding, the metadata and
// README, the catalogue of every download the pages make, the version hash, the published tables' schema metadata
// and the corrections log.
import {execFileSync} from "node:child_process";
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {afterEach, describe, expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {dataDate, dataVersion, versionFiles, versionHash} from "../../loaders/version.ts";
import {FILES} from "../../loaders/outputs.ts";
import {toIpcStream} from "../../loaders/arrow.ts";
import {loadCorrections} from "../../loaders/corrections.ts";
import {DataError} from "../../loaders/errors.ts";
import {SiteBuild} from "../../loaders/site.ts";
import {DOWNLOADS, PAGES, downloadEntry, pageEntry} from "../../src/lib/download-catalog.ts";
import {citationText, columnRule, describeColumns, downloadBaseName, downloadMetadata, publishedRows, readmeText, roundValue, schemaMetadata} from "../../src/lib/publication.ts";

// A test may point the loaders at a copy of data/ (RE_DATA_DIR): the copy is removed after each test.
let dir: string | null = null;
function copyData(): string {
  if (dir) rmSync(dir, {recursive: true, force: true});
  dir = mkdtempSync(join(tmpdir(), "re-publication-"));
  cpSync(join(ROOT, "data/cases/rare-earths"), dir, {recursive: true});
  process.env.RE_DATA_DIR = dir;
  return dir;
}
afterEach(() => {
  delete process.env.RE_DATA_DIR;
  if (dir) rmSync(dir, {recursive: true, force: true});
  dir = null;
});

const VERSION = {version: "3f9a-2c1b-7e4d", date: "2026-12-07"};

describe("file names carry the settings", () => {
  test("name + settings, empty parts dropped, lists joined, unsafe characters replaced", () => {
    expect(downloadBaseName("gaps-by-stage", ["ppp", "2024usd", "2020-2025"])).toBe("gaps-by-stage_ppp_2024usd_2020-2025");
    expect(downloadBaseName("us-rows", [["obligated", "committed"], null, ""])).toBe("us-rows_obligated-committed");
    expect(downloadBaseName("sbir-rows", ["2015-2024", "DOE", "magnet alloy/Nd"])).toBe("sbir-rows_2015-2024_doe_magnet-alloy-nd");
  });

  test("/gaps names basis, base year, deflator, scope and the years compared", () => {
    const tags = PAGES["/gaps"]!.fileTags({basis: "ppp", base: 2024, defl: "cpi", scope: "chain_federal", sc: "binding", sfrom: 2020, sto: 2025});
    expect(downloadBaseName("gaps-scope", tags)).toBe("gaps-scope_ppp_2024usd_cpi_chain-federal_2020-2025");
  });

  test("/us names the statuses that count", () => {
    expect(downloadBaseName("us-rows", PAGES["/us"]!.fileTags({st: ["obligated", "committed"], agg: false}))).toBe("us-rows_obligated-committed");
    expect(downloadBaseName("us-rows", PAGES["/us"]!.fileTags({st: ["obligated"], agg: true}))).toBe("us-rows_obligated_with-programme-totals");
  });
});

describe("values carry units and are rounded to what the unit can claim", () => {
  test("money to whole units; other fractions to 6 significant figures; integers, text and null unchanged", () => {
    expect(roundValue(505578293.3624897, "money")).toBe(505578293);
    expect(roundValue(0.30000000000000004, "share")).toBe(0.3);
    expect(roundValue(7.195712345, "measure")).toBe(7.19571);
    expect(roundValue(2930, "count")).toBe(2930);
    expect(roundValue("2021-02", "year")).toBe("2021-02");
    expect(roundValue(null, "money")).toBe(null);
  });

  test("columns are described by their names: unit, currency basis and rounding", () => {
    const rows = [{stage: "magnets", us_usd: 505578293.3624897, china_firms: 3, central_cny: 6_000_000, ratio_central: 1.23456789, year: 2024, note: null}];
    const cols = Object.fromEntries(describeColumns(rows, {currencyBasis: "constant 2024 US dollars"}).map((c) => [c.name, c]));
    expect(cols.us_usd).toMatchObject({unit: "US dollars", currency_basis: "constant 2024 US dollars", rounding: "rounded to whole units"});
    expect(cols.central_cny).toMatchObject({unit: "yuan (CNY)", currency_basis: "nominal yuan, as reported"});
    expect(cols.china_firms!.unit).toBe("count");
    expect(cols.ratio_central!.unit).toBe("ratio (China ÷ US)");
    expect(cols.year!.unit).toBe("year");
    expect(cols.stage!.unit).toBe(null);
    expect(publishedRows(rows)[0]).toMatchObject({us_usd: 505578293, ratio_central: 1.23457});
  });

  test("every numeric column of every published table has a unit from its name", async () => {
    const tables = await new SiteBuild().curated();
    const missing = Object.entries(tables).flatMap(([name, t]) => t.schema.fields.filter((f) => /Float|Int/.test(String(f.type)) && !columnRule(f.name)).map((f) => `${name}.${f.name}`));
    expect(missing).toEqual([]);
  });
});

describe("metadata and README", () => {
  const meta = downloadMetadata({
    title: "Designated-firm estimate by stage",
    row: "a value-chain stage",
    page: {title: "Funding gaps", path: "/gaps"},
    rows: publishedRows([{stage: "magnets", us_usd: 1234.56, source_id: "us-a;us-b"}]),
    settings: [{key: "basis", label: "CNY → USD basis", value: "ppp"}, {key: "st", label: "Statuses", value: ["obligated", "committed"]}],
    scope: "Matched scope chain_federal",
    currencyBasis: "constant 2024 US dollars",
    version: VERSION,
    url: "https://example.org/gaps?basis=ppp",
    sources: ["us-a", "us-b"],
    files: {"x.csv": "rows"}
  });

  test("metadata.json names title, row, columns with units, settings, scope, data version and date, URL, citation", () => {
    expect(meta).toMatchObject({title: "Designated-firm estimate by stage", row: "a value-chain stage", rows: 1, scope: "Matched scope chain_federal", data_version: "3f9a-2c1b-7e4d", data_date: "2026-12-07", url: "https://example.org/gaps?basis=ppp", sources: ["us-a", "us-b"]});
    expect(meta.settings).toEqual([{key: "basis", label: "CNY → USD basis", value: "ppp"}, {key: "st", label: "Statuses", value: ["obligated", "committed"]}]);
    expect(meta.columns.find((c) => c.name === "us_usd")).toMatchObject({unit: "US dollars", currency_basis: "constant 2024 US dollars"});
    expect(meta.citation).toBe("Rare-earth pipelines (2026). Funding gaps: Designated-firm estimate by stage. Data version 3f9a-2c1b-7e4d, data of 2026-12-07. https://example.org/gaps?basis=ppp");
  });

  test("README.txt says the settings, columns, citation, licence and caveats in words", () => {
    const text = readmeText(meta);
    expect(text).toContain("One row is a value-chain stage. 1 row.");
    expect(text).toContain("CNY → USD basis (basis): ppp");
    expect(text).toContain("Statuses (st): obligated, committed");
    expect(text).toContain("us_usd: amount in US dollars; unit: US dollars; constant 2024 US dollars; rounded to whole units");
    expect(text).toContain(`Cite as\n  ${meta.citation}`);
    expect(text).toMatch(/Licence\n {2}No licence has been declared/);
    expect(text).toContain("Caveats\n  - Every value comes from a curated row");
  });

  test("the Arrow schema carries the same keys, objects as JSON", () => {
    const m = schemaMetadata(meta);
    expect([...m.keys()]).toEqual(Object.keys(meta));
    expect(m.get("data_version")).toBe("3f9a-2c1b-7e4d");
    expect(JSON.parse(m.get("settings")!)).toEqual(meta.settings);
  });

  test("citation without a date or address", () => {
    expect(citationText({page: "Overview", version: {version: "aaaa-bbbb-cccc", date: null}})).toBe("Rare-earth pipelines. Overview. Data version aaaa-bbbb-cccc.");
  });
});

describe("the catalogue knows every download the pages make", () => {
  // The site map's pages and the stage template (src/stage/[stage].md).
  const pages = (readdirSync(join(ROOT, "src"), {recursive: true}) as string[]).filter((f) => f.endsWith(".md") && !f.startsWith(".observablehq"));
  const source = (f: string) => readFileSync(join(ROOT, "src", f), "utf8");

  test("every name a page gives a download has an entry, and its tables are tables that page opens", () => {
    let names = 0;
    for (const f of pages) {
      const text = source(f);
      const opened = new Set([...text.matchAll(/^\s*(\w+): \(\) => FileAttachment\("(?:\.\.\/)*data\//gm)].map((m) => m[1]!));
      const used = [
        ...[...text.matchAll(/name: ["`]([a-z0-9-]+)/g)].map((m) => m[1]!),
        ...[...text.matchAll(/downloadLinks\([^;]*?, sources, "([a-z0-9-]+)"\)/g)].map((m) => m[1]!),
        ...[...text.matchAll(/note\("([a-z0-9-]+)"\)/g)].map((m) => m[1]!)
      ];
      for (const name of used) {
        names++;
        const entry = downloadEntry(name);
        expect(entry, `${f}: download "${name}" has no entry in src/lib/download-catalog.ts`).not.toBeNull();
        for (const t of entry!.datasets) expect(opened.has(t), `${f}: download "${name}" offers table ${t}, which the page does not open`).toBe(true);
      }
      expect(pageEntry(`/${f.replace(/\.md$/, "").replace("[stage]", "mining")}`), `${f} has no page entry`).not.toBeNull();
    }
    expect(names).toBeGreaterThan(40);
  });

  test("no entry is left over from a download that no longer exists", () => {
    const all = pages.map(source).join("\n");
    const unused = Object.keys(DOWNLOADS).filter((k) => !all.includes(`"${k}"`) && !all.includes(`\`${k}_`));
    expect(unused).toEqual([]);
  });
});

describe("data version", () => {

  test("hashes data/, loaders/, src/lib/ and src/queries/, sorted; the same files give the same version", () => {
    const files = versionFiles().map(([p]) => p);
    expect(files).toContain("data/us/awards.csv"); // relative to the case folder: a copy of the case hashes the same
    expect(files).toContain("data/corrections/corrections.csv");
    expect(files).toContain("loaders/version.ts");
    expect(files).toContain("loaders/sbir/sql/3-stage.sql"); // the SBIR ingest computes figures in SQL files
    expect(files).toContain("src/lib/gaps.ts");
    expect(files).toContain("src/queries/compare.ts");
    expect(files.some((p) => p.startsWith("src/components/"))).toBe(false);
    expect(files).toEqual([...files].sort());
    expect(versionHash()).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
    expect(dataVersion()).toEqual(dataVersion());
  });

  test("one changed byte in data/ gives another version", () => {
    const dir = copyData();
    const before = versionHash();
    expect(before).toBe(dataVersion().version);
    const file = join(dir, "us", "awards.csv");
    writeFileSync(file, readFileSync(file, "utf8").replace("9600000", "9600001"));
    expect(versionHash()).not.toBe(before);
  });

  test("the data date is the date of the last commit that changed data/", () => {
    const expected = execFileSync("git", ["log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d", "--", "data"], {cwd: ROOT, encoding: "utf8", env: {...process.env, TZ: "UTC"}}).trim();
    expect(dataDate()).toBe(expected);
  });

  test("published Arrow files carry the version, the date, the citation and the licence in their schema", async () => {
    const table = tableFromIPC(toIpcStream(await FILES["corrections.arrow"]!()));
    const m = table.schema.metadata;
    expect(m.get("data_version")).toBe(dataVersion().version);
    expect(m.get("data_date")).toBe(dataDate() ?? "");
    expect(m.get("title")).toBe("Data corrections");
    expect(m.get("citation")).toContain(`Data corrections. Data version ${dataVersion().version}`);
    expect(m.get("licence")).toMatch(/No licence has been declared/);
    expect(JSON.parse(m.get("caveats")!).length).toBeGreaterThan(2);
    expect(table.numRows).toBe(8); // rows of data/cases/rare-earths/corrections/corrections.csv
  });
});

describe("the corrections log is validated like other data", () => {
  const withLog = (edit: (csv: string) => string) => {
    const file = join(copyData(), "corrections", "corrections.csv");
    writeFileSync(file, edit(readFileSync(file, "utf8")));
  };

  test("every logged row exists in its file, every source is in the registry", () => {
    const {rows} = loadCorrections();
    expect(rows.map((r) => r.correction_id)).toContain("2026-12-07-mp-2020-tia");
  });

  test("a row id that is not in the corrected file: file, row, column, value and fix", () => {
    withLog((csv) => csv.replace("dod-ibas-mp-hree-2022,Instrument", "dod-ibas-mp-hree-2099,Instrument"));
    expect(() => loadCorrections()).toThrow(DataError);
    expect(() => loadCorrections()).toThrow(/corrections\.csv, row 3, column "rows": no row with award_id dod-ibas-mp-hree-2099 in data\/us\/awards\.csv \(value: "dod-ibas-mp-hree-2099"\)\. Fix: list the corrected rows/);
  });

  test("a source that is not in the registry, and a commit that is not a hash", () => {
    withLog((csv) => csv.replace(",us-dod-ree-awards-2020,3dbea46", ",us-nowhere,3dbea46"));
    expect(() => loadCorrections()).toThrow(/corrections\.csv, row 2, column "source_id": this source_id is not in the sources registry \(value: "us-nowhere"\)/);
    withLog((csv) => csv.replace(",us-dod-ree-awards-2020,3dbea46", ",us-dod-ree-awards-2020,yesterday"));
    expect(() => loadCorrections()).toThrow(/corrections\.csv, row 2, column "commit": not a commit hash \(value: "yesterday"\)\. Fix: write the commit's hash/);
  });
});
