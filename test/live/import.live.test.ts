/**
 * `import` against a real Keycloak, round trip: a realm of its own (`import-live`), laid out through
 * the admin API as `pulumi up` would leave it for test/fixtures/import/registry, imports back to exactly
 * that registry; the result validates, and `verify` against the same realm exits 0. Then with what an
 * operator made by hand (test/live/import-realm.ts): the report names each thing the registry cannot
 * express, and verify finds exactly those, nothing else. Keycloak's own partial export of the realm
 * imports to the same files as the live realm. A wrong secret exits 3 with one line. The command line
 * runs as the real process (tsx).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORT_MARKER } from "../../src/live/import-files";
import { validateDir } from "../../src/registry";
import { addHandMade, IMPORT_REGISTRY, partialExport, provisionImportRegistry } from "./import-realm";
import { localKeycloak, RealmFixture } from "./realm";

const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const CLI = join(ROOT, "src", "cli", "main.ts");

const REALM = "import-live";
const LOGIN_CLIENT = "importer";
const OWNER = "@import-test/team";
/** A fresh secret per run: no output may ever contain it. */
const SECRET = randomBytes(24).toString("hex");
const keycloak = localKeycloak();
const fixture = new RealmFixture(keycloak, REALM);
const READ = "https://orders.import.test/oidc/read";

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "import-live-"));
  temporary.push(dir);
  return dir;
}

interface Outcome {
  readonly code: number | null;
  readonly stdout: string[];
  readonly stderr: string[];
}

/** The command line as a user runs it, the secret from the environment. */
function registry(command: string, args: readonly string[], secret = SECRET): Outcome {
  const env: NodeJS.ProcessEnv = { ...process.env, KEYCLOAK_CLIENT_SECRET: secret };
  delete env.INIT_CWD;
  delete env.SCOPE_REGISTRY_DEBUG;
  const result = spawnSync(TSX, [CLI, command, ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 150_000 });
  const lines = (text: string) => text.split("\n").filter((line) => line !== "");
  expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
  return { code: result.status, stdout: lines(result.stdout), stderr: lines(result.stderr) };
}

const CONNECTION = ["--url", keycloak.url, "--realm", REALM, "--admin-realm", REALM, "--client-id", LOGIN_CLIENT];

function importLive(out: string, secret = SECRET): Outcome {
  return registry("import", ["--env", "development", "--out", out, "--owner", OWNER, ...CONNECTION], secret);
}

function verify(dir: string): Outcome {
  return registry("verify", ["--env", "development", ...CONNECTION, "--dir", dir]);
}

function filesIn(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const sub of ["scopes", "clients"]) {
    if (!existsSync(join(dir, sub))) continue;
    for (const name of readdirSync(join(dir, sub)).sort()) {
      files[`${sub}/${name}`] = readFileSync(join(dir, sub, name), "utf8");
    }
  }
  return files;
}

/** What every import of this realm reports: the login client, the bearer-only client's lists, the secrets. */
const ALWAYS = [
  `clients/${LOGIN_CLIENT}.yaml: left out: client ${LOGIN_CLIENT}: the client import logged in with`,
  "clients/orders-api.yaml: left out: client orders-api: its 11 attached scopes: a bearer-only client obtains no tokens, and the program leaves its attached scopes alone",
  "clients/orders-robot.yaml: chosen: client orders-robot: credentials: its secret is delivered to the Kubernetes Secret orders-robot/orders-robot-oidc (check the namespace); the secret Keycloak holds is not imported, and pulumi up sets a generated one",
  "clients/orders-web.yaml: chosen: client orders-web: credentials: its secret is delivered to the Kubernetes Secret orders-web/orders-web-oidc (check the namespace); the secret Keycloak holds is not imported, and pulumi up sets a generated one",
];

beforeAll(async () => {
  await fixture.recreate();
  await fixture.addLoginClient(LOGIN_CLIENT, SECRET, ["view-clients"]);
  await provisionImportRegistry(fixture);
});

afterAll(async () => {
  await fixture.delete();
  temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

describe("a realm as pulumi up leaves it", () => {
  const out = tempDir();

  it("imports back to exactly the registry it was provisioned from", () => {
    expect(importLive(out)).toEqual({
      code: 0,
      stdout: ALWAYS,
      stderr: [`imported realm ${REALM} as development into ${out}: 5 scopes, 4 clients; 4 report lines`],
    });
    expect(filesIn(out)).toEqual(filesIn(IMPORT_REGISTRY));
  });

  it("the result validates, and verify against the same realm exits 0", () => {
    expect(validateDir(out).problems).toEqual([]);
    expect(verify(out)).toEqual({
      code: 0,
      stdout: [],
      stderr: [`in sync: realm ${REALM} at ${keycloak.url} matches the plan for development (5 scopes, 4 clients)`],
    });
  });
});

describe("with what an operator made by hand", () => {
  const live = tempDir();
  const fromExport = tempDir();
  let exported = "";

  beforeAll(async () => {
    await addHandMade(fixture);
    exported = join(tempDir(), "realm.json");
    writeFileSync(exported, JSON.stringify(await partialExport(fixture)));
  });

  it("the report names each thing the registry cannot express", () => {
    const outcome = importLive(live);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toEqual([
      `scopes/orders.yaml: left out: mapper "is_admin" of scope ${READ}: the registry has no claim source for mapper type oidc-hardcoded-role-mapper`,
      'scopes/other.yaml: chosen: scope legacy_scope: no description in Keycloak; summary set to "legacy_scope" (pulumi up writes it as the description)',
      "scopes/other.yaml: changed: scope legacy_scope: no consent.screen.text (Keycloak shows the scope's name); the registry shows the summary",
      "clients/Legacy_App.yaml: left out: client Legacy_App: its client id cannot be a registry file name (lower-case letters, digits and dashes)",
      ALWAYS[0],
      ALWAYS[1],
      'clients/orders-cli.yaml: left out: mapper "cli-marker" of client orders-cli: mapper type oidc-hardcoded-claim-mapper on the client itself; the registry releases claims through scopes',
      "clients/saml-app.yaml: left out: client saml-app: a saml client; the registry registers OpenID Connect clients",
      ALWAYS[2],
      ALWAYS[3],
    ]);
    expect(outcome.stderr).toEqual([
      `imported realm ${REALM} as development into ${live}: 6 scopes, 4 clients; 10 report lines`,
    ]);
    expect(filesIn(live)).toEqual({
      ...filesIn(IMPORT_REGISTRY),
      "scopes/other.yaml": `${IMPORT_MARKER}\nservice: other\nowners: ["${OWNER}"]\nscopes:\n  - id: legacy_scope\n    summary: legacy_scope\n    availability: [development]\n`,
    });
  });

  it("verify finds exactly what was reported, nothing else", () => {
    expect(validateDir(live).problems).toEqual([]);
    const outcome = verify(live);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toEqual([
      `EXTRA    mapper is_admin (scope ${READ}): oidc-hardcoded-role-mapper, not in the plan`,
      'DIFFERS  scope legacy_scope: description "legacy_scope" → ""',
      'DIFFERS  scope legacy_scope: consent.screen.text "legacy_scope" → ""',
      'EXTRA    mapper cli-marker (client orders-cli): oidc-hardcoded-claim-mapper, claim "cli" = "yes", not in the plan',
      "ORPHAN   client Legacy_App: not in the registry",
      "ORPHAN   client saml-app: not in the registry",
    ]);
    expect(outcome.stderr).toEqual([
      `6 findings (0 MISSING, 2 DIFFERS, 2 EXTRA, 2 ORPHAN): realm ${REALM} at ${keycloak.url} against the plan for development (6 scopes, 4 clients)`,
    ]);
  });

  it("Keycloak's own partial export of the realm imports to the same files", () => {
    const outcome = registry("import", [
      ...["--env", "development", "--out", fromExport, "--owner", OWNER, "--realm-export", exported],
    ]);
    expect(outcome.code).toBe(0);
    // The export holds the login client too: import cannot know it is one, so it is imported.
    expect(outcome.stdout.filter((line) => line.includes(`client ${LOGIN_CLIENT}`))).toEqual([
      `clients/${LOGIN_CLIENT}.yaml: changed: client ${LOGIN_CLIENT}: use.refresh.tokens is on, but no flow issues refresh tokens (pulumi up turns it off)`,
      `clients/${LOGIN_CLIENT}.yaml: chosen: client ${LOGIN_CLIENT}: no name in Keycloak; name set to "${LOGIN_CLIENT}" (pulumi up writes it)`,
      `clients/${LOGIN_CLIENT}.yaml: chosen: client ${LOGIN_CLIENT}: credentials: its secret is delivered to the Kubernetes Secret ${LOGIN_CLIENT}/${LOGIN_CLIENT}-oidc (check the namespace); the secret Keycloak holds is not imported, and pulumi up sets a generated one`,
    ]);
    expect(outcome.stderr).toEqual([
      `imported realm ${REALM} as development into ${fromExport}: 6 scopes, 5 clients; 12 report lines`,
    ]);
    const { [`clients/${LOGIN_CLIENT}.yaml`]: loginClient, ...files } = filesIn(fromExport);
    expect(loginClient).toContain(`clientId: ${LOGIN_CLIENT}\n`);
    expect(files).toEqual(filesIn(live));
  });
});

describe("Keycloak refusing: exit 3, one line", () => {
  it("a wrong secret", () => {
    const out = join(tempDir(), "out");
    expect(importLive(out, "wrong-secret-of-some-length")).toEqual({
      code: 3,
      stdout: [],
      stderr: [
        `error: login refused: Keycloak at ${keycloak.url} refused client "${LOGIN_CLIENT}" in realm "${REALM}" (HTTP 401: unauthorized_client, Invalid client or Invalid client credentials)`,
      ],
    });
    expect(existsSync(out)).toBe(false);
  });
});
