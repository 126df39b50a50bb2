import {readdirSync} from "node:fs";

/** Every HTML file of a built site (paths relative to `dir`, sorted): what the build's after-Framework steps rewrite. */
export function htmlFiles(dir: string): string[] {
  return (readdirSync(dir, {recursive: true}) as string[]).filter((f) => f.endsWith(".html")).sort();
}
