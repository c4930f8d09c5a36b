import { defineConfig } from "vitest/config";

// The live tier: `verify` against a real local Keycloak, without the Pulumi engine or any provider
// plugin. The global setup starts Keycloak (scripts/keycloak.sh up) unless it is running; each file
// makes a realm of its own and deletes it. Files run one at a time: they share one small server.
export default defineConfig({
  test: {
    include: ["test/live/**/*.live.test.ts"],
    globalSetup: ["test/live/global-setup.ts"],
    fileParallelism: false,
    // Generous: two cores shared with other work; one verify run takes a few seconds there.
    testTimeout: 3 * 60_000,
    hookTimeout: 15 * 60_000,
  },
});
