// Types of the generated bundle libs.js (scripts/vendor.ts): the libraries' own declarations.
export * as Plot from "@observablehq/plot";
export * as Inputs from "@observablehq/inputs";
export {html, svg} from "htl";
export {csvFormat} from "d3-dsv";
export {feature, mesh} from "topojson-client";
