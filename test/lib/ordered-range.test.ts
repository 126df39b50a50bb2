// @vitest-environment jsdom
// orderedRange (src/components/controls.ts): a reversed from–to pair is swapped in the controls themselves, with a note.
import {expect, test} from "vitest";
import {orderedRange} from "../../src/components/controls.ts";

/** A stand-in for an Inputs.form: an element whose `value` object is read and written as a whole. */
function fakeForm(value: Record<string, unknown>) {
  const el = document.createElement("form") as HTMLFormElement & {value: Record<string, unknown>};
  let v = {...value};
  Object.defineProperty(el, "value", {get: () => v, set: (x: Record<string, unknown>) => (v = {...x})});
  return el;
}

test("a reversed range from the URL is swapped at once, shown in a note, and reported as an input", () => {
  const form = fakeForm({from: 2020, to: 2005, agency: "DoD"});
  let inputs = 0;
  form.addEventListener("input", () => inputs++);
  orderedRange(form, "from", "to");
  expect(form.value).toEqual({from: 2005, to: 2020, agency: "DoD"});
  const note = form.querySelector("[role=status]") as HTMLElement;
  expect(note.hidden).toBe(false);
  expect(note.textContent).toBe("From 2020 to 2005 is reversed: showing 2005–2020.");
  expect(inputs).toBe(1);
});

test("an ordered range is left alone; a later reversal by the reader is corrected, and the note goes once it is fixed", () => {
  const form = fakeForm({from: 2021, to: 2025});
  orderedRange(form, "from", "to");
  const note = form.querySelector("[role=status]") as HTMLElement;
  expect(form.value).toEqual({from: 2021, to: 2025});
  expect(note.hidden).toBe(true);
  form.value = {from: 2025, to: 2021};
  form.dispatchEvent(new Event("input"));
  expect(form.value).toEqual({from: 2021, to: 2025});
  expect(note.hidden).toBe(false);
  expect(note.textContent).toBe("From 2025 to 2021 is reversed: showing 2021–2025.");
  form.value = {from: 2022, to: 2024};
  form.dispatchEvent(new Event("input"));
  expect(note.hidden).toBe(true);
  // equal years are a range of one year, not reversed
  form.value = {from: 2023, to: 2023};
  form.dispatchEvent(new Event("input"));
  expect(form.value).toEqual({from: 2023, to: 2023});
  expect(note.hidden).toBe(true);
});
