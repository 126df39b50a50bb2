// A tiny static server for dist/ on loopback: clean URLs (/china → china.html), correct MIME types for wasm and
// workers, no caching surprises. Used by `npm run serve` and the browser tests; nothing here needs a network.
// A file with a precompressed copy beside it (`x.wasm.br`, `x.wasm.gz`: scripts/precompress.ts, written by the build)
// is sent as that copy with `Content-Encoding` when the request accepts it (brotli first), with the original's type
// (so the wasm still compiles while it streams in: application/wasm), as nginx's brotli_static / gzip_static do.
import {createReadStream, existsSync, statSync} from "node:fs";
import {createServer, type Server} from "node:http";
import {extname, join, normalize, resolve} from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.stream",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8"
};

export function resolveFile(root: string, urlPath: string): string | null {
  const path = normalize(decodeURIComponent(urlPath.split("?")[0] ?? "/"));
  if (path.includes("..")) return null;
  const candidates = path.endsWith("/") ? [join(path, "index.html")] : [path, `${path}.html`, join(path, "index.html")];
  for (const c of candidates) {
    const file = join(root, c);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

/** Tokens of an Accept-Encoding header that are not refused (`q=0`). */
function accepted(header: string): Set<string> {
  const out = new Set<string>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name || params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) continue;
    out.add(name);
  }
  return out;
}

/** The precompressed copy of `file` to send for this Accept-Encoding (brotli before gzip), if any; `vary` when copies exist. */
export function precompressedCopy(file: string, acceptEncoding: string): {path: string | null; encoding: string | null; vary: boolean} {
  const copies = [["br", `${file}.br`], ["gzip", `${file}.gz`]].filter(([, path]) => existsSync(path!)) as [string, string][];
  const ok = accepted(acceptEncoding);
  const pick = copies.find(([encoding]) => ok.has(encoding));
  return {path: pick?.[1] ?? null, encoding: pick?.[0] ?? null, vary: copies.length > 0};
}

/**
 * Serve `root` on 127.0.0.1. `prefix` (e.g. "/pipelines") serves the site under a sub-path, as a static host would
 * when the site is not at the domain root; the build needs no change for that because every link is relative.
 */
export function startServer(root: string, port = 0, headers: Record<string, string> = {}, prefix = ""): Promise<{server: Server; url: string}> {
  const dir = resolve(root);
  const server = createServer((req, res) => {
    const raw = req.url ?? "/";
    const inPrefix = !prefix || raw === prefix || raw.startsWith(`${prefix}/`) || raw.startsWith(`${prefix}?`);
    const file = inPrefix ? resolveFile(dir, raw.slice(prefix.length) || "/") : null;
    if (!file) {
      const notFound = join(dir, "404.html");
      res.writeHead(404, {"content-type": TYPES[".html"]!, ...headers});
      if (existsSync(notFound)) createReadStream(notFound).pipe(res);
      else res.end("not found");
      return;
    }
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    const copy = precompressedCopy(file, String(req.headers["accept-encoding"] ?? ""));
    const common = {"content-type": type, "cache-control": "no-cache", ...(copy.vary ? {vary: "Accept-Encoding"} : {})};
    res.writeHead(200, copy.path ? {...common, "content-encoding": copy.encoding ?? "identity", "content-length": String(statSync(copy.path).size), ...headers} : {...common, ...headers});
    createReadStream(copy.path ?? file).pipe(res);
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => {
    const address = server.address();
    const p = typeof address === "object" && address ? address.port : port;
    ok({server, url: `http://127.0.0.1:${p}${prefix}`});
  }));
}
