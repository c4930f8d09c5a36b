import { defineConfig } from "vitest/config";

// The default run is the fast tiers: pure logic and the Pulumi program under mocks. The end-to-end
// tier (real engine, real Keycloak) has its own config: vitest.e2e.config.mts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
