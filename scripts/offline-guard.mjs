// Preloaded into every build/preview process (NODE_OPTIONS=--import): any fetch to a host other than loopback
// throws at once, so an accidental CDN dependency (an implicit npm: global, a DuckDB extension) fails the build
// loudly instead of silently needing a network. See ../shared/design/offline-framework.md.
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
const realFetch = globalThis.fetch;
globalThis.fetch = async function guardedFetch(input, init) {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if ((url.protocol === "http:" || url.protocol === "https:") && !LOOPBACK.has(url.hostname)) {
    throw new Error(
      `offline guard: blocked a network request to ${url.href}. This project must build with no network; ` +
        `a page probably uses an implicit npm: import or a CDN-backed Framework feature. Import the library ` +
        `through src/components/libs.ts instead.`
    );
  }
  return realFetch(input, init);
};
