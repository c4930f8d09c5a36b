/**
 * `verify` against a real Keycloak: a realm of its own (`verify-live`), laid out as `pulumi up` would
 * leave it for test/live/registry/'s development plan, is in sync (exit 0, in two admin calls); then
 * each out-of-band edit, made through the admin API as an operator would in the console, exits 1 and
 * names exactly that item; a wrong secret, a login client without the role it needs and a port where
 * nothing listens exit 3 with one line. The command line runs as the real process (tsx), so exit codes,
 * streams and the absence of stack traces are what a user gets.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedMappers } from "../../src/live/expected";
import { errorsIn, planEnvironment, validateDir } from "../../src/registry";
import { localKeycloak, RealmFixture } from "./realm";

const ROOT = resolve(__dirname, "../..");
const REGISTRY = join(__dirname, "registry");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const CLI = join(ROOT, "src", "cli", "main.ts");

const REALM = "verify-live";
const LOGIN_CLIENT = "verifier";
const USER = "tess";
/** A fresh secret per run: no output may ever contain it. */
const SECRET = randomBytes(24).toString("hex");
const keycloak = localKeycloak();
const fixture = new RealmFixture(keycloak, REALM);

const validation = validateDir(REGISTRY);
const plan = planEnvironment(validation.registry, "development");

const TENANT = "https://live.scope-registry.test/oidc/tenant";
const IDENTITY = "https://live.scope-registry.test/oidc/identity";
const WHERE = `realm ${REALM} at ${keycloak.url}`;
const SIZE = "(4 scopes, 4 clients)";

interface Outcome {
  readonly code: number | null;
  readonly stdout: string[];
  readonly stderr: string[];
}

/** The command line as a user runs it; the secret from the environment unless `stdin` is given. */
function verify(args: readonly string[], options: { secret?: string; stdin?: string; cwd?: string } = {}): Outcome {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.INIT_CWD;
  delete env.KEYCLOAK_CLIENT_SECRET;
  delete env.SCOPE_REGISTRY_DEBUG;
  if (options.stdin === undefined) env.KEYCLOAK_CLIENT_SECRET = options.secret ?? SECRET;
  const result = spawnSync(TSX, [CLI, "verify", ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    input: options.stdin ?? "",
    encoding: "utf8",
    timeout: 150_000,
  });
  const lines = (text: string) => text.split("\n").filter((line) => line !== "");
  const outcome = { code: result.status, stdout: lines(result.stdout), stderr: lines(result.stderr) };
  expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
  return outcome;
}

const CONNECTION = [
  "--env",
  "development",
  "--url",
  keycloak.url,
  "--realm",
  REALM,
  "--admin-realm",
  REALM,
  "--client-id",
  LOGIN_CLIENT,
  "--dir",
  REGISTRY,
];

/** What verify prints for a drift: its lines (stdout), then the summary with the count of each kind (stderr). */
function drift(...lines: string[]): Outcome {
  const counts: Record<string, number> = { MISSING: 0, DIFFERS: 0, EXTRA: 0, ORPHAN: 0 };
  for (const line of lines) counts[line.split(" ")[0]] += 1;
  const summary = Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
  const findings = `${lines.length} finding${lines.length === 1 ? "" : "s"}`;
  return {
    code: 1,
    stdout: lines,
    stderr: [`${findings} (${summary}): ${WHERE} against the plan for development ${SIZE}`],
  };
}

const IN_SYNC: Outcome = {
  code: 0,
  stdout: [],
  stderr: [`in sync: ${WHERE} matches the plan for development ${SIZE}`],
};

/** Applies an out-of-band edit, runs verify, and puts the realm back whatever happened. */
async function whileEdited(edit: () => Promise<() => Promise<void>>, check: () => void): Promise<void> {
  const undo = await edit();
  try {
    check();
  } finally {
    await undo();
  }
}

/**
 * The realm as `pulumi up` leaves it, the login client with the one role verify needs, and a user
 * with a value for every claim source (for --tokens).
 */
async function layOut(): Promise<void> {
  await fixture.recreate();
  await fixture.addLoginClient(LOGIN_CLIENT, SECRET, ["view-clients"]);
  await fixture.provision(plan);
  await fixture.addUser(USER);
}

beforeAll(async () => {
  expect(errorsIn(validation.problems)).toEqual([]);
  await layOut();
});

afterAll(async () => {
  await fixture.delete();
});

describe("a realm as pulumi up leaves it", () => {
  it("is in sync: exit 0, one line", () => {
    expect(verify(CONNECTION)).toEqual(IN_SYNC);
  });

  it("--json: in sync, read in two admin calls (client scopes with their mappers; clients with their lists)", () => {
    const { code, stdout } = verify([...CONNECTION, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.join("\n"))).toEqual({
      environment: "development",
      url: keycloak.url,
      realm: REALM,
      inSync: true,
      counts: { MISSING: 0, DIFFERS: 0, EXTRA: 0, ORPHAN: 0 },
      findings: [],
      adminCalls: 2,
    });
  });

  it("--stack reads URL, realm, admin realm, client id and environment from Pulumi.<stack>.yaml; the secret from standard input", () => {
    const project = mkdtempSync(join(tmpdir(), "verify-live-stack-"));
    try {
      writeFileSync(
        join(project, "Pulumi.live.yaml"),
        [
          "config:",
          "  scope-registry:environment: development",
          `  scope-registry:keycloakUrl: ${keycloak.url}`,
          `  scope-registry:keycloakRealm: ${REALM}`,
          `  scope-registry:keycloakAdminRealm: ${REALM}`,
          `  scope-registry:keycloakClientId: ${LOGIN_CLIENT}`,
          "",
        ].join("\n"),
      );
      expect(
        verify(["--stack", "live", "--client-secret-stdin", "--dir", REGISTRY], {
          cwd: project,
          stdin: `${SECRET}\nignored second line\n`,
        }),
      ).toEqual(IN_SYNC);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("Keycloak knows every mapper type and config key verify expects", async () => {
    const info = await fixture.serverInfo();
    const types = new Map<string, Set<string>>(
      info.protocolMapperTypes["openid-connect"].map((t: { id: string; properties: { name: string }[] }) => [
        t.id,
        new Set(t.properties.map((p) => p.name)),
      ]),
    );
    for (const mapper of plan.scopes.flatMap(expectedMappers)) {
      expect(types.has(mapper.protocolMapper), mapper.protocolMapper).toBe(true);
      for (const key of Object.keys(mapper.config)) {
        expect(types.get(mapper.protocolMapper)!.has(key), `${mapper.protocolMapper} ${key}`).toBe(true);
      }
    }
  });
});

describe("each out-of-band edit: exit 1, naming exactly that item", () => {
  it("a mapper's claim renamed", async () => {
    const scope = await fixture.scope(TENANT);
    const mapper = scope.protocolMappers.find((m: { name: string }) => m.name === "tenant");
    const path = `/${REALM}/client-scopes/${scope.id}/protocol-mappers/models/${mapper.id}`;
    await whileEdited(
      async () => {
        await fixture.api("PUT", path, { ...mapper, config: { ...mapper.config, "claim.name": "tenant_id" } });
        return () => fixture.api("PUT", path, mapper);
      },
      () => {
        expect(verify(CONNECTION)).toEqual(
          drift(`DIFFERS  mapper tenant (scope ${TENANT}): claim.name "tenant" → "tenant_id"`),
        );
      },
    );
  });

  it("a scope detached from a client", async () => {
    const client = await fixture.clientUuid("live-app");
    const scope = await fixture.scope(TENANT);
    const path = `/${REALM}/clients/${client}/default-client-scopes/${scope.id}`;
    await whileEdited(
      async () => {
        await fixture.api("DELETE", path);
        return () => fixture.api("PUT", path);
      },
      () => {
        expect(verify(CONNECTION)).toEqual(drift(`MISSING  default scope ${TENANT} (client live-app)`));
      },
    );
  });

  it("a redirect URI added", async () => {
    const path = `/${REALM}/clients/${await fixture.clientUuid("live-app")}`;
    const client = await fixture.api("GET", path);
    await whileEdited(
      async () => {
        await fixture.api("PUT", path, { ...client, redirectUris: [...client.redirectUris, "https://evil.test/cb"] });
        return () => fixture.api("PUT", path, client);
      },
      () => {
        expect(verify(CONNECTION)).toEqual(
          drift(
            'DIFFERS  client live-app: redirectUris ["https://app.live.test/callback"] → ["https://app.live.test/callback", "https://evil.test/cb"]',
          ),
        );
      },
    );
  });

  it("a hand-made client scope", async () => {
    await whileEdited(
      async () => {
        const id = await fixture.api("POST", `/${REALM}/client-scopes`, {
          name: "hand-made",
          protocol: "openid-connect",
        });
        return () => fixture.api("DELETE", `/${REALM}/client-scopes/${id}`);
      },
      () => {
        expect(verify(CONNECTION)).toEqual(drift("ORPHAN   scope hand-made: not in the registry"));
      },
    );
  });

  it("what registry.yaml's verify.ignore names is no orphan", async () => {
    await whileEdited(
      async () => {
        const scope = await fixture.api("POST", `/${REALM}/client-scopes`, {
          name: "legacy-scope",
          protocol: "openid-connect",
        });
        const client = await fixture.api("POST", `/${REALM}/clients`, {
          clientId: "grafana",
          protocol: "openid-connect",
        });
        return async () => {
          await fixture.api("DELETE", `/${REALM}/client-scopes/${scope}`);
          await fixture.api("DELETE", `/${REALM}/clients/${client}`);
        };
      },
      () => {
        expect(verify(CONNECTION)).toEqual(IN_SYNC);
      },
    );
  });

  it("a hand-added hardcoded mapper on a managed scope (which pulumi up --refresh does not see)", async () => {
    const scope = await fixture.scope(TENANT);
    const models = `/${REALM}/client-scopes/${scope.id}/protocol-mappers/models`;
    await whileEdited(
      async () => {
        const id = await fixture.api("POST", models, {
          name: "is_admin",
          protocol: "openid-connect",
          protocolMapper: "oidc-hardcoded-claim-mapper",
          config: {
            "claim.name": "is_admin",
            "claim.value": "true",
            "jsonType.label": "boolean",
            "access.token.claim": "true",
          },
        });
        return () => fixture.api("DELETE", `${models}/${id}`);
      },
      () => {
        expect(verify(CONNECTION)).toEqual(
          drift(
            `EXTRA    mapper is_admin (scope ${TENANT}): oidc-hardcoded-claim-mapper, claim "is_admin" = "true", not in the plan`,
          ),
        );
      },
    );
  });

  it("a scope deleted: it and its attachments are MISSING", async () => {
    const scope = await fixture.scope(IDENTITY);
    await whileEdited(
      async () => {
        await fixture.api("DELETE", `/${REALM}/client-scopes/${scope.id}`);
        // Putting a deleted scope back means laying the whole realm out again.
        return layOut;
      },
      () => {
        expect(verify(CONNECTION)).toEqual(
          drift(
            `MISSING  scope ${IDENTITY}`,
            `MISSING  optional scope ${IDENTITY} (client live-app)`,
            `MISSING  optional scope ${IDENTITY} (client live-spa)`,
          ),
        );
      },
    );
  });

  it("after every edit was put back: in sync again", () => {
    expect(verify(CONNECTION)).toEqual(IN_SYNC);
  });
});

describe("--tokens --user: each client's example tokens against the plan's prediction", () => {
  const TOKENS = [...CONNECTION, "--tokens", "--user", USER];
  // Finding the user and evaluating tokens for them takes view-users besides view-clients.
  beforeAll(() => fixture.roles("POST", LOGIN_CLIENT, ["view-users"]));
  afterAll(() => fixture.roles("DELETE", LOGIN_CLIENT, ["view-users"]));

  it("in sync: every predicted claim, audience and scope listing is there, in 24 admin calls", () => {
    expect(verify(TOKENS)).toEqual(IN_SYNC);
    const { code, stdout } = verify([...TOKENS, "--json"]);
    expect(code).toBe(0);
    // 2 listings, the user, then 3 examples (access token, ID token, userinfo) for each request: the
    // default scopes of live-app, live-robot and live-spa, and each of their 4 optional scopes.
    expect(JSON.parse(stdout.join("\n"))).toMatchObject({ inSync: true, findings: [], adminCalls: 24 });
  });

  it("a claim renamed: the mapper DIFFERS, and each client's tokens lack the claim and carry another", async () => {
    const scope = await fixture.scope(TENANT);
    const mapper = scope.protocolMappers.find((m: { name: string }) => m.name === "tenant");
    const path = `/${REALM}/client-scopes/${scope.id}/protocol-mappers/models/${mapper.id}`;
    await whileEdited(
      async () => {
        await fixture.api("PUT", path, { ...mapper, config: { ...mapper.config, "claim.name": "tenant_id" } });
        return () => fixture.api("PUT", path, mapper);
      },
      () => {
        expect(verify(TOKENS)).toEqual(
          drift(
            `DIFFERS  mapper tenant (scope ${TENANT}): claim.name "tenant" → "tenant_id"`,
            'MISSING  claim tenant (client live-app): not in id_token, access_token, userinfo for scope "openid"',
            'EXTRA    claim tenant_id (client live-app): in id_token, access_token, userinfo for scope "openid", not predicted by the plan',
            'MISSING  claim tenant (client live-spa): not in id_token, access_token, userinfo for scope "openid"',
            'EXTRA    claim tenant_id (client live-spa): in id_token, access_token, userinfo for scope "openid", not predicted by the plan',
          ),
        );
      },
    );
  });

  it("a hand-added hardcoded mapper: EXTRA on the scope, and the claim in every token of its clients", async () => {
    const scope = await fixture.scope(TENANT);
    const models = `/${REALM}/client-scopes/${scope.id}/protocol-mappers/models`;
    await whileEdited(
      async () => {
        const id = await fixture.api("POST", models, {
          name: "is_admin",
          protocol: "openid-connect",
          protocolMapper: "oidc-hardcoded-claim-mapper",
          config: {
            "claim.name": "is_admin",
            "claim.value": "true",
            "jsonType.label": "boolean",
            "access.token.claim": "true",
          },
        });
        return () => fixture.api("DELETE", `${models}/${id}`);
      },
      () => {
        expect(verify(TOKENS)).toEqual(
          drift(
            `EXTRA    mapper is_admin (scope ${TENANT}): oidc-hardcoded-claim-mapper, claim "is_admin" = "true", not in the plan`,
            'EXTRA    claim is_admin (client live-app): in access_token for scope "openid", not predicted by the plan',
            'EXTRA    claim is_admin (client live-spa): in access_token for scope "openid", not predicted by the plan',
          ),
        );
      },
    );
  });

  it("an unknown user: exit 2, one line", () => {
    expect(verify([...CONNECTION, "--tokens", "--user", "nobody"])).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        `error: no user "nobody" in realm ${REALM} that client "${LOGIN_CLIENT}" can see (--user; --tokens needs realm-management's view-users role)`,
      ],
    });
  });
});

describe("Keycloak unreachable or refusing: exit 3, one line, no stack trace", () => {
  it("a wrong secret", () => {
    expect(verify(CONNECTION, { secret: "wrong-secret-of-some-length" })).toEqual({
      code: 3,
      stdout: [],
      stderr: [
        `error: login refused: Keycloak at ${keycloak.url} refused client "${LOGIN_CLIENT}" in realm "${REALM}" (HTTP 401: unauthorized_client, Invalid client or Invalid client credentials)`,
      ],
    });
  });

  it("a closed port: 127.0.0.1:1", () => {
    const args = CONNECTION.map((arg) => (arg === keycloak.url ? "http://127.0.0.1:1" : arg));
    expect(verify(args)).toEqual({
      code: 3,
      stdout: [],
      stderr: [
        "error: cannot reach Keycloak at http://127.0.0.1:1: fetch refuses to connect to that port (a blocked port)",
      ],
    });
  });

  it("a port where nothing listens", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    expect(verify(CONNECTION.map((arg) => (arg === keycloak.url ? url : arg)))).toEqual({
      code: 3,
      stdout: [],
      stderr: [`error: cannot reach Keycloak at ${url}: connection refused (ECONNREFUSED)`],
    });
  });

  it("--tokens without view-users: HTTP 403 naming the role", () => {
    expect(verify([...CONNECTION, "--tokens", "--user", USER])).toEqual({
      code: 3,
      stdout: [],
      stderr: [
        `error: Keycloak at ${keycloak.url} refused GET /admin/realms/${REALM}/users (HTTP 403): client "${LOGIN_CLIENT}" lacks realm-management's view-users role`,
      ],
    });
  });

  it("a login client without realm-management roles: HTTP 403", async () => {
    const id = await fixture.addLoginClient("no-roles", SECRET, []);
    try {
      const args = CONNECTION.map((arg) => (arg === LOGIN_CLIENT ? "no-roles" : arg));
      expect(verify(args)).toEqual({
        code: 3,
        stdout: [],
        stderr: [
          `error: Keycloak at ${keycloak.url} refused GET /admin/realms/${REALM}/client-scopes (HTTP 403): client "no-roles" lacks realm-management's view-clients role`,
        ],
      });
    } finally {
      await fixture.api("DELETE", `/${REALM}/clients/${id}`);
    }
  });

  it("a login client that may only query clients: Keycloak lists nothing, which is not an empty realm", async () => {
    const id = await fixture.addLoginClient("query-only", SECRET, ["query-clients"]);
    try {
      const args = CONNECTION.map((arg) => (arg === LOGIN_CLIENT ? "query-only" : arg));
      expect(verify(args)).toEqual({
        code: 3,
        stdout: [],
        stderr: [
          `error: Keycloak at ${keycloak.url} lists no realm-management client in realm "${REALM}": client "query-only" may not view this realm's clients (it needs realm-management's view-clients role)`,
        ],
      });
    } finally {
      await fixture.api("DELETE", `/${REALM}/clients/${id}`);
    }
  });
});

/** A loopback port nothing listens on: bound once by the system, then released. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null ? done(address.port) : fail(new Error("no port")),
      );
    });
  });
}
