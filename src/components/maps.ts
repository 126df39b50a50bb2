// Maps of where the money goes (/us): the counted amount of each US state as a circle at the state's centre, and
// finance abroad on a world map beside it, both with one size scale (circle area ∝ nominal USD) so circles compare
// across the two. Geometry: us-atlas states-10m and world-atlas countries-110m (shipped by src/data/atlas-*.json.ts),
// through topojson-client. A circle sits at the centroid of the state's or country's outline on the map (Plot's
// centroid transform: d3.geoPath(projection).centroid), not at the site itself; the table under the map names the
// sites. No text marks on the maps: the places are named in the table and in each circle's title.
import {Plot, feature, html, mesh, svg} from "./libs.js";
import {US_STATES, isUsState, placeName} from "../lib/places.js";
import {formatUsd, formatInt} from "../lib/format.js";
import {confidenceOpacity} from "./confidence-key.js";
import {chartTitle} from "./chart-layout.js";
import {term} from "../lib/case.js";

export interface PlaceRow {
  place_code: string;
  in_us: boolean;
  amount_usd: number;
  rows: number;
  rows_with_amount: number;
  recipients: number;
  places: string;
  any_headquarters: boolean;
  source_id: string;
  confidence: string;
}

// Minimal TopoJSON shapes (topojson-client's own types are not bundled with the vendor declarations).
type Topology = {type: "Topology"; objects: Record<string, {type: string; geometries: {id?: string; properties?: {name?: string}}[]}>};
type Feature = {type: "Feature"; id?: string; properties: {name?: string}; geometry: unknown};
const features = (topo: Topology, object: string): Feature[] => (feature(topo as never, topo.objects[object] as never) as unknown as {features: Feature[]}).features;

const FILL = "#1f4e9c";

/** Circle radius (px) of the largest amount at a width: large enough to read, small enough not to cover the map. */
export function maxRadius(width: number): number {
  return Math.max(8, Math.min(34, width / 24));
}

/** A radius for an amount on the shared square-root scale (area ∝ amount). */
export function radiusOf(amount: number, max: number, width: number): number {
  return max > 0 ? maxRadius(width) * Math.sqrt(Math.max(0, amount) / max) : 0;
}

const describe = (r: PlaceRow) =>
  `${placeName(r.place_code)}: ${r.rows_with_amount ? formatUsd(r.amount_usd) : "no amount stated"} in ${formatInt(r.rows)} award${r.rows === 1 ? "" : "s"} to ${formatInt(r.recipients)} recipient${r.recipients === 1 ? "" : "s"}${r.any_headquarters ? " (some placed at the recipient's home)" : ""}. ${r.places}.`;

/** The key under a map: reference circles on the map's scale, the hollow mark, and where a circle sits. */
function sizeKey(max: number, width: number, abroad: boolean, anyUnpriced: boolean): HTMLElement {
  const refs = [1e7, 1e8, 5e8, 1e9].filter((v) => v <= max * 1.05).slice(-3);
  const circles = refs.map((v) => {
    const r = radiusOf(v, max, width);
    return html`<span class="map-key-item">${svg`<svg width=${2 * r + 2} height=${2 * r + 2} aria-hidden="true"><circle cx=${r + 1} cy=${r + 1} r=${r} fill=${FILL} fill-opacity="0.75" stroke="white"></circle></svg>`} ${formatUsd(v)}</span>`;
  });
  const hollow = anyUnpriced ? html`<span class="map-key-item">${svg`<svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="4" fill="none" stroke=${FILL} stroke-width="1.5"></circle></svg>`} a place with no amount stated.</span>` : ".";
  return html`<p class="map-key">Circle area is the nominal amount: ${circles}${hollow} Each circle is placed at the centre of its ${abroad ? "country" : "state"}'s outline (derived: the centroid of the shape on the map), not at the site; lighter circles rest on a medium- or low-confidence row.</p>` as HTMLElement;
}

function dots(rows: PlaceRow[], shapes: Feature[], key: (f: Feature) => string, max: number, width: number) {
  const byCode = new Map(rows.map((r) => [r.place_code, r]));
  const placed = shapes.filter((f) => byCode.has(key(f))).map((f) => ({f, row: byCode.get(key(f))!}));
  const priced = placed.filter((d) => d.row.rows_with_amount > 0).sort((a, b) => b.row.amount_usd - a.row.amount_usd);
  const unpriced = placed.filter((d) => d.row.rows_with_amount === 0);
  return [
    Plot.dot(priced, Plot.centroid({geometry: (d: {f: Feature}) => d.f, r: (d: {row: PlaceRow}) => radiusOf(d.row.amount_usd, max, width), fill: FILL, fillOpacity: (d: {row: PlaceRow}) => 0.8 * confidenceOpacity(d.row), stroke: "white", strokeWidth: 1, title: (d: {row: PlaceRow}) => describe(d.row)})),
    Plot.dot(unpriced, Plot.centroid({geometry: (d: {f: Feature}) => d.f, r: 4, fill: "none", stroke: FILL, strokeWidth: 1.5, title: (d: {row: PlaceRow}) => describe(d.row)}))
  ];
}

/** The largest amount of any place, US or abroad: the one size scale of both maps. */
export function placesMax(rows: readonly PlaceRow[]): number {
  return Math.max(0, ...rows.map((r) => r.amount_usd));
}

/** US states with the counted awards placed in them (albers-usa: Alaska and Hawaii inset). */
export function usPlacesMap(rows: PlaceRow[], us: Topology, {width, max}: {width: number; max: number}) {
  const codeOf = new Map<string, string>(Object.entries(US_STATES).map(([code, [, fips]]) => [fips, code]));
  const states = features(us, "states").filter((f) => codeOf.has(f.id ?? ""));
  const inUs = rows.filter((r) => r.in_us && isUsState(r.place_code));
  const withMoney = new Set(inUs.map((r) => r.place_code));
  const figure = Plot.plot({
    ...chartTitle("Where the counted US awards go, by state (nominal USD)"),
    width,
    height: Math.round(width * 0.62),
    projection: "albers-usa",
    r: {type: "identity"},
    marks: [
      Plot.geo(states, {fill: (f: Feature) => (withMoney.has(codeOf.get(f.id!) ?? "") ? "var(--theme-foreground-faintest)" : "none"), stroke: "var(--theme-foreground-faint)", strokeWidth: 0.5}),
      Plot.geo(mesh(us as never, us.objects.nation as never) as never, {stroke: "var(--theme-foreground-muted)", strokeWidth: 0.75}),
      ...dots(inUs, states, (f) => codeOf.get(f.id!) ?? "", max, width)
    ]
  });
  figure.append(sizeKey(max, width, false, inUs.some((r) => r.rows_with_amount === 0)));
  return figure;
}

/** Finance for projects abroad, by country, on a world map (equal-earth), at the US map's size scale. */
export function abroadPlacesMap(rows: PlaceRow[], world: Topology, {width, max}: {width: number; max: number}) {
  const countries = features(world, "countries");
  const abroad = rows.filter((r) => !r.in_us);
  const withMoney = new Set(abroad.map((r) => r.place_code));
  const figure = Plot.plot({
    ...chartTitle("US finance for projects abroad, by country (nominal USD)"),
    width,
    height: Math.round(width * 0.5),
    projection: "equal-earth",
    r: {type: "identity"},
    marks: [
      Plot.sphere({stroke: "var(--theme-foreground-faint)", strokeWidth: 0.5}),
      Plot.geo(countries, {fill: (f: Feature) => (withMoney.has(f.properties.name ?? "") ? "var(--theme-foreground-fainter)" : "var(--theme-foreground-faintest)"), stroke: "var(--theme-background)", strokeWidth: 0.4}),
      ...dots(abroad, countries, (f) => f.properties.name ?? "", max, width)
    ]
  });
  figure.append(sizeKey(max, width, true, abroad.some((r) => r.rows_with_amount === 0)));
  return figure;
}

export interface ChinaPlaceRow {
  place_id: string;
  name_en: string;
  name_zh: string;
  province: string;
  lat: number;
  lon: number;
  instruments: number;
  firms: number;
  source_id: string;
  confidence: string;
}

/** China's outline (world-atlas, no province boundaries) with a circle at each city the sources name, its area the
 * number of instruments and designated firms placed there, labelled with the city's name. */
export function chinaPlacesMap(rows: ChinaPlaceRow[], world: Topology, {width}: {width: number}) {
  const china = features(world, "countries").filter((f) => f.properties.name === "China");
  const most = Math.max(1, ...rows.map((r) => r.instruments + r.firms));
  const r = (d: ChinaPlaceRow) => radiusOf(d.instruments + d.firms, most, width);
  const describeCity = (d: ChinaPlaceRow) => `${d.name_en} (${d.name_zh}, ${d.province}): ${formatInt(d.instruments)} support instrument${d.instruments === 1 ? "" : "s"} and ${formatInt(d.firms)} designated firm${d.firms === 1 ? "" : "s"} named by the sources.`;
  // Labels on the side with room: west of the westernmost city, east of the others.
  const west = Math.min(...rows.map((d) => d.lon));
  const figure = Plot.plot({
    ...chartTitle(`Where China's named ${term("chain")} support goes: cities the sources name`),
    width,
    height: Math.round(width * 0.72),
    // Room on the right for the labels east of their circles (the country fits inside the rest).
    projection: {type: "equal-earth", domain: {type: "FeatureCollection", features: china} as never, inset: 10, insetRight: 64},
    r: {type: "identity"},
    marks: [
      Plot.geo(china, {fill: "var(--theme-foreground-faintest)", stroke: "var(--theme-foreground-muted)", strokeWidth: 0.75}),
      Plot.dot(rows, {x: "lon", y: "lat", r, fill: FILL, fillOpacity: (d: ChinaPlaceRow) => 0.8 * confidenceOpacity(d), stroke: "white", title: describeCity}),
      // One text mark per city: Plot's dx and textAnchor are constants of a mark, and each label clears its own circle.
      ...rows.map((d) => Plot.text([d], {x: "lon", y: "lat", text: "name_en", textAnchor: d.lon === west ? "end" : "start", dx: (d.lon === west ? -1 : 1) * (r(d) + 4), fontSize: 11, fill: "currentColor"}))
    ]
  });
  const refs = [...new Set([1, 5, 10, 25, 50].filter((v) => v <= most))].slice(-3);
  figure.append(html`<p class="map-key">Circle area is the number of support instruments and designated firms the sources place in the city: ${refs.map((v) => {
    const rr = radiusOf(v, most, width);
    return html`<span class="map-key-item">${svg`<svg width=${2 * rr + 2} height=${2 * rr + 2} aria-hidden="true"><circle cx=${rr + 1} cy=${rr + 1} r=${rr} fill=${FILL} fill-opacity="0.75" stroke="white"></circle></svg>`} ${formatInt(v)}${v === refs.at(-1) ? "." : ""}</span>`;
  })} Each circle sits at the city's coordinates as a gazetteer gives them; amounts are in the table, never summed (the instruments overlap).</p>`);
  return figure;
}
