// A chart redrawn in place: the page displays the element once, and the cell that computes the chart's data calls
// update(data). Framework's resize() sits in the cell that displays it, so every change of the data replaced the
// figure with an empty <div> that drew only once the browser had laid out the page again (a ResizeObserver callback):
// two style and layout passes per change on a long page. Here the chart is drawn at once, at the width last measured,
// and only the chart's own element is replaced; a width change (ResizeObserver) redraws it with the latest data.
// `render` gets the element it replaces, so it may update that element in place and return it.

export type LiveChart<T> = HTMLDivElement & {update(data: T): void; drawAt(width: number): Element | null; latest(): T | null};

export function liveChart<T>(render: (data: T, width: number, current: Element | null) => Element): LiveChart<T> {
  const div = document.createElement("div") as LiveChart<T>;
  // Through the CSSOM, as resize() does (the Content-Security-Policy blocks inline style attributes).
  div.style.position = "relative";
  let data: {value: T} | null = null;
  let width = 0;
  const draw = () => {
    if (data === null || width <= 0) return;
    const current = div.firstElementChild;
    const next = render(data.value, width, current);
    if (next === current) return;
    if (current) current.replaceWith(next);
    else div.append(next);
  };
  new ResizeObserver(([entry]) => {
    const w = entry!.contentRect.width;
    if (w === width) return;
    width = w;
    draw();
  }).observe(div);
  // A fresh drawing with the latest data at another width (the chart's image, src/components/chart-export.ts).
  div.drawAt = (w: number) => (data === null ? null : render(data.value, w, null));
  // The data last drawn (e.g. for the image's subtitle), so the cell that displays the chart need not read it.
  div.latest = () => (data === null ? null : data.value);
  div.update = (value: T) => {
    data = {value};
    draw();
  };
  return div;
}
