// Keep a cell's output in place when a re-run changes only part of it. A Framework cell that calls display() replaces
// everything it showed, so the browser lays out again every text of a table whose one number moved (on /scenarios a
// slider re-runs the KPIs and both diff tables: their long provenance notes were shaped again on every change). A
// cell that does not call display keeps what it showed: `inPlace()` (made in a cell that runs once) displays the
// first element, and afterwards copies into it only what differs in the new one (text, attributes, added or removed
// nodes), so unchanged text keeps its layout. For static output only: event listeners and element properties other
// than attributes are not copied (an element built with listeners, such as a "Show more" button, must be displayed).

/** Make `target` equal to `source` (same markup), changing only what differs; `source` may be consumed. */
export function patchNode(target: Node, source: Node): void {
  if (target.nodeType !== source.nodeType || target.nodeName !== source.nodeName) {
    target.parentNode!.replaceChild(source, target);
    return;
  }
  if (target.nodeType !== 1 /* element */) {
    if (target.nodeValue !== source.nodeValue) target.nodeValue = source.nodeValue;
    return;
  }
  const t = target as Element;
  const s = source as Element;
  for (const name of t.getAttributeNames()) if (!s.hasAttribute(name)) t.removeAttribute(name);
  for (const name of s.getAttributeNames()) {
    const value = s.getAttribute(name)!;
    if (t.getAttribute(name) === value) continue;
    // Styles through the CSSOM: the Content-Security-Policy blocks setting a style attribute.
    if (name === "style") (t as HTMLElement).style.cssText = (s as HTMLElement).style.cssText;
    else t.setAttribute(name, value);
  }
  const tc = [...t.childNodes];
  const sc = [...s.childNodes];
  for (let i = 0; i < sc.length; i++) {
    if (i < tc.length) patchNode(tc[i]!, sc[i]!);
    else t.appendChild(sc[i]!);
  }
  for (let i = sc.length; i < tc.length; i++) tc[i]!.remove();
}

/**
 * A cell's output kept in place across its re-runs: `show(element, display)` displays the element the first time (and
 * whenever the one shown has left the page, e.g. replaced by an error), and afterwards patches the shown element.
 */
export function inPlace(): (element: Element, display: (element: Element) => unknown) => void {
  let shown: Element | null = null;
  return (element, display) => {
    if (shown?.isConnected && shown.nodeName === element.nodeName) patchNode(shown, element);
    else {
      display(element);
      shown = element;
    }
  };
}

/**
 * A cell's output redrawn only when `key` changes: `show(key, make, display)` calls `make` and displays its element
 * the first time, when the key differs from the last one shown, or when that element has left the page; otherwise the
 * cell keeps what it showed, and `make` (e.g. a sources note with its downloads) is not run.
 */
export function onChange(): (key: string, make: () => Element, display: (element: Element) => unknown) => void {
  let shown: {key: string; element: Element} | null = null;
  return (key, make, display) => {
    if (shown?.key === key && shown.element.isConnected) return;
    const element = make();
    display(element);
    shown = {key, element};
  };
}

/**
 * An element made once that updates itself (a liveChart, a dataTable, a liveSourcesNote), shown by a cell that re-runs:
 * `show(data, display)` calls `update(data)`, and displays the element only when it is not on the page (the first run,
 * or after an error replaced it). Later runs do not call display, so the cell keeps what it showed.
 */
export function updating<T>(element: Element, update: (data: T) => void): (data: T, display: (element: Element) => unknown) => void {
  return (data, display) => {
    update(data);
    if (!element.isConnected) display(element);
  };
}
