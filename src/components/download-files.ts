// The zips a reader downloads (downloads.ts imports this module on the first click, so pages do not load jszip or
// Apache Arrow for their first view). Every entry is dated with the data date, so the same view of the same data
// always gives the same bytes.
import JSZip from "jszip";
import {tableFromIPC} from "apache-arrow";
import {csvFormat} from "./libs.js";
import {arrowToRows} from "../lib/rows.js";
import {describeColumns, publishedRows, readmeText, type DownloadMetadata} from "../lib/publication.js";
import type {SourceMap} from "./provenance.js";

type Row = Record<string, unknown>;

function zipDate(meta: DownloadMetadata): Date {
  return meta.data_date ? new Date(`${meta.data_date}T00:00:00Z`) : new Date(Date.UTC(1980, 0, 1));
}

async function zipOf(files: Record<string, string | Uint8Array>, date: Date): Promise<Uint8Array<ArrayBuffer>> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data, {date, createFolders: false});
  return (await zip.generateAsync({type: "uint8array", compression: "DEFLATE", platform: "UNIX"})) as Uint8Array<ArrayBuffer>;
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** The "data" download: `<base>.csv` (the rows displayed), metadata.json, README.txt and sources.csv. */
export function displayedZip(base: string, rows: readonly Row[], meta: DownloadMetadata, sources: string): Promise<Uint8Array<ArrayBuffer>> {
  return zipOf({[`${base}.csv`]: `${csvFormat(rows as Record<string, string>[])}\n`, "metadata.json": json(meta), "README.txt": readmeText(meta), "sources.csv": `${sources}\n`}, zipDate(meta));
}

/**
 * The "full data" download: each published table whole, as CSV and as the Arrow file the site publishes (its
 * schema carries the same metadata), with one metadata.json and README.txt describing them, and sources.csv.
 */
export function fullZip(tables: Record<string, Uint8Array>, view: DownloadMetadata, base: string, sources: SourceMap, sourcesCsv: (rows: readonly Row[], sources: SourceMap) => string): Promise<Uint8Array<ArrayBuffer>> {
  const files: Record<string, string | Uint8Array> = {};
  const all: Row[] = [];
  const datasets = Object.entries(tables).map(([name, bytes]) => {
    const table = tableFromIPC(bytes);
    const rows = arrowToRows(table);
    all.push(...rows);
    const m = table.schema.metadata;
    const described = JSON.parse(m.get("columns") ?? "{}") as Record<string, string>;
    files[`${name}.csv`] = `${csvFormat(publishedRows(rows) as Record<string, string>[])}\n`;
    files[`${name}.arrow`] = bytes;
    return {name, title: m.get("title") ?? name, row: m.get("row") ?? null, input: m.get("file") ?? m.get("input") ?? null, rows: rows.length, columns: describeColumns(rows, {currencyBasis: "as the column's description says (the published tables are as reported)", described})};
  });
  const names = datasets.map((d) => d.name);
  const meta: DownloadMetadata & {datasets: typeof datasets; view: string} = {
    ...view,
    title: `Full data behind: ${view.title}`,
    row: "see each dataset",
    rows: all.length,
    columns: datasets.flatMap((d) => d.columns.map((c) => ({...c, name: `${d.name}.${c.name}`}))),
    scope: "the whole published tables, no setting applied (the settings are those of the view the download was made from)",
    sources: [...new Set(all.flatMap((r) => String(r.source_id ?? "").split(";")).filter((id) => id && id !== "derived"))].sort(),
    view: `${base}: the displayed-data download of the same view`,
    datasets,
    files: {
      ...Object.fromEntries(names.flatMap((n) => [[`${n}.csv`, `the table ${n}, every row, as CSV`], [`${n}.arrow`, `the table ${n} as the site publishes it (Arrow IPC stream; the same metadata in its schema)`]])),
      "metadata.json": "this description, machine-readable",
      "README.txt": "this description, in words",
      "sources.csv": "every source the tables cite"
    }
  };
  files["metadata.json"] = json(meta);
  files["README.txt"] = readmeText(meta);
  files["sources.csv"] = `${sourcesCsv(all, sources)}\n`;
  return zipOf(files, zipDate(meta));
}
