// d3-dag's layered (Sugiyama) layout, from its own generated bundle (./vendor/dag.js, scripts/vendor.ts): only the
// pages that draw the value chain import it, so the other pages' library module stays as small as it was.
export {graph, sugiyama, layeringSimplex, coordSimplex} from "./vendor/dag.js";
