/**
 * The case: what one comparison is about, read from its folder's `case.json` (data/cases/<id>/; docs/cases.md): its
 * id and title, the value chain's stages with their labels (in display order), China's tiers (a case may have none),
 * the regions its regional counts name, and the few words its prose uses ("rare-earth"). The engine names no stage,
 * tier or case itself: everything case-specific comes from here or from the case's data and text.
 *
 * Isomorphic. In the browser the case comes from the page (observablehq.config.ts writes it into every page's head as
 * JSON, `<script type="application/json" id="re-case">`); in Node it is read from the case folder (RE_DATA_DIR, else
 * package.json `config.case`), synchronously through `process.getBuiltinModule`, so that importing this module needs
 * no Node-only import (Framework serves it to the browser as it is). Validation with the file, field, value and fix:
 * `parseCase` here (pure); loaders/case.ts checks the case's data against it.
 */

export interface CaseStage {
  id: string;
  label: string;
}

export interface CaseTier {
  id: string;
  /** The tier's name as a heading or legend ("Innovative SMEs (tech & innovative)"). */
  label: string;
  /** A shorter name for tight places (inputs, axes). */
  short: string;
  /** As a noun in prose: one, many ("1 little giant", "9 little giants"). */
  one: string;
  many: string;
  /** Whether the tier is a step of the cultivation pipeline (its firms move up); false for context tiers. */
  pipeline: boolean;
  /** A pipeline tier's inputs on /gaps and /scenarios (required for a pipeline tier, none for a context tier). */
  inputs?: CaseTierInputs;
}

/** How a pipeline tier's per-firm support is entered: the URL code of its inputs ("lg": /gaps `lg`, /scenarios `g_lg`
 * and `s_lg`), the support slider's maximum and step (CNY per designation), and the step /scenarios rounds a moved
 * support slider to. */
export interface CaseTierInputs {
  code: string;
  support_max_cny: number;
  support_step_cny: number;
  scenario_step_cny: number;
}

export interface CaseDef {
  id: string;
  title: string;
  subtitle: string;
  /** Words the pages' prose takes from the case: `chain` (adjective: "the rare-earth value chain"), `materials`. */
  terms: Record<string, string>;
  stages: CaseStage[];
  tiers: CaseTier[];
  regions: {id: string; label: string}[];
  /** Each page's meta description, by path ("/", "/china", …): one sentence for search results and link previews. */
  descriptions: Record<string, string>;
}

/** A problem in case.json: the field, its value, what is wrong, the fix. */
export interface CaseIssue {
  field: string;
  value: unknown;
  problem: string;
  fix: string;
}

const ID = /^[a-z][a-z0-9_]*$/;
const CASE_ID = /^[a-z][a-z0-9-]*$/;
const REQUIRED_TERMS = ["chain", "materials"] as const;

/** Check a parsed case.json; returns the case, or the list of problems (never a partial case). */
export function parseCase(json: unknown): {ok: true; value: CaseDef} | {ok: false; issues: CaseIssue[]} {
  const issues: CaseIssue[] = [];
  const o = (json ?? {}) as Record<string, unknown>;
  const str = (field: string, v: unknown, re?: RegExp, fix = "give a non-empty text") => {
    if (typeof v !== "string" || !v.trim() || (re && !re.test(v))) issues.push({field, value: v, problem: re ? `not a valid id (${re.source})` : "missing or empty", fix});
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return {ok: false, issues: [{field: "(file)", value: json, problem: "not a JSON object", fix: "copy case.json from an existing case and edit it"}]};
  }
  str("id", o.id, CASE_ID, "lower-case letters, digits and '-', the same as the case's folder name");
  str("title", o.title);
  str("subtitle", o.subtitle);
  const terms = (o.terms ?? {}) as Record<string, unknown>;
  for (const t of REQUIRED_TERMS) str(`terms.${t}`, terms[t]);
  for (const [k, v] of Object.entries(terms)) if (typeof v !== "string") issues.push({field: `terms.${k}`, value: v, problem: "not a text", fix: "give the word as a string"});
  const list = (name: string, v: unknown, min: number): Record<string, unknown>[] => {
    if (!Array.isArray(v) || v.length < min) {
      issues.push({field: name, value: v, problem: min ? `needs at least ${min} entries` : "not a list", fix: `list the case's ${name} in display order`});
      return [];
    }
    return v as Record<string, unknown>[];
  };
  const seen = new Set<string>();
  const ids = (name: string, rows: Record<string, unknown>[]) =>
    rows.forEach((r, i) => {
      str(`${name}[${i}].id`, r.id, ID, "lower-case letters, digits and '_', starting with a letter");
      str(`${name}[${i}].label`, r.label);
      if (typeof r.id === "string") {
        if (seen.has(r.id)) issues.push({field: `${name}[${i}].id`, value: r.id, problem: "used twice in the case (stage, tier and region ids must all differ)", fix: "give each id once"});
        seen.add(r.id);
      }
    });
  const stages = list("stages", o.stages, 2);
  ids("stages", stages);
  for (const reserved of ["unknown", "unspecified"]) {
    if (stages.some((s) => s.id === reserved)) issues.push({field: "stages", value: reserved, problem: "a reserved word (used where a source does not say the stage)", fix: "name the stage otherwise"});
  }
  const tiers = list("tiers", o.tiers ?? [], 0);
  ids("tiers", tiers);
  tiers.forEach((t, i) => {
    for (const k of ["short", "one", "many"]) str(`tiers[${i}].${k}`, t[k]);
    if (typeof t.pipeline !== "boolean") issues.push({field: `tiers[${i}].pipeline`, value: t.pipeline, problem: "not true or false", fix: "true for a step of the pipeline, false for a context tier"});
    if (t.pipeline === true) tierInputIssues(`tiers[${i}].inputs`, t.inputs, issues);
    else if (t.inputs !== undefined) issues.push({field: `tiers[${i}].inputs`, value: t.inputs, problem: "a context tier has no inputs", fix: "remove it, or make the tier a step of the pipeline"});
  });
  const codes = tiers.map((t) => (t.inputs as {code?: unknown} | undefined)?.code);
  codes.forEach((c, i) => {
    if (typeof c === "string" && codes.indexOf(c) !== i) issues.push({field: `tiers[${i}].inputs.code`, value: c, problem: "used by another tier too", fix: "give each pipeline tier its own code"});
  });
  const regions = list("regions", o.regions ?? [], 0);
  ids("regions", regions);
  const descriptions = (o.descriptions ?? {}) as Record<string, unknown>;
  if (typeof o.descriptions !== "object" || o.descriptions === null || Array.isArray(o.descriptions)) {
    issues.push({field: "descriptions", value: o.descriptions, problem: "missing", fix: 'give one sentence per page, by path: {"/": "…", "/china": "…"}'});
  } else for (const [k, v] of Object.entries(descriptions)) str(`descriptions.${k}`, v);
  if (issues.length) return {ok: false, issues};
  return {
    ok: true,
    value: {
      id: o.id as string,
      title: o.title as string,
      subtitle: o.subtitle as string,
      terms: terms as Record<string, string>,
      stages: stages.map((s) => ({id: s.id as string, label: s.label as string})),
      tiers: tiers.map((t) => {
        const inputs = t.inputs as CaseTierInputs | undefined;
        const tier: CaseTier = {id: t.id as string, label: t.label as string, short: t.short as string, one: t.one as string, many: t.many as string, pipeline: t.pipeline as boolean};
        if (inputs) tier.inputs = {code: inputs.code, support_max_cny: inputs.support_max_cny, support_step_cny: inputs.support_step_cny, scenario_step_cny: inputs.scenario_step_cny};
        return tier;
      }),
      regions: regions.map((r) => ({id: r.id as string, label: r.label as string})),
      descriptions: descriptions as Record<string, string>
    }
  };
}

const TIER_CODE = /^[a-z][a-z0-9]{0,3}$/;

/** A pipeline tier's `inputs`: a short code and positive CNY amounts, each step below the maximum. */
function tierInputIssues(field: string, v: unknown, issues: CaseIssue[]): void {
  const example = '{"code": "lg", "support_max_cny": 20000000, "support_step_cny": 100000, "scenario_step_cny": 50000}';
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    issues.push({field, value: v, problem: "missing (a pipeline tier's support is an input of /gaps and /scenarios)", fix: `give the inputs, e.g. ${example}`});
    return;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.code !== "string" || !TIER_CODE.test(o.code)) issues.push({field: `${field}.code`, value: o.code, problem: `not a short code (${TIER_CODE.source})`, fix: 'one to four lower-case letters or digits, starting with a letter, e.g. "lg" (it names the input in shared URLs)'});
  const max = o.support_max_cny;
  for (const k of ["support_max_cny", "support_step_cny", "scenario_step_cny"]) {
    const n = o[k];
    if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) issues.push({field: `${field}.${k}`, value: n, problem: "not a positive number", fix: "give an amount in CNY per designation"});
    else if (k !== "support_max_cny" && typeof max === "number" && n > max) issues.push({field: `${field}.${k}`, value: n, problem: `larger than support_max_cny (${max})`, fix: "give a step below the slider's maximum"});
  }
  for (const k of Object.keys(o)) {
    if (!["code", "support_max_cny", "support_step_cny", "scenario_step_cny"].includes(k)) issues.push({field: `${field}.${k}`, value: o[k], problem: "unknown field", fix: `remove it; allowed: ${example}`});
  }
}

/** The issues as one message: the file, then each field, value, problem and fix. */
export function caseErrorMessage(file: string, issues: readonly CaseIssue[]): string {
  return `${file}: ${issues.length} problem${issues.length === 1 ? "" : "s"}\n${issues.map((i) => `  ${i.field} = ${JSON.stringify(i.value)}: ${i.problem}. Fix: ${i.fix}.`).join("\n")}`;
}

/** The element id of the case's JSON in every page's head. */
export const CASE_ELEMENT_ID = "re-case";

type NodeFs = {readFileSync(p: string, enc: "utf8"): string; existsSync(p: string): boolean};
type NodePath = {join(...p: string[]): string; resolve(...p: string[]): string; dirname(p: string): string};

/** The project in Node: the first folder with a package.json that names a default case (`config.case`), going up from
 * this module, then from the working directory (bundles of this module live elsewhere); null when there is none. */
function nodeProject(fs: NodeFs, path: NodePath, proc: {cwd(): string}): {root: string; defaultCase: string} | null {
  const url = new URL(import.meta.url);
  const starts = [...(url.protocol === "file:" ? [path.dirname(decodeURIComponent(url.pathname))] : []), proc.cwd()];
  for (const start of starts) {
    for (let dir = start, up = ""; dir !== up; up = dir, dir = path.dirname(dir)) {
      const file = path.join(dir, "package.json");
      if (!fs.existsSync(file)) continue;
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as {config?: {case?: string}};
      if (pkg.config?.case) return {root: dir, defaultCase: pkg.config.case};
    }
  }
  return null;
}

/** The case folder in Node: RE_DATA_DIR, else the project's package.json `config.case`. */
function nodeCaseDir(fs: NodeFs, path: NodePath, proc: {env: Record<string, string | undefined>; cwd(): string}): string {
  if (proc.env.RE_DATA_DIR) return path.resolve(proc.env.RE_DATA_DIR);
  const project = nodeProject(fs, path, proc);
  if (!project) throw new Error("no package.json with config.case above this module or the working directory: set it to the default case's folder, e.g. data/cases/<id>");
  return path.join(project.root, project.defaultCase);
}

function readCase(): CaseDef {
  const g = globalThis as {document?: {getElementById(id: string): {textContent: string | null} | null}; process?: {getBuiltinModule?: (id: string) => unknown; env: Record<string, string | undefined>; cwd(): string}};
  const el = g.document?.getElementById(CASE_ELEMENT_ID);
  if (el?.textContent) return JSON.parse(el.textContent) as CaseDef;
  const builtin = g.process?.getBuiltinModule;
  if (!builtin) throw new Error(`the case is missing: the page has no #${CASE_ELEMENT_ID} element (observablehq.config.ts writes it into every page's head)`);
  const fs = builtin("node:fs") as NodeFs;
  const path = builtin("node:path") as NodePath;
  const file = path.join(nodeCaseDir(fs, path, g.process!), "case.json");
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}. Fix: every case folder holds a case.json (docs/cases.md).`);
  }
  const parsed = parseCase(json);
  if (!parsed.ok) throw new Error(caseErrorMessage(file, parsed.issues));
  return parsed.value;
}

/** The case being built or shown (read once). */
export const CASE: CaseDef = readCase();

/** The case's folder as messages name it: relative to the project (data/cases/<id>, or a fixture's path) in Node; a
 * copy of a case outside the project, and any page, by the case's id (data/cases/<id>). */
export const CASE_FOLDER: string = caseFolder();

function caseFolder(): string {
  const g = globalThis as {process?: {getBuiltinModule?: (id: string) => unknown; env: Record<string, string | undefined>; cwd(): string}};
  const fallback = `data/cases/${CASE.id}`;
  const builtin = g.process?.getBuiltinModule;
  if (!builtin || !g.process?.env.RE_DATA_DIR) return fallback;
  const path = builtin("node:path") as NodePath & {relative(a: string, b: string): string; isAbsolute(p: string): boolean};
  const fs = builtin("node:fs") as NodeFs;
  const dir = path.resolve(g.process.env.RE_DATA_DIR);
  const project = nodeProject(fs, path, g.process);
  const rel = project ? path.relative(project.root, dir) : "";
  if (rel && !rel.startsWith("..") && !path.isAbsolute(rel)) return rel.split("\\").join("/");
  return fallback;
}

/** A word of the case's prose (`term("chain")` → "rare-earth"; `title` and `subtitle` are the case's own); throws on a
 * word the case does not define. */
export function term(key: string): string {
  const v = key === "title" ? CASE.title : key === "subtitle" ? CASE.subtitle : CASE.terms[key];
  if (v === undefined) throw new Error(`the case "${CASE.id}" defines no term "${key}" (case.json terms)`);
  return v;
}
