// Supply chain: exact pins, a complete lockfile with integrity hashes, and no dependency that fetches anything at
// install time. (Run time: the offline guard makes any non-loopback fetch during the build throw, the browser tests
// assert zero requests outside the site's origin, and the CSP's connect-src 'self' blocks them in the browser.)
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, test} from "vitest";
import {ROOT} from "../loaders/paths.ts";

interface LockPackage {
  version?: string;
  integrity?: string;
  resolved?: string;
  hasInstallScript?: boolean;
  inBundle?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {dependencies: Record<string, string>; devDependencies: Record<string, string>; overrides?: Record<string, string>};
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {lockfileVersion: number; packages: Record<string, LockPackage>};
const installed = Object.entries(lock.packages).filter(([path]) => path !== "");

describe("dependencies", () => {
  test("every direct dependency is pinned to one exact registry version", () => {
    const all = {...pkg.dependencies, ...pkg.devDependencies, ...pkg.overrides};
    expect(Object.keys(all).length).toBeGreaterThan(10);
    for (const [name, spec] of Object.entries(all)) expect(spec, name).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  test("the lockfile (v3) installs exactly those versions", () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages[""]?.dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[""]?.devDependencies).toEqual(pkg.devDependencies);
    for (const [name, version] of Object.entries({...pkg.dependencies, ...pkg.devDependencies})) {
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
    }
  });

  test("every locked package is checked by a sha512 integrity hash and comes from the registry", () => {
    expect(installed.length).toBeGreaterThan(100);
    for (const [path, p] of installed) {
      if (p.inBundle || p.link) continue; // shipped inside its parent's (hashed) tarball / a workspace link
      expect(p.integrity, path).toMatch(/^sha512-/);
      if (p.resolved) expect(p.resolved, path).toMatch(/^https:\/\/registry\.npmjs\.org\//);
    }
  });

  test("the only install scripts are esbuild's, whose platform binary is locked, so they download nothing", () => {
    // esbuild's postinstall checks its platform package (an optional dependency); only if that were missing would it
    // fetch the binary from the registry. The lockfile carries it for this platform, next to each esbuild.
    const scripts = installed.filter(([, p]) => p.hasInstallScript).map(([path, p]) => `${path}@${p.version}`);
    expect(scripts).toEqual(["node_modules/esbuild@0.27.7", "node_modules/tsx/node_modules/esbuild@0.28.2"]);
    expect(lock.packages["node_modules/@esbuild/linux-x64"]?.version).toBe("0.27.7");
    expect(lock.packages["node_modules/tsx/node_modules/@esbuild/linux-x64"]?.version).toBe("0.28.2");
  });
});
