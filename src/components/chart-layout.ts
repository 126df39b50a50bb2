// Chart layout from the width: every chart's margins and label widths come from the labels it draws and the width it
// is given, so nothing is cut off, overlaps or gets a negative size from 320 to 1920 px (test/e2e/widths.test.ts).
// Labels are measured with the font Plot draws them in (a canvas; an estimate where there is none, e.g. in Node);
// a label that does not fit its share of the width wraps at spaces, and past `maxLines` ends with "…".

/** Plot's default text: 10px system-ui. */
const FAMILY = "system-ui, sans-serif";
let ctx: CanvasRenderingContext2D | null | undefined;

/** Width in px of the widest line of `text` at `fontSize` (Plot's default font; `weight` 700 for bold). */
export function textWidth(text: string, fontSize = 10, weight = 400): number {
  if (ctx === undefined) ctx = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  const lines = String(text).split("\n");
  if (!ctx) return Math.max(...lines.map((l) => l.length)) * fontSize * (weight >= 600 ? 0.66 : 0.6);
  ctx.font = `${weight} ${fontSize}px ${FAMILY}`;
  return Math.max(...lines.map((l) => ctx!.measureText(l).width));
}

/** `text` wrapped at spaces into lines no wider than `maxPx` ("\n" between lines); past `maxLines`, cut with "…". */
export function wrapText(text: string, maxPx: number, fontSize = 10, maxLines = 3, weight = 400): string {
  const lines: string[] = [];
  for (const paragraph of String(text).split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      const next = line ? `${line} ${word}` : word;
      if (line && textWidth(next, fontSize, weight) > maxPx) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  const kept = lines.slice(0, maxLines).map((l) => ellipsize(l, maxPx, fontSize, weight));
  if (lines.length > maxLines) kept[maxLines - 1] = ellipsize(`${kept[maxLines - 1]}…`, maxPx, fontSize, weight);
  return kept.join("\n");
}

/** One line cut to `maxPx` with "…" (a single long word is cut too). */
function ellipsize(line: string, maxPx: number, fontSize: number, weight = 400): string {
  if (textWidth(line, fontSize, weight) <= maxPx) return line;
  let s = line.replace(/…$/, "");
  while (s.length > 1 && textWidth(`${s}…`, fontSize, weight) > maxPx) s = s.slice(0, -1);
  return `${s.trimEnd()}…`;
}

/** Lines in a label made by wrapText. */
export const lineCount = (s: string) => String(s).split("\n").length;

/**
 * A band axis of text labels beside the chart (y labels on the left): the margin fits the longest label, up to
 * `share` of the width; longer labels wrap. `format` gives each label as drawn; `lines` the most lines of any label
 * (for the row height).
 */
export function labelAxis(labels: readonly string[], width: number, {share = 0.38, fontSize = 10, min = 20, gap = 12} = {}): {margin: number; format: (s: string) => string; lines: number} {
  const cap = Math.max(min, Math.floor(width * share) - gap);
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, fontSize)));
  const max = Math.min(cap, Math.ceil(widest));
  const drawn = new Map(labels.map((l) => [l, wrapText(l, max, fontSize)]));
  const format = (s: string) => drawn.get(s) ?? wrapText(s, max, fontSize);
  const margin = Math.max(min, Math.ceil(Math.max(0, ...[...drawn.values()].map((l) => textWidth(l, fontSize)))) + gap);
  return {margin, format, lines: Math.max(1, ...[...drawn.values()].map(lineCount))};
}

/** A value label at the end of a bar (or beside a point): where it sits across the plot (0 = left edge, 1 = right). */
export interface EndLabel {
  at: number;
  text: string;
}

/**
 * Room for labels drawn to the right of their marks (textAnchor "start", `dx` px after the mark): the right margin
 * that keeps every label inside the chart, leaving the plot at least `minPlot` of the space between the margins.
 * Labels too long for that wrap (`format`), and the margin is worked out again with the wrapped labels.
 */
export function endLabels(labels: readonly EndLabel[], width: number, left: number, {dx = 6, fontSize = 10, minPlot = 0.45, pad = 4} = {}): {margin: number; format: (s: string) => string; lines: number} {
  const room = width - left;
  // The plot width P that keeps left + at·P + dx + w ≤ width − pad for every label (and the margin ≥ pad); a label
  // at the left edge (at 0) does not depend on P, it only has to fit beside the left margin.
  const solve = (wide: (t: string) => number) => {
    let plot = room - pad;
    for (const l of labels) if (l.at > 0) plot = Math.min(plot, (room - pad - dx - wide(l.text)) / l.at);
    return plot;
  };
  const fits = (plot: number, wide: (t: string) => number) => plot >= minPlot * room && labels.every((l) => l.at > 0 || dx + wide(l.text) + pad <= room);
  let format = (s: string) => s;
  const measured = (t: string) => textWidth(t, fontSize);
  let plot = solve(measured);
  if (!fits(plot, measured)) {
    // Wrap each label to what is left beside a plot of minPlot·room (at least 60 px), and solve again.
    const cache = new Map<string, string>();
    format = (s: string) => {
      if (!cache.has(s)) {
        const at = Math.max(0, labels.find((l) => l.text === s)?.at ?? 1);
        cache.set(s, wrapText(s, Math.max(60, room - pad - dx - at * minPlot * room), fontSize));
      }
      return cache.get(s)!;
    };
    plot = solve((t) => textWidth(format(t), fontSize));
  }
  plot = Math.max(plot, 40);
  return {margin: Math.max(pad, Math.ceil(room - plot)), format, lines: Math.max(1, ...labels.map((l) => lineCount(format(l.text))))};
}

/** Where `v` sits on a linear scale from `lo` to `hi` (0..1), or on a log scale. */
export const linearAt = (v: number, lo: number, hi: number) => (hi > lo ? (v - lo) / (hi - lo) : 0);
export const logAt = (v: number, lo: number, hi: number) => (v > 0 && hi > lo ? (Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : 0);

/**
 * Ticks of a band axis with labels across (years, batches): every k-th value so that labels `labelPx` wide do not
 * touch in `plotPx`. Returns the values to label (the last one always among them).
 */
export function thinTicks<T>(values: readonly T[], plotPx: number, labelPx: number): T[] {
  const step = Math.max(1, Math.ceil(((labelPx + 8) * values.length) / Math.max(1, plotPx)));
  if (step === 1) return [...values];
  const last = values.length - 1;
  return values.filter((_, i) => (last - i) % step === 0);
}

/**
 * How many ticks to ask a continuous axis for, so that labels `labelPx` wide do not touch across `plotPx` (a hint:
 * d3 may return up to about twice as many, which this allows for).
 */
export const tickCount = (plotPx: number, labelPx: number) => Math.max(1, Math.floor(plotPx / (2 * (labelPx + 12))));

/** Row height of a band chart whose labels have `lines` lines (12 px a line, at least `min`). */
export const rowHeight = (lines: number, min = 24) => Math.max(min, 12 * lines + 8);

/**
 * Labels that would overlap: of boxes given in priority order, each is kept only when it overlaps no kept box and lies
 * inside [0, width]. Returns which are kept.
 */
export function keepApart(boxes: readonly {x: number; y: number; w: number; h: number}[], width: number): boolean[] {
  const kept: {x: number; y: number; w: number; h: number}[] = [];
  return boxes.map((b) => {
    if (b.x < 0 || b.x + b.w > width) return false;
    if (kept.some((k) => b.x < k.x + k.w && k.x < b.x + b.w && b.y < k.y + k.h && k.y < b.y + b.h)) return false;
    kept.push(b);
    return true;
  });
}

/**
 * What every chart carries: a title shown above it (`title`) and an accessible name saying what it shows
 * (`aria-label` on the SVG, read out by screen readers). Pass the result's fields into Plot.plot's options.
 */
export function chartTitle(title: string, description?: string): {title: string; ariaLabel: string; ariaDescription?: string} {
  return description ? {title, ariaLabel: title, ariaDescription: description} : {title, ariaLabel: title};
}

/**
 * A horizontal bar chart's layout: category labels on the left (`y`), value labels after the bars (`ends`). Returns the
 * two margins, the label formats (wrapped where needed) and the row height their lines need.
 */
export function barLayout(width: number, y: readonly string[], ends: readonly EndLabel[], {share = 0.38, dx = 6, fontSize = 10, minRow = 24} = {}): {marginLeft: number; marginRight: number; yFormat: (s: string) => string; label: (s: string) => string; row: number} {
  const axis = labelAxis(y, width, {share});
  const right = endLabels(ends, width, axis.margin, {dx, fontSize});
  return {marginLeft: axis.margin, marginRight: right.margin, yFormat: axis.format, label: right.format, row: rowHeight(Math.max(axis.lines, right.lines), minRow)};
}
