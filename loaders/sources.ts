import type {Table} from "apache-arrow";
import {buildTable} from "./arrow.ts";
import {readdirSync} from "node:fs";
import {z} from "zod";
import {readCsv} from "./csv.ts";
import {DataError, type DataIssue} from "./errors.ts";
import {dataFile} from "./paths.ts";
import {recordListing} from "./reads.ts";
import {enumCell, optIsoDate, optText, sourceId, text} from "./schemas/cells.ts";
import {COPY_KINDS, READ_KINDS} from "../src/lib/taxonomy.ts";
import {CASE_FOLDER} from "../src/lib/case.ts";

const URL_OR_REF = /^https?:\/\/\S+$|^[\w.-]+\/[\w.-]+:\S+$|^[\w.-]+(\/[\w.-]+)+$/;
/** A bare domain ("35722aa.com", "www.example.org"): the name of a site, never of an issuer. */
const BARE_DOMAIN = /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

export const sourceSchema = z.object({
  source_id: sourceId(),
  /** Title of the original document (not of the page it was read on). */
  title: text(),
  /** Who issued the original document: a ministry, agency, outlet, company or author; never a copy's domain. */
  issuer: text().refine((s) => !BARE_DOMAIN.test(s), {
    message: "the issuer is a bare domain",
    params: {fix: "name who issued the document (e.g. Ministry of Industry and Information Technology (MIIT)); put the site it was read on in read_via"}
  }),
  /** The document's own number (e.g. 工信部企业函〔2021〕197号, FR Doc. 2025-06836); empty when none is known. */
  doc_number: optText(),
  published: optIsoDate(),
  /** Where it was read. Empty only for a source that cannot be located (an unidentified document); its note must say so. */
  // A web address, a GitHub file (owner/repo:path@commit) or a file of this project (shared/research/...); never
  // another scheme (javascript:, data:), so a link built from it can only go where it says.
  read_url: optText().refine((u) => u === null || URL_OR_REF.test(u), {
    message: "not a web address, repository reference or project path",
    params: {fix: "write an http(s):// URL, owner/repo:path@commit for a file on GitHub, or a path in this project (or leave it empty and say why in the note)"}
  }),
  read_kind: enumCell(READ_KINDS),
  /** The site or outlet it was read on, when not the issuer's own (e.g. "35722aa.com", "Business Wire"). */
  read_via: optText(),
  accessed: optIsoDate(),
  confidence: enumCell(["high", "medium", "low"] as const),
  /** Independent sources (source_ids, ";"-separated) that state the same figures. */
  corroborated_by: optText().transform((s) => (s === null ? [] : s.split(";").map((id) => id.trim()).filter(Boolean))),
  note: optText()
});
export type Source = z.output<typeof sourceSchema> & {file: string};

/** Read on a copy or aggregator with no independent source stating the same figures. */
export function isSingleCopy(s: Pick<Source, "read_kind" | "corroborated_by">): boolean {
  return COPY_KINDS.includes(s.read_kind) && s.corroborated_by.length === 0;
}

/** Read on a copy or aggregator, and no corroborating source was read anywhere better: its figures are at most medium. */
export function readOnlyOnCopies(s: Pick<Source, "read_kind" | "corroborated_by">, sources: Map<string, Pick<Source, "read_kind">>): boolean {
  return COPY_KINDS.includes(s.read_kind) && s.corroborated_by.every((id) => COPY_KINDS.includes(sources.get(id)?.read_kind ?? "copy"));
}

/** The host of a web address, lower case without "www." (null for a repository reference or project path). */
export function hostOf(url: string | null): string | null {
  const m = url ? /^https?:\/\/([^/:?#]+)/i.exec(url) : null;
  return m ? m[1]!.toLowerCase().replace(/^www\./, "") : null;
}

/** Rules across a row's cells and across rows: a copy is at most medium; corroborating ids exist and are not the row. */
function checkRow(file: string, row: Source & {_line: number}, issues: DataIssue[]): void {
  const at = {file, row: row._line};
  if (row.read_url === null && !row.note) {
    issues.push({...at, column: "read_url", value: "", problem: "a source without a read_url must say in its note why it cannot be located", fix: "add the read_url, or explain in the note (e.g. unidentified repository document)"});
  }
  if (COPY_KINDS.includes(row.read_kind) && row.confidence === "high") {
    issues.push({...at, column: "confidence", value: row.confidence, problem: `a source read on ${row.read_kind === "copy" ? "a copy" : "an aggregator"} is at most medium confidence`, fix: "grade it medium or low; record where the issuer's own text or an official copy was read as another source, and cite that for high"});
  }
  const host = hostOf(row.read_url);
  if (host && COPY_KINDS.includes(row.read_kind) && row.issuer.toLowerCase().includes(host)) {
    issues.push({...at, column: "issuer", value: row.issuer, problem: `the issuer names the ${row.read_kind} the document was read on (${host})`, fix: "name who issued the original document; the site it was read on belongs in read_via"});
  }
}

function checkCorroboration(byId: Map<string, Source & {_line: number}>, issues: DataIssue[]): void {
  for (const s of byId.values()) {
    for (const id of s.corroborated_by) {
      const at = {file: s.file, row: s._line, column: "corroborated_by", value: id};
      if (id === s.source_id) issues.push({...at, problem: "a source cannot corroborate itself", fix: "list other, independent sources that state the same figure, or leave the cell empty"});
      else if (!byId.has(id)) issues.push({...at, problem: "this source_id is not in the sources registry", fix: `add a row for the corroborating source to ${CASE_FOLDER}/sources/*.csv, or correct the id (separate several with ;)`});
      else if (byId.get(id)!.read_url !== null && byId.get(id)!.read_url === s.read_url) issues.push({...at, problem: "the corroborating source was read at the same address", fix: "list a source read elsewhere (an independent copy or report), or leave the cell empty"});
    }
  }
}

/** Read and merge every data/cases/<case>/sources/*.csv; source_id must be unique across files. */
export function loadSources(): Map<string, Source> {
  const dir = dataFile("sources");
  recordListing(dir);
  const files = readdirSync(dir).filter((f) => f.endsWith(".csv")).sort();
  const byId = new Map<string, Source & {_line: number}>();
  const issues: DataIssue[] = [];
  for (const f of files) {
    const {rows, file} = readCsv(dataFile("sources", f), sourceSchema);
    for (const row of rows) {
      checkRow(file, {...row, file}, issues);
      const prior = byId.get(row.source_id);
      if (prior) {
        issues.push({file, row: row._line, column: "source_id", value: row.source_id, problem: `duplicate source_id (also in ${prior.file})`, fix: "give each source a unique id, or delete the duplicate row"});
        continue;
      }
      byId.set(row.source_id, {...row, file});
    }
  }
  checkCorroboration(byId, issues);
  if (issues.length) throw new DataError(issues);
  return new Map([...byId].map(([id, {_line, ...s}]) => [id, s]));
}

/** Every row's source_id must resolve in the registry; a figure read only on a copy or aggregator is at most medium. */
export function checkSourceIds(file: string, rows: readonly {source_id: string; _line: number; confidence?: unknown}[], sources: Map<string, Source>): void {
  const issues: DataIssue[] = [];
  for (const r of rows) {
    const s = sources.get(r.source_id);
    if (!s) issues.push({file, row: r._line, column: "source_id", value: r.source_id, problem: "this source_id is not in the sources registry", fix: `add a row for it to ${CASE_FOLDER}/sources/*.csv, or correct the id`});
    else if (r.confidence === "high" && readOnlyOnCopies(s, sources)) {
      issues.push({file, row: r._line, column: "confidence", value: "high", problem: `the figure was read only on ${s.read_kind === "copy" ? "a copy" : "an aggregator"} (source ${s.source_id}, with no corroborating source read elsewhere), so it is at most medium`, fix: "grade it medium or low, or record a source read on the issuer's site, an official copy or a news report in the source's corroborated_by"});
    }
  }
  if (issues.length) throw new DataError(issues);
}

/** Rows with a unique key column: duplicates are an error naming both rows. */
export function checkUnique<R extends {_line: number}>(file: string, rows: readonly R[], key: (r: R) => string, column: string): void {
  const seen = new Map<string, number>();
  const issues: DataIssue[] = [];
  for (const r of rows) {
    const k = key(r);
    const first = seen.get(k);
    if (first !== undefined) issues.push({file, row: r._line, column, value: k, problem: `duplicate key (first used on row ${first})`, fix: "make the key unique or delete the duplicate row"});
    else seen.set(k, r._line);
  }
  if (issues.length) throw new DataError(issues);
}

/** The registry's columns as published (sources.arrow, the metadata of every table, the "sources" downloads). */
export function publishedSource(s: Source) {
  const {source_id, title, issuer, doc_number, published, read_url, read_kind, read_via, accessed, confidence, corroborated_by, note} = s;
  return {source_id, title, issuer, doc_number, published, read_url, read_kind, read_via, accessed, confidence, corroborated_by: corroborated_by.join(";") || null, single_copy: isSingleCopy(s), note};
}

/** A cited source as carried in every table's metadata ("sources"): the original document and, apart, where it was read. */
export function citedSource(s: Source) {
  const {source_id, title, issuer, doc_number, published, read_url, read_kind, read_via, confidence} = s;
  return {source_id, title, issuer, doc_number, published, read_url, read_kind, read_via, confidence, single_copy: isSingleCopy(s)};
}

/** The whole registry as an Arrow table (for /sources and for resolving ids on pages). */
export function buildSourcesTable(sources: Map<string, Source> = loadSources()): Table {
  const rows = [...sources.values()].sort((a, b) => a.source_id.localeCompare(b.source_id));
  return buildTable(
    rows.map(publishedSource),
    {
      source_id: {kind: "utf8"},
      title: {kind: "utf8", description: "title of the original document"},
      issuer: {kind: "utf8", description: "who issued the original document"},
      doc_number: {kind: "utf8", description: "the document's own number, where known"},
      published: {kind: "utf8", description: "date the document gives (ISO)"},
      read_url: {kind: "utf8", description: "where it was read"},
      read_kind: {kind: "utf8", description: "kind of place it was read: issuer, official_copy, news, company, aggregator, copy, repository"},
      read_via: {kind: "utf8", description: "the site or outlet it was read on, when not the issuer's own"},
      accessed: {kind: "utf8", description: "date the figure was read (ISO)"},
      confidence: {kind: "utf8", description: "high: primary source seen; medium: reputable secondary or a copy; low: unverified"},
      corroborated_by: {kind: "utf8", description: "independent sources stating the same figures (source_ids, ;-separated)"},
      single_copy: {kind: "bool", description: "read on a copy or aggregator with no corroborating source"},
      note: {kind: "utf8"}
    },
    {title: "Sources registry", file: `${CASE_FOLDER}/sources/*.csv`}
  );
}
