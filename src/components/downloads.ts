// The download links under every chart and table: "data" (a zip of exactly the rows displayed, after filters, as
// CSV with metadata.json, README.txt and sources.csv), "Arrow" (the same rows with the same metadata in the schema),
// "sources" (the sources of those rows) and "full data" (the published tables the rows come from, whole, with the
// same metadata and README). Files are made in the browser (Blob URLs) when clicked; the zip writer (jszip) and the
// Arrow reader/writer are imported on the first click only (download-files.ts, arrow-export.ts). The format:
// docs/citation.md.
import {csvFormat, html} from "./libs.js";
import type {SourceMap} from "./provenance.js";
import {currentUrl, pageSettings} from "./url-state.js";
import {PAGE_TABLES} from "./duckdb.js";
import {downloadEntry, pageEntry} from "../lib/download-catalog.js";
import {downloadBaseName, downloadMetadata, publishedRows, type DataVersion, type DownloadMetadata} from "../lib/publication.js";

type Row = Record<string, unknown>;

/** Plain, serialisable rows as every download carries them: lists joined with ";", undefined → null, numbers rounded
 * to what their unit can claim (src/lib/publication.ts). */
export function exportRows(rows: readonly Row[]): Row[] {
  return publishedRows(rows);
}

export function toCsv(rows: readonly Row[]): string {
  return csvFormat(exportRows(rows) as Record<string, string>[]);
}

export function sourceIdsOf(rows: readonly Row[]): string[] {
  return [...new Set(rows.flatMap((r) => String(r.source_id ?? "").split(";")).filter((id) => id && id !== "derived"))].sort();
}

export function sourcesCsv(rows: readonly Row[], sources: SourceMap): string {
  return csvFormat(
    sourceIdsOf(rows).map((id) => {
      const s = sources.get(id);
      // The original document (issuer, number, date), then apart where it was read: a copy is never the publisher.
      return {
        source_id: id,
        title: s?.title ?? "(not in registry)",
        issuer: s?.issuer ?? "",
        doc_number: s?.doc_number ?? "",
        published: s?.published ?? "",
        read_url: s?.read_url ?? "",
        read_kind: s?.read_kind ?? "",
        read_via: s?.read_via ?? "",
        single_copy: s?.single_copy ? "yes" : "",
        accessed: (s as {accessed?: string | null} | undefined)?.accessed ?? "",
        confidence: s?.confidence ?? ""
      };
    })
  );
}

/** The data version this page was built with (from its <head>, written by observablehq.config.ts). */
export function pageVersion(): DataVersion {
  const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || null;
  return {version: meta("re-data-version") ?? "unknown", date: meta("re-data-date")};
}

const NOMINAL = "nominal US dollars, as reported (not deflated)";

/** The file name (without extension) and the metadata of a download of `rows` named `name`, in the page's state now. */
export function describeDownload(rows: readonly Row[], name: string, {derived = null}: {derived?: string | null} = {}): {base: string; meta: DownloadMetadata} {
  const settings = pageSettings();
  const values = Object.fromEntries(settings.map((s) => [s.key, s.value]));
  const page = pageEntry(location.pathname);
  const entry = downloadEntry(name);
  const key = name.split("_")[0]!;
  const base = downloadBaseName(key, page?.fileTags(values) ?? []);
  const meta = downloadMetadata({
    title: entry?.title ?? key,
    row: entry?.row ?? "a row as displayed",
    page: {title: page?.title ?? document.title, path: location.pathname},
    rows: exportRows(rows),
    settings,
    scope: page?.scope(values) ?? "as the page shows",
    currencyBasis: entry?.constant && page ? page.constantBasis(values) : NOMINAL,
    version: pageVersion(),
    url: currentUrl(),
    sources: sourceIdsOf(rows),
    derived,
    files: {[`${base}.csv`]: "the rows displayed, as CSV (UTF-8, comma-separated, a header row)", "metadata.json": "this description, machine-readable", "README.txt": "this description, in words", "sources.csv": "every source the rows cite, with where it was read and its confidence"}
  });
  return {base, meta};
}

// The footer's "Cite this page" names the page by its path at build time (the host is not known then): here, its
// full address.
if (typeof document !== "undefined") for (const el of document.querySelectorAll("#observablehq-footer .cite-url")) el.textContent = `${location.origin}${location.pathname}`;

/** Saves `data` as a file named `name` (a Blob URL clicked, then revoked). */
export function save(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], {type}));
  const a = Object.assign(document.createElement("a"), {href: url, download: name});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * `current`, when given, is what the links save when clicked (by default `rows`): a note updated in place keeps its
 * first links and points them at the rows of its latest update.
 */
export function downloadLinks(rows: readonly Row[], sources: SourceMap, name: string, current: () => readonly Row[] = () => rows, {derived}: {derived?: string} = {}): HTMLElement {
  const click = (make: (rows: readonly Row[]) => void | Promise<void>) => (e: Event) => {
    e.preventDefault();
    void make(current());
  };
  const files = () => import("./download-files.js");
  const zip = html`<a href="#" class="dl-zip" data-rows=${rows.length} title="The rows shown as CSV, with metadata.json (settings, units, data version) and README.txt (citation, licence, caveats)">data</a>`;
  const arrow = html`<a href="#" class="dl-arrow" title="The rows shown as an Apache Arrow file, the same metadata in its schema">Arrow</a>`;
  const src = html`<a href="#" class="dl-sources">sources</a>`;
  const entry = downloadEntry(name);
  const tables = (entry?.datasets ?? []).filter((t) => PAGE_TABLES.has(t));
  const full = tables.length ? html`<a href="#" class="dl-full" data-tables=${tables.join(" ")} title="The whole published tables these rows come from, with the same metadata and README">full data</a>` : null;
  zip.addEventListener("click", click(async (rows) => {
    const {base, meta} = describeDownload(rows, name, {derived});
    save(`${base}.zip`, await (await files()).displayedZip(base, exportRows(rows), meta, sourcesCsv(rows, sources)), "application/zip");
  }));
  arrow.addEventListener("click", click(async (rows) => {
    const {base, meta} = describeDownload(rows, name, {derived});
    const {arrowFile} = await import("./arrow-export.js");
    save(`${base}.arrow`, arrowFile(rows, {...meta, files: {[`${base}.arrow`]: "the rows displayed, as an Apache Arrow IPC file"}}), "application/vnd.apache.arrow.file");
  }));
  src.addEventListener("click", click((rows) => save(`${downloadBaseName(name.split("_")[0]!, [])}-sources.csv`, sourcesCsv(rows, sources), "text/csv")));
  full?.addEventListener("click", click(async () => {
    const {base, meta} = describeDownload([], name, {derived});
    const bytes = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, new Uint8Array(await PAGE_TABLES.get(t)!())] as const)));
    save(`${downloadBaseName(name.split("_")[0]!, ["full-data"])}.zip`, await (await files()).fullZip(bytes, meta, base, sources, sourcesCsv), "application/zip");
  }));
  return html`<span class="downloads" data-name=${name}>Download ${rows.length} row${rows.length === 1 ? "" : "s"} shown: ${zip} · ${arrow} · ${src}${full ? html` · ${full}` : ""}</span>`;
}
