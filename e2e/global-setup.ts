/**
 * Starts the local Keycloak (scripts/keycloak.sh up: start, wait for /health/ready, create the test
 * realm) unless one is already running, and stops it afterwards if it started it. Fails first, with
 * the reason, when the engine or a provider plugin is missing: a missing plugin is not a test result.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { engineDir, PROJECT_ROOT } from "./harness";

const KEYCLOAK = join(PROJECT_ROOT, "scripts", "keycloak.sh");

/** What scripts/lib.sh finds missing of the engine: the same check as test:all and local:up. */
export function missingEngineParts(): string[] {
  const lib = JSON.stringify(join(PROJECT_ROOT, "scripts", "lib.sh"));
  const script = `source ${lib} && missing_engine_parts ${JSON.stringify(engineDir())}`;
  return execFileSync("bash", ["-c", script], { encoding: "utf8" }).split("\n").filter(Boolean);
}

export default function setup(): () => void {
  const missing = missingEngineParts();
  if (missing.length > 0) {
    throw new Error(
      `the end-to-end tier needs ${missing.join(", ")}: install pulumi (3.x, at least the version toolchain/pulumi builds) or build the toolchain (scripts/toolchain.sh), and provide the provider plugins on PATH, in SCOPE_REGISTRY_PLUGIN_PATH or with pulumi plugin install (see toolchain/README.md)`,
    );
  }
  // status: 0 running and ready, 1 running but not ready, 3 not running. Stop only what we start.
  const alreadyRunning = spawnSync("bash", [KEYCLOAK, "status"]).status !== 3;
  execFileSync("bash", [KEYCLOAK, "up"], { stdio: "inherit" });
  return () => {
    if (!alreadyRunning) execFileSync("bash", [KEYCLOAK, "stop"], { stdio: "inherit" });
  };
}
