// Words and numbers a reader sees (docs/testing.md "Words and numbers"): the visible text of a page that has run,
// with every <details> opened (a reader can open them), scanned for what only a maintainer should see:
//   - a raw integer over 9,999 written without thousands separators ("400000000") outside a table (tables may show
//     exact amounts, but those are separated too); an amount of $10 m or more written out in full with separators
//     ("$3,979,060,000", "400,000,000 CNY") outside a table (prose says "$3.98 bn"); names that are numbers (Executive Order 14285, 90 FR 13673,
//     Proclamation 11001, FR Doc 2025-16311,
//     a grant or contract number) are allowed where the word before says so;
//   - a file name (awards.csv, china_support.json, …) or a data/ path;
//   - a source id from the registry (data/cases/rare-earths/sources/*.csv), or a raw code (a word_with_underscores, or a one-word code of
//     a closed list that is not English: tia, loi, baotou, xilingol);
//   - a working note: "dossier", "TODO", "FIXME", "TBD", "source_id".
// Text set as code (<code>, <pre>: a command, a file the reader downloads) and a file's preview ([data-technical]) are
// not prose and are not scanned.
import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {parse} from "csv-parse/sync";
import {ROOT} from "../../loaders/paths.ts";

/** Every source id of the registry (ids with a hyphen: distinctive enough to search for in prose). */
export function sourceIds(): string[] {
  const dir = join(ROOT, "data/cases/rare-earths/sources");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .flatMap((f) => (parse(readFileSync(join(dir, f), "utf8"), {columns: true}) as {source_id: string}[]).map((r) => r.source_id))
    .filter((id) => id.includes("-"));
}

/** Runs in the page with the source ids as argument; returns one line per problem. */
export const WORDS_PROBLEMS = `(ids) => {
  for (const d of document.querySelectorAll("#observablehq-main details")) d.open = true;
  const main = document.querySelector("#observablehq-main").cloneNode(true);
  // Columns a table folded to fit its box (a reader opens them row by row) are read too.
  for (const c of main.querySelectorAll(".folded")) c.classList.remove("folded");
  for (const c of main.querySelectorAll("code, pre, kbd, [data-technical]")) c.remove();
  // innerText needs layout: the copy is laid out off-screen, at the page's width, and removed afterwards.
  main.removeAttribute("id");
  main.setAttribute("aria-hidden", "true");
  main.style.position = "absolute";
  main.style.left = "-20000px";
  main.style.width = document.querySelector("#observablehq-main").clientWidth + "px";
  document.body.append(main);
  const all = main.innerText;
  // The same text without tables, for the integer rule.
  for (const t of main.querySelectorAll("table")) t.remove();
  const prose = main.innerText;
  main.remove();
  const problems = [];
  const around = (text, i, n) => text.slice(Math.max(0, i - 40), i + n + 40).replace(/\\s+/g, " ");
  const NAMED = /(order|proclamation|doc|no\\.?|number|fr|grant|contract|award|id|table|batch|code|solicitation|topic|item|release|article|story|user|p=|co\\.\\s*\\(|§)\\s*(?:\\d{4}-)?$/i;
  for (const m of prose.matchAll(/(?<![\\w,.])\\d{5,}(?![\\d,])/g)) {
    if (Number(m[0]) <= 9999) continue;
    if (NAMED.test(prose.slice(Math.max(0, m.index - 14), m.index))) continue;
    problems.push("raw number " + m[0] + ": …" + around(prose, m.index, m[0].length) + "…");
  }
  // An amount of $10 m or more written out in full ("$3,979,060,000", "USD 400,000,000", "1,200,000,000 CNY") outside a
  // table: prose says it scaled, as src/lib/format.ts does ("$3.98 bn"); the exact amount belongs in a table.
  for (const m of prose.matchAll(/(?:(?:\\$|\\b(?:USD|CNY|US\\$)\\s?)(\\d{1,3}(?:,\\d{3})+)(?:\\.\\d+)?|\\b(\\d{1,3}(?:,\\d{3})+)(?:\\.\\d+)?\\s?(?:USD|CNY|dollars|yuan)\\b)/g)) {
    if (Number((m[1] ?? m[2]).replaceAll(",", "")) < 1e7) continue;
    problems.push("amount in full " + m[0] + ": …" + around(prose, m.index, m[0].length) + "…");
  }
  for (const m of all.matchAll(/\\b[\\w-]+\\.(csv|json|arrow|parquet|zip|ts|js|md)\\b|\\bdata\\/[\\w/.-]+/gi)) problems.push("file name " + m[0] + ": …" + around(all, m.index, m[0].length) + "…");
  for (const m of all.matchAll(/(?<![\\w/-])[a-z][a-z0-9]*_[a-z][a-z0-9_]*\\b/g)) problems.push("raw code " + m[0] + ": …" + around(all, m.index, m[0].length) + "…");
  // Single-word codes of the data's closed lists that are not English (US instrument and China region codes): a
  // reader gets their labels ("technology investment agreement", "Baotou"), never the code.
  for (const m of all.matchAll(/(?<![\\w./-])(tia|loi|baotou|xilingol)(?![\\w.-])/g)) problems.push("raw code " + m[0] + ": …" + around(all, m.index, m[0].length) + "…");
  for (const m of all.matchAll(/\\b(dossier|TODO|FIXME|TBD|source_id)\\b/gi)) problems.push("working note \\"" + m[0] + "\\": …" + around(all, m.index, m[0].length) + "…");
  const lower = all.toLowerCase();
  for (const id of ids) {
    const i = lower.indexOf(id.toLowerCase());
    if (i >= 0) problems.push("source id " + id + ": …" + around(all, i, id.length) + "…");
  }
  return problems;
}`;
