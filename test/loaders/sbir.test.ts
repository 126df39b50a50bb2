import {createHash} from "node:crypto";
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {parse} from "csv-parse/sync";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {classifyAward, matchingRules, prefilterSql, ruleRegex, sqlString} from "../../src/lib/sbir-rules.ts";
import {toIpcStream} from "../../loaders/arrow.ts";
import {readRules} from "../../loaders/sbir/config.ts";
import {isUtf8File, repairToUtf8} from "../../loaders/sbir/encoding.ts";
import {extractFile, extractSourcesFile, fullExportFile, loadSbirAwards, sbirAwardsTable, type LoadResult} from "../../loaders/sbir/load.ts";
import {arrowToRows} from "../../src/lib/rows.ts";

const repoRoot = resolve(__dirname, "../..");
const fixture = (name: string) => join("test/fixtures/sbir", name);
/** Real third-party files (origin, licence basis, checksums: test/fixtures/sbir/real/README.md). */
const real = (name: string) => join(repoRoot, "test/fixtures/sbir/real", name);
const quiet = () => {};
const load = (file: string, sourceId = "sbir-gov-award-data") => loadSbirAwards({file, sourceId, log: quiet});

interface Award {
  award_id: string; company: string; title: string | null; agency: string; branch: string | null; phase: string; program: string;
  award_year: number; award_date: string | null; amount_usd: number | null; topic_code: string | null; state: string | null;
  re_relevant: boolean; matched_rules: string | null; stages: string | null; source_url: string | null; source_id: string; agency_id: number; phase_id: number; source_num: number;
}
const rowsOf = (r: LoadResult) => arrowToRows<Award & Record<string, unknown>>(r.table) as Award[];
const byId = (r: LoadResult) => new Map(rowsOf(r).map((a) => [a.award_id, a]));

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "sbir-test-"));
});
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

describe("SBIR loader: hand-written fixtures in both export layouts", () => {
  it("reads the current 42-column layout: quoted 1,234,567, line breaks and quotes in abstracts, M/D/YYYY and ISO dates", async () => {
    const r = await load(fixture("current-layout.csv"));
    expect(r.layout).toBe("current");
    expect(r.repairedBytes).toBe(0);
    expect(rowsOf(r).map((a) => a.award_id)).toEqual(["DOE:0000270001:DE-SC0099999", "DoD:A21-001-0042:W911NF-22-C-0001", "NSF:2151234:2151234"]);
    const awards = byId(r);
    expect(awards.get("DoD:A21-001-0042:W911NF-22-C-0001")).toEqual({
      award_id: "DoD:A21-001-0042:W911NF-22-C-0001",
      company: "Acme Magnetics, Inc.",
      company_id: 1, // first of the fixture's three companies in byte order (Acme, Plain Drives, Ytterbium)
      title: "Terbium-free NdFeB magnets for traction motors",
      agency: "DoD",
      branch: "Army",
      phase: "II",
      program: "SBIR",
      award_year: 2022,
      award_date: "2022-09-30",
      amount_usd: 1234567,
      topic_code: "A21-001",
      state: "MA",
      re_relevant: true,
      matched_rules: "dysprosium;terbium;ndfeb;magnet",
      stages: "magnets",
      source_url: null,
      source_id: "sbir-gov-award-data",
      agency_id: 2, // the fixture's agencies in byte order: DOE, DoD, NSF
      phase_id: 2, // I, II
      source_num: 1 // one source
    });
    expect(awards.get("NSF:2151234:2151234")).toMatchObject({
      award_date: "2022-06-01",
      branch: null,
      phase: "I",
      program: "STTR",
      amount_usd: 256000,
      state: "CO",
      re_relevant: false,
      matched_rules: null,
      stages: null
    });
    // "permanent-magnet synchronous machine" with no rare-earth term: permanent magnet is a context rule (rules-check.csv)
    expect(awards.get("DOE:0000270001:DE-SC0099999")).toMatchObject({amount_usd: 99999.5, award_date: "2023-01-05", state: "TX", re_relevant: false, matched_rules: null});
  });

  it("reads the legacy 41-column layout: CRLF, a cp1252 byte, a CRLF inside an abstract", async () => {
    const r = await load(fixture("legacy-layout.csv"));
    expect(r.layout).toBe("legacy");
    expect(r.repairedBytes).toBe(1);
    const rows = rowsOf(r);
    expect(rows.map((a) => [a.award_id, a.amount_usd, a.award_date, a.phase, a.program, a.state])).toEqual([
      ["DOE:88123:DE-FG02-10ER88123", 150000, "2010-06-15", "I", "SBIR", "OH"],
      ["NASA:T4.01-9876:NNX11CA01C", 1880681, "2011-11-02", "II", "STTR", "AL"]
    ]);
    expect(rows[0]).toMatchObject({re_relevant: true, matched_rules: "lanthanide;re-separation;solvent-extraction", stages: "separation"});
    expect(rows[1]).toMatchObject({re_relevant: false, matched_rules: null});
  });

  it("numbers awards that share agency:tracking:contract, in an order set by their values", async () => {
    const text = readFileSync(fixture("current-layout.csv"), "utf8");
    const doe = text.split("\n").find((l) => l.startsWith('"Plain Drives Corp"')) ?? "";
    const file = join(tmp, "duplicates.csv");
    writeFileSync(file, text + doe.replace('"99,999.50"', "88888") + "\n");
    const rows = rowsOf(await load(file));
    expect(rows.map((a) => [a.award_id, a.amount_usd])).toEqual([
      ["DOE:0000270001:DE-SC0099999#1", 88888],
      ["DOE:0000270001:DE-SC0099999#2", 99999.5],
      ["DoD:A21-001-0042:W911NF-22-C-0001", 1234567],
      ["NSF:2151234:2151234", 256000]
    ]);
  });

  it("fails a bad date naming file, row, record, tracking number, column, value and fix", async () => {
    await expect(load(fixture("bad-date.csv"))).rejects.toThrow(
      'test/fixtures/sbir/bad-date.csv, row 3 (record 2, Agency Tracking Number "BAD-DATE-2"), column "Proposal Award Date": not a date (value: "13/45/2022"). Fix: write the date as M/D/YYYY (e.g. 5/7/2024) or YYYY-MM-DD, or leave it empty'
    );
  });

  it("fails a non-numeric amount", async () => {
    await expect(load(fixture("bad-amount.csv"))).rejects.toThrow(
      'test/fixtures/sbir/bad-amount.csv, row 3 (record 2, Agency Tracking Number "BAD-AMOUNT-2"), column "Award Amount": not a number (value: "12O,000")'
    );
  });

  it("fails an unknown agency, naming the agencies file to edit", async () => {
    await expect(load(fixture("unknown-agency.csv"))).rejects.toThrow(
      'test/fixtures/sbir/unknown-agency.csv, row 3 (record 2, Agency Tracking Number "UNKNOWN-AGENCY-2"), column "Agency": unknown agency (value: "Department of Magic"). Fix: add the agency\'s full name and a short code to data/cases/rare-earths/sbir/agencies.csv'
    );
  });

  it("fails a record with a missing field", async () => {
    await expect(load(fixture("missing-column.csv"))).rejects.toThrow(
      'test/fixtures/sbir/missing-column.csv, row 3 (record 2), column "RI POC Phone": the record does not have the header\'s columns: Expected Number of Columns: 42 Found: 41'
    );
  });

  it("fails a header that is neither layout", async () => {
    await expect(load(fixture("bad-header.csv"))).rejects.toThrow(
      'test/fixtures/sbir/bad-header.csv, row 1, column "UEI": a required column is missing from the header. Fix: the header must be the SBIR.gov award_data.csv header (current layout, 42 columns): Company,Award Title,'
    );
  });

  it("fails an award without a citation in the sidecar, and a citation without an award", async () => {
    const sidecar = join(tmp, "sources.csv");
    writeFileSync(
      sidecar,
      "agency_tracking_number,contract,source_url,source_id\n" +
        "A21-001-0042,W911NF-22-C-0001,https://example.org/a,sbir-gov-award-pages\n" +
        "2151234,2151234,https://example.org/b,sbir-gov-award-pages\n" +
        "NOPE,,https://example.org/c,sbir-gov-award-pages\n"
    );
    const error = await loadSbirAwards({file: fixture("current-layout.csv"), sidecar, log: quiet}).catch((e: Error) => e);
    expect((error as Error).message).toContain(
      'test/fixtures/sbir/current-layout.csv, row 4 (record 3, Agency Tracking Number "0000270001"), column "Agency Tracking Number": no citation for this award in'
    );
    expect((error as Error).message).toMatch(/sources\.csv, row 4, column "agency_tracking_number": no award in test\/fixtures\/sbir\/current-layout\.csv has this Agency Tracking Number and Contract \(value: "NOPE\|"\)/);
  });
});

describe("SBIR loader: real files (test/fixtures/sbir/real)", () => {
  it("are the files their README describes: every file listed with its sha256, nothing else", () => {
    const readme = readFileSync(real("README.md"), "utf8");
    const listed = [...readme.matchAll(/^\| `([^`]+)`.*\| `([0-9a-f]{64})` \|$/gm)].map((m) => [m[1], m[2]]);
    // The two samples' sums are those of the originals (the project's SHA256SUMS); the subset's was printed by
    // scripts/sbir/test-fixtures.ts.
    expect(listed).toEqual([
      ["sample-sbir-awards-legacy.csv", "4edba6d80fb97ab5447176147ac6bd431de2cb095f8c7b91bc3a509e65eb57d9"],
      ["header-current-export.csv", "cb7cbe7cae619298d6f934482cecc946914a84b11d92e14bdb38ac377043b4e2"],
      ["scraped-award-pages.json", "c8f224cfc109d7a08ca75f5733c0108f4cdf7727abc8e36dba9c166d6c80a09c"]
    ]);
    for (const [file, sum] of listed) expect(createHash("sha256").update(readFileSync(real(file!))).digest("hex"), file).toBe(sum);
    expect(readdirSync(join(repoRoot, "test/fixtures/sbir/real")).sort()).toEqual([".gitattributes", "README.md", ...listed.map(([f]) => f!)].sort());
  });

  it("reads the legacy gerwaric sample (CRLF, cp1252 bytes, quoted amounts, apostrophe Duns)", async () => {
    const r = await load(real("sample-sbir-awards-legacy.csv"), "sbir-sample-gerwaric");
    expect(r.layout).toBe("legacy");
    const rows = rowsOf(r);
    expect(rows).toHaveLength(5);
    expect(r.repairedBytes).toBe(5); // 0x9B 0x83 0xAA 0x83 0x9B in record 4's abstract
    // Record 1 of the file
    expect(byId(r).get("DHS:24.1 DHS241-002-0076-I:70RSAT24C00000033")).toMatchObject({
      company: "AGILE DATA DECISIONS, INC.",
      agency: "DHS",
      branch: null,
      phase: "I",
      program: "SBIR",
      award_year: 2024,
      award_date: "2024-05-07",
      amount_usd: 171433,
      topic_code: "DHS241-002",
      state: "TX",
      re_relevant: false,
      source_id: "sbir-sample-gerwaric"
    });
    expect(byId(r).get("DoD:N22A-T016-0187:N68335-24-C-0081")).toMatchObject({branch: "Navy", phase: "II", program: "STTR", amount_usd: 997409, award_date: "2023-10-23", state: "CA"});
    expect(byId(r).get("DOE:2852-1522:DE-AR0001764")).toMatchObject({branch: "ARPA-E", amount_usd: 1880681, award_date: "2024-01-23", state: "MD"});
    expect(rows.reduce((s, a) => s + (a.amount_usd ?? 0), 0)).toBe(3398942);
    expect(rows.map((a) => a.agency).sort()).toEqual(["DHS", "DHS", "DHS", "DOE", "DoD"]);
  });

  it("reads the current-export header fixture (synthetic rows, ISO dates, spelled-out states)", async () => {
    const r = await load(real("header-current-export.csv"));
    expect(r.layout).toBe("current");
    expect(rowsOf(r).map((a) => [a.award_id, a.award_date, a.amount_usd, a.state, a.topic_code])).toEqual([
      ["DoD:AF-1:FA0001", "2023-07-01", 1200000, "OH", "AF231-001"],
      ["DoD:ARMY-1:W0001", "2022-05-01", 250000, "MD", null],
      ["NSF:NSF-1:1234567", "2024-09-01", 275000, "MA", "BM"],
      ["NSF:NSF-2:7654321", "2019-08-01", 750000, "TX", "IT"]
    ]);
  });

  it("the shipped extract: every row cited, values as in the scraped JSON, DuckDB and JS agree on relevance", async () => {
    const r = await loadSbirAwards({file: extractFile(), sidecar: extractSourcesFile(), log: quiet});
    expect(r.layout).toBe("current");
    const rows = rowsOf(r);
    expect(rows).toHaveLength(560);
    // 13: the 11 awards data/cases/rare-earths/sbir/rules-check.csv judges relevant and its 2 known limits
    expect(r.relevant).toBe(13);
    expect(rows.filter((a) => a.re_relevant)).toHaveLength(13);
    expect(rows.every((a) => a.source_url !== null)).toBe(true);
    expect(rows.filter((a) => a.source_id === "sbir-sample-gerwaric")).toHaveLength(5);

    // The scraped SBIR.gov award pages the extract cites (records and fields as in the original JSON files).
    const scraped = new Map<string, {title: string; award_amount: number; phase: string; award_year: string}>();
    for (const x of JSON.parse(readFileSync(real("scraped-award-pages.json"), "utf8"))) scraped.set(x.url, x);
    expect(scraped.size).toBe(555);
    for (const a of rows.filter((a) => a.source_id === "sbir-gov-award-pages")) {
      const x = scraped.get(a.source_url ?? "");
      expect(x, a.award_id).toBeDefined();
      expect([a.title ?? "N/A", a.amount_usd, `Phase ${a.phase}`, String(a.award_year), a.award_date]).toEqual([x?.title, x?.award_amount, x?.phase, x?.award_year, null]);
    }
    expect(byId(r).get("DoD:L2-0108:SP4701-17-C-0042")).toMatchObject({
      company: "Urban Mining Company",
      title: "Upscaling and Optimization of Magnet to Magnet Recycling",
      branch: "Defense Logistics Agency",
      amount_usd: 934461,
      topic_code: "DLA161-003",
      state: "TX",
      matched_rules: "rare-earth;neodymium;ndfeb;re-magnet;magnet;recycling",
      stages: "magnets;recycling",
      source_url: "https://www.sbir.gov/sbirsearch/detail/1468937"
    });

    // Independent check of the DuckDB classification: csv-parse + the JavaScript matcher over the same records.
    const rules = readRules(join(repoRoot, "data/cases/rare-earths/sbir/rules.csv"));
    const records = parse(readFileSync(extractFile()), {columns: true}) as Record<string, string>[];
    const codes = new Map((parse(readFileSync(join(repoRoot, "data/cases/rare-earths/sbir/agencies.csv")), {columns: true}) as Record<string, string>[]).map((a) => [a.agency, a.agency_code]));
    const awards = byId(r);
    records.forEach((rec, i) => {
      const expected = classifyAward(rules, {title: rec["Award Title"], abstract: rec.Abstract, topic: rec["Topic Code"]});
      const a = awards.get(`${codes.get(rec.Agency ?? "")}:${rec["Agency Tracking Number"]}:${rec.Contract}`);
      expect({re_relevant: a?.re_relevant, matched_rules: a?.matched_rules, stages: a?.stages}, `row ${i + 2}`).toEqual(expected);
    });
    expect(awards.size).toBe(records.length);
  });
});

describe("SBIR encoding repair", () => {
  it("keeps valid UTF-8, reads other bytes as cp1252, and handles sequences split across 1 MiB chunks", async () => {
    const src = join(tmp, "mixed.csv");
    const out = join(tmp, "mixed-utf8.csv");
    const pad = Buffer.alloc((1 << 20) - 1, 0x61); // the 2-byte "é" straddles the first chunk boundary
    writeFileSync(src, Buffer.concat([pad, Buffer.from("é", "utf8"), Buffer.from([0x92, 0x80, 0x81]), Buffer.from("ok", "utf8"), Buffer.from([0xe2, 0x82])]));
    expect(await isUtf8File(src)).toBe(false);
    expect(await repairToUtf8(src, out)).toEqual({invalidBytes: 5});
    const text = readFileSync(out, "utf8");
    expect(text.slice(pad.length)).toBe("é\u2019\u20ac\u0081ok\u00e2\u201a");
    expect(await isUtf8File(out)).toBe(true);
    writeFileSync(src, Buffer.concat([pad, Buffer.from("é€", "utf8")]));
    expect(await isUtf8File(src)).toBe(true);
  });

  it("decodes the legacy sample's stray bytes as cp1252", async () => {
    const out = join(tmp, "legacy-utf8.csv");
    await repairToUtf8(real("sample-sbir-awards-legacy.csv"), out);
    expect(readFileSync(out, "utf8")).toContain("more than one vendor?›ƒ?ªƒ?›s detection equipment");
  });
});

describe("SBIR rules: DuckDB (RE2) and JavaScript agree", () => {
  it("on every rule and on the prefilter, for tricky texts", async () => {
    const rules = readRules(join(repoRoot, "data/cases/rare-earths/sbir/rules.csv"));
    const texts = [
      "Terbium and ytterbium", "ytterbium", "electromagnetic magnetometer", "NdFeB / Nd-Fe-B / Nd2Fe14B", "Rare-Earth-free motor",
      "Magnets!", "magnetic magnets", "sm2co17 samarium-cobalt", "BASTNAESITE", "permanent  magnets", "Recycled rare earths", "Lanthanide\nseparation",
      "neodymium-iron-boron", "Dy_terbium", "rare_earth", "café rare earth"
    ];
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const perRule = rules.map((r) => `regexp_matches(t, ${sqlString(ruleRegex(r))}, 'i') AS "${r.rule_id}"`).join(", ");
    const prefilter = prefilterSql(rules, {title: "t", abstract: "t", topic: "t"});
    const values = texts.map((t, i) => `(${i}, ${sqlString(t)})`).join(", ");
    const rows = (await conn.runAndReadAll(`SELECT ${perRule}, ${prefilter} AS prefilter FROM (VALUES ${values}) v(i, t) ORDER BY i`)).getRowObjectsJS();
    conn.closeSync();
    instance.closeSync();
    const duck = rows.map((row) => rules.filter((r) => row[r.rule_id]).map((r) => r.rule_id).join(";") || null);
    const js = texts.map((t) => matchingRules(rules, {title: t, abstract: t, topic: t}).join(";") || null);
    expect(duck).toEqual(js);
    expect(rows.map((row) => row.prefilter)).toEqual(texts.map((t) => classifyAward(rules, {title: t, abstract: t, topic: t}).re_relevant));
    expect(js.slice(0, 4)).toEqual(["terbium", null, null, "ndfeb"]);
  });
});

describe("SBIR site table", () => {
  it.skipIf(existsSync(fullExportFile()))("builds the extract's table deterministically, with provenance metadata", async () => {
    const first = toIpcStream(await sbirAwardsTable(quiet));
    const table = await sbirAwardsTable(quiet);
    expect(Buffer.from(toIpcStream(table)).equals(Buffer.from(first))).toBe(true);
    expect(table.numRows).toBe(560);
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      "award_id", "company", "company_id", "title", "agency", "branch", "phase", "program", "award_year", "award_date", "amount_usd",
      "topic_code", "state", "re_relevant", "matched_rules", "stages", "source_url", "source_id", "agency_id", "phase_id", "source_num"
    ]);
    const meta = table.schema.metadata;
    expect(meta.get("file")).toBe("data/cases/rare-earths/sbir/extract.csv");
    expect(meta.get("row_count")).toBe("560");
    expect(JSON.parse(meta.get("sources") ?? "[]").map((s: {source_id: string}) => s.source_id)).toEqual(["sbir-gov-award-pages", "sbir-sample-gerwaric"]);
    const ids = table.getChild("award_id")?.toArray() as string[];
    expect([...ids]).toEqual([...ids].sort());
    // company_id numbers the distinct companies 1..n in byte order of the name: one id per name, one name per id.
    // 477 distinct companies in data/cases/rare-earths/sbir/extract.csv (Python's csv module; test/queries/sbir.test.ts agrees).
    const names = table.getChild("company")!.toArray() as string[];
    const companyIds = [...(table.getChild("company_id")!.toArray() as Int32Array)];
    const byName = new Map<string, number>();
    for (const [i, name] of names.entries()) {
      expect(byName.get(name) ?? companyIds[i], name).toBe(companyIds[i]);
      byName.set(name, companyIds[i]!);
    }
    expect(byName.size).toBe(477);
    const sortedNames = [...byName.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(sortedNames.map((n) => byName.get(n))).toEqual(Array.from({length: 477}, (_, i) => i + 1));
  });
});
