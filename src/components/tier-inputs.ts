// China's pipeline tiers as inputs (/gaps' support sliders, /scenarios' growth and support sliders): which tiers, in
// what order, with what label, URL code, maximum and step, all from the case (case.json `tiers[].inputs`).
import {Inputs} from "./libs.js";
import {CASE, type CaseTierInputs} from "../lib/case.js";
import {tierValue, type PipelineTier, type TierSupport} from "../lib/gaps.js";
import {bindUrl, type Codec} from "./url-state.js";

export interface TierInput {
  id: PipelineTier;
  /** The tier's short name ("Little giants"). */
  label: string;
  /** The tier as one firm, capitalised ("Little giant"). */
  one: string;
  inputs: CaseTierInputs;
}

/** The case's pipeline tiers as inputs, highest first. */
export const TIER_INPUTS: readonly TierInput[] = CASE.tiers
  .filter((t) => t.pipeline)
  .map((t) => {
    if (!t.inputs) throw new Error(`the case's pipeline tier "${t.id}" has no inputs (case.json tiers[].inputs)`);
    return {id: t.id, label: t.short, one: t.one.charAt(0).toUpperCase() + t.one.slice(1), inputs: t.inputs};
  })
  .reverse();

/** /gaps' per-firm support sliders (CNY per designation, central value), starting at the assumed central values;
 * bound to the URL by each tier's code. The value: central CNY by tier. */
export function supportForm(assumed: Readonly<Record<PipelineTier, TierSupport>>): HTMLElement & {value: Record<PipelineTier, number>} {
  const form = Inputs.form(
    Object.fromEntries(
      TIER_INPUTS.map((t) => [t.id, Inputs.range([0, t.inputs.support_max_cny], {label: t.one, step: t.inputs.support_step_cny, value: tierValue(assumed, t.id, "assumed support").central_cny})])
    )
  );
  const keys: Record<string, [string, Codec]> = Object.fromEntries(TIER_INPUTS.map((t) => [t.id, [t.inputs.code, "number"]]));
  return bindUrl(form, keys) as HTMLElement & {value: Record<PipelineTier, number>};
}
