// The value chain as a node-link diagram (/ and /coverage): stages laid out by d3-dag's layered layout in their order
// of material flow (src/lib/chain-layout.ts), the recycling feedback drawn apart as a dashed return arc, and the
// stages beside the chain joined by dotted lines. No band widths: the data has no flows between stages. Each stage
// is a link to its page and shows both sides' coverage and support; colour shows the gap only where the comparison
// rule allows one, else each side's priced share; a side with no known support is drawn empty (dashed). On a narrow
// screen the chain becomes a list of stages in reading order.
import {html, svg} from "./libs.js";
import {chartFigure} from "./chart-export.js";
import {sourcesNote, type SourceMap} from "./provenance.js";
import {readChainSettings, stageHref, type ChainSettings} from "../lib/chain-figures.js";
import {CHAIN_DEFAULTS, type ChainData, type ChainView} from "../queries/chain.js";
import * as dag from "./dag.js";
import {wrapText} from "./chart-layout.js";
import {feedbackPath, layoutChain, readingOrder, type ChainEdge, type ChainLane, type ChainStage, type DagLib} from "../lib/chain-layout.js";
import type {SideSupport, StageFigures} from "../lib/chain-figures.js";
import {formatInt, formatPlain, formatUsd, valuationUnit} from "../lib/format.js";
import {STAGE_LABELS} from "../lib/taxonomy.js";
import {term} from "../lib/case.js";

/** Below this width the diagram is a list (seven columns of text do not fit). */
export const CHAIN_LIST_BELOW = 640;

const NODE_H = 222;
const GAP: [number, number] = [12, 24];
const SIDE_H = 50;
const FONT = 9.5;

// Priced share: from nearly white (none priced) to a mid blue (all priced); text stays dark on every shade.
const LIGHT = [238, 243, 251];
const DARK = [122, 160, 212];
export function pricedFill(share: number): string {
  const t = Math.max(0, Math.min(1, share));
  return `rgb(${LIGHT.map((a, i) => Math.round(a + (DARK[i]! - a) * t)).join(",")})`;
}
/** The gap where the rule allows one: warm where China's known support is larger, violet where the US's is. */
export function gapFill(ratio: number): string {
  const t = Math.min(1, Math.abs(Math.log10(ratio)) / 2);
  const to = ratio >= 1 ? [232, 140, 80] : [150, 120, 200];
  return `rgb(${[250, 246, 240].map((a, i) => Math.round(a + (to[i]! - a) * (0.35 + 0.65 * t))).join(",")})`;
}

const firmsText = (f: StageFigures) => (f.china_firms !== null ? `${formatInt(f.china_firms)} firm${f.china_firms === 1 ? "" : "s"}${f.china_unstated ? " +" : ""}` : f.china_unstated ? "≥1 firm" : "no firm known");
const recipientsText = (f: StageFigures) => (f.us_recipients ? `${formatInt(f.us_recipients)} recipient${f.us_recipients === 1 ? "" : "s"}` : "no recipient");
const supportText = (s: SideSupport) => (s.known === 0 ? "no known support" : `${formatUsd(s.ge_usd)} · ${s.priced} of ${s.known} priced`);
const ratioText = (r: number) => `${r >= 10 ? formatPlain(Math.round(r)) : r.toFixed(1)}×`;

/** A stage's global-context figure in words, its year and grade; "not known" where no source gives one. */
export function contextText(f: StageFigures): string {
  const c = f.context;
  if (!c || c.value === null) return "World share: not known";
  const value = c.unit === "%" ? `${formatPlain(c.value)}%` : `${formatPlain(c.value)} ${c.unit}`;
  return `${c.metric}: ${value}${c.year ? ` (${c.year}${c.confidence === "derived" ? ", derived" : ""})` : ""}`;
}

function sideFill(f: StageFigures, s: SideSupport): string {
  if (f.colour === "gap" && f.comparison?.ratio) return gapFill(f.comparison.ratio);
  return s.priced_share === null ? "#fff" : pricedFill(s.priced_share);
}

/** The full text of a stage (the node's tooltip and the list item's accessible description). */
function stageTitle(f: StageFigures): string {
  const c = f.comparison;
  const rule = !c ? "nothing known on either side in this scope" : c.comparable ? `China/US ${ratioText(c.ratio!)}` : `no ratio: ${c.missing.join("; ")}`;
  return `${STAGE_LABELS[f.stage]}. China: ${firmsText(f)}; ${supportText(f.china)}. US: ${recipientsText(f)}; ${supportText(f.us)}. ${rule}. ${contextText(f)}.`;
}

export interface ChainDiagramData {
  stages: readonly (ChainStage & {lane: ChainLane})[];
  edges: readonly ChainEdge[];
  figures: readonly StageFigures[];
  /** The href of a stage's page (with the settings in force). */
  href: (stage: string) => string;
  title: string;
  subtitle: string;
}

/** The diagram at `width`: an SVG node-link diagram, or a list of stages below CHAIN_LIST_BELOW (unless `svgOnly`,
 * for the saved image: then a narrow width gets the diagram laid out at CHAIN_LIST_BELOW, scaled down). */
export function chainDiagram(d: ChainDiagramData, {width, svgOnly = false}: {width: number; svgOnly?: boolean}): HTMLElement {
  const list = width < CHAIN_LIST_BELOW && !svgOnly;
  const body = list ? chainList(d) : chainSvg(d, Math.max(width, CHAIN_LIST_BELOW), width);
  return html`<div class="chain-diagram" data-layout=${list ? "list" : "diagram"}>
    <h2>${d.title}</h2><h3>${d.subtitle}</h3>${body}${chainKey(d.figures)}</div>`;
}

function chainSvg(d: ChainDiagramData, width: number, shownWidth = width): SVGSVGElement {
  const layers = new Set(d.stages.map((s) => s.order)).size;
  const nodeW = Math.floor(Math.min(180, (width - 2 - (layers - 1) * GAP[0]) / layers));
  const layout = layoutChain(dag as unknown as DagLib, d.stages, d.edges, {nodeSize: [nodeW, NODE_H], gap: GAP});
  const byId = new Map(d.figures.map((f) => [f.stage, f]));
  const lane = new Map(d.stages.map((s) => [s.id, s.lane]));
  const height = Math.ceil(layout.height + 44);
  const x0 = Math.max(1, (width - layout.width) / 2);
  const path = (pts: [number, number][]) => `M${pts.map(([x, y]) => `${x},${y}`).join("L")}`;
  // Edges end at the node's left or right edge (or top/bottom when they run across), not its centre.
  const clip = (pts: [number, number][]): [number, number][] => {
    const out = pts.map((p) => [...p] as [number, number]);
    const cut = (p: [number, number], q: [number, number]) => {
      const dx = q[0] - p[0];
      const dy = q[1] - p[1];
      const s = Math.min(Math.abs(dx) > 0 ? nodeW / 2 / Math.abs(dx) : Infinity, Math.abs(dy) > 0 ? NODE_H / 2 / Math.abs(dy) : Infinity, 1);
      return [p[0] + dx * s, p[1] + dy * s] as [number, number];
    };
    out[0] = cut(out[0]!, out[1]!);
    out[out.length - 1] = cut(out[out.length - 1]!, out[out.length - 2]!);
    return out;
  };
  const node = (n: {id: string; x: number; y: number}) => {
    const f = byId.get(n.id as StageFigures["stage"])!;
    const x = n.x - nodeW / 2;
    const y = n.y - NODE_H / 2;
    // Measured a little wide (× 0.9): the reader's system font may set wider than the measuring table.
    const fit = (text: string, size: number, lines: number, weight = 400, room = (nodeW - 16) * 0.9) => wrapText(text, room, size, lines, weight).split("\n");
    const labelSize = nodeW < 110 ? 10.5 : 11.5;
    const labelLines = fit(STAGE_LABELS[f.stage] ?? f.stage, labelSize, 3, 700, nodeW - 10);
    const ctxLines = fit(contextText(f), 9, 5);
    const sideBox = (top: number, name: string, cover: string, s: SideSupport, key: "china" | "us") => {
      const head = fit(`${name}: ${cover}`, FONT, 2, 700);
      const rest = s.known === 0 ? fit("no known support", FONT, 4 - head.length) : [formatUsd(s.ge_usd), `${s.priced} of ${s.known} priced`];
      return svg`<g class=${`chain-side chain-side-${key}`} data-empty=${s.known === 0 ? "true" : "false"}>
      <rect x=${x + 4} y=${top} width=${nodeW - 8} height=${SIDE_H} rx="3" fill=${sideFill(f, s)} stroke=${s.known === 0 ? "#8a8a8a" : "none"} stroke-dasharray=${s.known === 0 ? "3 2" : null}></rect>
      ${head.map((l, i) => svg`<text x=${x + 8} y=${top + 12 + i * 11.5} font-size=${FONT} font-weight="600">${l}</text>`)}
      ${rest.map((l, i) => svg`<text x=${x + 8} y=${top + 12 + (head.length + i) * 11.5} font-size=${FONT} fill=${s.known === 0 ? "#666" : null} font-style=${s.known === 0 ? "italic" : null}>${l}</text>`)}</g>`;
    };
    const top = y + 8 + 3 * 13;
    const ratio = f.colour === "gap" ? svg`<text x=${x + nodeW - 6} y=${y + 14} font-size=${FONT} text-anchor="end" font-weight="700">${ratioText(f.comparison!.ratio!)}</text>` : null;
    return svg`<a href=${d.href(f.stage)} class="chain-node" data-stage=${f.stage} data-colour=${f.colour} aria-label=${stageTitle(f)}>
      <title>${stageTitle(f)}</title>
      <rect x=${x} y=${y} width=${nodeW} height=${NODE_H} rx="5" fill="#fff" stroke=${lane.get(n.id) === "beside" ? "#9a9a9a" : "#4a4a4a"} stroke-dasharray=${lane.get(n.id) === "beside" ? "4 3" : null}></rect>
      ${labelLines.map((l, i) => svg`<text x=${x + 6} y=${y + 15 + i * 13} font-size=${labelSize} font-weight="700" class="chain-label">${l}</text>`)}
      ${ratio}
      ${sideBox(top, "China", firmsText(f), f.china, "china")}
      ${sideBox(top + SIDE_H + 4, "US", recipientsText(f), f.us, "us")}
      ${ctxLines.map((l, i) => svg`<text x=${x + 6} y=${top + 2 * SIDE_H + 20 + i * 10.5} font-size="9" fill="#555" opacity=${f.context?.confidence === "low" ? 0.7 : 1}>${l}</text>`)}
    </a>`;
  };
  const edge = (l: (typeof layout.links)[number]) => svg`<path d=${path(clip(l.points))} fill="none" class=${`chain-edge chain-edge-${l.kind}`} data-from=${l.from} data-to=${l.to}
    stroke=${l.kind === "beside" ? "#9a9a9a" : "#4a4a4a"} stroke-width=${l.kind === "beside" ? 1 : 1.5} stroke-dasharray=${l.kind === "beside" ? "1 3" : null} marker-end=${l.kind === "flow" ? "url(#chain-arrow)" : null}></path>`;
  const feedback = layout.feedback.map((e) => svg`<path d=${feedbackPath(layout, e, NODE_H)} fill="none" stroke="#2a6f4e" stroke-width="1.5" stroke-dasharray="6 4" marker-end="url(#chain-arrow-green)" class="chain-edge chain-edge-feedback" data-from=${e.from} data-to=${e.to}></path>`);
  const fb = layout.feedback[0];
  const fbLabel = fb ? (() => {
    const a = layout.nodes.find((n) => n.id === fb.from)!;
    const b = layout.nodes.find((n) => n.id === fb.to)!;
    const bottom = Math.max(...layout.nodes.map((n) => n.y)) + NODE_H / 2 + 18;
    return svg`<text x=${(a.x + b.x) / 2} y=${bottom - 5} font-size="10" text-anchor="middle" fill="#2a6f4e">${STAGE_LABELS[fb.from] ?? fb.from} feeds back into ${(STAGE_LABELS[fb.to] ?? fb.to).toLowerCase()}</text>`;
  })() : null;
  return svg`<svg width=${shownWidth} height=${Math.round((height * shownWidth) / width)} viewBox=${`0 0 ${width} ${height}`} role="img" aria-label=${`The ${term("chain")} value chain: each stage's coverage and known support on both sides`}>
    <defs>
      <marker id="chain-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#4a4a4a"></path></marker>
      <marker id="chain-arrow-green" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#2a6f4e"></path></marker>
    </defs>
    <g transform=${`translate(${x0},2)`}>${layout.links.map(edge)}${feedback}${fbLabel}${layout.nodes.map(node)}</g>
  </svg>` as SVGSVGElement;
}

function chainList(d: ChainDiagramData): HTMLElement {
  const byId = new Map(d.figures.map((f) => [f.stage, f]));
  const into = (id: string) => d.edges.filter((e) => e.kind === "feedback" && e.from === id).map((e) => (STAGE_LABELS[e.to] ?? e.to).toLowerCase());
  const laneNote = (s: ChainStage) => (s.lane === "beside" ? "beside the chain" : s.lane === "loop" ? `feeds back into ${into(s.id).join(", ")}` : `step ${s.order} of the flow`);
  const side = (f: StageFigures, name: string, cover: string, s: SideSupport, key: string) =>
    painted(html`<span class=${`chain-side chain-side-${key}${s.known === 0 ? " chain-empty" : ""}`} data-empty=${s.known === 0 ? "true" : "false"}><strong>${name}</strong> ${cover}<br>${supportText(s)}</span>`, sideFill(f, s));
  return html`<ol class="chain-list">${readingOrder(d.stages).map((s) => {
    const f = byId.get(s.id as StageFigures["stage"])!;
    return html`<li><a class="chain-node" href=${d.href(f.stage)} data-stage=${f.stage} data-colour=${f.colour} title=${stageTitle(f)}>
      <span class="chain-label">${STAGE_LABELS[f.stage]}</span> <span class="muted">${laneNote(s)}</span>${f.colour === "gap" ? html` <strong>China/US ${ratioText(f.comparison!.ratio!)}</strong>` : ""}
      <span class="chain-sides">${side(f, "China", firmsText(f), f.china, "china")}${side(f, "US", recipientsText(f), f.us, "us")}</span>
      <span class="chain-context muted">${contextText(f)}</span></a></li>`;
  })}</ol>`;
}

/** Set a background through the CSSOM: the Content-Security-Policy blocks style attributes written as markup. */
function painted<T extends HTMLElement>(el: T, fill: string): T {
  el.style.background = fill;
  return el;
}

function chainKey(figures: readonly StageFigures[]): HTMLElement {
  const anyGap = figures.some((f) => f.colour === "gap");
  const sw = (fill: string, dashed = false) => painted(html`<span class=${dashed ? "swatch chain-empty" : "swatch"}></span>`, fill);
  return html`<div class="chain-key confidence-legend">
    <span>Priced share of known support: ${sw(pricedFill(0))} none ${sw(pricedFill(0.5))} half ${sw(pricedFill(1))} all</span> ·
    <span>${sw("#fff", true)} no known support</span> ·
    <span>${anyGap ? html`gap where the rule allows one: ${sw(gapFill(10))} China larger ${sw(gapFill(0.1))} US larger` : "no stage meets the rule for a gap in this scope"}</span> ·
    <span>— flow · <span class="chain-feedback-key">- - recycling feedback</span> · ··· beside the chain</span>
  </div>`;
}

// ---- the figure as the pages show it ------------------------------------------------------------------------------


/** The settings of a page's URL (keys of /coverage and /gaps), each checked against the data. */
export function chainSettingsFrom(search: string, data: ChainData, page: Partial<ChainSettings> = {}): ChainSettings {
  const years = Array.from({length: 16}, (_, i) => 2010 + i);
  const fromUrl = readChainSettings(search, CHAIN_DEFAULTS, {scopes: data.scopeData.scopes.filter((s) => !s.sides.us.geography.includes("outbound")).map((s) => s.scope_id), classes: data.scopeData.classes.map((c) => c.class_id), years});
  return {...fromUrl, ...page};
}

/** One row per stage, as the diagram shows it, with the sources of the rows behind it (the download). */
function stageRows(view: ChainView): Record<string, unknown>[] {
  const ids = (rows: readonly Record<string, unknown>[]) => rows.flatMap((r) => String(r.source_id ?? "").split(";")).filter(Boolean);
  const counted = [...view.scoped.selection.china.counted, ...view.scoped.selection.us.counted];
  return view.figures.map((f) => ({
    stage: STAGE_LABELS[f.stage],
    china_firms: f.china_firms,
    china_firms_unstated: f.china_unstated,
    us_recipients: f.us_recipients,
    china_ge_usd: f.china.ge_usd, china_priced_n: f.china.priced, china_known_n: f.china.known,
    us_ge_usd: f.us.ge_usd, us_priced_n: f.us.priced, us_known_n: f.us.known,
    ratio_china_us: f.comparison?.comparable ? f.comparison.ratio : null,
    world_context: f.context ? contextText(f) : null,
    source_id: [...new Set([
      ...ids(view.chinaRows.filter((r) => r.stage === f.stage)),
      ...ids(view.usRows.filter((r) => r.stage === f.stage)),
      ...counted.filter((r) => r.stages.length === 1 && r.stages[0] === f.stage).map((r) => r.source_id),
      ...(f.context ? [f.context.source_id] : [])
    ])].sort().join(";")
  }));
}

/** The diagram with its title, caption, key, tools and sources line, following `settings`. */
export function chainSection(view: ChainView, data: ChainData, settings: ChainSettings, sources: SourceMap, {id, name, resize}: {id: string; name: string; resize: (draw: (width: number) => Element) => Node}): HTMLElement {
  const cov = `China: ${settings.cn === "national" ? "named firms on national lists" : `${term("portfolio-owner-short")}'s designated SMEs`}; US: distinct recipients of ${settings.us === "sbir" ? `SBIR/STTR ${term("chain")} awards` : "curated awards"} (${settings.st.join(", ") || "no status"})`;
  const subtitle = `Coverage — ${cov}. Support — each side's known grant equivalent in ${view.scoped.scope.label.toLowerCase()}, ${view.scoped.window[0]}–${view.scoped.window[1]}, ${view.scoped.statusClass.label.toLowerCase()}, ${valuationUnit(settings.base, settings.basis)}, and how many of its known instruments are priced. Select a stage to open its page.`;
  const diagram = {stages: data.stages, edges: data.edges, figures: view.figures, href: (s: string) => stageHref(s, settings, CHAIN_DEFAULTS), title: `The ${term("chain")} value chain: who is at each stage, and the support known`, subtitle};
  const several = view.scoped.rows.filter((r) => r.stage === "several" || r.stage === "not_itemised");
  const offStage = several.reduce((n, r) => n + r.china.known + r.us.known, 0);
  const unplaced = view.chinaRows.filter((r) => r.stage === "unknown").reduce((n, r) => n + Number(r.count_firms ?? 0), 0);
  const note = html`<p class="muted chain-note" data-testid="chain-note">Not on any stage: ${offStage ? `${formatInt(offStage)} known instruments over several stages or not split by stage` : "no instrument"}${unplaced ? `; ${formatInt(unplaced)} Chinese firms whose stage no source states` : ""}. Shares of world output are each in their own unit and year, never set on one scale.</p>`;
  const figure = chartFigure(id, resize((width) => chainDiagram(diagram, {width})) as Node, {draw: (width) => chainDiagram(diagram, {width, svgOnly: true}), subtitle, className: "chain-wide", data: {scope: settings.scope}});
  return html`<div class="chain-section">${figure}${note}${sourcesNote(stageRows(view), sources, {
    name,
    derived: `priced share = known instruments priced ÷ known instruments, per side; China's share of world mine production = China's mine production ÷ world mine production (${term("production-unit")})`
  })}</div>`;
}
