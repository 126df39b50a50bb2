// Where one interaction's time goes: a Chromium trace (main thread: script, style, layout, paint, and each frame) and a
// sampled CPU profile (script by file and function) of N changes of one of bench/interactions.ts's interactions, on a
// built site, each change timed as the bench times it. A tool for choosing a lever, not a figure with a budget.
//
//   npx tsx bench/profile-interaction.ts [--dist dist] [--name /scenarios] [--changes 20] [--out bench/work/profile] [--css "rules"]
//
// Prints the per-change medians and the totals over the changes; writes the raw trace and profile (open them in
// Chromium's DevTools) to --out.
import {mkdirSync, writeFileSync} from "node:fs";
import {loadavg} from "node:os";
import {join, resolve} from "node:path";
import {ROOT} from "../loaders/paths.ts";
import {launch} from "../test/e2e/browser.ts";
import {startServer} from "../scripts/server.ts";
import {INTERACTIONS} from "./interactions.ts";
import {median} from "./stats.ts";

const text = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const dist = resolve(text("dist", "dist"));
const spec = INTERACTIONS.find((it) => it.path.startsWith(text("name", "/scenarios")) && !it.full);
if (!spec) throw new Error(`--name: no interaction on a shipped-scale route starts with "${text("name", "/scenarios")}"`);
const changes = Number(text("changes", "20"));
const out = resolve(text("out", join(ROOT, "bench/work/profile")));
mkdirSync(out, {recursive: true});

const {server, url} = await startServer(dist);
const browser = await launch();
const context = await browser.newContext({bypassCSP: true});
await context.route(/\/_file\/data\/answers\//, (route) => route.abort());
const page = await context.newPage();
await page.goto(`${url}${spec.path}`, {waitUntil: "load"});
await page.waitForFunction(`${JSON.stringify(spec.wait)}.every((s) => [...document.querySelectorAll(s)].some((el) => !el.closest("observablehq-loading")))`, null, {timeout: 120_000});
await page.waitForFunction(`!window.__reDatabase || window.__reDatabase.engine === "ready"`, null, {timeout: 120_000});
// --css "<rules>": a style sheet added before the changes (an experiment: e.g. CSS containment), not in the site.
const css = process.argv.includes("--css") ? text("css", "") : "";
if (css) await page.addStyleTag({content: css});
await page.waitForTimeout(1000);

const cdp = await context.newCDPSession(page);
const events: {name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: {data?: {url?: string; functionName?: string}}}[] = [];
// playwright-core types CDPSession's events by protocol name only for the domains it knows: a cast for Tracing's.
const on = cdp.on.bind(cdp) as unknown as (event: string, f: (e: {value: typeof events}) => void) => void;
on("Tracing.dataCollected", (e) => events.push(...e.value));
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", {interval: 100});
await cdp.send("Tracing.start", {categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReportEvents"});
await cdp.send("Profiler.start");
// Marks around each change (performance.mark shows in the trace as blink.user_timing: we use our own times instead).
const spans: [number, number][] = [];
const samples: number[] = [];
for (let i = 0; i < changes; i++) {
  const r = (await page.evaluate(`new Promise((resolve) => {
    const sels = ${JSON.stringify(spec.wait)};
    for (const s of sels) for (const el of document.querySelectorAll(s)) el.__stale = true;
    const fresh = () => sels.every((s) => { const el = document.querySelector(s); return el !== null && !el.__stale; });
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (!fresh()) return;
      obs.disconnect();
      requestAnimationFrame(() => resolve([t0 + performance.timeOrigin, performance.now() + performance.timeOrigin, performance.now() - t0]));
    });
    obs.observe(document.body, {childList: true, subtree: true});
    ((i) => { ${spec.change} })(${i});
  })`)) as [number, number, number];
  spans.push([r[0], r[1]]);
  samples.push(r[2]);
  await page.waitForTimeout(200);
}
const {profile} = (await cdp.send("Profiler.stop")) as {profile: CpuProfile};
const done = new Promise<void>((ok) => (cdp.once.bind(cdp) as unknown as (event: string, f: () => void) => void)("Tracing.tracingComplete", () => ok()));
await cdp.send("Tracing.end");
await done;
await browser.close();
server.close();
writeFileSync(join(out, "trace.json"), JSON.stringify({traceEvents: events}));
writeFileSync(join(out, "profile.cpuprofile"), JSON.stringify(profile));

interface CpuNode {
  id: number;
  callFrame: {functionName: string; url: string; lineNumber: number};
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

// The renderer's main thread: the thread with the most FunctionCall / RunTask time in the page's process.
const byThread = new Map<string, number>();
for (const e of events) if (e.ph === "X" && (e.name === "FunctionCall" || e.name === "EvaluateScript")) byThread.set(`${e.pid}:${e.tid}`, (byThread.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
const main = [...byThread].sort((a, b) => b[1] - a[1])[0]?.[0];
// Trace timestamps are monotonic µs; page times are epoch ms: align on the first change's start with the profile.
// Events inside a change: from its input to its last frame (the span measured), summed by name (top-level only
// for RunTask; nested names are summed as well, so they overlap the RunTask figure).
const NAMES = ["RunTask", "FunctionCall", "EventDispatch", "FireAnimationFrame", "TimerFire", "RunMicrotasks", "V8.GC_SCAVENGER", "MinorGC", "MajorGC", "UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit", "ParseHTML", "HitTest", "ResizeObserver", "IntersectionObserverController::computeIntersections"];
const mainEvents = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === "X");
// Each change is placed on the trace by its "input" EventDispatch (in order) and lasts as long as the page measured.
const inputs = mainEvents.filter((e) => e.name === "EventDispatch" && (e.args as {data?: {type?: string}})?.data?.type === "input").sort((a, b) => a.ts - b.ts);
const perChange: Record<string, number[]> = {};
// Each change on the trace clock (µs): from its input event, for the time the page measured.
const traceSpans = inputs.slice(0, spans.length).map((ev, i) => [ev.ts, ev.ts + (spans[i]![1] - spans[i]![0]) * 1000] as const);
traceSpans.forEach(([from, to]) => {
  const sums: Record<string, number> = {};
  for (const e of mainEvents) if (e.ts >= from && e.ts < to && NAMES.includes(e.name)) sums[e.name] = (sums[e.name] ?? 0) + (e.dur ?? 0) / 1000;
  for (const n of NAMES) (perChange[n] ??= []).push(sums[n] ?? 0);
});

// CPU profile: self time by file and by function, over the changes' spans only.
const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
const selfByFile = new Map<string, number>();
const selfByFn = new Map<string, number>();
let t = profile.startTime;
// The profile's clock is the trace clock (µs).
const inSpan = (tUs: number) => traceSpans.some(([a, b]) => tUs >= a && tUs < b);
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i]!;
  if (!inSpan(t)) continue;
  const n = nodeById.get(profile.samples[i]!)!;
  const dt = (profile.timeDeltas[i + 1] ?? 100) / 1000;
  const file = n.callFrame.url.replace(/^.*\/(_[a-z]+\/)/, "$1").replace(/\?.*$/, "") || `(${n.callFrame.functionName || "native"})`;
  selfByFile.set(file, (selfByFile.get(file) ?? 0) + dt);
  const fn = `${n.callFrame.functionName || "(anonymous)"} ${file}:${n.callFrame.lineNumber + 1}`;
  selfByFn.set(fn, (selfByFn.get(fn) ?? 0) + dt);
}
// Inclusive (total) time of the page's own functions (not the vendor bundle's): which cell, chart or model the time
// is spent under.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const totalByFn = new Map<string, number>();
t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i]!;
  if (!inSpan(t)) continue;
  const dt = (profile.timeDeltas[i + 1] ?? 100) / 1000;
  const seen = new Set<string>();
  for (let id: number | undefined = profile.samples[i]!; id !== undefined; id = parent.get(id)) {
    const n = nodeById.get(id)!;
    const u = n.callFrame.url;
    if (!u || u.includes("/vendor/") || u.includes("_observablehq/")) continue;
    seen.add(`${n.callFrame.functionName || "(anonymous)"} ${u.replace(/^.*\/(_[a-z]+\/)/, "$1").replace(/^https?:\/\/[^/]+/, "")}:${n.callFrame.lineNumber + 1}`);
  }
  for (const k of seen) totalByFn.set(k, (totalByFn.get(k) ?? 0) + dt);
}
const f = (x: number) => x.toFixed(1);
const lines = [
  `# ${spec.name}: ${changes} changes, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(" / ")}`,
  `measured as the bench does (tracing and profiling on): median ${f(median(samples)!)} ms; each: ${samples.map((s) => s.toFixed(0)).join(" ")}`,
  "",
  "main thread per change (ms, median over changes; nested events overlap RunTask):",
  ...NAMES.filter((n) => perChange[n]?.some((x) => x > 0)).map((n) => `  ${n.padEnd(22)} ${f(median(perChange[n]!)!)}`),
  "",
  `script self time by file (ms, over all ${changes} changes):`,
  ...[...selfByFile].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `  ${f(v).padStart(8)}  ${k}`),
  "",
  "script self time by function (top 30):",
  ...[...selfByFn].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `  ${f(v).padStart(8)}  ${k}`),
  "",
  "total time under the page's own functions (top 40):",
  ...[...totalByFn].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `  ${f(v).padStart(8)}  ${k}`)
];
console.log(lines.join("\n"));
writeFileSync(join(out, "summary.txt"), `${lines.join("\n")}\n`);
