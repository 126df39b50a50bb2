// Provenance shown beside every chart and table: which sources the displayed rows cite, with their confidence.
// Text from data goes through htl's html`` (escaped), never innerHTML.
import {html} from "./libs.js";
import {downloadLinks, sourceIdsOf} from "./downloads.js";
import {patchNode} from "./in-place.js";

export interface SourceRow {
  source_id: string;
  title: string;
  publisher: string;
  url: string | null;
  confidence: string;
  published: string | null;
}

export type SourceMap = Map<string, SourceRow>;

export function sourceMap(rows: SourceRow[]): SourceMap {
  return new Map(rows.map((r) => [r.source_id, r]));
}

const LINKABLE = /^https?:\/\//;

/** "Sources: Title (Publisher, 2024; confidence: medium) · …" for the distinct ids cited by `rows`. */
export function sourcesNote(rows: readonly {source_id?: unknown}[], sources: SourceMap, {derived, name = "rows", current}: {derived?: string; name?: string; current?: () => readonly {source_id?: unknown}[]} = {}): HTMLElement {
  // Every chart and table passes exactly the rows it displays: the same rows are offered for download.
  const dl = downloadLinks(rows as Record<string, unknown>[], sources, name, current as (() => Record<string, unknown>[]) | undefined);
  // A row may cite several sources as "a;b" (e.g. one figure reported by two outlets).
  const ids = sourceIdsOf(rows as Record<string, unknown>[]);
  const items = ids.map((id) => {
    const s = sources.get(id);
    if (!s) return html`<span class="source missing" data-source-id=${id}>${id} (not in registry)</span>`;
    const title = s.url && LINKABLE.test(s.url) ? html`<a href=${s.url} rel="noopener noreferrer" target="_blank">${s.title}</a>` : html`<span title=${s.url ?? "no url: see the source's note"}>${s.title}</span>`;
    return html`<span class="source" data-source-id=${id} data-confidence=${s.confidence}>${title} (${s.publisher}${s.published ? `, ${s.published}` : ""}; <span class="conf conf-${s.confidence}">confidence: ${s.confidence}</span>)</span>`;
  });
  const joined = items.flatMap((el, i) => (i ? [html`<span> · </span>`, el] : [el]));
  const derivedLine = derived ? html`<br><em>Derived:</em> ${derived}` : "";
  if (ids.length <= 3) return html`<div class="sources-note"><strong>Sources:</strong> ${joined}${derivedLine}<br>${dl}</div>`;
  // Many sources: a one-line summary by confidence, the full list one click away (still in the DOM for search/print).
  const grades = ["high", "medium", "low"].map((g) => [g, ids.filter((id) => sources.get(id)?.confidence === g).length] as const).filter(([, n]) => n);
  return html`<div class="sources-note"><details><summary><strong>Sources (${ids.length}):</strong> ${grades.map(([g, n], i) => html`${i ? ", " : ""}<span class="conf conf-${g}">${n} ${g}</span>`)} confidence${derived ? html` · <em>derived:</em> ${derived}` : ""}</summary>${joined}</details>${dl}</div>`;
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

/** The key for how charts mark uncertainty (opacity by confidence). */
export function confidenceLegend(): HTMLElement {
  return html`<p class="confidence-legend">Shading: <span class="swatch swatch-high"></span> high · <span class="swatch swatch-medium"></span> medium · <span class="swatch swatch-low"></span> low confidence or derived (estimate)</p>`;
}
