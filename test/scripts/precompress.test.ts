// Precompressed copies (scripts/precompress.ts) and how the static server sends them (scripts/server.ts).
import {mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync, readdirSync} from "node:fs";
import {createHash} from "node:crypto";
import {request} from "node:http";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {brotliDecompressSync, gunzipSync} from "node:zlib";
import {afterAll, beforeAll, expect, test} from "vitest";
import {isPrecompressedCopy, precompress} from "../../scripts/precompress.ts";
import {precompressedCopy, startServer} from "../../scripts/server.ts";

let dir: string;
let cache: string;
const big = Buffer.from("award,agency,phase\n".repeat(4000)); // 76,000 bytes, very repetitive
const wasm = Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(20_000)]);
// hash output: does not compress by 10%
const random = Buffer.concat(Array.from({length: 400}, (_, i) => createHash("sha256").update(String(i)).digest()));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "re-precompress-"));
  cache = join(dir, ".cache");
  mkdirSync(join(dir, "_file"));
  writeFileSync(join(dir, "_file/big.csv"), big);
  writeFileSync(join(dir, "_file/small.js"), "export const x = 1;\n");
  writeFileSync(join(dir, "_file/pic.png"), big);
  writeFileSync(join(dir, "duckdb.wasm"), wasm);
  writeFileSync(join(dir, "noise.arrow"), random);
  await precompress(dir, cache);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

test("writes .br and .gz beside large compressible files only, and they decode to the same bytes", () => {
  expect(brotliDecompressSync(readFileSync(join(dir, "_file/big.csv.br")))).toEqual(big);
  expect(gunzipSync(readFileSync(join(dir, "_file/big.csv.gz")))).toEqual(big);
  expect(gunzipSync(readFileSync(join(dir, "duckdb.wasm.gz")))).toEqual(wasm);
  expect(existsSync(join(dir, "_file/small.js.br"))).toBe(false); // under 8 KiB
  expect(existsSync(join(dir, "_file/pic.png.br"))).toBe(false); // not a compressible kind
  expect(existsSync(join(dir, "noise.arrow.br"))).toBe(false); // saves under 10%
  expect(isPrecompressedCopy(join(dir, "_file/big.csv.br"))).toBe(true);
  expect(isPrecompressedCopy(join(dir, "_file/big.csv"))).toBe(false);
  // cached by content: 2 files × 2 encodings + the noise file's 2 tries
  expect(readdirSync(cache).length).toBe(6);
});

test("the server picks brotli, then gzip, only when accepted", () => {
  const f = join(dir, "_file/big.csv");
  expect(precompressedCopy(f, "gzip, deflate, br")).toEqual({path: `${f}.br`, encoding: "br", vary: true});
  expect(precompressedCopy(f, "gzip, deflate")).toEqual({path: `${f}.gz`, encoding: "gzip", vary: true});
  expect(precompressedCopy(f, "gzip;q=0, br;q=0")).toEqual({path: null, encoding: null, vary: true});
  expect(precompressedCopy(f, "")).toEqual({path: null, encoding: null, vary: true});
  expect(precompressedCopy(join(dir, "_file/small.js"), "br")).toEqual({path: null, encoding: null, vary: false});
});

function get(url: string, acceptEncoding: string): Promise<{headers: Record<string, unknown>; body: Buffer}> {
  return new Promise((ok, fail) => {
    request(url, {headers: {"accept-encoding": acceptEncoding}}, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => ok({headers: res.headers, body: Buffer.concat(chunks)}));
    }).on("error", fail).end();
  });
}

test("npm run serve's server sends the copy with Content-Encoding and the original's type (application/wasm)", async () => {
  const {server, url} = await startServer(dir);
  try {
    const w = await get(`${url}/duckdb.wasm`, "gzip, deflate, br");
    expect(w.headers["content-type"]).toBe("application/wasm");
    expect(w.headers["content-encoding"]).toBe("br");
    expect(w.headers.vary).toBe("Accept-Encoding");
    expect(brotliDecompressSync(w.body)).toEqual(wasm);
    const g = await get(`${url}/_file/big.csv`, "gzip");
    expect([g.headers["content-encoding"], g.headers["content-type"]]).toEqual(["gzip", "text/csv; charset=utf-8"]);
    expect(gunzipSync(g.body)).toEqual(big);
    const plain = await get(`${url}/_file/big.csv`, "identity");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toEqual(big);
  } finally {
    server.close();
  }
});
