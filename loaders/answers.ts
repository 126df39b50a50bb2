// Build-time answers (see src/lib/answers.ts): every page's default queries (src/queries/plans.ts), run with
// DuckDB-WASM in Node over the same tables the pages load, written as one JSON file per page inside a zip that
// Framework unpacks on demand (FileAttachment("data/answers/<page>.json")). One process answers every page.
import JSZip from "jszip";
import {SiteBuild} from "./site.ts";
import type {NodeDatabase} from "./wasm-db.ts";
import {answersFile, type AnswersFile} from "../src/lib/answers.ts";
import type {Row} from "../src/lib/rows.ts";
import {PAGE_PLANS} from "../src/queries/plans.ts";
import type {Query} from "../src/queries/query.ts";

/** Every table any page loads, under the names the pages give them (from `site`'s tables when given). */
export function openAllTables(site: SiteBuild = new SiteBuild()): Promise<NodeDatabase> {
  return site.allTables();
}

/** Run each page's plan, recording every query and its rows. */
export async function pageAnswers(db: NodeDatabase): Promise<AnswersFile[]> {
  const out: AnswersFile[] = [];
  for (const [page, plan] of Object.entries(PAGE_PLANS)) {
    const answered: {query: Query; rows: Row[]}[] = [];
    await plan({
      query<T extends Row = Row>(q: Query): T[] {
        const rows = db.query<T>(q);
        answered.push({query: q, rows});
        return rows;
      }
    });
    out.push(answersFile(page, answered));
  }
  return out;
}

/**
 * The zip Framework serves the answers from. RE_ANSWERS=off (set by `npm run dev`, whose loader cache can hold
 * tables older than the answers) writes empty answer files, so every query runs live.
 */
export async function answersZip(site: SiteBuild = new SiteBuild()): Promise<Uint8Array> {
  const off = process.env.RE_ANSWERS === "off";
  const files = off
    ? Object.keys(PAGE_PLANS).map((page) => answersFile(page, []))
    : await pageAnswers(await openAllTables(site));
  const zip = new JSZip();
  // A fixed date keeps the archive byte-identical across builds of the same data. Stored, not deflated: the zip only
  // lives in Framework's cache (it serves the members), and deflating it was ~10% of a `npm run dev` save's rebuild.
  for (const f of files) zip.file(`${f.page}.json`, JSON.stringify(f), {date: new Date(Date.UTC(2000, 0, 1))});
  return zip.generateAsync({type: "uint8array", compression: "STORE"});
}
