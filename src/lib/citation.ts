// How a source is named on pages and in downloads: the original document (issuer, number, date) and, apart, where it
// was read. A copy's domain is never the publisher: a document read on a copy reads "MIIT, …; read via a copy".
import {COPY_KINDS, READ_KINDS, type ReadKind} from "./taxonomy.js";

export interface Citable {
  issuer: string;
  doc_number: string | null;
  published: string | null;
  read_kind: string;
  read_via: string | null;
  single_copy?: boolean | null;
}

const VIA: Record<ReadKind, string> = {
  issuer: "read on the issuer's site",
  official_copy: "read via an official copy",
  news: "read via a news report",
  company: "read via a company release",
  aggregator: "read via an aggregator",
  copy: "read via a copy",
  repository: "read via a data repository"
};

function isReadKind(k: string): k is ReadKind {
  return (READ_KINDS as readonly string[]).includes(k);
}

/** "read via a copy" (nothing when read on the issuer's own site); "read via a single copy" when nothing corroborates it. */
export function wherePhrase(s: Pick<Citable, "read_kind" | "read_via" | "single_copy">): string {
  if (!isReadKind(s.read_kind) || (s.read_kind !== "repository" && !s.read_via)) return "";
  if (s.read_kind === "issuer") return "";
  return s.single_copy && COPY_KINDS.includes(s.read_kind) ? VIA[s.read_kind].replace(/ an? /, " a single ") : VIA[s.read_kind];
}

/** "Ministry of Industry and Information Technology (MIIT), 财建〔2021〕2号, 2021-02-03" — who issued it, its number and date. */
export function issuerLine(s: Pick<Citable, "issuer" | "doc_number" | "published">): string {
  return [s.issuer, s.doc_number, s.published].filter(Boolean).join(", ");
}
