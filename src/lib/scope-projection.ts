/**
 * A scenario projected inside one matched scope (data/cases/<case>/assumptions/scopes.csv), pure and deterministic: the only place
 * a scenario yields a projected China/US gap or ratio, and only where the comparison rule (src/lib/comparison.ts)
 * allows it. /scenarios and `npm run scenario` call it on the same scope comparison as /gaps (src/queries/scopes.ts).
 *
 * 2025 is the scope as /gaps shows it: each side's known grant equivalent (GE) by stage group over the scope's own
 * years, in the scenario's valuation (basis, base year, deflator), under the status class whose US statuses are the
 * scenario's. Then, for each stage group g and year y (cumulative, constant base-year USD):
 *
 *   China_g,y = GE_g + china_continuation × GE_g ÷ years × (y − 2025)
 *   US_g,y    = GE_g + us_continuation × GE_g ÷ years × (y − 2025) + Σ_{t ≤ y} program spending_t   (g a program stage)
 *
 * where `years` is the number of years of the scope's window. The program (a hypothetical federal grant programme for
 * firms at chain stages in the United States) counts only in a scope whose US side holds federal domestic support.
 *
 * The rule is applied to the projected values with each side's priced and known instruments of today: a projection
 * prices nothing that is unpriced today, and modelled money is not an instrument. So a stage group that is not
 * comparable today (too few priced, or nothing known on one side) is not comparable in 2035 either, whatever the
 * scenario adds; the page and the terminal say what is missing instead. Rows over several stages or not itemised are
 * never compared stage by stage.
 */
import type {Comparison, ComparisonKey, ComparisonRule} from "./comparison.js";
import {simulateProgram} from "./projection.js";
import {PROJECTION_FROM, PROJECTION_TO, type Scenario} from "./scenario.js";
import {compareGroup, groupOrder, type ScopeComparisonRow, type SideSummary} from "./scopes.js";
import {STAGES} from "./taxonomy.js";

/** What the projection reads of a scope comparison (src/queries/scopes.ts ScopeResult). */
export interface ScopeToday {
  key: ComparisonKey;
  window: [number, number];
  rows: readonly ScopeComparisonRow[];
  /** Whether the scope's US side holds federal support to projects in the United States (where a US programme belongs). */
  programInScope: boolean;
}

export interface ScopeSideProjection {
  /** Today's known GE (the scope's years). */
  known_usd: number;
  /** Added after 2025 by the continuation, cumulative. */
  continuation_usd: number;
  /** Added by the US programme, cumulative (0 on China's side). */
  program_usd: number;
  /** known + continuation + program. */
  ge_usd: number;
  /** Today's priced and known instruments (the projection adds none). */
  priced: number;
  known: number;
}

export interface ScopeProjectionRow {
  year: number;
  /** A stage, "several", "not_itemised" or "total". */
  stage: string;
  china: ScopeSideProjection;
  us: ScopeSideProjection;
  comparison: Comparison;
}

const ZERO: Pick<SideSummary, "ge_usd" | "priced" | "known"> = {ge_usd: 0, priced: 0, known: 0};

/** The scenario inside the scope, every year 2025–2035, by stage group (today's groups and the program's stages) and
 * in total (last in each year). */
export function projectInScope(s: Scenario, today: ScopeToday, rule: ComparisonRule): ScopeProjectionRow[] {
  const years = today.window[1] - today.window[0] + 1;
  const p = s.projection.us_program;
  const programStages = new Set<string>(today.programInScope ? p.stages : []);
  const program = simulateProgram(p);
  const byGroup = new Map(today.rows.filter((r) => r.stage !== "total").map((r) => [r.stage, r]));
  const groups = groupOrder(STAGES).filter((g) => byGroup.has(g) || programStages.has(g));
  const out: ScopeProjectionRow[] = [];
  let programCum = 0;
  for (let year = PROJECTION_FROM; year <= PROJECTION_TO; year++) {
    programCum += programStages.size ? program.get(year)?.usd ?? 0 : 0;
    const t = year - PROJECTION_FROM;
    const side = (x: Pick<SideSummary, "ge_usd" | "priced" | "known">, continuation: number, programUsd: number): ScopeSideProjection => {
      const continuation_usd = (continuation * x.ge_usd * t) / years;
      return {known_usd: x.ge_usd, continuation_usd, program_usd: programUsd, ge_usd: x.ge_usd + continuation_usd + programUsd, priced: x.priced, known: x.known};
    };
    const rows = groups.map((g) => {
      const r = byGroup.get(g);
      const china = side(r?.china ?? ZERO, s.projection.china_continuation, 0);
      const us = side(r?.us ?? ZERO, s.projection.us_continuation, programStages.has(g) ? programCum : 0);
      return {year, stage: g, china, us};
    });
    const sum = (k: "china" | "us"): ScopeSideProjection => {
      const z = {known_usd: 0, continuation_usd: 0, program_usd: 0, ge_usd: 0, priced: 0, known: 0};
      for (const r of rows) for (const f of Object.keys(z) as (keyof ScopeSideProjection)[]) z[f] += r[k][f];
      return z;
    };
    const total = {year, stage: "total", china: sum("china"), us: sum("us")};
    for (const r of [...rows, total]) {
      const c = {ge_usd: r.china.ge_usd, priced: r.china.priced, known: r.china.known};
      const u = {ge_usd: r.us.ge_usd, priced: r.us.priced, known: r.us.known};
      out.push({...r, comparison: compareGroup(r.stage, today.key, c, u, rule)});
    }
  }
  return out;
}

/** The status class whose US statuses are exactly the scenario's (the classes pair each side's statuses), or null. */
export function statusClassFor<C extends {statuses: {us: readonly string[]}}>(s: Scenario, classes: readonly C[]): C | null {
  const want = [...s.us.statuses].sort().join(",");
  return classes.find((c) => [...c.statuses.us].sort().join(",") === want) ?? null;
}
