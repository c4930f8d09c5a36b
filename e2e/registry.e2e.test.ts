/**
 * End to end: the real Pulumi engine provisions the fixture registry (plus e2e/registry/'s test-only
 * files) into a real Keycloak 26, and real tokens prove that each client gets exactly the claims its
 * scopes promise, in the environments where they are available. Steps run in order and share one
 * stack; each step states what it proves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planEnvironment, validateDir, type EnvironmentPlan } from "../src/registry";
import { runAsync } from "../src/cli/main";
import { enginePath, keycloakEnv, PROJECT_ROOT, Workspace } from "./harness";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { localKeycloak, RealmFixture } from "../test/live/realm";
import { accessTokenClaims, introspection, KeycloakAdmin, requestToken, userinfo, type Claims } from "./keycloak";

const keycloak = keycloakEnv();
const GROUPS = "https://id.fedoraproject.org/scope/groups";
const CLA = "https://id.fedoraproject.org/scope/cla";
const TENANT = "https://e2e.scope-registry.test/oidc/tenant";
const PREVIEW = "https://e2e.scope-registry.test/oidc/preview";
const NEW_COMPOSE = "https://pagure.io/odcs/new-compose";
const ANITYA_UPSTREAM = "https://github.com/fedora-infra/anitya/oidc/upstream";

let workspace: Workspace;
let admin: KeycloakAdmin;

function plan(environment: "development" | "production"): EnvironmentPlan {
  return planEnvironment(validateDir(workspace.registry).registry, environment);
}

async function passwordGrant(clientId: string, username: string, scope: string) {
  return {
    grant_type: "password",
    client_id: clientId,
    client_secret: await admin.clientSecret(clientId),
    username,
    password: `${username}-e2e-password`,
    scope,
  };
}

async function clientCredentials(clientId: string, scope?: string) {
  const form: Record<string, string> = {
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: await admin.clientSecret(clientId),
  };
  if (scope !== undefined) form.scope = scope;
  return form;
}

/** The custom claims a token carries: everything but the standard and Keycloak-owned ones. */
function pick(claims: Claims, names: readonly string[]): Claims {
  return Object.fromEntries(names.filter((n) => n in claims).map((n) => [n, claims[n]]));
}

const CUSTOM = ["groups", "cla", "tenant", "department", "preview_features"];

function audiences(claims: Claims): string[] {
  const aud = claims.aud;
  return aud === undefined ? [] : Array.isArray(aud) ? (aud as string[]) : [aud as string];
}

beforeAll(async () => {
  workspace = new Workspace(enginePath());
  admin = await KeycloakAdmin.connect(keycloak);
  workspace.init(keycloak);
  workspace.setEnvironment("development");
});

afterAll(() => {
  workspace?.dispose();
});

/**
 * A preview step that changes something. Every preview refreshes first (Pulumi.yaml options.refresh),
 * so each resource also appears as a `refresh` step, which reads and changes nothing.
 */
function isChange(step: { op: string }): boolean {
  return step.op !== "same" && step.op !== "refresh";
}

/** `registry verify` in-process against the e2e realm, logged in as the provisioner (secret in the environment). */
async function verify(environment: string, extra: readonly string[] = []): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
  process.env.KEYCLOAK_CLIENT_SECRET = keycloak.provisionerSecret;
  try {
    const argv = ["verify", "--env", environment, "--url", keycloak.url, "--realm", keycloak.realm];
    argv.push("--admin-realm", keycloak.realm, "--client-id", "pulumi", "--dir", workspace.registry, ...extra);
    const code = await runAsync(argv, io, PROJECT_ROOT, PROJECT_ROOT);
    return { code, out: lines.join("\n") };
  } finally {
    delete process.env.KEYCLOAK_CLIENT_SECRET;
  }
}

describe("the development view", () => {
  it("pulumi up provisions every scope and client of the development plan", async () => {
    workspace.up();
    const expected = plan("development");
    const scopes = await admin.clientScopeNames();
    for (const scope of expected.scopes) expect(scopes).toContain(scope.name);
    expect(scopes).not.toContain("https://mbs.fedoraproject.org/oidc/submit-build"); // staging, production only
    const clients = await admin.clientIds();
    for (const client of expected.clients) expect(clients).toContain(client.clientId);
    const outputs = workspace.outputs();
    expect(outputs.environment).toBe("development");
    expect(JSON.stringify(outputs)).not.toContain(await admin.clientSecret("bodhi"));
  });

  it("attaches exactly the plan's default and optional scopes to every client that obtains tokens", async () => {
    for (const client of plan("development").clients.filter((c) => c.type !== "bearer-only")) {
      expect(await admin.scopeLists(client.clientId), client.clientId).toEqual({
        default: [...client.defaultScopes].sort(),
        optional: [...client.optionalScopes].sort(),
      });
    }
  });

  it("a second pulumi preview changes nothing, and shows the registry's warnings for development only", () => {
    const { stdout } = workspace.pulumi(["preview", "--expect-no-changes"]);
    expect(stdout).toContain("clients/e2e-tester.yaml:8:9: warning password-flow");
    // e2e-robot lists a scope available in development only: a warning for staging and production's stacks.
    expect(stdout).not.toContain(`scope "${PREVIEW}" is not yet available in staging and production`);
  });

  it("verify: the realm pulumi up made matches the plan (exit 0)", async () => {
    expect(await verify("development")).toEqual({
      code: 0,
      out: `in sync: realm ${keycloak.realm} at ${keycloak.url} matches the plan for development (${plan("development").scopes.length} scopes, ${plan("development").clients.length} clients)`,
    });
  });

  it("verify: a claim mapper added by hand in the admin console is reported (exit 1)", async () => {
    // Pulumi manages only the mappers it created: this one survives up --refresh and reaches tokens.
    await admin.addHardcodedMapper(PREVIEW, "is_admin", "true");
    const development = plan("development");
    expect(await verify("development")).toEqual({
      code: 1,
      out: [
        `EXTRA    mapper is_admin (scope ${PREVIEW}): oidc-hardcoded-claim-mapper, claim "is_admin" = "true", not in the plan`,
        `1 finding (0 MISSING, 0 DIFFERS, 1 EXTRA, 0 ORPHAN): realm ${keycloak.realm} at ${keycloak.url} against the plan for development (${development.scopes.length} scopes, ${development.clients.length} clients)`,
      ].join("\n"),
    });
  });

  it("e2e-tester: a user token carries groups, the constant and the attribute; optional scopes only when requested", async () => {
    const plain = await accessTokenClaims(keycloak, await passwordGrant("e2e-tester", "alice", "openid"));
    expect(pick(plain, CUSTOM)).toEqual({ groups: ["packager"], tenant: "fedora", department: "packaging" });

    const all = await accessTokenClaims(
      keycloak,
      await passwordGrant("e2e-tester", "alice", `openid ${CLA} ${PREVIEW}`),
    );
    expect(pick(all, CUSTOM)).toEqual({
      groups: ["packager"],
      tenant: "fedora",
      department: "packaging",
      cla: ["individual-2024", "corporate-example"],
      preview_features: true,
    });
    expect(String(all.scope).split(" ")).toEqual(expect.arrayContaining([CLA, PREVIEW, GROUPS, TENANT]));

    const info = await userinfo(keycloak, await passwordGrant("e2e-tester", "bob", `openid ${CLA}`));
    expect(pick(info, CUSTOM)).toEqual({
      groups: expect.arrayContaining(["packager", "sysadmin"]),
      tenant: "fedora",
      department: "operations",
      cla: ["individual-2023"],
    });
  });

  it("e2e-tester: token introspection carries the same custom claims as the access token, groups included", async () => {
    const form = await passwordGrant("e2e-tester", "alice", `openid ${CLA}`);
    const introspected = await introspection(keycloak, form);
    expect(introspected.active).toBe(true);
    expect(pick(introspected, CUSTOM)).toEqual({
      groups: ["packager"],
      tenant: "fedora",
      department: "packaging",
      cla: ["individual-2024", "corporate-example"],
    });
  });

  it("e2e-robot: a service-account token carries the optional scope's claim and audience only when requested", async () => {
    const plain = await accessTokenClaims(keycloak, await clientCredentials("e2e-robot"));
    expect(pick(plain, CUSTOM)).toEqual({ tenant: "fedora" });
    expect(audiences(plain)).not.toContain("odcs");

    const requested = await accessTokenClaims(
      keycloak,
      await clientCredentials("e2e-robot", `${PREVIEW} ${NEW_COMPOSE}`),
    );
    expect(pick(requested, CUSTOM)).toEqual({ tenant: "fedora", preview_features: true });
    expect(audiences(requested)).toContain("odcs");
  });

  it("e2e-robot: its service account's roles are in its token although full scope is off; the token lives 120 s", async () => {
    const token = await accessTokenClaims(keycloak, await clientCredentials("e2e-robot"));
    const access = token.resource_access as Record<string, { roles: string[] }> | undefined;
    expect(access?.["e2e-api"]?.roles.sort()).toEqual(["compose", "reader"]);
    expect(Number(token.exp) - Number(token.iat)).toBe(120);
    const robot = await admin.representation("e2e-robot");
    expect(robot.fullScopeAllowed).toBe(false);
    expect(robot.attributes?.["access.token.lifespan"]).toBe("120");
  });

  it("e2e-web and e2e-tester: root, home and logout URLs are the registry's, and nothing else; full scope is off", async () => {
    const web = await admin.representation("e2e-web");
    expect([web.rootUrl, web.baseUrl, web.fullScopeAllowed, web.frontchannelLogout]).toEqual([
      "https://web.e2e.scope-registry.test",
      "/home",
      false,
      true,
    ]);
    expect([web.redirectUris, web.webOrigins]).toEqual([["https://web.e2e.scope-registry.test/callback"], ["+"]]);
    expect(web.attributes?.["frontchannel.logout.url"]).toBe("https://web.e2e.scope-registry.test/logout/frontchannel");
    const tester = await admin.representation("e2e-tester");
    expect([tester.fullScopeAllowed, tester.frontchannelLogout]).toEqual([false, false]);
    expect(tester.attributes?.["backchannel.logout.url"]).toBe(
      "https://tester.e2e.scope-registry.test/logout/backchannel",
    );
    expect(tester.attributes?.["access.token.lifespan"] ?? "").toBe("");
  });

  it("odcs-compose-bot: the ODCS scope adds the odcs audience", async () => {
    const plain = await accessTokenClaims(keycloak, await clientCredentials("odcs-compose-bot"));
    expect(audiences(plain)).not.toContain("odcs");
    const requested = await accessTokenClaims(keycloak, await clientCredentials("odcs-compose-bot", NEW_COMPOSE));
    expect(audiences(requested)).toContain("odcs");
    expect(String(requested.scope).split(" ")).toContain(NEW_COMPOSE);
  });

  it("bodhi: Keycloak's own example token has groups by default and cla only when requested", async () => {
    const plain = await admin.exampleAccessToken("bodhi", "alice", "openid");
    expect(pick(plain, CUSTOM)).toEqual({ groups: ["packager"] });
    const withCla = await admin.exampleAccessToken("bodhi", "alice", `openid ${CLA}`);
    expect(pick(withCla, CUSTOM)).toEqual({ groups: ["packager"], cla: ["individual-2024", "corporate-example"] });
    expect(
      audiences(
        await admin.exampleAccessToken("bodhi", "alice", "openid https://github.com/fedora-infra/bodhi/oidc/comment"),
      ),
    ).toContain("bodhi");
  });

  it("editing a summary: the preview updates that one client scope in place", () => {
    const before = workspace.editFile("scopes/bodhi.yaml", (t) =>
      t.replace("summary: Post new comments and votes", "summary: Post comments and votes"),
    );
    try {
      const preview = JSON.parse(workspace.pulumi(["preview", "--json"]).stdout) as {
        steps: { op: string; urn: string }[];
      };
      const changes = preview.steps.filter(isChange).map((s) => [s.op, s.urn.split("::").at(-1)]);
      expect(changes).toEqual([["update", "bodhi/comment"]]);
    } finally {
      workspace.addFile("scopes/bodhi.yaml", before);
    }
  });

  it("a scope promoted from optional to default applies in one update; back to optional takes two", async () => {
    const file = "clients/e2e-tester.yaml";
    const DEFAULTS = `openid, profile, ${GROUPS}, ${TENANT}`;
    const lists = (defaults: string, optionals: string) => (text: string) =>
      text
        .replace(/^ {2}default: \[.*\]$/m, `  default: [${defaults}]`)
        .replace(/^ {2}optional: \[.*\]$/m, `  optional: [${optionals}]`);
    const original = workspace.editFile(file, lists(`${DEFAULTS}, ${CLA}`, PREVIEW));
    try {
      workspace.up();
      expect(await admin.scopeLists("e2e-tester")).toEqual({
        default: ["acr", "basic", CLA, GROUPS, TENANT, "profile"].sort(),
        optional: [PREVIEW],
      });
      const claims = await accessTokenClaims(keycloak, await passwordGrant("e2e-tester", "alice", "openid"));
      expect(pick(claims, CUSTOM)).toEqual({
        groups: ["packager"],
        cla: ["individual-2024", "corporate-example"],
        tenant: "fedora",
        department: "packaging",
      });
      // The way back, as `diff` advises: out of the default list, then into the optional one.
      workspace.editFile(file, lists(DEFAULTS, PREVIEW));
      workspace.up();
    } finally {
      workspace.addFile(file, original);
    }
    workspace.up();
    expect(await admin.scopeLists("e2e-tester")).toEqual({
      default: ["acr", "basic", GROUPS, TENANT, "profile"].sort(),
      optional: [CLA, PREVIEW].sort(),
    });
  });

  it("adding a scope file: the preview lists only creates, all under that service", () => {
    workspace.addFile(
      "scopes/e2e-extra.yaml",
      [
        "service: Extra",
        "namespace: https://extra.scope-registry.test/",
        'owners: ["@scope-registry/maintainers"]',
        "scopes:",
        "  - id: read",
        "    summary: Read extra things",
        "    availability: [development]",
        "    claims:",
        "      - name: extra",
        "        from: constant",
        "        value: x",
        "",
      ].join("\n"),
    );
    try {
      const preview = JSON.parse(workspace.pulumi(["preview", "--json"]).stdout) as {
        steps: { op: string; urn: string }[];
      };
      const changes = preview.steps.filter(isChange);
      expect(changes.map((s) => s.op)).toEqual(changes.map(() => "create"));
      expect(changes.map((s) => s.urn.split("::").at(-1)).sort()).toEqual([
        "e2e-extra",
        "e2e-extra/read",
        "e2e-extra/read/extra",
      ]);
    } finally {
      workspace.removeFile("scopes/e2e-extra.yaml");
    }
  });
});

describe("the production view of the same realm", () => {
  it("pulumi up removes development-only scopes and clients", async () => {
    workspace.setEnvironment("production");
    workspace.up();
    const scopes = await admin.clientScopeNames();
    expect(scopes).not.toContain(PREVIEW);
    expect(scopes).not.toContain(ANITYA_UPSTREAM);
    expect(scopes).toContain("https://mbs.fedoraproject.org/oidc/submit-build");
    const clients = await admin.clientIds();
    expect(clients).not.toContain("anitya");
    expect(clients).not.toContain("e2e-tester");
    expect(await admin.scopeLists("e2e-robot")).toEqual({
      default: plan("production")
        .clients.find((c) => c.clientId === "e2e-robot")!
        .defaultScopes.slice()
        .sort(),
      optional: [NEW_COMPOSE],
    });
  });

  it("requesting a scope the client no longer has is refused", async () => {
    // Keycloak 26 checks the requested scopes against the client's (TokenManager#isValidScope) and
    // refuses the client-credentials request instead of issuing a token without the scope.
    const { status, body } = await requestToken(keycloak, await clientCredentials("e2e-robot", PREVIEW));
    expect({ status, error: body.error }).toEqual({ status: 400, error: "invalid_scope" });
  });

  it("a second pulumi preview changes nothing", () => {
    workspace.pulumi(["preview", "--expect-no-changes"]);
  });

  it("pulumi destroy leaves no registry-owned object in the realm", async () => {
    const registryScopes = [...plan("development").scopes, ...plan("production").scopes].map((s) => s.name);
    const registryClients = [...plan("development").clients, ...plan("production").clients].map((c) => c.clientId);
    workspace.pulumi(["destroy", "--yes", "--skip-preview"]);
    const scopes = await admin.clientScopeNames();
    expect(scopes.filter((s) => registryScopes.includes(s))).toEqual([]);
    const clients = await admin.clientIds();
    expect(clients.filter((c) => registryClients.includes(c))).toEqual([]);
  });
});

describe("adopting a realm that already holds the registry's objects", () => {
  const adoptFile = () => join(workspace.dir, "adopt-dev.json");

  it("verify --adopt writes the adoption file for a realm laid out by hand as the plan says", async () => {
    workspace.setEnvironment("development");
    // What a realm made before the registry holds: every scope, mapper and client of the plan, each
    // confidential client with a secret its applications already use.
    await new RealmFixture(localKeycloak(), keycloak.realm).provision(plan("development"));
    const { code, out } = await verify("development", ["--adopt", adoptFile()]);
    expect(code, out).toBe(0);
    expect(out).toContain(`wrote ${adoptFile()}: `);
    const adoption = JSON.parse(readFileSync(adoptFile(), "utf8")) as { imports: object; keptSecrets: string[] };
    expect(adoption.keptSecrets).toContain("bodhi");
    expect(Object.keys(adoption.imports)).toContain("client::bodhi");
  });

  it("the first pulumi up imports them instead of creating them, and keeps the clients' secrets", async () => {
    workspace.pulumi(["config", "set", "scope-registry:adoptFile", adoptFile()]);
    const preview = JSON.parse(workspace.pulumi(["preview", "--json"]).stdout) as {
      steps: { op: string; urn: string; type?: string }[];
    };
    const opOf = (type: string, name: string) => preview.steps.find((s) => s.urn.endsWith(`${type}::${name}`))?.op;
    expect(opOf("keycloak:openid/client:Client", "bodhi")).toBe("import");
    expect(opOf("keycloak:openid/clientScope:ClientScope", "fedora-id/groups")).toBe("import");
    expect(
      opOf("keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper", "fedora-id/groups/groups"),
    ).toBe("import");
    expect(opOf("random:index/randomPassword:RandomPassword", "bodhi")).toBeUndefined();
    const creates = preview.steps
      .filter((s) => s.op === "create")
      .map((s) => s.urn.split("::").slice(-2).join("::"))
      .filter((t) => /ClientScope::|openid\/client:Client::|ProtocolMapper::/.test(t));
    expect(creates).toEqual([]);
    workspace.up();
    expect(await admin.clientSecret("bodhi")).toBe("not-used-by-verify");
    // A running application keeps working: a token obtained with the secret it already had.
    const token = await accessTokenClaims(keycloak, {
      grant_type: "client_credentials",
      client_id: "e2e-robot",
      client_secret: "not-used-by-verify",
    });
    expect(token.azp).toBe("e2e-robot");
    workspace.pulumi(["preview", "--expect-no-changes"]);
    expect((await verify("development")).code).toBe(0);
  });

  it("pulumi destroy removes the adopted objects like any other", async () => {
    workspace.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect((await admin.clientIds()).filter((c) => c === "bodhi")).toEqual([]);
  });

  it("an up killed midway converges: pulumi cancel, verify --adopt, up; a second preview changes nothing", async () => {
    workspace.pulumi(["config", "rm", "scope-registry:adoptFile"]);
    const registryScopes = new Set(plan("development").scopes.map((s) => s.name));
    const created = async () => (await admin.clientScopeNames()).filter((s) => registryScopes.has(s)).length;
    const up = workspace.start(["up", "--yes", "--skip-preview"]);
    const exited = new Promise((done) => up.on("exit", done));
    for (let waited = 0; (await created()) < 5 && waited < 120_000; waited += 200) {
      await new Promise((done) => setTimeout(done, 200));
    }
    process.kill(-up.pid!, "SIGKILL");
    await exited;
    const left = await created();
    expect(left).toBeGreaterThanOrEqual(5);
    // What an operator sees next: the stack is locked, then every object the killed run made is a 409.
    expect(workspace.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true }).stderr).toContain("locked");
    workspace.pulumi(["cancel", "--yes"]);
    const file = join(workspace.dir, "adopt-interrupted.json");
    expect((await verify("development", ["--adopt", file])).code).toBe(0);
    workspace.pulumi(["config", "set", "scope-registry:adoptFile", file]);
    workspace.up();
    workspace.pulumi(["preview", "--expect-no-changes"]);
    expect((await verify("development")).code).toBe(0);
    workspace.pulumi(["destroy", "--yes", "--skip-preview"]);
  });
});
