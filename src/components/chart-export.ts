// Every chart in one figure with its own link and "save as image": `chartFigure(id, chart, options)` wraps what the
// page draws (a resize() element or a liveChart) in <figure id=…> with "Link · SVG · PNG" under it.
// - The link is a plain `#id` anchor: it resolves against the page's current URL, which url-state.ts keeps in step
//   with the inputs, so it opens the page in its current state; on load a matching hash scrolls to the chart once it
//   is drawn (and again while the charts above it are still drawn), until the reader scrolls.
// - The image redraws the chart with the same function at a fixed, print-friendly width (EXPORT_WIDTH), in the light
//   theme, and sets it in one SVG with its title, subtitle (the settings in force and what it shows), the sources of
//   the rows drawn (the sources note under the chart) and the site's name and address. The PNG draws that SVG (as a
//   data: URL, which the Content-Security-Policy's img-src allows) on a canvas at 2×: no eval, no external request.
import {html} from "./libs.js";
import {save} from "./downloads.js";
import {textWidth, wrapText} from "./chart-layout.js";
import {CASE} from "../lib/case.js";

/** The chart's width in the image (px): an A4 page's text width at 96 dpi, 180 mm ≈ 680 px, rounded up. */
export const EXPORT_WIDTH = 720;
/** Padding around the chart in the image; the image is EXPORT_WIDTH + 2 × PAD wide, and the PNG twice that. */
export const EXPORT_PAD = 24;
export const SITE_NAME = CASE.title;

export interface ChartFigureOptions {
  /** The image's title when the chart has none of its own (Plot's title, else the SVG's aria-label). */
  title?: string;
  /** Draws the chart at a width (the same function the page draws with): the image is drawn at EXPORT_WIDTH. */
  draw?: (width: number) => Element | null;
  /** What the image says under its title: the settings in force and the units (read when the image is made). */
  subtitle?: string | (() => string);
  className?: string;
  /** Framework's resize(), when `chart` is a draw function: the page's chart then follows the page's width. */
  resize?: (draw: (width: number) => Element) => Node;
  /** data-* attributes of the figure (e.g. the tier a chart shows, for tests). */
  data?: Record<string, string>;
}

type Drawable = Node | ((width: number) => Element);

/**
 * `<figure id>` holding `chart` and its tools. `chart` is an element the page made (e.g. `resize(draw)`, a liveChart)
 * with `options.draw` to redraw it, or the draw function itself (drawn at `width`, e.g. the report's fixed width).
 */
export function chartFigure(id: string, chart: Drawable, options: ChartFigureOptions & {width?: number} = {}): HTMLElement {
  const draw = typeof chart === "function" ? chart : options.draw;
  const content = typeof chart !== "function" ? chart : options.resize ? options.resize(chart) : chart(options.width ?? EXPORT_WIDTH);
  const link = html`<a class="chart-link" href=${`#${id}`} title="A link to this chart, with the page's current settings">Link</a>`;
  const svg = html`<a href="#" class="chart-svg">SVG</a>`;
  const png = html`<a href="#" class="chart-png">PNG</a>`;
  const figure = html`<figure id=${id} class=${["chart-figure", options.className].filter(Boolean).join(" ")}>${content}<div class="chart-tools">${link} · Save image: ${svg} · ${png}</div></figure>` as HTMLElement;
  for (const [k, v] of Object.entries(options.data ?? {})) figure.dataset[k] = v;
  const make = (kind: "svg" | "png") => async (e: Event) => {
    e.preventDefault();
    if (!draw) throw new Error(`chart ${id}: no draw function to make its image`);
    const image = chartImage(figure, draw, options.subtitle, options.title);
    const name = `${pageSlug()}_${id}`;
    if (kind === "svg") save(`${name}.svg`, image.svg, "image/svg+xml");
    else save(`${name}.png`, await pngOf(image), "image/png");
  };
  svg.addEventListener("click", make("svg"));
  png.addEventListener("click", make("png"));
  scrollWhenLinked(figure, id);
  return figure;
}

const pageSlug = () => location.pathname.replace(/\/index$|\/$/, "").split("/").pop() || "overview";

/** The page's address for this chart, as a reader would share it (no trailing "?" when there is no query). */
export function chartUrl(id: string): string {
  return `${location.origin}${location.pathname}${location.search}#${id}`;
}

// ---- the link: scroll to the chart once it is drawn ------------------------------------------------------------

function scrollWhenLinked(figure: HTMLElement, id: string): void {
  if (decodeURIComponent(location.hash.slice(1)) !== id) return;
  let stopped = false;
  const stop = () => {
    stopped = true;
    observer.disconnect();
    for (const t of ["wheel", "touchstart", "keydown", "mousedown"]) removeEventListener(t, stop);
  };
  const scroll = () => {
    if (stopped || !figure.isConnected || figure.getBoundingClientRect().height === 0) return;
    // scrollIntoView stops short by the page's scroll-padding-top (Framework's room for its header)
    const pad = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    if (Math.abs(figure.getBoundingClientRect().top - pad) > 2) figure.scrollIntoView({block: "start"});
    figure.dataset.scrolled = "true";
  };
  // The charts and tables above it are drawn after it (or redrawn at the reader's width): follow until the page is quiet.
  const observer = new ResizeObserver(() => requestAnimationFrame(scroll));
  observer.observe(document.body);
  observer.observe(figure);
  for (const t of ["wheel", "touchstart", "keydown", "mousedown"]) addEventListener(t, stop, {passive: true});
  setTimeout(stop, 15_000);
}

// ---- the image ----------------------------------------------------------------------------------------------------

export interface ChartImage {
  svg: string;
  width: number;
  height: number;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** Lines of `text` set at `size` px, wrapped to `width`, from baseline `y`; returns the SVG and the next y. */
function textBlock(text: string, {x, y, width, size, lead, weight = 400, fill = "#1b1e23", maxLines = 4}: {x: number; y: number; width: number; size: number; lead: number; weight?: number; fill?: string; maxLines?: number}): {svg: string; y: number} {
  if (!text) return {svg: "", y};
  // measured a little wide: the image's fonts may differ from the page's
  const lines = wrapText(text, width * 0.96, size, maxLines, weight).split("\n");
  const svg = lines.map((l, i) => `<text x="${x}" y="${y + i * lead}" font-size="${size}" font-weight="${weight}" fill="${fill}">${escapeXml(l)}</text>`).join("");
  return {svg, y: y + lines.length * lead};
}

/** "Sources: Title (Issuer); …" for the sources note under the figure (the next one in the page), in at most 3 lines. */
export function sourceLine(figure: Element, width: number, size: number): string {
  const notes = [...document.querySelectorAll(".sources-note")];
  const note = notes.find((n) => figure.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING);
  const cites = note ? [...note.querySelectorAll(".source")].map((s) => {
    const title = s.firstElementChild?.textContent?.trim() ?? "";
    const issuer = s.querySelector(".issuer")?.textContent?.trim();
    return issuer ? `${title} (${issuer})` : title;
  }) : [];
  if (!cites.length) return "";
  const derived = note?.querySelector("em") ? " Derived figures as described on the page." : "";
  const head = cites.length === 1 ? "Source: " : "Sources: ";
  // As many whole citations as fit in 3 lines, then how many more the page lists.
  for (let n = cites.length; n >= 1; n--) {
    const more = n < cites.length ? `; and ${cites.length - n} more listed on the page` : "";
    const text = `${head}${cites.slice(0, n).join("; ")}${more}.${derived}`;
    if (wrapText(text, width * 0.96, size, 99).split("\n").length <= 3) return text;
  }
  return `${head}${cites.length} documents, listed on the page.${derived}`;
}

/** Attribute values the SVG would lose outside the page (theme variables, currentColor), resolved from the page. */
function inlineColors(live: Element, copy: Element): void {
  const liveEls = [live, ...live.querySelectorAll("*")];
  const copyEls = [copy, ...copy.querySelectorAll("*")];
  liveEls.forEach((el, i) => {
    const target = copyEls[i]!;
    const cs = getComputedStyle(el);
    for (const attr of ["fill", "stroke", "color", "stop-color"]) {
      const v = el.getAttribute(attr);
      if (v && (v.includes("var(") || /currentcolor/i.test(v))) target.setAttribute(attr, attr === "color" ? cs.color : cs.getPropertyValue(attr));
    }
  });
  copy.setAttribute("color", getComputedStyle(live).color);
}

/** The chart drawn at EXPORT_WIDTH in a hidden light-theme stage, laid out as on screen, as one SVG. */
export function chartImage(figure: Element, draw: (width: number) => Element | null, subtitle?: string | (() => string), ownTitle?: string): ChartImage {
  const stage = document.createElement("div");
  stage.className = "chart-export-stage";
  stage.style.width = `${EXPORT_WIDTH}px`;
  document.body.append(stage);
  try {
    const drawn = draw(EXPORT_WIDTH);
    if (!drawn) throw new Error(`chart ${figure.id}: nothing drawn`);
    stage.append(drawn);
    // Plot's own title and subtitle (h2, h3 of its figure) become the image's heading; the rest is laid out as drawn.
    const headings = [...stage.querySelectorAll("h2, h3")].filter((h) => !h.closest("svg"));
    const title = ownTitle || headings.find((h) => h.tagName === "H2")?.textContent?.trim() || figure.querySelector("svg[aria-label]")?.getAttribute("aria-label") || "";
    for (const h of headings) h.remove();
    const description = stage.querySelector("svg[aria-description]")?.getAttribute("aria-description") ?? "";
    const settings = typeof subtitle === "function" ? subtitle() : subtitle ?? "";
    const sub = [settings, description].filter(Boolean).join(" ");

    const W = EXPORT_WIDTH + 2 * EXPORT_PAD;
    const inner = EXPORT_WIDTH;
    const parts: string[] = [];
    let y = EXPORT_PAD + 18;
    const t = textBlock(title, {x: EXPORT_PAD, y, width: inner, size: 18, lead: 23, weight: 700, maxLines: 3});
    parts.push(t.svg);
    y = t.y;
    const s = textBlock(sub, {x: EXPORT_PAD, y: y + 2, width: inner, size: 13, lead: 17, fill: "#555"});
    parts.push(s.svg);
    y = s.y + 6;

    // The chart as laid out in the stage: each top-level <svg> (charts, legend swatches) at its place, and the text
    // outside SVGs (legend labels, panel headings) at its place.
    const origin = stage.getBoundingClientRect();
    const top = y;
    let bottom = 0;
    for (const el of stage.querySelectorAll("svg")) {
      if (el.parentElement?.closest("svg")) continue;
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      const copy = el.cloneNode(true) as SVGSVGElement;
      inlineColors(el, copy);
      copy.setAttribute("x", String(EXPORT_PAD + r.left - origin.left));
      copy.setAttribute("y", String(top + r.top - origin.top));
      copy.setAttribute("width", String(r.width));
      copy.setAttribute("height", String(r.height));
      if (!copy.getAttribute("viewBox") && el.getAttribute("width")) copy.setAttribute("viewBox", `0 0 ${el.getAttribute("width")} ${el.getAttribute("height")}`);
      copy.removeAttribute("class");
      copy.removeAttribute("style");
      // a swatch's <svg> takes its fill from the HTML span around it
      if (!copy.getAttribute("fill") && el.closest("span")) copy.setAttribute("fill", getComputedStyle(el).fill);
      parts.push(new XMLSerializer().serializeToString(copy));
      bottom = Math.max(bottom, r.bottom - origin.top);
    }
    const walker = document.createTreeWalker(stage, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const parent = n.parentElement;
      if (!text || !parent || parent.closest("svg, style")) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (!r.width) continue;
      const cs = getComputedStyle(parent);
      const size = parseFloat(cs.fontSize);
      parts.push(`<text x="${EXPORT_PAD + r.left - origin.left}" y="${top + r.top - origin.top + (r.height + size * 0.7) / 2}" font-size="${size}" font-weight="${cs.fontWeight}" fill="${cs.color}">${escapeXml(text)}</text>`);
      bottom = Math.max(bottom, r.bottom - origin.top);
    }
    y = top + bottom + 14;

    const src = textBlock(sourceLine(figure, inner, 11), {x: EXPORT_PAD, y, width: inner, size: 11, lead: 14, fill: "#555", maxLines: 3});
    parts.push(src.svg);
    y = src.y + 4;
    const url = chartUrl(figure.id);
    const urlText = wrapText(url, inner - textWidth(SITE_NAME, 11) - 24, 11, 1);
    parts.push(`<line x1="${EXPORT_PAD}" x2="${W - EXPORT_PAD}" y1="${y - 8}" y2="${y - 8}" stroke="#ccc"/>`);
    parts.push(`<text x="${EXPORT_PAD}" y="${y + 8}" font-size="11" font-weight="700" fill="#1b1e23">${escapeXml(SITE_NAME)}</text>`);
    parts.push(`<text x="${W - EXPORT_PAD}" y="${y + 8}" font-size="11" fill="#555" text-anchor="end">${escapeXml(urlText)}</text>`);
    const H = Math.ceil(y + 8 + EXPORT_PAD);
    const svg = `<svg xmlns="${SVG_NS}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${escapeXml(FONT)}"><title>${escapeXml(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>${parts.join("")}</svg>`;
    return {svg, width: W, height: H};
  } finally {
    stage.remove();
  }
}

/** The image as PNG at 2× (the SVG drawn from a data: URL, which img-src allows, onto a canvas). */
export async function pngOf({svg, width, height}: ChartImage, scale = 2): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext("2d")!;
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG: the canvas gave no image"))), "image/png"));
}

