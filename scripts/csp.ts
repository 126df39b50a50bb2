// Content-Security-Policy for the built site (a <meta>, because the site is static: no server sends headers).
// After Framework's build, every HTML page gets `<meta http-equiv="Content-Security-Policy">` right after its
// `<meta charset>` (the charset must stay in the first 1024 bytes) and before any script, stylesheet or link.
// Nothing inline runs unless it is listed by hash. See docs/testing.md "Reliability and security" for why each directive.
import {createHash} from "node:crypto";
import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {htmlFiles} from "./html-files.ts";
import * as Plot from "@observablehq/plot";
import {JSDOM} from "jsdom";

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/** Every inline <script> of a page (no src attribute): its exact text, which is what the browser hashes. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(SCRIPT)].filter((m) => !/\bsrc\s*=/i.test(m[1] ?? "")).map((m) => m[2] ?? "");
}

export function sha256Source(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The <style> elements Observable Plot puts into every chart and legend (fixed text per Plot version), rendered
 * with the installed Plot so the hashes follow upgrades. Ramp legends (continuous color) are not used and would
 * need a canvas; a page that adds one fails the CSP browser test until it is added here.
 */
export function plotStyles(): string[] {
  const {document} = new JSDOM("").window;
  const styles = new Set<string>();
  const collect = (node: unknown) => (node as Element).querySelectorAll("style").forEach((s) => styles.add(s.textContent ?? ""));
  const dot = Plot.dot([{k: "a"}, {k: "b"}], {x: "k", fill: "k"});
  collect(Plot.plot({document, color: {legend: true}, marks: [dot]}));
  // `document` is a legend option Plot's types leave out.
  collect(Plot.legend({document, color: {domain: ["a", "b"]}, columns: "2"} as Parameters<typeof Plot.legend>[0]));
  return [...styles].sort();
}

/**
 * htl (which Observable Inputs uses) parses a template with placeholders such as `style=::1` or `oninput=::5`
 * for object styles and function handlers, clones it into the document, then replaces the placeholder attribute
 * with a CSSOM style or a handler property. The clone briefly carries the placeholder as an inline attribute, which
 * CSP checks. "::N" is neither valid JavaScript nor a CSS declaration, so allowing exactly these strings by hash
 * ('unsafe-hashes') lets nothing run or apply; any other inline attribute stays blocked.
 */
export const HTL_PLACEHOLDERS = Array.from({length: 9}, (_, i) => `::${i + 1}`);

/**
 * The style attributes in a page's own HTML (decoded as the browser hashes them). Only prerendered charts
 * (scripts/prerender.ts) have any: Plot and Framework's resize() set styles through the CSSOM, which CSP allows,
 * and serialised into HTML those become attributes, allowed by the hash of their exact text.
 */
export function styleAttributes(html: string): string[] {
  const decode = (v: string) => v.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return [...new Set([...html.matchAll(/\sstyle="([^"]*)"/g)].map((m) => decode(m[1] ?? "")))].sort();
}

export function policy(scriptHashes: readonly string[], styleHashes: readonly string[] = plotStyles().map(sha256Source), styleAttrHashes: readonly string[] = []): string {
  const list = (xs: readonly string[]) => [...new Set(xs)].sort().join(" ");
  const placeholders = list([...HTL_PLACEHOLDERS.map(sha256Source), ...styleAttrHashes]);
  return [
    "default-src 'self'",
    `script-src 'self' 'report-sample' ${list(scriptHashes)}`.trimEnd(),
    `script-src-attr 'report-sample' 'unsafe-hashes' ${placeholders}`,
    `style-src-elem 'self' 'report-sample' ${list(styleHashes)}`.trimEnd(),
    `style-src-attr 'report-sample' 'unsafe-hashes' ${placeholders}`,
    "style-src 'self'",
    "worker-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'"
  ].join("; ");
}

export const CSP_META = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/i;

/** The page with its CSP <meta> inserted right after `<meta charset>` (or first in <head> when there is none). */
export function withCsp(html: string, file = "page", styleHashes?: readonly string[]): string {
  if (CSP_META.test(html)) throw new Error(`${file}: already has a Content-Security-Policy`);
  const anchor = /<meta charset=[^>]*>/i.exec(html) ?? /<head[^>]*>/i.exec(html);
  if (!anchor) throw new Error(`${file}: no <head> to put the Content-Security-Policy in`);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(inlineScripts(html).map(sha256Source), styleHashes, styleAttributes(html).map(sha256Source))}">`;
  const at = anchor.index + anchor[0].length;
  return `${html.slice(0, at)}\n${meta}${html.slice(at)}`;
}

/** Add the CSP to every HTML file under `dir`; returns the files changed (relative paths, sorted). */
export function applyCsp(dir: string): string[] {
  const styleHashes = plotStyles().map(sha256Source);
  const files = htmlFiles(dir);
  for (const f of files) {
    const path = join(dir, f);
    writeFileSync(path, withCsp(readFileSync(path, "utf8"), f, styleHashes));
  }
  return files;
}
