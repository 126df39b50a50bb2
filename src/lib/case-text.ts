/**
 * The case's prose in the pages (docs/cases.md): a page's Markdown names a text of the case, `{{case:key}}` (a
 * Markdown file of the case's `text/` folder, e.g. text/index-intro.md), or a word, `{{term:key}}` (case.json
 * `terms`), and the build puts the case's own words there before Framework reads the page (loaders/case-text.ts, a
 * markdown-it rule). `{{Term:key}}` is the same word with its first letter capitalised (at the start of a sentence
 * or heading). A key the case lacks stops the build with the page, the key and the file to add. Pure.
 */

export const CASE_TEXT_PATTERN = /\{\{(case|term|Term):([a-z0-9][a-z0-9_-]*)\}\}/g;

/** A word with its first letter capitalised ("rare-earth" → "Rare-earth"), for a term that starts a sentence. */
export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export interface CaseTextLookup {
  /** The text of `text/<key>.md`, or undefined when the case has no such file. */
  text(key: string): string | undefined;
  /** The word `terms.<key>` of case.json, or undefined. */
  term(key: string): string | undefined;
}

/** Every `{{case:…}}` and `{{term:…}}` of a page's source replaced by the case's text; throws, naming the page and
 * every missing key, when the case lacks one. */
export function expandCaseText(source: string, lookup: CaseTextLookup, page: string, caseFolder: string): string {
  const missing: string[] = [];
  const out = source.replace(CASE_TEXT_PATTERN, (whole, kind: string, key: string) => {
    const word = kind === "case" ? undefined : lookup.term(key);
    const value = kind === "case" ? lookup.text(key)?.trim() : kind === "Term" && word !== undefined ? capitalize(word) : word;
    if (value === undefined) {
      missing.push(kind === "case" ? `${whole}: add ${caseFolder}/text/${key}.md` : `${whole}: add "${key}" to the terms of ${caseFolder}/case.json`);
      return whole;
    }
    return value;
  });
  if (missing.length) throw new Error(`${page} uses text the case does not have:\n  ${missing.join("\n  ")}`);
  return out;
}

/** The keys a page's source uses, as `case:key` / `term:key` (for the check that a case has every text). */
export function caseTextKeys(source: string): string[] {
  return [...source.matchAll(CASE_TEXT_PATTERN)].map((m) => `${m[1]!.toLowerCase()}:${m[2]}`);
}
