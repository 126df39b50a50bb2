// A plain, wrapping HTML table for the small curated tables (Inputs.table is virtualised with fixed row heights,
// so long notes and Chinese names overlap). Values from data are text nodes via htl (escaped), never markup,
// unless a column's `format` returns an element built with htl.
import {html} from "./libs.js";
import {plainNote} from "../lib/format.js";

export interface Column<R> {
  key: keyof R & string;
  label: string;
  format?: (value: any, row: R) => unknown;
  /** Right-align numbers. */
  numeric?: boolean;
  /** CSS width hint, e.g. "30%". */
  width?: string;
  /** Keep on one line (dates, ids). */
  nowrap?: boolean;
  /** A note from the data: shown as a reader reads it (plainNote: no source ids, file names or working notes). */
  note?: boolean;
  /** A technical name (a file, a column list): set as code, for readers who reuse the data. */
  code?: boolean;
}

/** Append a formatted value to a cell: nodes as they are, anything else as text (never parsed as markup). */
function put(td: HTMLElement, shown: unknown): void {
  if (shown === null || shown === undefined || shown === false) return;
  if (Array.isArray(shown)) for (const s of shown) put(td, s);
  else td.append(shown instanceof Node ? shown : String(shown));
}

/**
 * `<span class=… data-value=…>text</span>` built with DOM calls, as a column's `format` of a table re-drawn on every
 * input (an htl template is parsed as markup on each call). The attribute is left out when `value` is null, undefined
 * or false, as htl does; the text is never parsed as markup.
 */
export function valueSpan(text: string, value?: unknown, className?: string): HTMLSpanElement {
  const span = document.createElement("span");
  if (className) span.className = className;
  if (value !== null && value !== undefined && value !== false) span.dataset.value = value === true ? "" : String(value);
  span.textContent = text;
  return span;
}

/** "Scroll sideways" note shown at the top of a box while its table is wider than the box (sticky at its left edge). */
export function scrollCue(): HTMLElement {
  const cue = html`<p class="scroll-cue" aria-hidden="true">More columns: scroll sideways →</p>` as HTMLElement;
  cue.hidden = true;
  return cue;
}

/**
 * Show `box`'s scroll cue (its child .scroll-cue) exactly while its content is wider than the box: checked whenever the
 * box or its content changes size.
 */
export function watchOverflow(box: HTMLElement): void {
  const check = () => {
    const cue = box.querySelector(":scope > .scroll-cue") as HTMLElement | null;
    if (!cue) return;
    const wide = box.scrollWidth > box.clientWidth + 1;
    if (cue.hidden === wide) cue.hidden = !wide;
  };
  const observer = new ResizeObserver(check);
  observer.observe(box);
  const table = box.querySelector("table");
  if (table) observer.observe(table);
}

export type DataTable<R> = HTMLElement & {update(rows: readonly R[]): void};

/**
 * Rows are built with DOM calls (text nodes), not parsed templates: a 200-row table re-rendered on every filter
 * change spent most of its time parsing markup. With `pageSize`, only the first `pageSize` rows are drawn and a
 * "Show more" button adds the next ones (`data-rows` is always the number of rows given). `update(rows)` redraws the
 * table in place for new rows: only its body is replaced (a new <tbody>), the header, the button and the element
 * itself stay, so a page can keep the table displayed across its inputs' changes (src/components/in-place.ts).
 */
export function dataTable<R extends Record<string, unknown>>(rows: readonly R[], columns: Column<R>[], {id, caption, pageSize}: {id?: string; caption?: string; pageSize?: number} = {}): DataTable<R> {
  const classes = columns.map((c) => [c.numeric ? "num" : "", c.nowrap ? "nowrap" : "", c.note ? "note" : ""].join(" ").trim());
  const row = (r: R) => {
    const tr = document.createElement("tr");
    columns.forEach((c, i) => {
      const td = document.createElement("td");
      if (classes[i]) td.className = classes[i] as string;
      const v = r[c.key];
      const shown = c.format ? c.format(v, r) : v === null || v === undefined ? "—" : c.note ? plainNote(String(v)) : String(v);
      if (c.code && shown !== "—") {
        const code = document.createElement("code");
        put(code, shown);
        td.append(code);
      } else put(td, shown);
      tr.append(td);
    });
    return tr;
  };
  // Widths through the CSSOM, not a style="" attribute: the Content-Security-Policy blocks inline style attributes.
  const header = (c: Column<R>) => {
    const th = html`<th class=${c.numeric ? "num" : ""}>${c.label}</th>` as HTMLElement;
    if (c.width) th.style.width = c.width;
    return th;
  };
  let tbody = document.createElement("tbody");
  const more = html`<button type="button" class="show-more"></button>` as HTMLButtonElement;
  let drawn = 0;
  const draw = (n: number) => {
    const end = Math.min(rows.length, drawn + n);
    const frag = document.createDocumentFragment();
    for (let i = drawn; i < end; i++) frag.append(row(rows[i] as R));
    tbody.append(frag);
    drawn = end;
    const next = Math.min(pageSize ?? 0, rows.length - drawn);
    more.hidden = next === 0;
    more.textContent = `Show ${next} more (${drawn} of ${rows.length} shown)`;
  };
  draw(pageSize ?? rows.length);
  more.addEventListener("click", () => draw(pageSize ?? rows.length));
  const empty = html`<p class="muted">No rows match.</p>` as HTMLElement;
  const table = html`<div class="data-table" id=${id ?? ""} data-rows=${rows.length}>
    ${scrollCue()}
    <table>
      ${caption ? html`<caption>${caption}</caption>` : ""}
      <thead><tr>${columns.map(header)}</tr></thead>
      ${tbody}
    </table>
    ${rows.length === 0 ? empty : ""}
    ${pageSize ? more : ""}
  </div>` as DataTable<R>;
  watchOverflow(table);
  table.update = (next) => {
    rows = next;
    drawn = 0;
    const body = document.createElement("tbody");
    tbody.replaceWith(body);
    tbody = body;
    draw(pageSize ?? rows.length);
    table.dataset.rows = String(rows.length);
    if (rows.length > 0) empty.remove();
    else if (!empty.parentNode) tbody.parentElement!.after(empty);
  };
  return table;
}
