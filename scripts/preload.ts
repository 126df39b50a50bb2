// Preload each page's build-time answers (docs/architecture.md: First view without DuckDB). Framework fetches a FileAttachment
// only when the cell that reads it runs, i.e. after the page's whole module graph has been fetched and evaluated;
// a `<link rel="preload">` in the head starts the download with the modules instead, and the page's fetch() then
// takes the preloaded response. (`as="fetch"` + `crossorigin` match FileAttachment's fetch: CORS mode, same-origin
// credentials; a mismatch would download the file twice, which test/e2e/answers.test.ts checks.)
import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {htmlFiles} from "./html-files.ts";

const REGISTERED = /registerFile\("\.\/data\/answers\/[^"]+\.json", \{[^}]*"path":"(\.\/_file\/data\/answers\/[^"]+\.json)"/g;

/** The page with a preload link for every answers file it registers, before its first module preload. */
export function withAnswersPreload(html: string, file: string): string {
  const paths = [...new Set([...html.matchAll(REGISTERED)].map((m) => m[1] as string))];
  if (!paths.length) return html;
  const at = html.search(/<link rel="(?:modulepreload|stylesheet)"/);
  if (at < 0) throw new Error(`${file}: no <link> in the head to put the answers preload before`);
  const links = paths.map((p) => `<link rel="preload" href="${p}" as="fetch" crossorigin="anonymous">\n`).join("");
  return html.slice(0, at) + links + html.slice(at);
}

/** Add the preload to every built page that reads build-time answers; returns the pages changed. */
export function preloadAnswers(dir: string): string[] {
  const changed: string[] = [];
  for (const f of htmlFiles(dir)) {
    const path = join(dir, f);
    const html = readFileSync(path, "utf8");
    const out = withAnswersPreload(html, f);
    if (out !== html) {
      writeFileSync(path, out);
      changed.push(f);
    }
  }
  return changed;
}
