// The built site publishes exactly what the loaders produce from the inputs, at any time: every Arrow file in
// dist/_file/ (from `npm test`'s clean build, minutes or days ago) is byte-identical to a fresh run of its loader
// entrypoint now (for data/<folder>/*.arrow: that file in the zip src/data/<folder>.zip.ts writes), with the clock
// 1000 days ahead and another time zone. So two clean builds publish the same data.
import {createHash} from "node:crypto";
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {expect, test} from "vitest";
import {ROOT} from "../../loaders/paths.ts";
import {PERTURB, runLoaders} from "../helpers/loader-outputs.ts";

test("every Arrow file in dist/ equals a fresh run of its loader", async () => {
  const fresh = await runLoaders({TZ: "America/Los_Angeles"}, [PERTURB]);
  const dir = join(ROOT, "dist/_file/data");
  const files = (readdirSync(dir, {recursive: true}) as string[]).filter((f) => f.endsWith(".arrow")).sort();
  expect(files.length).toBeGreaterThanOrEqual(20);
  for (const f of files) {
    // Framework names the file <loader>.<first 8 hex of the content's sha256>.arrow
    const m = /^(.*)\.([0-9a-f]{8})\.arrow$/.exec(f);
    expect(m, f).not.toBeNull();
    const entry = `${m![1]}.arrow`;
    const bytes = readFileSync(join(dir, f));
    const published = `${createHash("sha256").update(bytes).digest("hex")} ${bytes.length}`;
    expect(fresh.outputs[entry], entry).toBe(published);
    expect(published.startsWith(m![2]!), f).toBe(true);
  }
}, 120_000);
