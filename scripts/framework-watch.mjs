// Loaded into Framework's preview by `npm run dev` (node --import, scripts/dev.ts; docs/analyst.md "How the loop
// works"): one page update per save instead of one per file. Framework 1.13's preview watches, for each file a page
// loads, the file or the loader that makes it (FileWatchers.of, dist/fileWatchers.js), and each event re-reads and
// re-resolves the whole page before its update goes out. /gaps loads five tables out of assumptions.zip and its
// answers out of answers.zip: one save, which the data step publishes by touching those two loaders at once, fired six
// such passes on one thread (~1 s on a quiet machine, 3.4 s at load 10, profiled). This replacement of
// FileWatchers.of watches each distinct path once and calls back once per burst of changes (50 ms): the same
// callback, which Framework's preview does not pass the name to (`() => watcher("change")`). The same checks as
// Framework's: a change counts when the mtime moves and the file is not empty; a rename re-watches the path.
import {realpathSync, watch} from "node:fs";
import {stat} from "node:fs/promises";
import {join} from "node:path";
import {pathToFileURL} from "node:url";

const maybeStat = (path) => stat(path).catch(() => undefined);

// Framework's own process only (its loader commands inherit NODE_OPTIONS too).
const dist = realpathSync(join(new URL("..", import.meta.url).pathname, "node_modules/@observablehq/framework/dist"));
const main = (() => {
  try {
    return realpathSync(process.argv[1] ?? "/");
  } catch {
    return "";
  }
})();
if (main.startsWith(dist)) await coalesce();

async function coalesce() {
  const {FileWatchers} = await import(pathToFileURL(join(dist, "fileWatchers.js")).href);
  const {resolvePath} = await import(pathToFileURL(join(dist, "path.js")).href);


  FileWatchers.of = async function of(loaders, path, names, callback) {
    const watchers = [];
    const byPath = new Map();
    for (const name of names) {
      const watchPath = loaders.getWatchPath(resolvePath(path, name));
      if (watchPath && !byPath.has(watchPath)) byPath.set(watchPath, name);
    }
    let timer;
    let closed = false;
    const changed = (name) => {
      clearTimeout(timer);
      timer = setTimeout(() => closed || callback(name), 50);
    };
    for (const [watchPath, name] of byPath) {
      let currentStat = await maybeStat(watchPath);
      const index = watchers.length;
      const watched = async (type) => {
        if (type === "rename") {
          watchers[index]?.close();
          try {
            watchers[index] = watch(watchPath, watched);
          } catch (error) {
            if (error?.code !== "ENOENT") throw error;
            console.error(`file no longer exists: ${watchPath}`);
            return;
          }
          setTimeout(() => watched("change"), 100);
          return;
        }
        const newStat = await maybeStat(watchPath);
        if (currentStat?.mtimeMs === newStat?.mtimeMs || newStat?.size === 0) return;
        currentStat = newStat;
        changed(name);
      };
      try {
        watchers[index] = watch(watchPath, watched);
      } catch (error) {
        if (error?.code !== "ENOENT") throw error;
      }
    }
    return {
      watchers,
      close() {
        closed = true;
        clearTimeout(timer);
        for (const w of watchers) w?.close();
        watchers.length = 0;
      }
    };
  };
}
