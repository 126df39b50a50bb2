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
  /**
   * Fold order, for a column a reader can do without at first: while the table is wider than its box, columns with
   * `fold` leave the table, 1 first (ties: the rightmost first), until it fits; each row then opens with its ▸ button
   * into a detail row that lists them (label: value). Columns without `fold` always show. A table that still does not
   * fit with every such column folded scrolls, with its cue.
   */
  fold?: number;
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

/** Fill a cell (a <td>, or a <dd> of a row's detail) with a column's value of a row, formatted as the table shows it. */
function fill<R extends Record<string, unknown>>(cell: HTMLElement, c: Column<R>, r: R): void {
  const v = r[c.key];
  const shown = c.format ? c.format(v, r) : v === null || v === undefined ? "—" : c.note ? plainNote(String(v)) : String(v);
  if (c.code && shown !== "—") {
    const code = document.createElement("code");
    put(code, shown);
    cell.append(code);
  } else put(cell, shown);
}

/** "a", "a and b", "a, b and c". */
const listed = (xs: string[]) => (xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`);

/**
 * Columns that fold into a row's detail (Column.fold) while `table` is wider than `box`: refitted (from all columns
 * shown, folding one more until it fits) after the box changes width, the table starts to overflow, or `refit()` is
 * called for new rows. The fitting runs in an animation frame, not inside the ResizeObserver callback, so resizing the
 * table never feeds back into the same observation. Body rows must begin with a toggle cell (`toggleCell`).
 */
function columnFolding<R extends Record<string, unknown>>(box: HTMLElement, table: HTMLTableElement, columns: Column<R>[], record: WeakMap<HTMLTableRowElement, R>) {
  const order = columns
    .map((c, i) => ({c, i}))
    .filter((x) => x.c.fold !== undefined)
    .sort((a, b) => a.c.fold! - b.c.fold! || b.i - a.i)
    .map((x) => x.i);
  let n = 0;
  const folded = () => new Set(order.slice(0, n));
  const cue = html`<p class="fold-cue" hidden><span></span> <button type="button" class="open-all" aria-expanded="false">Open every row</button></p>` as HTMLElement;
  const cueText = cue.querySelector("span")!;
  const openAll = cue.querySelector("button")!;
  const detail = (r: R) => {
    const tr = document.createElement("tr");
    tr.className = "row-detail";
    const td = document.createElement("td");
    td.colSpan = columns.length + 1;
    const dl = document.createElement("dl");
    const shown = folded();
    columns.forEach((c, i) => {
      if (!shown.has(i)) return;
      const item = document.createElement("div");
      const dt = document.createElement("dt");
      dt.textContent = c.label;
      const dd = document.createElement("dd");
      if (c.note) dd.className = "note-cell";
      fill(dd, c, r);
      item.append(dt, dd);
      dl.append(item);
    });
    td.append(dl);
    tr.append(td);
    return tr;
  };
  const toggles = () => [...table.querySelectorAll(":scope > tbody > tr > td.row-toggle > button")] as HTMLButtonElement[];
  const setOpen = (button: HTMLButtonElement, open: boolean) => {
    const tr = button.closest("tr") as HTMLTableRowElement;
    const next = tr.nextElementSibling;
    if (next?.classList.contains("row-detail")) next.remove();
    if (open && n > 0) tr.after(detail(record.get(tr)!));
    button.setAttribute("aria-expanded", String(open && n > 0));
  };
  const apply = (k: number) => {
    n = k;
    const hide = folded();
    for (const tr of table.rows) {
      if (tr.classList.contains("row-detail")) continue;
      columns.forEach((_, i) => tr.cells[i + 1]?.classList.toggle("folded", hide.has(i)));
    }
  };
  const fit = () => {
    if (!box.isConnected || box.clientWidth === 0) return;
    const before = [...folded()].join();
    apply(0);
    let k = 0;
    while (k < order.length && box.scrollWidth > box.clientWidth + 1) apply(++k);
    table.classList.toggle("folding", k > 0);
    cue.hidden = k === 0;
    cueText.textContent = `${listed(columns.filter((_, i) => folded().has(i)).map((c) => c.label))}: open a row with ▸.`;
    if (before !== [...folded()].join()) for (const b of toggles()) if (b.getAttribute("aria-expanded") === "true" || k === 0) setOpen(b, true);
  };
  let width = -1;
  let pending = false;
  const refit = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      fit();
    });
  };
  const observer = new ResizeObserver(() => {
    if (box.clientWidth !== width || box.scrollWidth > box.clientWidth + 1) {
      width = box.clientWidth;
      refit();
    }
  });
  observer.observe(box);
  observer.observe(table);
  table.addEventListener("click", (e) => {
    const button = (e.target as Element).closest("td.row-toggle > button") as HTMLButtonElement | null;
    if (button) setOpen(button, button.getAttribute("aria-expanded") !== "true");
  });
  openAll.addEventListener("click", () => {
    const open = openAll.getAttribute("aria-expanded") !== "true";
    for (const b of toggles()) setOpen(b, open);
    openAll.setAttribute("aria-expanded", String(open));
    openAll.textContent = open ? "Close every row" : "Open every row";
  });
  /** The toggle cell that begins each body row (hidden while no column is folded); new rows take the current folds. */
  const toggleCell = (tr: HTMLTableRowElement) => {
    const td = document.createElement("td");
    td.className = "row-toggle";
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", "Show this row's other columns");
    button.textContent = "▸";
    td.append(button);
    tr.prepend(td);
    const hide = folded();
    if (hide.size) columns.forEach((_, i) => tr.cells[i + 1]?.classList.toggle("folded", hide.has(i)));
  };
  return {enabled: order.length > 0, cue, toggleCell, refit};
}

/**
 * Rows are built with DOM calls (text nodes), not parsed templates: a 200-row table re-rendered on every filter
 * change spent most of its time parsing markup. With `pageSize`, only the first `pageSize` rows are drawn and a
 * "Show more" button adds the next ones (`data-rows` is always the number of rows given). `update(rows)` redraws the
 * table in place for new rows: only its body is replaced (a new <tbody>), the header, the button and the element
 * itself stay, so a page can keep the table displayed across its inputs' changes (src/components/in-place.ts).
 */
export function dataTable<R extends Record<string, unknown>>(rows: readonly R[], columns: Column<R>[], {id, caption, pageSize}: {id?: string; caption?: string; pageSize?: number} = {}): DataTable<R> {
  const classes = columns.map((c) => [c.numeric ? "num" : "", c.nowrap ? "nowrap" : "", c.note ? "note-cell" : ""].join(" ").trim());
  // Widths through the CSSOM, not a style="" attribute: the Content-Security-Policy blocks inline style attributes.
  const header = (c: Column<R>) => {
    // DOM calls, not an htl template (parsed as markup on each call): the same <th class="…">label</th>.
    const th = document.createElement("th");
    th.setAttribute("class", c.numeric ? "num" : "");
    th.textContent = c.label;
    if (c.width) th.style.width = c.width;
    return th;
  };
  const foldable = columns.some((c) => c.fold !== undefined);
  let tbody = document.createElement("tbody");
  const headRow = html`<tr>${foldable ? html`<th class="row-toggle"><span class="visually-hidden">Open</span></th>` : ""}${columns.map(header)}</tr>` as HTMLTableRowElement;
  const tableEl = html`<table>
      ${caption ? html`<caption>${caption}</caption>` : ""}
      <thead>${headRow}</thead>
      ${tbody}
    </table>` as HTMLTableElement;
  const box = html`<div class="data-table" id=${id ?? ""} data-rows=${rows.length}>${scrollCue()}</div>` as DataTable<R>;
  const record = new WeakMap<HTMLTableRowElement, R>();
  const folding = foldable ? columnFolding(box, tableEl, columns, record) : null;
  const row = (r: R) => {
    const tr = document.createElement("tr");
    columns.forEach((c, i) => {
      const td = document.createElement("td");
      if (classes[i]) td.className = classes[i] as string;
      fill(td, c, r);
      tr.append(td);
    });
    if (folding) {
      record.set(tr, r);
      folding.toggleCell(tr);
    }
    return tr;
  };
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
    folding?.refit();
  };
  draw(pageSize ?? rows.length);
  more.addEventListener("click", () => draw(pageSize ?? rows.length));
  const empty = html`<p class="muted">No rows match.</p>` as HTMLElement;
  if (folding) box.append(folding.cue);
  box.append(tableEl);
  if (rows.length === 0) box.append(empty);
  if (pageSize) box.append(more);
  watchOverflow(box);
  box.update = (next) => {
    rows = next;
    drawn = 0;
    const body = document.createElement("tbody");
    tbody.replaceWith(body);
    tbody = body;
    draw(pageSize ?? rows.length);
    box.dataset.rows = String(rows.length);
    if (rows.length > 0) empty.remove();
    else if (!empty.parentNode) tableEl.after(empty);
  };
  return box;
}
