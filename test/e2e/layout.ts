// Layout checks run inside a page (as a string, so no compiler helper leaks into the page): what a reader would see
// as broken at the current width. Returns one line per problem; [] when the page reads right.
//   - page-level horizontal overflow (the document wider than the viewport), naming the widest culprits;
//   - a table wider than its box: inside a scroll container without a visible scroll cue (an element with class
//     "scroll-cue" in or just before the container), or sticking out of its parent when nothing scrolls; with
//     `mustFit` (desktop widths, 1280 px and up) any table wider than its box, cue or not: there a table fits, folding
//     the columns a reader can do without into its rows' detail (src/components/table.ts);
//   - in each chart (an SVG drawn by Plot), a text label cut off by the SVG's box, or two labels overlapping.
// Tolerances: 1 px for edges, and labels may touch (overlap ≤ 2 px either way) since glyph boxes include side bearings.
export const LAYOUT_PROBLEMS = `((mustFit) => {
  const problems = [];
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const name = (el) => {
    const id = el.closest("[id]");
    const fig = el.closest("figure, .data-table, .funnel, .stage-panel, [data-testid]");
    const where = fig && fig !== id ? (fig.id || fig.dataset.testid || fig.className || fig.localName) : "";
    return (id ? "#" + id.id : el.localName) + (where ? " " + String(where).slice(0, 40) : "");
  };
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) {
    const wide = [...document.querySelectorAll("#observablehq-main *")]
      .filter((el) => visible(el) && el.getBoundingClientRect().right > doc.clientWidth + 1 && !el.parentElement.closest("svg"))
      .filter((el, _, all) => !all.includes(el.parentElement))
      .slice(0, 3)
      .map((el) => name(el) + " right edge " + Math.round(el.getBoundingClientRect().right));
    problems.push("page overflows horizontally: " + doc.scrollWidth + " px in " + doc.clientWidth + " px (" + wide.join("; ") + ")");
  }
  const scroller = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === "auto" || o === "scroll") return a;
    }
    return null;
  };
  const cued = (box) => [box, box.parentElement].some((b) => b && [...b.querySelectorAll(":scope > .scroll-cue, :scope > * > .scroll-cue")].some(visible)) || (box.previousElementSibling && box.previousElementSibling.matches(".scroll-cue") && visible(box.previousElementSibling));
  for (const table of document.querySelectorAll("#observablehq-main table")) {
    if (!visible(table) || table.closest("svg")) continue;
    const box = scroller(table);
    if (box) {
      if (mustFit && box.scrollWidth > box.clientWidth + 1) problems.push("table " + name(table) + " is " + box.scrollWidth + " px wide in a " + box.clientWidth + " px box: at this width it must fit");
      else if (box.scrollWidth > box.clientWidth + 1 && !cued(box)) problems.push("table " + name(table) + " is " + box.scrollWidth + " px wide in a " + box.clientWidth + " px box without a scroll cue");
    } else {
      const parent = table.parentElement.getBoundingClientRect();
      const r = table.getBoundingClientRect();
      if (r.right > parent.right + 1) problems.push("table " + name(table) + " is " + Math.round(r.width) + " px wide in a " + Math.round(parent.width) + " px box and does not scroll");
    }
  }
  for (const svg of document.querySelectorAll("#observablehq-main svg")) {
    if (!visible(svg) || svg.parentElement.closest("svg")) continue;
    const s = svg.getBoundingClientRect();
    if (s.width < 1 || s.height < 1) continue;
    const labels = [...svg.querySelectorAll("text")]
      .filter((t) => !t.closest("[aria-label=tip]") && t.textContent.trim() !== "" && visible(t))
      .map((t) => ({t, r: t.getBoundingClientRect(), text: t.textContent.trim().slice(0, 40)}))
      .filter((l) => l.r.width > 0 && l.r.height > 0);
    for (const l of labels) {
      if (l.r.left < s.left - 1 || l.r.right > s.right + 1 || l.r.top < s.top - 1 || l.r.bottom > s.bottom + 1)
        problems.push("chart " + name(svg) + ": label \\"" + l.text + "\\" is cut off by the chart's edge");
    }
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i].r, b = labels[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) problems.push("chart " + name(svg) + ": labels \\"" + labels[i].text + "\\" and \\"" + labels[j].text + "\\" overlap");
      }
    }
  }
  return problems;
})`;

// Accessible and findable, checked once per page state: the page's language and meta description; every chart (an SVG
// drawn by Plot, not a legend) has an accessible name (aria-label or <title>) and a title shown in its figure (a
// heading in the chart's figure, funnel or panel); every form control has a name (a <label>, aria-label or
// aria-labelledby; a button its text); every chart has its link and image downloads.
export const A11Y_PROBLEMS = `(() => {
  const problems = [];
  if (document.documentElement.lang !== "en") problems.push("<html> has lang " + JSON.stringify(document.documentElement.lang) + ", not \\"en\\"");
  const description = document.querySelector('meta[name="description"]')?.getAttribute("content") ?? "";
  if (description.length < 40) problems.push("no meta description of at least 40 characters: " + JSON.stringify(description));
  const visible = (el) => el.getClientRects().length > 0;
  for (const svg of document.querySelectorAll("#observablehq-main svg[class^=plot]")) {
    if (!visible(svg) || svg.parentElement.closest("svg") || /-ramp$/.test(svg.getAttribute("class"))) continue;
    const holder = svg.closest("figure, .funnel, .stage-panel") ?? svg.parentElement;
    const where = (svg.closest("[id]")?.id ?? "?") + (holder.dataset.path ? " " + holder.dataset.path : holder.dataset.stage ? " " + holder.dataset.stage : "");
    const name = svg.getAttribute("aria-label") || svg.querySelector(":scope > title")?.textContent || "";
    if (name.trim().length < 10) problems.push("chart #" + where + " has no aria-label saying what it shows");
    if (![...holder.querySelectorAll("h2, h3, h4")].some((h) => visible(h) && h.textContent.trim())) problems.push("chart #" + where + " has no title in its figure");
    // src/components/chart-export.ts: its own link (an id to scroll to) and "save image" as SVG and PNG
    const fig = svg.closest("figure.chart-figure[id]");
    if (!fig || !fig.querySelector(":scope > .chart-tools a.chart-link[href='#" + fig.id + "']") || !fig.querySelector(":scope > .chart-tools .chart-svg") || !fig.querySelector(":scope > .chart-tools .chart-png")) problems.push("chart #" + where + " is not in a chartFigure with its link and image downloads");
  }
  for (const el of document.querySelectorAll("#observablehq-main input, #observablehq-main select, #observablehq-main textarea, #observablehq-main button")) {
    if (!visible(el) || el.type === "hidden") continue;
    const named = (el.labels && el.labels.length > 0 && [...el.labels].some((l) => l.textContent.trim())) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || (el.localName === "button" && el.textContent.trim());
    if (!named) problems.push("control " + el.localName + (el.type ? "[" + el.type + "]" : "") + " in #" + (el.closest("[id]")?.id ?? "?") + " has no label");
  }
  return problems;
})()`;
