import { defineConfig } from "vitest/config";

// The end-to-end tier: the real Pulumi engine against a real local Keycloak. Steps share one stack
// and run in order, one file at a time; Keycloak is started (and stopped) by the global setup.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.test.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 10 * 60_000,
  },
});
