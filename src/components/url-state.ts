// Mirror a page's inputs in the URL query string so a view can be shared: opening the URL restores the inputs,
// changing an input rewrites the query string in place (history.replaceState: no reload, no flood of history
// entries). Parameter names are short, stable and documented in docs/publishing.md ("Shareable URLs"). Values that equal
// the input's default are left out, so a plain page URL stays plain.

import {nameControls} from "./controls.js";

export type Codec = "string" | "number" | "bool" | "list" | "json";
type Input = HTMLElement & {value: unknown};

export function encode(value: unknown, codec: Codec): string {
  if (codec === "list") return (value as unknown[]).map(String).join(",");
  if (codec === "bool") return value ? "1" : "0";
  if (codec === "json") return JSON.stringify(value);
  return value === null || value === undefined ? "" : String(value);
}

/** Parse a URL value; null when it does not parse (the input then keeps its default). */
export function decode(text: string, codec: Codec): unknown {
  switch (codec) {
    case "number": {
      const n = Number(text);
      return text.trim() !== "" && Number.isFinite(n) ? n : null;
    }
    case "bool":
      return text === "1" || text === "true" ? true : text === "0" || text === "false" ? false : null;
    case "list":
      return text === "" ? [] : text.split(",");
    case "json":
      try {
        return JSON.parse(text);
      } catch {
        return null;
      }
    default:
      return text;
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// Writes are queued and applied together shortly after the last change: history.replaceState costs a slider ~5–10 ms
// in Chromium, which would otherwise sit between the change and its charts (docs/performance.md). Anything that reads
// the query string here (bindUrl restoring an input) applies the queue first, and so does leaving the page.
const WRITE_DELAY_MS = 150;
const queued: ((p: URLSearchParams) => void)[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;

/** Apply every queued query-string update now (in order), in one history.replaceState. */
export function flushUrl(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (!queued.length) return;
  const params = new URLSearchParams(location.search);
  for (const update of queued.splice(0)) update(params);
  const query = params.toString();
  history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
}

function writeParams(update: (p: URLSearchParams) => void): void {
  queued.push(update);
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(flushUrl, WRITE_DELAY_MS);
}

if (typeof addEventListener === "function") addEventListener("pagehide", flushUrl);

// Every input bound on this page, by URL parameter: what a download records as the settings in force
// (src/components/downloads.ts). A cell that re-runs binds its new input under the same key, replacing the old one.
const BOUND = new Map<string, {input: Input; label: () => string | null; read: () => unknown}>();

/** The label of an input, or of the `index`-th field of an Inputs.form (-1: the input itself). */
function labelOf(input: Input, field: string | null, index: number): string | null {
  const control = index >= 0 ? input.querySelectorAll(":scope > form, :scope > div > form")[index] ?? null : input;
  const text = control?.querySelector(":scope > label")?.textContent?.trim();
  return text || (field ?? null);
}

/** Every setting in force on the page (each bound input, default or not): URL parameter, label and current value. */
export function pageSettings(): {key: string; label: string; value: unknown}[] {
  return [...BOUND].filter(([, b]) => b.input.isConnected).map(([key, b]) => ({key, label: b.label() ?? key, value: b.read() ?? null}));
}

/** The address that reproduces the current view (pending query-string updates applied first). */
export function currentUrl(): string {
  flushUrl();
  return location.href;
}

/**
 * Bind one input (`key`) or the fields of an Inputs.form (`{field: [key, codec]}`) to the query string.
 * Returns the input, so it can be wrapped: `view(bindUrl(Inputs.radio(...), "tier"))`.
 */
export function bindUrl<T extends Input>(input: T, spec: string | Record<string, [string, Codec]>, codec: Codec = "string"): T {
  const fields: [string | null, string, Codec][] = typeof spec === "string" ? [[null, spec, codec]] : Object.entries(spec).map(([f, [k, c]]) => [f, k, c]);
  const read = (field: string | null) => (field === null ? input.value : (input.value as Record<string, unknown>)[field]);
  const defaults = new Map(fields.map(([f]) => [f, read(f)]));
  flushUrl();
  const params = new URLSearchParams(location.search);
  for (const [field, key, c] of fields) {
    const text = params.get(key);
    if (text === null) continue;
    const value = decode(text, c);
    if (value === null) continue;
    try {
      if (field === null) input.value = value;
      else input.value = {...(input.value as Record<string, unknown>), [field]: value};
    } catch {
      // an option that does not exist: keep the default
    }
    if (!same(read(field), value)) {
      // select/radio/checkbox silently drop unknown options: put the default back rather than a half-applied value
      if (field === null) input.value = defaults.get(field);
      else input.value = {...(input.value as Record<string, unknown>), [field]: defaults.get(field)};
    }
  }
  nameControls(input);
  for (const [field, key] of fields) BOUND.set(key, {input, label: () => labelOf(input, field, fields.length > 1 ? fields.findIndex(([f]) => f === field) : -1) ?? key, read: () => read(field)});
  input.addEventListener("input", () => {
    writeParams((p) => {
      for (const [field, key, c] of fields) {
        const v = read(field);
        if (same(v, defaults.get(field))) p.delete(key);
        else p.set(key, encode(v, c));
      }
    });
  });
  return input;
}

/** Remove keys from the query string (e.g. adjustments that belonged to a scenario no longer selected). */
export function clearUrlKeys(keys: readonly string[]): void {
  writeParams((p) => keys.forEach((k) => p.delete(k)));
}
