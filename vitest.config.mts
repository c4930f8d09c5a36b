import { configDefaults, defineConfig } from "vitest/config";

// The default run is the fast tiers: pure logic and the Pulumi program under mocks. The tiers that
// need a real Keycloak have their own configs: vitest.live.config.mts (verify against a live realm)
// and vitest.e2e.config.mts (real engine, real Keycloak).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, "test/live/**"],
    testTimeout: 30_000,
  },
});
