// Provenance shown beside every chart and table: which sources the displayed rows cite, with their confidence.
// Text from data goes through htl's html`` (escaped), never innerHTML.
import {html} from "./libs.js";
import {downloadLinks, sourceIdsOf} from "./downloads.js";
import {patchNode} from "./in-place.js";
import {issuerLine, wherePhrase, type Citable} from "../lib/citation.js";
import {READ_KIND_LABELS, type ReadKind} from "../lib/taxonomy.js";

export interface SourceRow extends Citable {
  source_id: string;
  title: string;
  read_url: string | null;
  confidence: string;
}

export type SourceMap = Map<string, SourceRow>;

export function sourceMap(rows: SourceRow[]): SourceMap {
  return new Map(rows.map((r) => [r.source_id, r]));
}

const LINKABLE = /^https?:\/\//;

/** `text` as a link to where the source was read when that is a web address; else plain, with the address (a
 * repository reference or project path) as its tooltip. */
function toWhereRead(url: string | null, text: string): HTMLElement {
  return url && LINKABLE.test(url) ? html`<a href=${url} rel="noopener noreferrer" target="_blank">${text}</a>` : html`<span title=${url ?? "no address: see the source's note"}>${text}</span>`;
}

/** One source as cited under a chart: the document's title (a link to where it was read), its issuer, number and date,
 * where it was read when not on the issuer's site, and its confidence. */
export function citation(id: string, s: SourceRow | undefined): HTMLElement {
  if (!s) return html`<span class="source missing" data-source-id=${id}>${id} (not in registry)</span>`;
  const title = toWhereRead(s.read_url, s.title);
  const where = wherePhrase(s);
  return html`<span class="source" data-source-id=${id} data-confidence=${s.confidence} data-read-kind=${s.read_kind}>${title} (<span class="issuer">${issuerLine(s)}</span>${where ? `; ${where}` : ""}; <span class="conf conf-${s.confidence}">confidence: ${s.confidence}</span>)</span>`;
}

/** The original document in a table cell: its title (a link to where it was read) over who issued it, its number and
 * date ("Ministry of Finance (MOF) and MIIT, 财建〔2021〕2号, 2021-02-03"). */
export function documentCell(s: Pick<SourceRow, "title" | "issuer" | "doc_number" | "published" | "read_url">): HTMLElement {
  const title = toWhereRead(s.read_url, s.title);
  return html`<span class="document">${title}<br><span class="issuer muted">${issuerLine(s)}</span></span>`;
}

/** Where a source was read, for the registry table: the kind of place, linked to the address ("a copy", "news media"),
 * and the site's name when it is not the issuer's own; "not located" when there is no address. */
export function whereRead(s: Pick<SourceRow, "read_kind" | "read_via" | "read_url" | "single_copy">): HTMLElement {
  const kind = READ_KIND_LABELS[s.read_kind as ReadKind] ?? s.read_kind;
  const label = toWhereRead(s.read_url, kind);
  return html`<span class="where-read" data-read-kind=${s.read_kind}>${label}${s.read_via ? html`<br><span class="muted">${s.read_via}</span>` : ""}${s.single_copy ? html`<br><strong class="single-copy">single copy</strong>` : ""}</span>`;
}

/** "Sources: Title (Issuer, number, 2024; read via a copy; confidence: medium) · …" for the distinct ids cited by `rows`. */
export function sourcesNote(rows: readonly {source_id?: unknown}[], sources: SourceMap, {derived, name = "rows", current}: {derived?: string; name?: string; current?: () => readonly {source_id?: unknown}[]} = {}): HTMLElement {
  // Every chart and table passes exactly the rows it displays: the same rows are offered for download.
  const dl = downloadLinks(rows as Record<string, unknown>[], sources, name, current as (() => Record<string, unknown>[]) | undefined, {derived});
  // A row may cite several sources as "a;b" (e.g. one figure reported by two outlets).
  const ids = sourceIdsOf(rows as Record<string, unknown>[]);
  const items = ids.map((id) => citation(id, sources.get(id)));
  const joined = items.flatMap((el, i) => (i ? [html`<span> · </span>`, el] : [el]));
  const derivedLine = derived ? html`<br><em>Derived:</em> ${derived}` : "";
  if (ids.length <= 3) return html`<div class="sources-note"><strong>Sources:</strong> ${joined}${derivedLine}<br>${dl}</div>`;
  // Many sources: a one-line summary by confidence, the full list one click away (still in the DOM for search/print).
  const grades = ["high", "medium", "low"].map((g) => [g, ids.filter((id) => sources.get(id)?.confidence === g).length] as const).filter(([, n]) => n);
  // Sources read on a single copy are what a reader should check before quoting: say how many, up front.
  const single = ids.filter((id) => sources.get(id)?.single_copy).length;
  const singleText = single ? html` · <span class="single-copy-count">${single} read on a single copy</span>` : "";
  return html`<div class="sources-note"><details><summary><strong>Sources (${ids.length}):</strong> ${grades.map(([g, n], i) => html`${i ? ", " : ""}<span class="conf conf-${g}">${n} ${g}</span>`)} confidence${singleText}${derived ? html` · <em>derived:</em> ${derived}` : ""}</summary>${joined}</details>${dl}</div>`;
}

export type LiveSourcesNote = HTMLDivElement & {update(rows: readonly {source_id?: unknown}[]): void};

/**
 * The same note, displayed once and updated in place (src/components/in-place.ts) for a chart or table redrawn on
 * every input: `update(rows)` patches only what changed, and does nothing when the note would read the same (same
 * sources, same number of rows); its download links, made on the first update, save the rows of the latest one.
 */
export function liveSourcesNote(sources: SourceMap, options: {derived?: string; name?: string} = {}): LiveSourcesNote {
  const note = document.createElement("div") as LiveSourcesNote;
  note.className = "sources-note";
  let current: readonly {source_id?: unknown}[] = [];
  let shown: string | null = null;
  note.update = (rows) => {
    current = rows;
    const key = `${rows.length} ${sourceIdsOf(rows as Record<string, unknown>[]).join(";")}`;
    if (key === shown) return;
    shown = key;
    patchNode(note, sourcesNote(rows, sources, {...options, current: () => current}));
  };
  return note;
}

/** A small badge for a row's confidence (used in tables). */
export function confidenceBadge(confidence: string): HTMLElement {
  return html`<span class="conf conf-${confidence}">${confidence}</span>`;
}
