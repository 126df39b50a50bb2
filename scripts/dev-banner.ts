// `npm run dev` only (observablehq.config.ts adds it to every page's <head> when RE_DEV_STATUS is set): the page polls
// the data step's status (scripts/dev-data.ts writes src/_dev/status.json) and, while an input is invalid, shows the
// validation message once, above the page, and marks the figures below as stale (the last valid build); with no valid
// build yet, it hides the cells' "Unable to load file" errors, which the message explains. Outside <main>, which
// Framework's live reload patches by position.

/** Where the page fetches the status (Framework's preview serves src/_dev/status.json there). */
export const DEV_STATUS_URL = "/_file/_dev/status.json";

const script = `
const url = ${JSON.stringify(DEV_STATUS_URL)};
let shown = "";
async function poll() {
  let status = null;
  try {
    const response = await fetch(url, {cache: "no-store"});
    if (response.ok) status = await response.json();
  } catch {}
  const key = JSON.stringify(status);
  if (status && key !== shown) {
    shown = key;
    render(status);
  }
  setTimeout(poll, 400);
}
function render(status) {
  document.getElementById("re-dev-status")?.remove();
  document.body.classList.toggle("re-stale", status.state === "error");
  document.body.classList.toggle("re-nodata", status.state === "error" && !status.built);
  if (status.state !== "error") return;
  const box = document.createElement("div");
  box.id = "re-dev-status";
  box.setAttribute("role", "alert");
  const title = document.createElement("strong");
  title.textContent = status.title;
  const list = document.createElement("ul");
  for (const issue of status.issues) {
    const item = document.createElement("li");
    item.textContent = issue;
    list.append(item);
  }
  const note = document.createElement("p");
  note.textContent = status.built
    ? "The figures below are stale: they come from the last valid data (built " + new Date(status.built).toLocaleTimeString() + "). Fix the file and save it; the page updates by itself."
    : "No valid build yet, so the page has no data. Fix the file and save it; the page updates by itself.";
  box.append(title, list, note);
  const main = document.getElementById("observablehq-main");
  (main?.parentNode ?? document.body).insertBefore(box, main ?? document.body.firstChild);
}
poll();
`;

const style = `
#re-dev-status { position: sticky; top: 0; z-index: 10; margin: 1rem 0; padding: 0.75rem 1rem; border: 2px solid #b3261e;
  border-radius: 4px; background: #fdecea; color: #3b0d0a; font: 14px/1.45 var(--sans-serif, sans-serif); overflow-wrap: anywhere; }
#re-dev-status ul { margin: 0.4rem 0; padding-left: 1.2rem; }
#re-dev-status p { margin: 0; max-width: none; }
body.re-nodata #observablehq-main .observablehq--error { display: none; }
body.re-stale #observablehq-main figure, body.re-stale #observablehq-main svg, body.re-stale #observablehq-main table { opacity: 0.45; }
`;

export const DEV_BANNER_HEAD = `<style>${style}</style><script type="module">${script}</script>`;
