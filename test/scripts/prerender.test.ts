// The HTML rewrites after Framework's build: answers preload (scripts/preload.ts), prerendered charts
// (scripts/prerender.ts) and the style-attribute hashes the CSP step adds for them (scripts/csp.ts).
import {describe, expect, test} from "vitest";
import {sha256Source, styleAttributes, withCsp} from "../../scripts/csp.ts";
import {withAnswersPreload} from "../../scripts/preload.ts";
import {URL_STATE_SCRIPT, markInline, withPrerendered} from "../../scripts/prerender.ts";

const PAGE = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<link rel="modulepreload" href="./_observablehq/client.js">
<script type="module">
registerFile("./data/answers/china.json", {"name":"./data/answers/china.json","mimeType":"application/json","path":"./_file/data/answers/china.0123abcd.json","size":9});
</script>
</head>
<body><main>
<div class="observablehq observablehq--block"><!--:aa11:--></div>
<p>Named <observablehq-loading></observablehq-loading><!--:bb22:--> batches.</p>
<div class="observablehq observablehq--block"><!--:cc33:--></div>
</main></body>
</html>`;

describe("answers preload", () => {
  test("one preload link per registered answers file, before the first module preload", () => {
    const out = withAnswersPreload(PAGE, "china.html");
    expect(out).toContain(`<link rel="preload" href="./_file/data/answers/china.0123abcd.json" as="fetch" crossorigin="anonymous">\n<link rel="modulepreload"`);
    expect(out.match(/rel="preload"/g)).toHaveLength(1);
  });

  test("a page that reads no answers is unchanged", () => {
    const page = PAGE.replace(/registerFile\([^\n]*\n/, "");
    expect(withAnswersPreload(page, "x.html")).toBe(page);
  });
});

describe("prerendered charts", () => {
  const cell = {id: "cc33", html: `<figure><div style="position: relative;"><svg width="10"></svg></div></figure>`};

  test("a cell's output goes into a placeholder before its root comment; other cells are untouched", () => {
    const out = withPrerendered(PAGE, [cell], "china.html");
    expect(out).toContain(`<div class="observablehq observablehq--block"><observablehq-loading class="re-prerendered">${cell.html}</observablehq-loading><!--:cc33:--></div>`);
    expect(out).toContain(`<div class="observablehq observablehq--block"><!--:aa11:--></div>`);
    expect(out).toContain(`<observablehq-loading></observablehq-loading><!--:bb22:-->`);
    expect(out).toContain(`<script>${URL_STATE_SCRIPT}</script>\n</head>`);
  });

  test("inline values go into their placeholder; markInline marks inline roots only, empty or prerendered", () => {
    const out = withPrerendered(PAGE, [], "china.html", [{id: "bb22", html: "7"}]);
    expect(out).toContain(`<p>Named <observablehq-loading class="re-prerendered">7</observablehq-loading><!--:bb22:--> batches.</p>`);
    expect(markInline(PAGE)).toContain(`<p>Named <!--re:bb22--><observablehq-loading></observablehq-loading><!--:bb22:-->`);
    expect(markInline(out)).toContain(`<p>Named <!--re:bb22--><observablehq-loading class="re-prerendered">7</observablehq-loading><!--:bb22:-->`);
    const withChart = withPrerendered(PAGE, [cell], "china.html");
    expect(markInline(withChart).match(/<!--re:/g)).toHaveLength(1);
  });

  test("no cells: the page is unchanged (no URL-state script either)", () => {
    expect(withPrerendered(PAGE, [], "x.html")).toBe(PAGE);
  });

  test("a cell id that is not one empty block root fails, naming the page and the cell", () => {
    expect(() => withPrerendered(PAGE, [{id: "bb22", html: "7"}], "china.html")).toThrow("china.html: cell bb22 is not exactly one empty block root in the HTML");
  });

  test("the CSP allows exactly the prerendered style attributes, by hash", () => {
    const out = withPrerendered(PAGE, [cell], "china.html");
    expect(styleAttributes(out)).toEqual(["position: relative;"]);
    // 'position: relative;' hashed by hand: printf 'position: relative;' | openssl dgst -sha256 -binary | base64
    expect(sha256Source("position: relative;")).toBe("'sha256-T6AAKdWxO6p6GZVyzGAJDSLhOoPuuoZ6LlqMX153CvM='");
    const csp = /content="([^"]*)"/.exec(withCsp(out, "china.html", []))![1]!;
    const attr = csp.split("; ").find((d) => d.startsWith("style-src-attr"))!;
    expect(attr).toContain("'sha256-T6AAKdWxO6p6GZVyzGAJDSLhOoPuuoZ6LlqMX153CvM='");
  });

  test("entities in style attributes are hashed as the browser reads them", () => {
    expect(styleAttributes(`<p style="font-family: &quot;a&quot;;">`)).toEqual([`font-family: "a";`]);
  });
});
