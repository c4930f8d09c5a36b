/**
 * Benchmark (not a test): `verify` against a live realm of 200 scopes in 20 files and 40 clients, laid
 * out as `pulumi up` makes it (the live tier's fixture), in the local Keycloak of scripts/keycloak.sh
 * (`bash scripts/keycloak.sh start` first). Prints the admin calls verify makes and its time against
 * one bare listing of the realm's client scopes, measured in the same run: the ratio says how much of
 * verify is more than the one listing it cannot avoid (verify also logs in, validates the registry and
 * plans it). Medians of several rounds after a warm-up.
 */
import { rmSync } from "node:fs";
import { runAsync } from "../src/cli/main";
import { errorsIn, planEnvironment, validateDir } from "../src/registry";
import { localKeycloak, RealmFixture } from "../test/live/realm";
import { writeSyntheticRegistry } from "./synthetic";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REALM = "verify-bench";
const LOGIN = "verify-bench";
const SECRET = "verify-bench-local-secret";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const keycloak = localKeycloak();
  try {
    await fetch(`${keycloak.url}/realms/master`, { signal: AbortSignal.timeout(5_000) });
  } catch {
    console.error(`no Keycloak at ${keycloak.url}: start one with bash scripts/keycloak.sh start`);
    process.exitCode = 2;
    return;
  }
  const root = writeSyntheticRegistry({ files: 20, scopesPerFile: 10, clients: 40 });
  const fixture = new RealmFixture(keycloak, REALM);
  try {
    const { registry, problems } = validateDir(root);
    if (errorsIn(problems).length > 0)
      throw new Error(`synthetic registry is invalid: ${errorsIn(problems)[0].message}`);
    const plan = planEnvironment(registry, "development");
    await fixture.recreate();
    await fixture.addLoginClient(LOGIN, SECRET, ["view-clients"]);
    await fixture.provision(plan);

    const argv = ["verify", "--env", "development", "--url", keycloak.url, "--realm", REALM];
    argv.push("--admin-realm", REALM, "--client-id", LOGIN, "--dir", root, "--json");
    let output = "";
    const io = { out: (line: string) => (output = line), err: (line: string) => console.error(line) };
    const verify = async () => {
      process.env.KEYCLOAK_CLIENT_SECRET = SECRET;
      const code = await runAsync(argv, io, root, root);
      if (code !== 0) throw new Error(`verify exited ${code}: ${output}`);
    };
    const listing = () => fixture.api("GET", `/${REALM}/client-scopes`);

    await verify();
    await listing();
    const verifyTimes: number[] = [];
    const listingTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      verifyTimes.push(await time(verify));
      listingTimes.push(await time(listing));
    }
    const { adminCalls } = JSON.parse(output) as { adminCalls: number };
    const verifyMs = median(verifyTimes);
    const listingMs = median(listingTimes);
    console.log(
      `realm: ${plan.scopes.length} client scopes (${plan.scopes.reduce((n, s) => n + s.claims.length + (s.audienceMapper ? 1 : 0), 0)} protocol mappers), ${plan.clients.length} clients`,
    );
    console.log(`verify: ${adminCalls} admin calls, ${verifyMs.toFixed(0)} ms (median of ${ROUNDS})`);
    console.log(`one client-scopes listing: ${listingMs.toFixed(0)} ms`);
    console.log(`ratio verify / listing: ${(verifyMs / listingMs).toFixed(2)}`);
  } finally {
    delete process.env.KEYCLOAK_CLIENT_SECRET;
    await fixture.delete();
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
