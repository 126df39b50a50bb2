// Build-time answers (see src/lib/answers.ts): every page's default queries (src/queries/plans.ts), run with
// DuckDB-WASM in Node over the same tables the pages load, written as one JSON file per page inside a zip that
// Framework unpacks on demand (FileAttachment("data/answers/<page>.json")). One process answers every page.
// A query is run once per build however many pages ask it (391 asks, 204 distinct queries), and `npm run dev`, which
// keeps its SiteBuild and engine across saves, runs again only the queries that name a table whose content the save
// changed (SiteBuild.heldVersions): the rest keep their rows, which are what the engine would return again.
import JSZip from "jszip";
import {SiteBuild, type Database} from "./site.ts";
import type {NodeDatabase} from "./wasm-db.ts";
import {answersFile, type AnswersFile} from "../src/lib/answers.ts";
import type {Row} from "../src/lib/rows.ts";
import {PAGE_PLANS} from "../src/queries/plans.ts";
import type {Query} from "../src/queries/query.ts";

/** Every table any page loads, under the names the pages give them (from `site`'s tables when given). */
export function openAllTables(site: SiteBuild = new SiteBuild()): Promise<NodeDatabase> {
  return site.allTables();
}

/** The names among `tables` that the SQL text mentions as a word: every table the query can read (and perhaps a
 * column or alias of the same name, which only makes it run again more often). */
export function tablesNamed(sql: string, tables: Iterable<string>): string[] {
  const words = new Set(sql.toLowerCase().match(/[a-z_][a-z0-9_$]*/g));
  return [...tables].filter((t) => words.has(t.toLowerCase()));
}

/** Rows answered in one engine, by SQL text and parameters, with the versions of the tables the SQL names then. */
type AnswerCache = Map<string, {rows: Row[]; tables: [string, number | undefined][]}>;
const caches = new WeakMap<Database, AnswerCache>();

/** Rows shared by every plan that asks the same query: frozen, so a plan that changed them would fail (strict mode)
 * instead of changing another page's answers. */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Run each page's plan, recording every query and its rows. With `held` (what the engine holds: table name → version,
 * SiteBuild.heldVersions), rows already answered in `db` are reused while every table their SQL names keeps its
 * version (frozen: every plan that asks gets the same rows). */
export async function pageAnswers(db: Database, held?: ReadonlyMap<string, number>): Promise<AnswersFile[]> {
  let cache = held && caches.get(db);
  if (held && !cache) caches.set(db, (cache = new Map()));
  const run = async <T extends Row>(q: Query): Promise<T[]> => {
    if (!cache || !held) return db.query<T>(q);
    const key = JSON.stringify([q.sql, q.params]);
    const hit = cache.get(key);
    if (hit && hit.tables.every(([t, v]) => held.get(t) === v)) return hit.rows as T[];
    const rows = deepFreeze(await db.query<T>(q));
    cache.set(key, {rows, tables: tablesNamed(q.sql, held.keys()).map((t) => [t, held.get(t)])});
    return rows;
  };
  const out: AnswersFile[] = [];
  for (const [page, plan] of Object.entries(PAGE_PLANS)) {
    const answered: {query: Query; rows: Row[]}[] = [];
    await plan({
      async query<T extends Row = Row>(q: Query): Promise<T[]> {
        const rows = await run<T>(q);
        answered.push({query: q, rows});
        return rows;
      }
    });
    out.push(answersFile(page, answered));
  }
  return out;
}

/**
 * The zip Framework serves the answers from. RE_ANSWERS=off writes empty answer files, so every query runs live.
 */
export async function answersZip(site: SiteBuild<Database> = new SiteBuild()): Promise<Uint8Array> {
  const off = process.env.RE_ANSWERS === "off";
  let files: AnswersFile[];
  if (off) files = Object.keys(PAGE_PLANS).map((page) => answersFile(page, []));
  else {
    const db = await site.allTables();
    files = await pageAnswers(db, site.heldVersions(db));
  }
  const zip = new JSZip();
  // A fixed date keeps the archive byte-identical across builds of the same data. Stored, not deflated: the zip only
  // lives in Framework's cache (it serves the members), and deflating it was ~10% of a `npm run dev` save's rebuild.
  // Bytes, not a string: the same archive, without JSZip's UTF-8 encoder (~60 % of its time; Node's is native).
  for (const f of files) zip.file(`${f.page}.json`, Buffer.from(JSON.stringify(f)), {date: new Date(Date.UTC(2000, 0, 1))});
  return zip.generateAsync({type: "uint8array", compression: "STORE"});
}
