/**
 * Keyword rules that flag SBIR/STTR awards as rare-earth relevant and assign value-chain stages
 * (rules live in data/cases/<case>/sbir/rules.csv; see data/cases/<case>/sbir/README.md). Pure and isomorphic. The loader compiles the
 * standalone rules into one DuckDB (RE2) regex per field to find candidate awards in its single pass over the
 * file (`prefilterSql`), then attributes rules to those candidates with the same patterns in JavaScript
 * (`matchingRules`, `classify`).
 *
 * Every pattern compiles to a regex that means the same in RE2 and in JavaScript: matching is case-insensitive
 * (flag `i`), `\b` is an ASCII word boundary in both, and lookaround/backreferences (JavaScript only) are refused.
 */
import {STAGES_OR_UNKNOWN, type StageOrUnknown} from "./taxonomy.ts";

export const RULE_FIELDS = ["title", "abstract", "topic"] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/**
 * - `phrase`: the text starting at a word boundary (`rare earth` also matches "rare earths", "Rare-Earth");
 * - `word`: whole word(s), a word boundary at both ends (`terbium` does not match "ytterbium");
 * - `regex`: an RE2/JavaScript regular expression used as written (case-insensitive).
 * In `phrase` and `word`, a run of spaces or hyphens in the pattern matches any run of spaces or hyphens in the
 * text, or none (`Nd-Fe-B` matches "NdFeB", "Nd-Fe-B" and "Nd Fe B").
 */
export const MATCH_KINDS = ["phrase", "word", "regex"] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export interface Rule {
  rule_id: string;
  pattern: string;
  match: MatchKind;
  fields: RuleField[];
  /**
   * true: a match makes the award rare-earth relevant. false (a context rule): the match only counts, adding its
   * id and stages, when a standalone rule also matched the award (e.g. whole-word "magnet" is too broad alone).
   */
  standalone: boolean;
  stages: StageOrUnknown[];
}

/** The text of one award the rules look at. Missing fields are treated as empty. */
export type AwardText = Partial<Record<RuleField, string | null>>;

export interface Classification {
  re_relevant: boolean;
  /** `;`-list of the rule ids that counted, in rules-file order; null when not relevant. */
  matched_rules: string | null;
  /** `;`-list of stages in taxonomy order (`unknown` only when no rule names a stage); null when not relevant. */
  stages: string | null;
}

const META = /[\\^$.|?*+()[\]{}]/g;
const SEPARATORS = /[\s-]+/g;

/** The regex source for a rule (apply it case-insensitively). Call `rulePatternProblem` first to validate. */
export function ruleRegex(rule: Pick<Rule, "pattern" | "match">): string {
  const pattern = rule.pattern.trim();
  if (rule.match === "regex") return pattern;
  const body = pattern
    .split(SEPARATORS)
    .map((part) => part.replace(META, "\\$&"))
    .join("[\\s-]*");
  return rule.match === "word" ? `\\b${body}\\b` : `\\b${body}`;
}

/** Why a rule's pattern cannot be used (null when it is fine). Checks what both RE2 and JavaScript accept. */
export function rulePatternProblem(rule: Pick<Rule, "pattern" | "match">): string | null {
  const pattern = rule.pattern.trim();
  if (pattern === "") return "the pattern is empty";
  if (rule.match !== "regex") {
    if (!/^[a-z0-9]/i.test(pattern)) return `a ${rule.match} pattern must start with a letter or digit`;
    if (rule.match === "word" && !/[a-z0-9]$/i.test(pattern)) return "a word pattern must end with a letter or digit";
    return null;
  }
  if (/\(\?<?[=!]/.test(pattern)) return "lookaround is not supported by DuckDB (RE2)";
  if (/\(\?P?</.test(pattern)) return "named groups are not portable between RE2 and JavaScript; use (?:...)";
  if (/\\[1-9]/.test(pattern)) return "backreferences are not supported by DuckDB (RE2)";
  if (/\(\?[a-z]/i.test(pattern)) return "inline flags are not portable; matching is always case-insensitive";
  try {
    new RegExp(pattern, "i");
  } catch (e) {
    return `not a valid regular expression (${(e as Error).message})`;
  }
  if (new RegExp(pattern, "i").test("")) return "the regex matches the empty string, so it would match every award";
  return null;
}

const compiled = new WeakMap<readonly Rule[], RegExp[]>();

/** Rule ids (rules-file order) whose pattern matches at least one of the rule's fields; context rules included. */
export function matchingRules(rules: readonly Rule[], text: AwardText): string[] {
  let regexes = compiled.get(rules);
  if (!regexes) compiled.set(rules, (regexes = rules.map((rule) => new RegExp(ruleRegex(rule), "i"))));
  return rules.filter((rule, i) => rule.fields.some((f) => (regexes[i] as RegExp).test(text[f] ?? ""))).map((r) => r.rule_id);
}

/** Relevance, counted rules and stages from the ids of the rules that matched (in any order). */
export function classify(rules: readonly Rule[], matchedIds: Iterable<string>): Classification {
  const ids = new Set(matchedIds);
  const matched = rules.filter((r) => ids.has(r.rule_id));
  if (!matched.some((r) => r.standalone)) return {re_relevant: false, matched_rules: null, stages: null};
  const stages = new Set<StageOrUnknown>(matched.flatMap((r) => r.stages));
  if (stages.size > 1) stages.delete("unknown");
  return {
    re_relevant: true,
    matched_rules: matched.map((r) => r.rule_id).join(";"),
    stages: STAGES_OR_UNKNOWN.filter((s) => stages.has(s)).join(";")
  };
}

/** matchingRules + classify for one award. */
export function classifyAward(rules: readonly Rule[], text: AwardText): Classification {
  return classify(rules, matchingRules(rules, text));
}

/** A SQL string literal (DuckDB standard strings: backslashes are literal, quotes doubled). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * DuckDB SQL that is true when any standalone rule matches its fields: one combined RE2 regex per field, so the
 * loader's single pass over the file finds the candidate awards; `matchingRules` + `classify` then attribute
 * rules to those few. `columns` maps each field to its SQL expression.
 */
export function prefilterSql(rules: readonly Rule[], columns: Record<RuleField, string>): string {
  const standalone = rules.filter((r) => r.standalone);
  return (
    RULE_FIELDS.map((f) => {
      const regexes = standalone.filter((r) => r.fields.includes(f)).map((r) => `(?:${ruleRegex(r)})`);
      return regexes.length ? `regexp_matches(coalesce(${columns[f]}, ''), ${sqlString(regexes.join("|"))}, 'i')` : null;
    })
      .filter((x) => x !== null)
      .join(" OR ") || "false"
  );
}
