// The engine knows no case by name (issue 24): no string literal in the TypeScript of src/, loaders/ and scripts/ (and
// the JavaScript cells of the pages, and the site's configuration) equals a stage, tier or case id of any case, the
// shipped ones (data/cases/*) and the test ones (test/fixtures/cases/*). Everything case-specific comes from the case
// folder (src/lib/case.ts, the case's data and text). The vendor bundles are generated third-party code: not scanned.
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {join, relative} from "node:path";
import ts from "typescript";
import {describe, expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";

interface CaseIds {
  folder: string;
  ids: Map<string, string>; // id → what it is ("stage of data/cases/x")
}

function caseFolders(): string[] {
  const parents = [join(ROOT, "data/cases"), join(ROOT, "test/fixtures/cases")];
  return parents.flatMap((p) => (existsSync(p) ? readdirSync(p, {withFileTypes: true}).filter((e) => e.isDirectory() && existsSync(join(p, e.name, "case.json"))).map((e) => join(p, e.name)) : []));
}

function caseIds(folder: string): CaseIds {
  const json = JSON.parse(readFileSync(join(folder, "case.json"), "utf8")) as {id: string; stages: {id: string}[]; tiers?: {id: string}[]};
  const where = relative(ROOT, folder);
  const ids = new Map<string, string>([[json.id, `the case id of ${where}`]]);
  for (const s of json.stages) ids.set(s.id, `a stage of ${where}`);
  for (const t of json.tiers ?? []) ids.set(t.id, `a tier of ${where}`);
  return {folder: where, ids};
}

const SKIP_DIRS = new Set(["node_modules", "vendor", ".observablehq", "_dev"]);

function files(dir: string, keep: RegExp): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? (SKIP_DIRS.has(e.name) ? [] : files(join(dir, e.name), keep)) : keep.test(e.name) ? [join(dir, e.name)] : []
  );
}

/** The sources to scan: [path relative to the root, TypeScript text, first line of the text in the file]. */
function sources(): [string, string, number][] {
  const out: [string, string, number][] = [];
  for (const f of [...["src", "loaders", "scripts"].flatMap((d) => files(join(ROOT, d), /\.(ts|mts|mjs|js)$/)), join(ROOT, "observablehq.config.ts")]) {
    out.push([relative(ROOT, f), readFileSync(f, "utf8"), 1]);
  }
  // A page's JavaScript: its ```js fenced cells (the Markdown prose is the case's text, not code).
  for (const f of files(join(ROOT, "src"), /\.md$/)) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/^```js[^\n]*\n([\s\S]*?)^```/gm)) {
      out.push([relative(ROOT, f), m[1]!, text.slice(0, m.index).split("\n").length + 1]);
    }
  }
  return out;
}

/** Every string literal (and template literal without substitutions) whose text is one of `ids`, and every property
 * named by one as a bare word (`{little_giant: 1}`, `firms.little_giant`): a key is a name too. */
export function literalsNamed(file: string, text: string, firstLine: number, ids: ReadonlyMap<string, string>): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && ids.has(n.text)) {
      const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + firstLine;
      found.push(`${file}:${line}: "${n.text}" (${ids.get(n.text)})`);
    }
    const named = ts.isPropertyAssignment(n) || ts.isPropertySignature(n) || ts.isPropertyAccessExpression(n) || ts.isShorthandPropertyAssignment(n) || ts.isPropertyDeclaration(n);
    if (named && ts.isIdentifier(n.name) && ids.has(n.name.text)) {
      const line = sf.getLineAndCharacterOfPosition(n.name.getStart(sf)).line + firstLine;
      found.push(`${file}:${line}: .${n.name.text} (${ids.get(n.name.text)})`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe("the engine names no case, stage or tier", () => {
  const cases = caseFolders().map(caseIds);

  test("the shipped case is found (the check has something to check)", () => {
    expect(cases.length).toBeGreaterThanOrEqual(1);
    expect(cases.every((c) => c.ids.size >= 3)).toBe(true);
  });

  test("the check finds a literal and a property name it should, in code and in a type, and ignores a comment, a longer string and a variable", () => {
    const ids = new Map([["widgets", "a stage of a test case"]]);
    const text = `// widgets in a comment\nconst a = "widgets";\ntype T = Omit<X, "widgets">;\nconst b = "widgets-2";\nconst c = \`widgets\`;\nconst d = {widgets: 1, gadgets: 2};\nconst e = d.widgets + d.gadgets;\nconst widgets = 3;`;
    expect(literalsNamed("x.ts", text, 1, ids)).toEqual([
      'x.ts:2: "widgets" (a stage of a test case)',
      'x.ts:3: "widgets" (a stage of a test case)',
      'x.ts:5: "widgets" (a stage of a test case)',
      "x.ts:6: .widgets (a stage of a test case)",
      "x.ts:7: .widgets (a stage of a test case)"
    ]);
  });

  test("no string literal or property name in src/, loaders/, scripts/ or the pages' code equals a case, stage or tier id", () => {
    const all = new Map<string, string>();
    for (const c of cases) for (const [id, what] of c.ids) all.set(id, all.has(id) ? `${all.get(id)}; ${what}` : what);
    const found = sources().flatMap(([file, text, line]) => literalsNamed(file, text, line, all));
    expect(found, `take these from the case (src/lib/case.ts, the taxonomy, the case's data or text):\n${found.join("\n")}`).toEqual([]);
  });
});
