// The case's prose for the pages (src/lib/case-text.ts): reads the case's text/ folder and puts its words into each
// page's Markdown before Framework parses it (a markdown-it core rule, registered in observablehq.config.ts).
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {CASE, CASE_FOLDER} from "../src/lib/case.ts";
import {expandCaseText, type CaseTextLookup} from "../src/lib/case-text.ts";
import {dataDir} from "./paths.ts";

/** The case's texts and terms, read from its folder now (a save in `npm run dev` is seen on the next render). */
export function caseTextLookup(dir: string = dataDir()): CaseTextLookup {
  return {
    text: (key) => {
      const file = join(dir, "text", `${key}.md`);
      return existsSync(file) ? readFileSync(file, "utf8") : undefined;
    },
    term: (key) => (key === "title" ? CASE.title : key === "subtitle" ? CASE.subtitle : CASE.terms[key])
  };
}

interface MarkdownIt {
  core: {ruler: {before(name: string, rule: string, fn: (state: {src: string; env?: {path?: string}}) => void): void}};
}

/** markdown-it plugin: `{{case:key}}` and `{{term:key}}` in a page become the case's text before anything else. */
export function caseTextPlugin(md: MarkdownIt): MarkdownIt {
  md.core.ruler.before("normalize", "case-text", (state) => {
    state.src = expandCaseText(state.src, caseTextLookup(), state.env?.path ?? "a page", CASE_FOLDER);
  });
  return md;
}
