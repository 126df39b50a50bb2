import {createReadStream, createWriteStream} from "node:fs";
import {isUtf8} from "node:buffer";
import {finished} from "node:stream/promises";

/**
 * SBIR.gov exports are not reliably UTF-8: the legacy sample has stray cp1252 bytes in one abstract. DuckDB 1.5
 * reads only utf-8, utf-16 and latin-1 without the (not bundled) `encodings` extension, and its latin-1 reader
 * rejects bytes 0x80-0x9F ("File is not latin-1 encoded"). So: check the file streaming (fast, native isUtf8);
 * when it is not valid UTF-8, write a UTF-8 copy in which every valid UTF-8 sequence is kept and every other byte
 * is read as cp1252. A mostly-UTF-8 file keeps its accents; a cp1252 file decodes as cp1252 (a cp1252 text whose
 * bytes happen to form valid UTF-8, like "Ã©", is the one ambiguity and is read as UTF-8).
 */

const CHUNK = 1 << 20;

/** cp1252 for 0x80-0x9F; the five bytes cp1252 leaves undefined map to the same code points as latin-1. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];
const CP1252_UTF8: Buffer[] = Array.from({length: 256}, (_, b) =>
  Buffer.from(String.fromCodePoint(b >= 0x80 && b < 0xa0 ? (CP1252_HIGH[b - 0x80] as number) : b), "utf8")
);

/**
 * Length of the valid UTF-8 sequence starting at `i` (RFC 3629: no overlongs, surrogates or > U+10FFFF);
 * 0 when the byte at `i` cannot start one; -1 when the buffer ends before a so-far valid sequence is complete.
 */
function sequenceLength(buf: Uint8Array, i: number): number {
  const b = buf[i] as number;
  if (b < 0x80) return 1;
  let len: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) len = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    len = 3;
    if (b === 0xe0) lo = 0xa0;
    if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    len = 4;
    if (b === 0xf0) lo = 0x90;
    if (b === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k < len; k++) {
    if (i + k >= buf.length) return -1;
    const c = buf[i + k] as number;
    if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return 0;
  }
  return len;
}

/** Where a chunk can be cut so that no multi-byte sequence is split (the tail goes into the next chunk). */
function completeEnd(buf: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= buf.length; k++) {
    const b = buf[buf.length - k] as number;
    if (b >= 0xc0) return sequenceLength(buf, buf.length - k) === -1 ? buf.length - k : buf.length;
    if (b < 0x80) return buf.length;
  }
  return buf.length;
}

/** True when the whole file is valid UTF-8 (read in 1 MiB chunks; memory stays flat). */
export async function isUtf8File(file: string): Promise<boolean> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, {highWaterMark: CHUNK})) {
    const buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const end = completeEnd(buf);
    if (!isUtf8(buf.subarray(0, end))) return false;
    carry = buf.subarray(end);
  }
  return carry.length === 0 || isUtf8(carry);
}

/** Decode one chunk: valid UTF-8 kept, other bytes as cp1252. Returns the UTF-8 bytes and the unfinished tail. */
function repairChunk(buf: Buffer, final: boolean): {out: Buffer[]; rest: Buffer; invalid: number} {
  const out: Buffer[] = [];
  let invalid = 0;
  let start = 0;
  let i = 0;
  while (i < buf.length) {
    if ((buf[i] as number) < 0x80) {
      i++;
      continue;
    }
    const len = sequenceLength(buf, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (len === -1 && !final) break;
    out.push(buf.subarray(start, i), CP1252_UTF8[buf[i] as number] as Buffer);
    invalid++;
    start = ++i;
  }
  out.push(buf.subarray(start, i));
  return {out, rest: buf.subarray(i), invalid};
}

/** Write a UTF-8 copy of `file` to `target` (see the module comment). Returns how many bytes were not UTF-8. */
export async function repairToUtf8(file: string, target: string): Promise<{invalidBytes: number}> {
  const sink = createWriteStream(target);
  let carry: Buffer = Buffer.alloc(0);
  let invalidBytes = 0;
  const write = async (parts: Buffer[]) => {
    if (!sink.write(Buffer.concat(parts))) await new Promise<void>((resolve) => sink.once("drain", () => resolve()));
  };
  for await (const chunk of createReadStream(file, {highWaterMark: CHUNK})) {
    const buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const {out, rest, invalid} = repairChunk(buf, false);
    invalidBytes += invalid;
    carry = Buffer.from(rest);
    await write(out);
  }
  const last = repairChunk(carry, true);
  invalidBytes += last.invalid;
  await write(last.out);
  sink.end();
  await finished(sink);
  return {invalidBytes};
}
