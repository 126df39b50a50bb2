// A tiny static server for dist/ on loopback: clean URLs (/china → china.html), correct MIME types for wasm and
// workers, no caching surprises. Used by `npm run serve` and the browser tests; nothing here needs a network.
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
    res.writeHead(200, {"content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache", ...headers});
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => {
    const address = server.address();
    const p = typeof address === "object" && address ? address.port : port;
    ok({server, url: `http://127.0.0.1:${p}${prefix}`});
  }));
}
