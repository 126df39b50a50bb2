// "CSV · Arrow · sources" links for exactly the rows a chart or table displays. Files are made in the browser
// (Blob URLs) when clicked: nothing is fetched but the Arrow writer (arrow-export.ts), imported on the first click.
// The sources file lists every source_id behind those rows.
import {csvFormat, html} from "./libs.js";
import type {SourceMap} from "./provenance.js";

type Row = Record<string, unknown>;

/** Plain, serialisable rows: arrays joined with ";", undefined → null. */
export function exportRows(rows: readonly Row[]): Row[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v.join(";") : v ?? null])));
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

function save(name: string, data: BlobPart, type: string): void {
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
export function downloadLinks(rows: readonly Row[], sources: SourceMap, name: string, current: () => readonly Row[] = () => rows): HTMLElement {
  const click = (make: (rows: readonly Row[]) => void) => (e: Event) => {
    e.preventDefault();
    make(current());
  };
  const csv = html`<a href="#" class="dl-csv" data-rows=${rows.length}>CSV</a>`;
  const arrow = html`<a href="#" class="dl-arrow">Arrow</a>`;
  const src = html`<a href="#" class="dl-sources">sources</a>`;
  csv.addEventListener("click", click((rows) => save(`${name}.csv`, toCsv(rows), "text/csv")));
  // Apache Arrow is imported on the first click only: pages do not download it for their first view.
  arrow.addEventListener("click", click((rows) => void import("./arrow-export.js").then(({arrowFile}) => save(`${name}.arrow`, arrowFile(rows), "application/vnd.apache.arrow.file"))));
  src.addEventListener("click", click((rows) => save(`${name}-sources.csv`, sourcesCsv(rows, sources), "text/csv")));
  return html`<span class="downloads" data-name=${name}>Download ${rows.length} row${rows.length === 1 ? "" : "s"}: ${csv} · ${arrow} · ${src}</span>`;
}
