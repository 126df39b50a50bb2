// Checks the documentation's links the way GitHub renders them: every relative link or image must name a file in
// the repository, every `#anchor` a heading of its target page (GitHub's heading ids), and every `npm run X` shown
// must be a script in package.json.
import {existsSync, readFileSync, statSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";

/** GitHub's id for a heading: lowercase, punctuation dropped, spaces to hyphens; repeats get -1, -2, … */
export function headingIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown).split("\n")) {
    const m = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = (m[1] ?? "").replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n ? `${base}-${n}` : base);
  }
  return ids;
}

/** The text with fenced code blocks blanked (line numbers kept). */
function withoutFences(markdown: string): string {
  return markdown.replace(/^ {0,3}(```|~~~)[^\n]*\n[\s\S]*?^ {0,3}\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, " "));
}

/** The text with fenced code blocks and inline code spans blanked (links there are not links). */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, (span) => " ".repeat(span.length));
}

export interface LinkProblem {
  file: string;
  line: number;
  target: string;
  problem: string;
}

/** Every broken relative link or anchor in the given markdown files (paths relative to root). */
export function brokenLinks(root: string, files: string[]): LinkProblem[] {
  const problems: LinkProblem[] = [];
  for (const file of files) {
    const text = withoutCode(readFileSync(join(root, file), "utf8"));
    text.split("\n").forEach((line, i) => {
      for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        const target = m[1] ?? "";
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:: not ours to check
        const [path, anchor] = target.split("#", 2) as [string, string | undefined];
        const abs = path ? resolve(dirname(join(root, file)), decodeURI(path)) : join(root, file);
        const at = {file, line: i + 1, target};
        if (relative(root, abs).startsWith("..")) problems.push({...at, problem: "points outside the repository"});
        else if (!existsSync(abs)) problems.push({...at, problem: "no such file"});
        else if (anchor !== undefined) {
          if (statSync(abs).isDirectory() || !abs.endsWith(".md")) problems.push({...at, problem: "an anchor on something that is not a markdown page"});
          else if (!headingIds(readFileSync(abs, "utf8")).has(anchor)) problems.push({...at, problem: `no heading with the id "${anchor}"`});
        }
      }
    });
  }
  return problems;
}

/** Every `npm run NAME` (and `npm test`) the files show whose script package.json does not define. */
export function unknownScripts(root: string, files: string[], scripts: Record<string, string>): {file: string; line: number; script: string}[] {
  const unknown: {file: string; line: number; script: string}[] = [];
  for (const file of files)
    readFileSync(join(root, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        for (const m of line.matchAll(/\bnpm (?:run(?:-script)? ([\w:.-]+)|(test)\b)/g)) {
          const script = (m[1] ?? m[2] ?? "").replace(/[.:]+$/, "");
          if (!(script in scripts)) unknown.push({file, line: i + 1, script});
        }
      });
  return unknown;
}
