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
