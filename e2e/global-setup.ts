/**
 * Starts the local Keycloak (scripts/keycloak.sh up: start, wait for /health/ready, create the test
 * realm) unless one is already running, and stops it afterwards if it started it. Fails first, with
 * the reason, when the engine or a provider plugin is missing: a missing plugin is not a test result.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { enginePath, PROJECT_ROOT } from "./harness";

const KEYCLOAK = join(PROJECT_ROOT, "scripts", "keycloak.sh");
const REQUIRED = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-keycloak", "pulumi-resource-random"];

export function missingEngineParts(): string[] {
  const path = `${enginePath()}:${process.env.PATH}`;
  return REQUIRED.filter((binary) => spawnSync("bash", ["-c", `command -v ${binary}`], { env: { ...process.env, PATH: path } }).status !== 0);
}

export default function setup(): () => void {
  const missing = missingEngineParts();
  if (missing.length > 0) {
    throw new Error(
      `the end-to-end tier needs ${missing.join(", ")} on PATH, in the toolchain cache or in SCOPE_REGISTRY_PLUGIN_PATH (see toolchain/README.md)`,
    );
  }
  // status: 0 running and ready, 1 running but not ready, 3 not running. Stop only what we start.
  const alreadyRunning = spawnSync("bash", [KEYCLOAK, "status"]).status !== 3;
  execFileSync("bash", [KEYCLOAK, "up"], { stdio: "inherit" });
  return () => {
    if (!alreadyRunning) execFileSync("bash", [KEYCLOAK, "stop"], { stdio: "inherit" });
  };
}
