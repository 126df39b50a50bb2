// The README is the front door and docs/ holds the rest: every relative link and #anchor in them must resolve, and
// every `npm run X` they show must exist, or a reader following them hits a dead end.
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {brokenLinks, headingIds, unknownScripts} from "../helpers/markdown-links.ts";

/** The Markdown under data/ (the cases' data guides and texts) and the fixture cases: their links must resolve too. */
const dataDocs = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? dataDocs(`${dir}/${e.name}`) : e.name.endsWith(".md") ? [`${dir}/${e.name}`] : []));
const docs = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`), ...dataDocs("data")];
const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {scripts: Record<string, string>}).scripts;

describe("README and docs/", () => {
  test("every relative link and anchor resolves", () => {
    expect(docs.length).toBeGreaterThan(5);
    expect(brokenLinks(ROOT, docs)).toEqual([]);
  });

  test("every npm run command shown exists in package.json", () => {
    expect(unknownScripts(ROOT, docs, scripts)).toEqual([]);
  });

  test("the README is a front door: at most 150 lines, a screenshot, the two commands, a link to every docs page", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme.trimEnd().split("\n").length).toBeLessThanOrEqual(150);
    expect(readme).toMatch(/!\[[^\]]+\]\(docs\/[\w-]+\.png\)/);
    expect(readme).toContain("npm ci && npm run dev");
    expect(readme).toContain("npm ci && npm test");
    expect(readme).toContain("N passed, N failed");
    // Every docs page is reachable: from the README directly, or from the docs index the README links to.
    const index = readFileSync(join(ROOT, "docs/README.md"), "utf8");
    expect(readme).toContain("(docs/README.md)");
    for (const page of docs.filter((d) => d.startsWith("docs/") && d !== "docs/README.md"))
      expect(`${readme}\n${index}`, page).toMatch(new RegExp(`\\((?:docs/)?${page.slice(5).replace(".", "\\.")}[)#]`));
  });
});

describe("the checker", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));

  test("GitHub heading ids: punctuation dropped, code and links kept as text, repeats numbered", () => {
    // Worked by hand from GitHub's rendering of these headings.
    const ids = headingIds("# First view without DuckDB (build-time answers)\n## SBIR ingest (`npm run bench:sbir`)\n## Notes\n## Notes\n```\n# not a heading\n```\n### [Linked](x.md) & *more*");
    expect([...ids]).toEqual(["first-view-without-duckdb-build-time-answers", "sbir-ingest-npm-run-benchsbir", "notes", "notes-1", "linked--more"]);
  });

  test("finds a missing file, a missing anchor, a link outside the repository, and skips code and URLs", () => {
    const root = mkdtempSync(join(tmpdir(), "re-links-"));
    dirs.push(root);
    mkdirSync(join(root, "docs"));
    writeFileSync(join(root, "docs/a.md"), "# A\n## Good part\n");
    writeFileSync(
      join(root, "README.md"),
      [
        "[ok](docs/a.md) [ok](docs/a.md#good-part) [ok](#top) [web](https://example.com/x)",
        "[gone](docs/b.md) [bad anchor](docs/a.md#bad-part)",
        "`[code](nope.md)`",
        "```",
        "[fenced](nope.md)",
        "```",
        "![img](../outside.png)",
        "# Top"
      ].join("\n")
    );
    expect(brokenLinks(root, ["README.md", "docs/a.md"])).toEqual([
      {file: "README.md", line: 2, target: "docs/b.md", problem: "no such file"},
      {file: "README.md", line: 2, target: "docs/a.md#bad-part", problem: 'no heading with the id "bad-part"'},
      {file: "README.md", line: 7, target: "../outside.png", problem: "points outside the repository"}
    ]);
  });

  test("finds an npm run command that package.json lacks", () => {
    const root = mkdtempSync(join(tmpdir(), "re-scripts-"));
    dirs.push(root);
    writeFileSync(join(root, "x.md"), "`npm run build`, then `npm run deploy -- --now`.\n`npm test` and npm run bench:sbir.\n");
    expect(unknownScripts(root, ["x.md"], {build: "", test: "", "bench:sbir": ""})).toEqual([{file: "x.md", line: 1, script: "deploy"}]);
  });
});
