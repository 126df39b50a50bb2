// Tools without a price, both sides (data/cases/<case>/tools/tools.csv): quotas, export controls, consolidation, stockpiles,
// DPA determinations, executive orders, sourcing rules, tariffs, price floors and offtakes. One table with a `side`
// column so a view can set China and the US side by side, stage by stage (docs/instruments.md).
import type {Table} from "apache-arrow";
import {z} from "zod";
import {STAGES} from "../../src/lib/taxonomy.ts";
import {DataError, type DataIssue} from "../errors.ts";
import {buildGroupTable, loadGroup, spec, type LoadedGroup} from "../group.ts";
import {confidence, enumCell, listOf, optAmount, optEnumCell, optIsoDate, optText, sourceId, text} from "../schemas/cells.ts";
import {loadSources, type Source} from "../sources.ts";

export const TOOL_KINDS = ["quota", "export_control", "consolidation", "stockpile", "dpa_determination", "executive_order", "sourcing_rule", "tariff", "price_floor_offtake", "other"] as const;
/** Units of `quantity`: tonnes of rare-earth oxide (quotas), tonnes, USD per kg (a floor), tonnes a year (an offtake's
 * capacity), a tariff rate in percent, shares (a transfer of shares). */
export const TOOL_UNITS = ["t_reo", "t", "t_per_year", "usd_per_kg", "percent", "shares"] as const;
/** Stages, or `all` alone for a tool that covers the whole chain. */
export const TOOL_STAGES = [...STAGES, "all"] as const;

export const tools = z.object({
  tool_id: text(),
  side: enumCell(["china", "us"] as const),
  tool: enumCell(TOOL_KINDS),
  title: text(),
  issuer: text(),
  doc_number: optText(),
  date: optIsoDate(),
  stages: listOf(TOOL_STAGES),
  quantity: optAmount(),
  unit: optEnumCell(TOOL_UNITS),
  source_id: sourceId(),
  confidence: confidence(),
  note: optText()
});

export const TOOL_TABLES = {
  tools: spec({
    schema: tools,
    title: "Tools without a price, China and the US (quotas, export controls, consolidation, stockpiles, DPA determinations, orders, sourcing rules, tariffs, floors and offtakes)",
    key: (r) => r.tool_id,
    keyColumn: "tool_id",
    columns: {tool_id: "utf8", side: "utf8", tool: "utf8", title: "utf8", issuer: "utf8", doc_number: "utf8", date: "utf8", stages: "utf8", quantity: "float64", unit: "utf8", source_id: "utf8", confidence: "utf8", note: "utf8"}
  })
};

type ToolRow = z.output<typeof tools> & {_line: number};

/** Rules across columns and rows. */
export function checkTools(rows: readonly ToolRow[], file: string): DataIssue[] {
  const issues: DataIssue[] = [];
  const add = (r: ToolRow, column: string, value: unknown, problem: string, fix: string) => issues.push({file, row: r._line, column, value, problem, fix});
  const quotaYears = new Map<string, number>();
  for (const r of rows) {
    const prefix = r.side === "china" ? "cn-" : "us-";
    if (!r.tool_id.startsWith(prefix)) add(r, "tool_id", r.tool_id, `a ${r.side} tool's id starts with ${prefix}`, `rename it ${prefix}…, or correct the side`);
    if ((r.quantity === null) !== (r.unit === null)) add(r, r.quantity === null ? "quantity" : "unit", r.quantity ?? r.unit, "a quantity and its unit go together", "fill in both quantity and unit, or neither");
    if (r.tool === "quota" && r.unit !== null && r.unit !== "t_reo") add(r, "unit", r.unit, "a production quota is in tonnes of rare-earth oxide", "write t_reo");
    if (r.stages.includes("all") && r.stages.length > 1) add(r, "stages", r.stages.join(";"), "all cannot be combined with stages", "write all alone, or list the stages");
    if (r.quantity === null && !r.note) add(r, "note", r.note, "a tool without a quantity must say in its note what it does", "describe the tool");
    // A production quota has one row per stage and year: two would be summed twice.
    if (r.tool === "quota" && r.quantity !== null && r.date !== null) {
      const key = `${r.side}|${r.stages.join(";")}|${r.date.slice(0, 4)}`;
      const first = quotaYears.get(key);
      if (first !== undefined) add(r, "date", r.date, `a second ${r.stages.join(";")} quota for ${r.date.slice(0, 4)} (first on row ${first})`, "keep one row per stage and year (batches in the note)");
      else quotaYears.set(key, r._line);
    }
  }
  return issues;
}

export function loadTools(sources: Map<string, Source> = loadSources()): LoadedGroup<typeof TOOL_TABLES> {
  const loaded = loadGroup("tools", TOOL_TABLES, sources);
  const issues = checkTools(loaded.rows.tools, loaded.files.tools);
  if (issues.length) throw new DataError(issues);
  return loaded;
}

export function buildToolTable(name: keyof typeof TOOL_TABLES, loaded = loadTools()): Table {
  return buildGroupTable(TOOL_TABLES, name, loaded);
}
