// Types of the generated bundle dag.js (scripts/vendor.ts): the library's own declarations.
export {graph, sugiyama, layeringSimplex, coordSimplex} from "d3-dag";
