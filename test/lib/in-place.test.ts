// src/components/in-place.ts: a patched element ends up with exactly the new markup, and unchanged nodes stay the
// same objects (so the browser keeps their layout).
import {JSDOM} from "jsdom";
import {describe, expect, test} from "vitest";
import {inPlace, onChange, patchNode, updating} from "../../src/components/in-place.ts";

const {document} = new JSDOM("<!doctype html><body></body>").window;
const el = (markup: string) => {
  const t = document.createElement("template");
  t.innerHTML = markup;
  return t.content.firstElementChild!;
};

describe("patchNode", () => {
  test("changes only what differs: text, attributes, added and removed children", () => {
    const shown = el(`<table id="t"><tr><td><span data-value="5">5.0</span></td><td class="a">note</td></tr><tr><td>x</td></tr></table>`);
    document.body.append(shown);
    const keptCell = shown.querySelector("td.a")!;
    const keptText = keptCell.firstChild!;
    const next = el(`<table id="t"><tr><td><span data-value="7">7.0</span></td><td class="a">note</td></tr><tr><td title="y">x</td><td>new</td></tr><tr><td>3</td></tr></table>`);
    const expected = next.outerHTML;
    patchNode(shown, next);
    expect(shown.outerHTML).toBe(expected);
    expect(shown.querySelector("td.a")).toBe(keptCell);
    expect(keptCell.firstChild).toBe(keptText);
    patchNode(shown, el(`<table id="t" class="c"><tr><td>only</td></tr></table>`));
    expect(shown.outerHTML).toBe(`<table id="t" class="c"><tbody><tr><td>only</td></tr></tbody></table>`);
  });

  test("a node of another kind is replaced", () => {
    const shown = el(`<p><span>a</span>b</p>`);
    patchNode(shown, el(`<p><em>a</em><strong>b</strong></p>`));
    expect(shown.outerHTML).toBe(`<p><em>a</em><strong>b</strong></p>`);
  });
});

describe("inPlace and onChange", () => {
  test("inPlace displays once, then patches the element shown; again after it left the page", () => {
    const shown: Element[] = [];
    const display = (e: Element) => {
      document.body.append(e);
      shown.push(e);
    };
    const show = inPlace();
    show(el(`<div class="kpis"><span>1</span></div>`), display);
    show(el(`<div class="kpis"><span>2</span></div>`), display);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.outerHTML).toBe(`<div class="kpis"><span>2</span></div>`);
    shown[0]!.remove();
    show(el(`<div class="kpis"><span>3</span></div>`), display);
    expect(shown).toHaveLength(2);
  });

  test("onChange makes and displays only when the key changes", () => {
    let made = 0;
    const shown: Element[] = [];
    const display = (e: Element) => {
      document.body.append(e);
      shown.push(e);
    };
    const show = onChange();
    const make = () => (made++, el(`<div>note</div>`));
    show("a", make, display);
    show("a", make, display);
    expect([made, shown.length]).toEqual([1, 1]);
    show("b", make, display);
    expect([made, shown.length]).toEqual([2, 2]);
  });
});

describe("updating", () => {
  test("updates on every call, displays only when the element is not on the page", () => {
    const root = document.createElement("div");
    document.body.append(root);
    const element = document.createElement("p");
    const show = updating(element, (n: number) => (element.textContent = String(n)));
    const displayed: Element[] = [];
    const display = (e: Element) => (displayed.push(e), root.append(e));
    show(1, display);
    expect(displayed).toEqual([element]);
    expect(root.innerHTML).toBe("<p>1</p>");
    show(2, display);
    expect(displayed.length).toBe(1);
    expect(root.innerHTML).toBe("<p>2</p>");
    element.remove(); // e.g. an error shown in its place
    show(3, display);
    expect(displayed.length).toBe(2);
    expect(root.innerHTML).toBe("<p>3</p>");
    root.remove();
  });
});
