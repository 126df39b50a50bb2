// The one place pages get libraries from: one generated module (./vendor/libs.js, scripts/vendor.ts) bundling the
// installed Observable Plot (with its d3 modules), Observable Inputs, htl, d3-dsv and topojson-client (maps), so a page fetches one library
// module instead of ~40 (docs/performance.md). Declaring these names on a page also shadows Framework's implicit
// CDN-backed `npm:` globals, which fail offline (see docs/architecture.md "Offline by design"). htl stays at 0.3.1: 1.0's exports map is
// left unresolved in the browser.
export {Plot, Inputs, html, svg, csvFormat, feature, mesh} from "./vendor/libs.js";
