// Every control has a name a screen reader reads. Observable Inputs label a slider's number box (<label for>) but
// not the slider beside it; here such a control is named after its input's label ("Little giant (slider)").

/** Give each input, select or textarea in `root` that has no label an aria-label from its Inputs form's <label>. */
export function nameControls<T extends Element>(root: T): T {
  for (const el of root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea")) {
    // (`labels` is empty while the form is not in a document yet: look for the <label> itself.)
    const labelled = el.closest("label") !== null || (el.id !== "" && root.querySelector(`label[for="${CSS.escape(el.id)}"]`) !== null);
    if (labelled || (el.labels && el.labels.length > 0) || el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby") || (el as HTMLInputElement).type === "hidden") continue;
    const label = el.closest("form")?.querySelector(":scope > label")?.textContent?.trim();
    if (label) el.setAttribute("aria-label", (el as HTMLInputElement).type === "range" ? `${label} (slider)` : label);
  }
  return root;
}

/**
 * Keep a from–to pair of an Inputs.form in order, visibly: when `from` is after `to` (a URL such as
 * `?from=2020&to=2005`, or a reader picking a later start), the two controls are swapped so they show the range that
 * is used, and a note under them says what was corrected ("From 2020 to 2005 is reversed: showing 2005–2020"). Use
 * it outside bindUrl (`orderedRange(bindUrl(Inputs.form(…), …), "from", "to")`): the query string then records the
 * corrected range.
 */
export function orderedRange<T extends HTMLElement & {value: Record<string, unknown>}>(form: T, from: string, to: string): T {
  const note = document.createElement("p");
  note.className = "range-note muted";
  note.setAttribute("role", "status");
  note.setAttribute("data-testid", `range-note-${from}-${to}`);
  note.hidden = true;
  form.append(note);
  const order = (): boolean => {
    const v = form.value;
    const a = v[from];
    const b = v[to];
    if (typeof a !== "number" || typeof b !== "number" || a <= b) return false;
    form.value = {...v, [from]: b, [to]: a};
    note.textContent = `From ${a} to ${b} is reversed: showing ${b}–${a}.`;
    note.hidden = false;
    return true;
  };
  // A reversed range in the URL: corrected now; an input event lets bindUrl record the corrected range.
  if (order()) form.dispatchEvent(new Event("input", {bubbles: true}));
  form.addEventListener("input", () => {
    if (!order()) note.hidden = true;
  });
  return form;
}
