import {defineConfig} from "vitest/config";

// Unit, loader and query tests run in Node; browser tests (test/e2e) have their own config because they need a
// built site and Chromium.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    environment: "node",
    // src/components/libs.ts re-exports the generated library bundle (scripts/vendor.ts).
    globalSetup: ["test/helpers/vendor-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: {TZ: "UTC"}
  }
});
