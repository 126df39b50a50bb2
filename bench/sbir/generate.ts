/**
 * Synthetic SBIR.gov award_data.csv at full scale, for bench/sbir/ingest.ts (not a test; output is gitignored).
 * Exact current 42-column export format: header names with spaces quoted, fields quoted when they hold a space,
 * comma, quote or line break, LF records. Abstracts of 1.5-2.5 kB (some with line breaks and "quotes"), quoted
 * amounts with thousands separators, M/D/YYYY dates, and rare-earth keywords in a few % of awards. Seeded RNG:
 * same arguments, same bytes.
 *
 *   npx tsx bench/sbir/generate.ts [rows=220000] [out=bench/work/sbir-award_data.csv]
 */
import {createWriteStream, mkdirSync} from "node:fs";
import {dirname, resolve} from "node:path";
import {once} from "node:events";
import {LAYOUTS} from "../../loaders/sbir/layout.ts";
import {ROOT} from "../../loaders/paths.ts";

export const DEFAULT_BENCH_FILE = resolve(ROOT, "bench/work/sbir-award_data.csv");

/** mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AGENCIES: [string, number, string[]][] = [
  ["Department of Defense", 0.45, ["Air Force", "Navy", "Army", "Defense Advanced Research Projects Agency", "Missile Defense Agency", "Defense Logistics Agency"]],
  ["Department of Health and Human Services", 0.22, ["National Institutes of Health", "Centers for Disease Control and Prevention"]],
  ["Department of Energy", 0.09, ["", "ARPA-E"]],
  ["National Aeronautics and Space Administration", 0.08, [""]],
  ["National Science Foundation", 0.08, [""]],
  ["Department of Agriculture", 0.03, [""]],
  ["Department of Homeland Security", 0.015, [""]],
  ["Department of Commerce", 0.015, ["National Oceanic and Atmospheric Administration", "National Institute of Standards and Technology"]],
  ["Department of Transportation", 0.01, [""]],
  ["Department of Education", 0.005, ["Institute of Education Sciences"]],
  ["Environmental Protection Agency", 0.005, [""]]
];
const WORDS = (
  "the a of and to in for with on by from this project will develop novel system approach technology phase research " +
  "innovative performance data sensor material process design test prototype low cost high efficiency power energy " +
  "advanced model analysis control network signal thermal structural composite coating laser optical imaging detection " +
  "magnetic electromagnetic magnetometer ytterbium field device integrated platform software algorithm manufacturing " +
  "commercial market customers operational military civilian application demonstrate feasibility objective results " +
  "reduce improve increase enable capability reliability scalable robust accurate efficient"
).split(" ");
const RARE_EARTH = ["rare earth elements", "NdFeB permanent magnets", "neodymium", "dysprosium-free magnets", "terbium", "samarium-cobalt", "rare-earth recycling", "monazite processing", "lanthanide separation by solvent extraction", "praseodymium"];
const STATES = ["CA", "MA", "VA", "CO", "MD", "NY", "TX", "PA", "OH", "WA", "Massachusetts", "California", "Texas"];

function csvField(v: string): string {
  return /[\s,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export async function generate(rows: number, out: string, seed = 20240507): Promise<void> {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const date = (year: number) => `${int(1, 12)}/${int(1, 28)}/${year}`;
  const words = (n: number) => Array.from({length: n}, () => pick(WORDS)).join(" ");
  const agency = () => {
    let x = rand();
    for (const a of AGENCIES) if ((x -= a[1]) < 0) return a;
    return AGENCIES[0] as (typeof AGENCIES)[number];
  };
  const abstract = (relevant: boolean) => {
    const target = int(1500, 2500);
    const parts: string[] = [];
    let len = 0;
    while (len < target) {
      let s = words(int(8, 25));
      if (rand() < 0.05) s += ` "${words(2)}"`;
      if (relevant && rand() < 0.3) s += ` ${pick(RARE_EARTH)}`;
      s = `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
      parts.push(s);
      len += s.length + 1;
    }
    return parts.join(rand() < 0.1 ? "\n" : " ");
  };
  mkdirSync(dirname(out), {recursive: true});
  const sink = createWriteStream(out);
  const columns = LAYOUTS.current;
  sink.write(columns.map((c) => (/\s/.test(c) ? `"${c}"` : c)).join(",") + "\n");
  let buffer: string[] = [];
  for (let i = 0; i < rows; i++) {
    const [agencyName, , branches] = agency();
    const year = int(1983, 2025);
    const phase2 = rand() < 0.35;
    const relevant = rand() < 0.03;
    const amount = phase2 ? int(500_000, 2_000_000) : int(50_000, 275_000);
    const tracking = `${agencyName.split(" ").map((w) => w[0]).join("")}-${year}-${String(i).padStart(6, "0")}`;
    const values: Record<string, string> = {
      Company: `${words(2)} ${pick(["Inc.", "LLC", "Corp", "Technologies, Inc."])}`.toUpperCase(),
      "Award Title": (relevant && rand() < 0.5 ? `${pick(RARE_EARTH)}: ` : "") + words(int(4, 10)),
      Agency: agencyName,
      Branch: pick(branches),
      Phase: phase2 ? "Phase II" : "Phase I",
      Program: rand() < 0.15 ? "STTR" : "SBIR",
      "Agency Tracking Number": tracking,
      Contract: `C${year}-${String(i).padStart(7, "0")}`,
      "Proposal Award Date": date(year),
      "Contract End Date": date(year + 1),
      "Solicitation Number": `${String(year).slice(2)}.${int(1, 3)}`,
      "Solicitation Year": String(year),
      "Solicitation Close Date": date(year),
      "Proposal Receipt Date": date(year),
      "Date of Notification": date(year),
      "Topic Code": `T${year}-${int(1, 999)}`,
      "Award Year": String(year),
      "Award Amount": amount.toLocaleString("en-US"),
      UEI: `U${String(int(0, 99_999_999_999)).padStart(11, "0")}`,
      Duns: rand() < 0.5 ? `'${String(int(0, 999_999_999)).padStart(9, "0")}'` : "",
      "HUBZone Owned": rand() < 0.05 ? "Y" : "N",
      "Socially and Economically Disadvantaged": rand() < 0.05 ? "Y" : "N",
      "Woman Owned": rand() < 0.1 ? "Y" : "N",
      "Number Employees": String(int(1, 500)),
      "Company Website": `https://www.example${i}.com`,
      Address1: `${int(1, 9999)} ${pick(["Main St", "Research Blvd", "Industrial Way"])}`,
      Address2: rand() < 0.3 ? `Suite ${int(100, 999)}` : "",
      City: pick(["Boston", "Dayton", "Huntsville", "San Diego", "Austin"]),
      State: pick(STATES),
      Zip: String(int(10000, 99999)),
      Abstract: abstract(relevant),
      "Contact Name": `${words(1)} ${words(1)}`,
      "Contact Title": "CEO",
      "Contact Phone": `(${int(200, 999)}) ${int(200, 999)}-${int(1000, 9999)}`,
      "Contact Email": `contact${i}@example.com`,
      "PI Name": `${words(1)} ${words(1)}`,
      "PI Title": "Principal Investigator",
      "PI Phone": `(${int(200, 999)}) ${int(200, 999)}-${int(1000, 9999)}`,
      "PI Email": `pi${i}@example.com`
    };
    buffer.push(columns.map((c) => csvField(values[c] ?? "")).join(","));
    if (buffer.length === 2000 || i === rows - 1) {
      if (!sink.write(buffer.join("\n") + "\n")) await once(sink, "drain");
      buffer = [];
    }
    if ((i + 1) % 50_000 === 0) process.stderr.write(`generate: ${i + 1} rows\n`);
  }
  sink.end();
  await once(sink, "finish");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 220_000);
  const out = resolve(process.argv[3] ?? DEFAULT_BENCH_FILE);
  const t0 = Date.now();
  await generate(rows, out);
  process.stderr.write(`generate: wrote ${rows} rows to ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
