/**
 * Starts the local Keycloak (scripts/keycloak.sh up: start, wait for /health/ready, create the e2e
 * realm) unless one is already running and ready, and stops it afterwards only if it started it. Needs
 * Java and the Keycloak distribution (downloaded once by the script), never the Pulumi engine or a
 * provider plugin: this tier talks to Keycloak's admin API only.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const KEYCLOAK = join(resolve(__dirname, "../.."), "scripts", "keycloak.sh");

/** scripts/keycloak.sh status: 0 running and ready, 1 running but not ready, 3 not running. */
function status(): number | null {
  return spawnSync("bash", [KEYCLOAK, "status"], { stdio: "ignore" }).status;
}

export default async function setup(): Promise<() => void> {
  let state = status();
  // Someone else's Keycloak still starting: wait for it rather than start a second one.
  for (let waited = 0; state === 1 && waited < 600; waited += 5) {
    await new Promise((done) => setTimeout(done, 5_000));
    state = status();
  }
  const startedHere = state === 3;
  if (state !== 0) {
    execFileSync("bash", [KEYCLOAK, "up"], {
      stdio: "inherit",
      // A cold start takes 30–60 s on two cores, several minutes when they are busy.
      env: { ...process.env, KEYCLOAK_START_TIMEOUT: process.env.KEYCLOAK_START_TIMEOUT ?? "600" },
    });
  }
  return () => {
    if (startedHere) execFileSync("bash", [KEYCLOAK, "stop"], { stdio: "inherit" });
  };
}
