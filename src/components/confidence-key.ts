// How charts show a row's confidence, and the key that says so, inside the chart's figure (so it travels with the
// chart, prerendered copy included). Two encodings, never sharing a colour ramp with what the colours mean:
//   - shading: a one-colour chart draws medium rows a little lighter and low-confidence or derived rows much lighter;
//   - stripes: a chart whose colours already mean something (a status on /us) keeps the colour and lays white
//     stripes over low-confidence or derived rows, so a pale colour is never read as "less certain".
import {html} from "./libs.js";

export const CONFIDENCE_OPACITY: Record<string, number> = {high: 1, medium: 0.85, low: 0.45, derived: 0.45};

/** Fill opacity of a row by its confidence (shading). */
export const confidenceOpacity = (d: {confidence?: unknown}) => CONFIDENCE_OPACITY[String(d.confidence)] ?? 1;

/** Rows drawn striped (stripes) or much lighter (shading). */
export const isWeak = (d: {confidence?: unknown}) => d.confidence === "low" || d.confidence === "derived";

const SVG = "http://www.w3.org/2000/svg";

/**
 * A Plot mark that defines the stripes pattern `url(#<id>)` in its chart (white diagonal stripes over whatever colour
 * a bar has). The id must be unique on the page: name it after the chart.
 */
export function stripesPattern(id: string) {
  return () => {
    const defs = document.createElementNS(SVG, "defs");
    const pattern = document.createElementNS(SVG, "pattern");
    for (const [k, v] of Object.entries({id, patternUnits: "userSpaceOnUse", width: "6", height: "6", patternTransform: "rotate(45)"})) pattern.setAttribute(k, v);
    const stripe = document.createElementNS(SVG, "rect");
    for (const [k, v] of Object.entries({width: "2.5", height: "6", fill: "white", "fill-opacity": "0.65"})) stripe.setAttribute(k, v);
    pattern.append(stripe);
    defs.append(pattern);
    return defs;
  };
}

/**
 * Append the key for `encoding` under the chart in `figure` (Plot's <figure>, or an HTML element holding several
 * plots), when some drawn row is not of high confidence (otherwise there is nothing to explain). Returns the figure.
 */
export function withConfidenceKey<T extends Element>(figure: T, rows: readonly {confidence?: unknown}[], encoding: "shading" | "stripes"): T {
  if (figure.namespaceURI === SVG || rows.every((r) => r.confidence === "high" || r.confidence == null)) return figure;
  figure.append(
    encoding === "stripes"
      ? html`<p class="confidence-legend"><span class="swatch swatch-striped"></span> striped: low confidence or derived (estimate); the colours are statuses</p>`
      : html`<p class="confidence-legend">Shading: <span class="swatch swatch-high"></span> high · <span class="swatch swatch-medium"></span> medium · <span class="swatch swatch-low"></span> low confidence or derived (estimate)</p>`
  );
  return figure;
}
