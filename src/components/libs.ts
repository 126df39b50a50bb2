// The one place pages get libraries from. Bare specifiers make Framework bundle them from node_modules into
// /_node/..., and declaring these names on a page shadows Framework's implicit CDN-backed `npm:` globals, which
// fail offline (see README "Offline"). htl stays at 0.3.1: 1.0's exports map is left unresolved in the browser.
export * as Plot from "@observablehq/plot";
export * as Inputs from "@observablehq/inputs";
export {html, svg} from "htl";
