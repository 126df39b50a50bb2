// docs/routes.md lists every route the site builds (SITE_PATHS: the overview, the site map and one page per stage of
// the taxonomy), and nothing else: a stage or page added without its line here fails.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {SITE_PATHS} from "../../observablehq.config.ts";

test("docs/routes.md lists exactly the routes the site builds", () => {
  const doc = readFileSync(join(ROOT, "docs/routes.md"), "utf8");
  const listed = [...doc.matchAll(/^\| `(\/[a-z/]*)` \|/gm)].map((m) => m[1]!);
  expect([...listed].sort()).toEqual([...SITE_PATHS].sort());
});
