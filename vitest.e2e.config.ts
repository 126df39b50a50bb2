import {defineConfig} from "vitest/config";

// Browser tests against the built site (dist/) in Debian's Chromium. One file at a time: 2 cores, and each file
// starts its own browser.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {TZ: "UTC"}
  }
});
