// scripts/csp.ts: the policy the build writes into every page.
import {describe, expect, test} from "vitest";
import {HTL_PLACEHOLDERS, inlineScripts, plotStyles, policy, sha256Source, withCsp} from "../../scripts/csp.ts";

const PAGE = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>t</title>
<script type="module" src="./a.js"></script>
<script type="module">
import {x} from "./x.js";
</script>
</head>
<body><script>{const e=1;}</script></body>
</html>`;

describe("inline script hashes", () => {
  test("only scripts without src, with their exact text", () => {
    expect(inlineScripts(PAGE)).toEqual(['\nimport {x} from "./x.js";\n', "{const e=1;}"]);
  });

  test("sha256 in CSP source syntax (the empty string's well-known hash)", () => {
    expect(sha256Source("")).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  });
});

describe("the policy", () => {
  const p = policy(["'sha256-b'", "'sha256-a'", "'sha256-a'"], ["'sha256-s'"]);
  const directives = new Map(p.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

  test("scripts: self and exactly the given hashes, sorted and deduplicated; no inline, no eval", () => {
    expect(directives.get("script-src")).toEqual(["'self'", "'report-sample'", "'sha256-a'", "'sha256-b'"]);
    expect(p).not.toContain("'unsafe-inline'");
    expect(p).not.toContain("'unsafe-eval'");
    expect(p).not.toContain("*");
  });

  test("inline attributes: only htl's placeholders ::1 … ::9, by hash", () => {
    const placeholders = HTL_PLACEHOLDERS.map(sha256Source).sort();
    expect(HTL_PLACEHOLDERS).toEqual(["::1", "::2", "::3", "::4", "::5", "::6", "::7", "::8", "::9"]);
    expect(directives.get("script-src-attr")).toEqual(["'report-sample'", "'unsafe-hashes'", ...placeholders]);
    expect(directives.get("style-src-attr")).toEqual(["'report-sample'", "'unsafe-hashes'", ...placeholders]);
  });

  test("everything else from the site itself only", () => {
    expect(directives.get("default-src")).toEqual(["'self'"]);
    expect(directives.get("style-src-elem")).toEqual(["'self'", "'report-sample'", "'sha256-s'"]);
    expect(directives.get("style-src")).toEqual(["'self'"]);
    expect(directives.get("worker-src")).toEqual(["'self'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
    expect(directives.get("img-src")).toEqual(["'self'", "data:"]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("base-uri")).toEqual(["'self'"]);
    expect(directives.get("form-action")).toEqual(["'self'"]);
  });

  test("Plot's <style> elements, rendered with the installed Plot", () => {
    const styles = plotStyles();
    expect(styles).toHaveLength(3);
    for (const s of styles) expect(s).toMatch(/^:where\(\.plot-[0-9a-f]{6}(-swatches)?\) \{/);
  });
});

describe("withCsp", () => {
  test("inserts the meta right after <meta charset>, before any script or stylesheet", () => {
    const html = withCsp(PAGE, "page", []);
    const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(inlineScripts(PAGE).map(sha256Source), [])}">`;
    expect(html).toBe(PAGE.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n${meta}`));
  });

  test("refuses a page that already has a policy, or has no head", () => {
    expect(() => withCsp(withCsp(PAGE, "page", []), "again.html", [])).toThrow("again.html: already has a Content-Security-Policy");
    expect(() => withCsp("<p>no head</p>", "bare.html", [])).toThrow("bare.html: no <head> to put the Content-Security-Policy in");
  });
});
