/**
 * What a value-chain stage is, in one sentence, from the chain's data (data/cases/<case>/chain/: the stage's note and the edges
 * that touch it): "Ore to mineral concentrate. It follows Exploration and feeds Separation & refining; beside it:
 * By-products, Industrial support & equipment." Pure and isomorphic.
 */
import {STAGE_LABELS, type StageOrUnknown} from "./taxonomy.js";

export interface ChainEdgeRow {
  from: string;
  to: string;
  kind: string;
}

const label = (s: string) => STAGE_LABELS[s as StageOrUnknown] ?? s;
const list = (xs: readonly string[]) => (xs.length <= 2 ? xs.join(" and ") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`);

export function stageSentence(stage: string, note: string | null, edges: readonly ChainEdgeRow[]): string {
  const on = edges.filter((e) => e.kind === "flow" || e.kind === "feedback");
  const after = on.filter((e) => e.to === stage).map((e) => label(e.from));
  const feeds = on.filter((e) => e.from === stage && e.kind === "flow").map((e) => label(e.to));
  const back = on.filter((e) => e.from === stage && e.kind === "feedback").map((e) => label(e.to));
  const beside = edges.filter((e) => e.kind === "beside" && (e.from === stage || e.to === stage)).map((e) => label(e.from === stage ? e.to : e.from));
  const what = note ? `${note.charAt(0).toUpperCase()}${note.slice(1)}.` : `${label(stage)}.`;
  const flow = [after.length ? `follows ${list(after)}` : "", feeds.length ? `feeds ${list(feeds)}` : "", back.length ? `feeds back into ${list(back)}` : ""].filter(Boolean);
  const onChain = after.length + feeds.length + back.length > 0;
  const tail = onChain
    ? ` It ${list(flow)}${beside.length ? `; beside it: ${beside.join(", ")}` : ""}.`
    : beside.length ? ` Beside the chain, next to ${list(beside)}.` : "";
  return what + tail;
}
