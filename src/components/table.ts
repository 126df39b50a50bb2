// A plain, wrapping HTML table for the small curated tables (Inputs.table is virtualised with fixed row heights,
// so long notes and Chinese names overlap). Values from data are text nodes via htl (escaped), never markup,
// unless a column's `format` returns an element built with htl.
import {html} from "./libs.js";

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
}

export function dataTable<R extends Record<string, unknown>>(rows: readonly R[], columns: Column<R>[], {id, caption}: {id?: string; caption?: string} = {}): HTMLElement {
  const cell = (c: Column<R>, r: R) => {
    const v = r[c.key];
    const shown = c.format ? c.format(v, r) : v === null || v === undefined ? "—" : String(v);
    return html`<td class=${[c.numeric ? "num" : "", c.nowrap ? "nowrap" : ""].join(" ").trim()}>${shown}</td>`;
  };
  // Widths through the CSSOM, not a style="" attribute: the Content-Security-Policy blocks inline style attributes.
  const header = (c: Column<R>) => {
    const th = html`<th class=${c.numeric ? "num" : ""}>${c.label}</th>` as HTMLElement;
    if (c.width) th.style.width = c.width;
    return th;
  };
  return html`<div class="data-table" id=${id ?? ""} data-rows=${rows.length}>
    <table>
      ${caption ? html`<caption>${caption}</caption>` : ""}
      <thead><tr>${columns.map(header)}</tr></thead>
      <tbody>${rows.map((r) => html`<tr>${columns.map((c) => cell(c, r))}</tr>`)}</tbody>
    </table>
    ${rows.length === 0 ? html`<p class="muted">No rows match.</p>` : ""}
  </div>`;
}
