// What each download on the site is: its title, what one row is, the published tables it comes from (offered as the
// "full data" download beside it), and, per page, the scope, the currency basis and the settings its file name
// carries. A download's name (the `name` a page gives sourcesNote/downloadLinks) is looked up by the part before
// its first "_" ("gaps-scope_chain_federal_…" → "gaps-scope"). test/lib/publication.test.ts checks that every name
// the pages use has an entry here, and that every table named exists.

import {term} from "./case.js";
import {capitalize} from "./case-text.js";

export type SettingValues = Record<string, unknown>;

export interface PageEntry {
  title: string;
  /** What the page's figures cover. */
  scope: (s: SettingValues) => string;
  /** The basis of constant-dollar columns on the page (nominal pages say so). */
  constantBasis: (s: SettingValues) => string;
  /** The settings a file name carries, in order. */
  fileTags: (s: SettingValues) => unknown[];
}

export interface DownloadEntry {
  title: string;
  /** "one row is …" */
  row: string;
  /** Tables of the page's database the rows come from, offered whole as "full data". */
  datasets: string[];
  /** The money columns are constant dollars of the page's settings (else nominal, as reported). */
  constant?: boolean;
}

const NOMINAL = "nominal US dollars, as reported (not deflated)";
// The case's words (case.json terms): the group whose portfolio is China's side, the chain, the designations named in
// batches.
const GROUP = term("portfolio-owner-short");
const CHAIN = term("chain");
const BASIS: Record<string, string> = {market: "market exchange rates", ppp: "PPP (GDP) conversion factors"};
const DEFLATOR: Record<string, string> = {cpi: "US CPI-U", gdp: "the US GDP deflator"};
const constant = (s: SettingValues) => `constant ${s.base ?? s.year ?? ""} US dollars (yuan converted at ${BASIS[String(s.basis)] ?? String(s.basis ?? "market exchange rates")}, deflated by ${DEFLATOR[String(s.defl ?? "cpi")] ?? String(s.defl)})`;
const range = (s: SettingValues, from = "from", to = "to") => (s[from] !== undefined || s[to] !== undefined ? `${s[from] ?? ""}-${s[to] ?? ""}` : null);

export const PAGES: Record<string, PageEntry> = {
  "/": {title: "Overview", scope: () => `Headline figures: China's tier ladder and ${GROUP}'s portfolio, US curated awards and SBIR/STTR totals, the matched-scope comparison at its default settings`, constantBasis: () => NOMINAL, fileTags: () => []},
  "/china": {
    title: "China's SME pipeline",
    scope: (s) => `China's national SME tiers and ${term("batches")} ${range(s) ?? ""}, ${term("portfolio-owner")}'s designated ${CHAIN} SMEs, named entities and central support instruments`,
    constantBasis: () => NOMINAL,
    fileTags: (s) => [range(s), s.tier, s.baogang ? GROUP.toLowerCase() : null, s.crit]
  },
  "/us": {
    title: "US program funding",
    scope: (s) => `Curated US federal ${CHAIN} awards with status ${[s.st ?? []].flat().join(", ") || "none"}${s.agg ? ", programme-level totals included" : ""}; SBIR/STTR national totals`,
    constantBasis: () => NOMINAL,
    fileTags: (s) => [s.st, s.agg ? "with-programme-totals" : null]
  },
  "/sbir": {
    title: "SBIR/STTR explorer",
    scope: (s) => `SBIR/STTR awards from SBIR.gov's export${s.rel === false ? "" : ` marked ${CHAIN} relevant`}, filtered as in the settings`,
    constantBasis: () => NOMINAL,
    fileTags: (s) => [range(s), s.ag, s.ph, s.prog, s.stage, s.q, s.rel === false ? "all-awards" : "relevant"]
  },
  "/coverage": {
    title: "Value-chain coverage",
    scope: (s) => `China: ${s.cn === "national" ? "national designated SMEs" : `${GROUP}'s portfolio`}; US: ${s.us === "sbir" ? `SBIR/STTR ${CHAIN} matches` : "curated awards"} with status ${[s.st ?? []].flat().join(", ")}`,
    constantBasis: () => NOMINAL,
    fileTags: (s) => [s.cn, s.us, s.st]
  },
  "/gaps": {
    title: "Funding gaps",
    scope: (s) => `Matched scope ${s.scope ?? ""}, statuses compared ${s.sc ?? ""}, years ${range(s, "sfrom", "sto") ?? ""} on both sides`,
    constantBasis: constant,
    fileTags: (s) => [s.basis, s.base ? `${s.base}usd` : null, s.defl, s.scope, range(s, "sfrom", "sto")]
  },
  "/scenarios": {
    title: "Scenarios",
    scope: (s) => `Scenario A ${s.a ?? ""} beside scenario B ${s.b ?? ""} (with B's adjustments in the settings), projected to 2035`,
    constantBasis: () => "constant US dollars of each scenario's base year (yuan converted and deflated as the scenario file states)",
    fileTags: (s) => [s.a, s.b, s.year]
  },
  "/sources": {title: "Sources and methods", scope: () => "Every source in the registry and every published dataset", constantBasis: () => NOMINAL, fileTags: (s) => [s.q, s.conf]},
  "/stage": {
    title: "Value-chain stage",
    scope: (s) => `One value-chain stage: China ${s.cn === "national" ? "national designated SMEs" : `${GROUP}'s portfolio`}; US ${s.us === "sbir" ? `SBIR/STTR ${CHAIN} matches` : "curated awards"} with status ${[s.st ?? []].flat().join(", ")}; matched scope ${s.scope ?? ""}, statuses compared ${s.sc ?? ""}, years ${range(s, "sfrom", "sto") ?? ""}`,
    constantBasis: constant,
    fileTags: (s) => [s.cn, s.us, s.st, s.basis, s.base ? `${s.base}usd` : null, s.defl]
  },
  "/report": {
    title: "Report",
    scope: (s) => `The report's figures at basis ${s.basis ?? ""}, base year ${s.base ?? ""}, statuses ${[s.st ?? []].flat().join(", ")}`,
    constantBasis: constant,
    fileTags: (s) => [s.basis, s.base ? `${s.base}usd` : null, s.st]
  }
};

export const DOWNLOADS: Record<string, DownloadEntry> = {
  "china-latest": {title: "The tier ladder today, against the 14th Five-Year Plan targets", row: "a tier of China's SME ladder with its latest count and its target", datasets: ["tier_counts", "targets"]},
  "china-batches": {title: `${capitalize(term("batches"))}: firms announced per batch`, row: `a batch of the ${term("batch-list")}`, datasets: ["little_giant_batches"]},
  "china-growth": {title: `${capitalize(term("batch-firms"))}: gross announcements against the net count`, row: "a batch with the running sum of firms announced so far", datasets: ["little_giant_batches", "tier_counts"]},
  "china-series": {title: "Each tier over time", row: "a reported count of one tier on one date", datasets: ["tier_counts"]},
  "china-baogangtiers": {title: `${GROUP}'s designated SMEs by tier`, row: `a tier of ${term("portfolio-owner")}'s portfolio`, datasets: ["baogang_portfolio"]},
  "china-bystage": {title: `${GROUP}'s designated SMEs by value-chain stage`, row: "a value-chain stage with the firms placed on it (unknown: not placed)", datasets: ["baogang_portfolio", "baogang_new_kinds"]},
  "china-named": {title: "Named entities and their designation status", row: "a named firm or institution", datasets: ["entities"]},
  "china-regional": {title: `${term("regions-title")} counts`, row: "a reported count for a region", datasets: ["regional_counts"]},
  "china-places": {title: "Cities on China's map", row: "a city with the support instruments and designated firms the sources place there", datasets: ["places", "place_links"]},
  "china-places-rows": {title: "China's support instruments and designated firms by city", row: "an instrument or designated firm and its city", datasets: ["place_links", "places", "instruments", "entities"]},
  "china-crit": {title: "Criteria per tier (2022 Interim Measures)", row: "a criterion of one tier", datasets: ["criteria"]},
  "china-support": {title: "Central support instruments", row: "a support instrument (a programme, a rule or an amount)", datasets: ["instruments"]},
  "us-byyear": {title: "US curated awards by year", row: "a year and status with the awards counted", datasets: ["awards"]},
  "us-byinstrument": {title: "US curated awards by instrument", row: "an instrument and status", datasets: ["awards"]},
  "us-byagency": {title: "US curated awards by agency", row: "an agency and status", datasets: ["awards"]},
  "us-bystage": {title: "US curated awards by value-chain stage", row: "a value-chain stage and status (an award over several stages counts on each)", datasets: ["awards"]},
  "us-places": {title: "Where the counted US awards go, by state", row: "a US state with the counted awards placed in it", datasets: ["awards", "award_sites"]},
  "us-places-abroad": {title: "US finance for projects abroad, by country", row: "a country with the counted awards placed in it", datasets: ["awards", "award_sites"]},
  "us-places-rows": {title: "The counted US awards with their places", row: "an award and the place a source names for it", datasets: ["awards", "award_sites"]},
  "us-places-unplaced": {title: "Counted US awards not on the maps", row: "an award at several sites or with no stated place", datasets: ["awards", "award_sites"]},
  "us-deal": {title: `${capitalize(term("us-deal"))}, decomposed`, row: "an instrument of the partnership", datasets: ["awards"]},
  "us-rows": {title: "All curated awards, as filtered", row: "an award", datasets: ["awards"]},
  "us-totals": {title: "SBIR/STTR national totals by fiscal year", row: "a fiscal year of one series", datasets: ["sbir_totals"]},
  "us-byagency22": {title: "SBIR/STTR in FY2022 by agency", row: "an agency", datasets: ["sbir_by_agency"]},
  "us-nih": {title: "NIH competing SBIR/STTR awards", row: "a fiscal year of NIH competing awards", datasets: ["nih_competing"]},
  "us-caps": {title: "SBIR/STTR award-size guidelines and caps", row: "a cap or guideline", datasets: ["award_caps"]},
  "us-sme": {title: "Broader US SME programmes", row: "a programme", datasets: ["sme_programs"]},
  "us-ev": {title: "2025 executive orders and other events", row: "an event (no money)", datasets: ["events"]},
  "sbir-by-year-phase": {title: "SBIR/STTR awards by year and phase", row: "a year and phase", datasets: ["sbir_relevant"]},
  "sbir-by-agency": {title: "SBIR/STTR awards by agency", row: "an agency", datasets: ["sbir_relevant"]},
  "sbir-by-stage": {title: `${capitalize(CHAIN)} SBIR/STTR matches by value-chain stage`, row: "a value-chain stage", datasets: ["sbir_relevant"]},
  "sbir-rows": {title: "Matching SBIR/STTR awards", row: "an award", datasets: ["sbir_relevant"]},
  "coverage-behind": {title: "The firms and awards behind the selected cell", row: "a firm or award", datasets: ["baogang_portfolio", "entities", "awards"]},
  "coverage-chinarows": {title: "Stage × side coverage", row: "a value-chain stage on one side with the firms or recipients counted", datasets: ["baogang_portfolio", "tier_counts", "awards"]},
  "chain-stages": {title: "The value chain: coverage and known support by stage", row: "a value-chain stage with each side's firms or recipients, known grant equivalent, instruments priced and the world-share context", datasets: ["chain_stages", "chain_edges", "baogang_portfolio", "awards", "instruments", "value_chain_context"], constant: true},
  "coverage-funnel": {title: "The two pipelines as funnels", row: "a step of one side's funnel", datasets: ["tier_counts", "sbir_funnel"]},
  "gaps-scope": {title: "Support counted in the matched scope", row: "a support row (an instrument, award or programme) counted once in the scope", datasets: ["instruments", "awards", "scopes", "status_classes"]},
  "gaps-context": {title: "Economy-wide context estimates", row: "a published economy-wide estimate", datasets: ["context_estimates"]},
  "gaps-tools": {title: "Tools without a price", row: "a tool (quota, control, rule) on one side", datasets: ["tools"]},
  "gaps-designated-firm-estimate": {title: "Designated-firm estimate by stage", row: "a value-chain stage with China's estimate (low, central, high) and US awards", datasets: ["baogang_portfolio", "china_support", "awards", "macro"], constant: true},
  "gaps-supportrows": {title: "Inputs of the designated-firm estimate", row: "a per-firm support assumption, a China firm or a US award", datasets: ["china_support", "baogang_portfolio", "awards"]},
  "overview-findings": {title: "What the data show: the rows behind the findings", row: "a support row or tool behind a finding", datasets: ["instruments", "awards", "tools"]},
  "overview-latest": {title: "Headline figures", row: "a row behind a headline figure", datasets: ["tier_counts", "baogang_portfolio", "sbir_totals", "awards"]},
  "report-tiers": {title: "China's tier ladder today", row: "a tier", datasets: ["tier_counts", "targets"]},
  "report-baogang": {title: `${GROUP}'s ${CHAIN} portfolio`, row: "a tier of the portfolio", datasets: ["baogang_portfolio"]},
  "report-us": {title: "US support as separate instruments", row: "an instrument of the DoD–MP partnership or the FY2022 SBIR/STTR total", datasets: ["awards", "sbir_totals"]},
  "report-scope": {title: "Support counted in the matched scope", row: "a support row counted once in the scope", datasets: ["instruments", "awards", "scopes"]},
  "report-context": {title: "Economy-wide context estimates", row: "a published economy-wide estimate", datasets: ["context_estimates"]},
  "report-scenario": {title: "The rows the reported scenario cites", row: "a source, a China firm, a US award counted by the scenario or a per-firm support assumption", datasets: ["scenarios", "awards", "instruments", "scopes"], constant: true},
  "scenarios-inputs": {title: "The rows the two scenarios cite", row: "a source, a China firm, a US award counted by a scenario or a per-firm support assumption", datasets: ["scenarios", "scenario_projection", "awards", "china_support"], constant: true},
  "stage-context": {title: "Global context at the stage", row: "a published figure (output, share, reserves) in its own unit", datasets: ["value_chain_context"]},
  "stage-firms": {title: "China's designated firms at the stage", row: "a firm or kind of firm at the stage, with its tier", datasets: ["baogang_portfolio", "baogang_new_kinds", "entities", "tier_counts"]},
  "stage-recipients": {title: "US recipients at the stage", row: "a recipient with its awards at the stage", datasets: ["awards", "sbir_relevant"]},
  "stage-instruments": {title: "China's support instruments at the stage", row: "a support instrument that names the stage", datasets: ["instruments"]},
  "stage-us": {title: "US awards at the stage, projects at home", row: "an award", datasets: ["awards", "sbir_relevant"]},
  "stage-abroad": {title: "US finance for projects abroad at the stage", row: "an award for a project outside the United States", datasets: ["awards"]},
  "stage-scope": {title: "Support counted at the stage in the matched scope", row: "a support row counted once in the scope, at this stage alone", datasets: ["instruments", "awards", "scopes", "status_classes"]},
  "stage-tools": {title: "Tools without a price at the stage", row: "a tool (quota, control, rule) on one side", datasets: ["tools"]},
  "stage-projection": {title: "The scenarios' projection at the stage", row: "a scenario and year at the stage", datasets: ["scenario_projection", "scenarios"], constant: true},
  "source-mix": {title: "Where the figures' sources were read", row: "a kind of place (issuer's site, copy, news, …)", datasets: ["figures"]},
  "single-copy-figures": {title: "Figures that rest on a single copy", row: "a figure", datasets: ["figures"]},
  sources: {title: "The sources registry", row: "a source", datasets: ["sources"]},
  datasets: {title: "Datasets published by the site", row: "a published table", datasets: ["datasets"]},
  corrections: {title: "Data corrections", row: "a correction of published data: when, what changed, why, which figures moved", datasets: ["corrections"]}
};

/** The catalogue entry of a download name ("gaps-scope_chain_…" → "gaps-scope"); null when there is none. */
export function downloadEntry(name: string): DownloadEntry | null {
  return DOWNLOADS[name] ?? DOWNLOADS[name.split("_")[0]!] ?? null;
}

/** The page entry of a path ("/gaps", "/pipelines/gaps", "/index" → "/"). */
export function pageEntry(path: string): PageEntry | null {
  // One entry for every page of the stage template (/stage/mining, src/stage/[stage].md).
  if (/\/stage\/[^/]+$/.test(path.replace(/\.html$/, ""))) return PAGES["/stage"]!;
  const last = `/${path.replace(/\/(index)?$/, "").split("/").pop() ?? ""}`.replace(/\.html$/, "");
  return PAGES[last] ?? null;
}
