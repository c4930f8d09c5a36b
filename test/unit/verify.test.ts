/**
 * verify's comparison, without Keycloak: a realm laid out as the Pulumi program provisions it (the
 * components' own arguments, translated as the provider does: test/provider-representation.ts) is in
 * sync for every environment of every registry here, and each out-of-band edit is exactly one finding,
 * with its exact line. Also the stack settings verify logs in with, the ignore lists, and the command
 * line's checks before it talks to Keycloak.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { adoptionFor } from "../../src/live/adopt";
import { importKey } from "../../src/registry/adoption";
import { compareRealm, countFindings, formatFinding, type CompareOptions, type Finding } from "../../src/live/compare";
import { connectionSettings, readStackSettings, SettingsError } from "../../src/live/connection";
import { clientOf, clientScopeOf } from "../../src/live/representations";
import { compareTokens, scopeParameter, tokenRequests, type TokenSample } from "../../src/live/tokens";
import type { LiveRealm } from "../../src/live/realm";
import { ignoreLists, verifyJson, verifyText } from "../../src/cli/verify-command";
import {
  ENVIRONMENTS,
  errorsIn,
  planEnvironment,
  predictTokens,
  TOKENS,
  validateDir,
  type EnvironmentPlan,
  type PlannedClient,
  type Registry,
  type TokenKind,
} from "../../src/registry";
import { planRepresentation } from "../provider-representation";
import { runCli } from "../cli-harness";
import { FIXTURE_REGISTRY } from "../fixture-registry";

const ROOT = resolve(__dirname, "../..");
const LIVE_REGISTRY = join(ROOT, "test/live/registry");

function registryAt(root: string): Registry {
  const { registry, problems } = validateDir(root);
  expect(errorsIn(problems)).toEqual([]);
  return registry;
}

/** What a new Keycloak 26 realm holds besides the registry's objects. */
const BUILT_IN_SCOPES = [
  "acr",
  "address",
  "basic",
  "email",
  "microprofile-jwt",
  "offline_access",
  "organization",
  "phone",
  "profile",
  "role_list",
  "roles",
  "saml_organization",
  "service_account",
  "web-origins",
];
const BUILT_IN_CLIENTS = [
  "account",
  "account-console",
  "admin-cli",
  "broker",
  "realm-management",
  "security-admin-console",
];
/** What a new client inherits from the realm when nothing attaches its own lists (Keycloak 26). */
const REALM_DEFAULT_SCOPES = ["web-origins", "acr", "roles", "profile", "basic", "email"];
const REALM_OPTIONAL_SCOPES = ["address", "phone", "offline_access", "organization", "microprofile-jwt"];

/**
 * The realm `pulumi up` leaves for `plan`, read back as verify reads it (through representations.ts),
 * with Keycloak's built-ins around it. `dropEmpty`: Keycloak does not store empty attribute values.
 */
function provisionedRealm(plan: EnvironmentPlan, { dropEmpty = false } = {}): LiveRealm {
  const { clientScopes, clients } = planRepresentation(plan);
  const withoutEmpty = (values: Record<string, string>) =>
    dropEmpty ? Object.fromEntries(Object.entries(values).filter(([, v]) => v !== "")) : values;
  return {
    realm: "test",
    clientScopes: [
      ...BUILT_IN_SCOPES.map((name) => clientScopeOf({ id: name, name, protocol: "openid-connect" })),
      ...clientScopes.map((scope, i) =>
        clientScopeOf({
          ...scope,
          id: `scope-${i}`,
          attributes: withoutEmpty(scope.attributes),
          protocolMappers: scope.protocolMappers.map((m) => ({ ...m, config: withoutEmpty(m.config) })),
        }),
      ),
    ],
    clients: [
      ...BUILT_IN_CLIENTS.map((clientId) => clientOf({ id: clientId, clientId, protocol: "openid-connect" })),
      ...clients.map(({ representation, defaultScopes, optionalScopes }, i) =>
        clientOf({
          ...representation,
          id: `client-${i}`,
          attributes: withoutEmpty(representation.attributes),
          defaultClientScopes: defaultScopes ?? REALM_DEFAULT_SCOPES,
          optionalClientScopes: optionalScopes ?? REALM_OPTIONAL_SCOPES,
        }),
      ),
    ],
  };
}

type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** A deep copy of `realm` with one edit applied, as an operator would make it in the console. */
function edited(realm: LiveRealm, edit: (realm: Mutable<LiveRealm>) => void): LiveRealm {
  const copy = structuredClone(realm) as Mutable<LiveRealm>;
  edit(copy);
  return copy;
}

/** A scope or client read from a representation, to push into an edited realm. */
const asScope = (value: unknown) => clientScopeOf(value) as Mutable<LiveRealm>["clientScopes"][number];
const asClient = (value: unknown) => clientOf(value) as Mutable<LiveRealm>["clients"][number];

function without(values: Readonly<Record<string, string>>, ...keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !keys.includes(key)));
}

const TENANT = "https://live.scope-registry.test/oidc/tenant";
const IDENTITY = "https://live.scope-registry.test/oidc/identity";
const API = "https://live.scope-registry.test/oidc/api";
const ROLES_SCOPE = "https://live.scope-registry.test/oidc/roles";

const live = registryAt(LIVE_REGISTRY);
const plan = planEnvironment(live, "development");
const realm = provisionedRealm(plan);
const lines = (findings: readonly Finding[]) => findings.map(formatFinding);
const compare = (r: LiveRealm, options: CompareOptions = {}) => lines(compareRealm(plan, r, options));

function scopeNamed(r: Mutable<LiveRealm>, name: string): Mutable<LiveRealm>["clientScopes"][number] {
  const scope = r.clientScopes.find((s) => s.name === name);
  if (scope === undefined) throw new Error(`no scope ${name}`);
  return scope;
}

function clientNamed(r: Mutable<LiveRealm>, clientId: string): Mutable<LiveRealm>["clients"][number] {
  const client = r.clients.find((c) => c.clientId === clientId);
  if (client === undefined) throw new Error(`no client ${clientId}`);
  return client;
}

/** The fixture registry (a copy of the example) plus e2e/registry's test-only files, as the end-to-end suite provisions them. */
function e2eRegistry(): Registry {
  const dir = mkdtempSync(join(tmpdir(), "verify-e2e-registry-"));
  try {
    for (const sub of ["scopes", "clients"]) cpSync(join(FIXTURE_REGISTRY, sub), join(dir, sub), { recursive: true });
    cpSync(join(ROOT, "e2e/registry"), dir, { recursive: true });
    return registryAt(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("a realm as the program provisions it", () => {
  const registries = { example: registryAt(FIXTURE_REGISTRY), live, e2e: e2eRegistry() };

  it.each(
    Object.entries(registries).flatMap(([name, registry]) => ENVIRONMENTS.map((env) => [name, env, registry] as const)),
  )("%s registry, %s: in sync", (_, environment, registry) => {
    const environmentPlan = planEnvironment(registry, environment);
    expect(compareRealm(environmentPlan, provisionedRealm(environmentPlan))).toEqual([]);
    expect(compareRealm(environmentPlan, provisionedRealm(environmentPlan, { dropEmpty: true }))).toEqual([]);
  });

  it("the fixture registry covers every claim source, an audience and every client type", () => {
    const sources = new Set(plan.scopes.flatMap((s) => s.claims.map((c) => c.from)));
    expect([...sources].sort()).toEqual([
      "attribute",
      "client-roles",
      "constant",
      "full-name",
      "groups",
      "property",
      "realm-roles",
      "session-note",
    ]);
    expect(plan.scopes.some((s) => s.audience !== null)).toBe(true);
    expect(new Set(plan.clients.map((c) => c.type))).toEqual(new Set(["confidential", "public", "bearer-only"]));
  });
});

describe("each out-of-band edit is one finding", () => {
  it("a mapper's claim renamed: DIFFERS with expected → actual", () => {
    const drifted = edited(realm, (r) => {
      const mapper = scopeNamed(r, TENANT).mappers.find((m) => m.name === "tenant")!;
      mapper.config = { ...mapper.config, "claim.name": "tenant_id" };
    });
    expect(compare(drifted)).toEqual([`DIFFERS  mapper tenant (scope ${TENANT}): claim.name "tenant" → "tenant_id"`]);
  });

  it("a mapper's type changed: DIFFERS on protocolMapper, its config not compared", () => {
    const drifted = edited(realm, (r) => {
      const mapper = scopeNamed(r, TENANT).mappers.find((m) => m.name === "department")!;
      mapper.protocolMapper = "oidc-hardcoded-claim-mapper";
      mapper.config = { "claim.name": "department", "claim.value": "sales" };
    });
    expect(compare(drifted)).toEqual([
      `DIFFERS  mapper department (scope ${TENANT}): protocolMapper "oidc-usermodel-attribute-mapper" → "oidc-hardcoded-claim-mapper"`,
    ]);
  });

  it("a mapper moved into the access token: DIFFERS on the flag, as a boolean", () => {
    const drifted = edited(realm, (r) => {
      const mapper = scopeNamed(r, TENANT).mappers.find((m) => m.name === "department")!;
      mapper.config = { ...mapper.config, "access.token.claim": "true" };
    });
    expect(compare(drifted)).toEqual([`DIFFERS  mapper department (scope ${TENANT}): access.token.claim false → true`]);
  });

  it("an absent userinfo flag follows the ID token flag, as Keycloak reads it", () => {
    const drifted = edited(realm, (r) => {
      for (const mapper of scopeNamed(r, TENANT).mappers)
        mapper.config = without(mapper.config, "userinfo.token.claim");
    });
    expect(compare(drifted)).toEqual([]);
  });

  it("a mapper deleted: MISSING", () => {
    const drifted = edited(realm, (r) => {
      const scope = scopeNamed(r, API);
      scope.mappers = scope.mappers.filter((m) => m.name !== "audience");
    });
    expect(compare(drifted)).toEqual([`MISSING  mapper audience (scope ${API})`]);
  });

  it("the audience mapper pointed elsewhere: DIFFERS", () => {
    const drifted = edited(realm, (r) => {
      const mapper = scopeNamed(r, API).mappers.find((m) => m.name === "audience")!;
      mapper.config = { ...mapper.config, "included.custom.audience": "someone-else" };
    });
    expect(compare(drifted)).toEqual([
      `DIFFERS  mapper audience (scope ${API}): included.custom.audience "live-api" → "someone-else"`,
    ]);
  });

  it("a hand-added hardcoded mapper on a managed scope: EXTRA", () => {
    const drifted = edited(realm, (r) => {
      scopeNamed(r, TENANT).mappers.push({
        name: "is_admin",
        protocol: "openid-connect",
        protocolMapper: "oidc-hardcoded-claim-mapper",
        config: { "claim.name": "is_admin", "claim.value": "true", "jsonType.label": "boolean" },
      });
    });
    expect(compare(drifted)).toEqual([
      `EXTRA    mapper is_admin (scope ${TENANT}): oidc-hardcoded-claim-mapper, claim "is_admin" = "true", not in the plan`,
    ]);
  });

  it("a hand-added mapper on a managed client: EXTRA", () => {
    const drifted = edited(realm, (r) => {
      clientNamed(r, "live-app").mappers = [
        { name: "role", protocol: "openid-connect", protocolMapper: "oidc-hardcoded-role-mapper", config: {} },
      ];
    });
    expect(compare(drifted)).toEqual([
      "EXTRA    mapper role (client live-app): oidc-hardcoded-role-mapper, not in the plan",
    ]);
  });

  it("consent text, display on consent and include in token scope: DIFFERS each", () => {
    const drifted = edited(realm, (r) => {
      const scope = scopeNamed(r, IDENTITY);
      scope.attributes = {
        ...scope.attributes,
        "consent.screen.text": "Everything",
        "display.on.consent.screen": "false",
        "include.in.token.scope": "false",
      };
    });
    expect(compare(drifted)).toEqual([
      `DIFFERS  scope ${IDENTITY}: consent.screen.text "Your name, e-mail address and groups" → "Everything"`,
      `DIFFERS  scope ${IDENTITY}: display.on.consent.screen true → false`,
      `DIFFERS  scope ${IDENTITY}: include.in.token.scope true → false`,
    ]);
  });

  it("a scope deleted: MISSING, and so are its attachments", () => {
    const drifted = edited(realm, (r) => {
      r.clientScopes = r.clientScopes.filter((s) => s.name !== IDENTITY);
      for (const client of r.clients)
        client.optionalScopes = client.optionalScopes?.filter((n) => n !== IDENTITY) ?? null;
    });
    expect(compare(drifted)).toEqual([
      `MISSING  scope ${IDENTITY}`,
      `MISSING  optional scope ${IDENTITY} (client live-app)`,
      `MISSING  optional scope ${IDENTITY} (client live-spa)`,
    ]);
  });

  it("a scope detached from a client: MISSING attachment", () => {
    const drifted = edited(realm, (r) => {
      const client = clientNamed(r, "live-app");
      client.defaultScopes = client.defaultScopes!.filter((n) => n !== TENANT);
    });
    expect(compare(drifted)).toEqual([`MISSING  default scope ${TENANT} (client live-app)`]);
  });

  it("a scope attached as the other kind: DIFFERS; one attached by hand: EXTRA", () => {
    const drifted = edited(realm, (r) => {
      const client = clientNamed(r, "live-app");
      client.defaultScopes = [...client.defaultScopes!.filter((n) => n !== TENANT), "roles"];
      client.optionalScopes = [...client.optionalScopes!, TENANT];
    });
    expect(compare(drifted)).toEqual([
      `DIFFERS  scope ${TENANT} (client live-app): attached as "default" → "optional"`,
      "EXTRA    default scope roles (client live-app): not in the plan",
    ]);
  });

  it("a bearer-only client's inherited lists are not the plan's business", () => {
    const drifted = edited(realm, (r) => {
      clientNamed(r, "live-api").defaultScopes = ["profile", "email", "roles"];
    });
    expect(compare(drifted)).toEqual([]);
  });

  it("client settings: type, flows, PKCE, URIs, consent", () => {
    const drifted = edited(realm, (r) => {
      const app = clientNamed(r, "live-app");
      app.redirectUris = ["https://app.live.test/callback", "https://evil.test/callback"];
      app.webOrigins = ["*"];
      app.directAccessGrantsEnabled = false;
      app.implicitFlowEnabled = true;
      app.attributes = {
        ...app.attributes,
        "pkce.code.challenge.method": "plain",
        "post.logout.redirect.uris": "+",
      };
      const spa = clientNamed(r, "live-spa");
      spa.publicClient = false;
      spa.consentRequired = false;
      spa.attributes = without(spa.attributes, "oauth2.device.authorization.grant.enabled", "use.refresh.tokens");
    });
    expect(compare(drifted)).toEqual([
      "DIFFERS  client live-app: implicitFlowEnabled false → true",
      "DIFFERS  client live-app: directAccessGrantsEnabled true → false",
      'DIFFERS  client live-app: pkce.code.challenge.method "S256" → "plain"',
      'DIFFERS  client live-app: redirectUris ["https://app.live.test/callback"] → ["https://app.live.test/callback", "https://evil.test/callback"]',
      'DIFFERS  client live-app: post.logout.redirect.uris ["https://app.live.test/", "https://app.live.test/bye"] → ["+"]',
      'DIFFERS  client live-app: webOrigins ["https://app.live.test"] → ["*"]',
      'DIFFERS  client live-spa: type "public" → "confidential"',
      // Absent, Keycloak reads these as device grant off and refresh tokens on.
      "DIFFERS  client live-spa: oauth2.device.authorization.grant.enabled true → false",
      "DIFFERS  client live-spa: use.refresh.tokens false → true",
      "DIFFERS  client live-spa: consentRequired true → false",
    ]);
  });

  it("client settings: full scope, root and home URLs, logout and lifespans", () => {
    const drifted = edited(realm, (r) => {
      const app = clientNamed(r, "live-app");
      app.fullScopeAllowed = true;
      app.rootUrl = "https://evil.test";
      app.baseUrl = "/admin";
      app.frontchannelLogout = true;
      app.attributes = {
        ...app.attributes,
        "backchannel.logout.url": "https://evil.test/logout",
        "access.token.lifespan": "86400",
        "client.session.max.lifespan": "",
      };
    });
    expect(compare(drifted)).toEqual([
      'DIFFERS  client live-app: backchannel.logout.url "" → "https://evil.test/logout"',
      'DIFFERS  client live-app: access.token.lifespan "" → "86400"',
      "DIFFERS  client live-app: fullScopeAllowed false → true",
      'DIFFERS  client live-app: rootUrl "" → "https://evil.test"',
      'DIFFERS  client live-app: baseUrl "" → "/admin"',
      "DIFFERS  client live-app: frontchannelLogout false → true",
    ]);
  });

  it("URI lists compare as sets: order and duplicates are not drift", () => {
    const drifted = edited(realm, (r) => {
      const app = clientNamed(r, "live-app");
      app.attributes = {
        ...app.attributes,
        "post.logout.redirect.uris": "https://app.live.test/bye##https://app.live.test/",
      };
    });
    expect(compare(drifted)).toEqual([]);
  });

  it("a client deleted: MISSING, and nothing about its settings", () => {
    const drifted = edited(realm, (r) => {
      r.clients = r.clients.filter((c) => c.clientId !== "live-robot");
    });
    expect(compare(drifted)).toEqual(["MISSING  client live-robot"]);
  });
});

describe("orphans", () => {
  const withOrphans = edited(realm, (r) => {
    r.clientScopes.push(asScope({ id: "x", name: "hand-made", protocol: "openid-connect" }));
    r.clientScopes.push(asScope({ id: "y", name: "https://live.scope-registry.test/oidc/archive" }));
    r.clients.push(asClient({ id: "z", clientId: "grafana" }), asClient({ id: "w", clientId: "verifier" }));
  });

  it("scopes and clients the plan lacks; Keycloak's built-ins are never orphans", () => {
    expect(compare(withOrphans)).toEqual([
      "ORPHAN   scope hand-made: not in the registry",
      "ORPHAN   scope https://live.scope-registry.test/oidc/archive: not in the registry",
      "ORPHAN   client grafana: not in the registry",
      "ORPHAN   client verifier: not in the registry",
    ]);
  });

  it("the login client, the ignore lists, and where the registry has it", () => {
    const elsewhere = { scopes: new Map([["https://live.scope-registry.test/oidc/archive", ["production" as const]]]) };
    expect(
      compare(withOrphans, { loginClientId: "verifier", ignore: { clients: ["grafana"], scopes: [] }, elsewhere }),
    ).toEqual([
      "ORPHAN   scope hand-made: not in the registry",
      "ORPHAN   scope https://live.scope-registry.test/oidc/archive: not in the plan for development (the registry has it in production)",
    ]);
    expect(
      compare(withOrphans, { ignore: { scopes: ["hand-made"], clients: ["grafana", "verifier"] }, elsewhere }),
    ).toEqual([
      "ORPHAN   scope https://live.scope-registry.test/oidc/archive: not in the plan for development (the registry has it in production)",
    ]);
  });

  it("a built-in name is exact: a hand-made `Profile` is an orphan", () => {
    const drifted = edited(realm, (r) => {
      r.clientScopes.push(asScope({ id: "p", name: "Profile" }));
    });
    expect(compare(drifted)).toEqual(["ORPHAN   scope Profile: not in the registry"]);
  });

  it("the master realm's <realm>-realm clients are Keycloak's", () => {
    const master = edited(realm, (r) => {
      r.realm = "master";
      r.clients.push(asClient({ id: "m", clientId: "example-realm" }));
    });
    expect(compare(master)).toEqual([]);
    expect(compare(edited(master, (r) => (r.realm = "other")))).toEqual([
      "ORPHAN   client example-realm: not in the registry",
    ]);
  });
});

describe("report", () => {
  const findings = compareRealm(
    plan,
    edited(realm, (r) => {
      r.clients = r.clients.filter((c) => c.clientId !== "live-robot");
    }),
  );
  const settings = { url: "http://127.0.0.1:18080", realm: "verify-live", adminRealm: "verify-live", clientId: "v" };

  it("text: one line per finding, then the summary; in sync: one line", () => {
    expect(verifyText({ plan, settings, findings, adminCalls: 2 })).toEqual([
      "MISSING  client live-robot",
      "1 finding (1 MISSING, 0 DIFFERS, 0 EXTRA, 0 ORPHAN): realm verify-live at http://127.0.0.1:18080 against the plan for development (4 scopes, 4 clients)",
    ]);
    expect(verifyText({ plan, settings, findings: [], adminCalls: 2 })).toEqual([
      "in sync: realm verify-live at http://127.0.0.1:18080 matches the plan for development (4 scopes, 4 clients)",
    ]);
  });

  it("JSON: findings with their line, counts and the admin calls", () => {
    expect(verifyJson({ plan, settings, findings, adminCalls: 2 })).toEqual({
      environment: "development",
      url: "http://127.0.0.1:18080",
      realm: "verify-live",
      inSync: false,
      counts: { MISSING: 1, DIFFERS: 0, EXTRA: 0, ORPHAN: 0 },
      findings: [
        { kind: "MISSING", object: { type: "client", name: "live-robot" }, text: "MISSING  client live-robot" },
      ],
      adminCalls: 2,
    });
    expect(countFindings([])).toEqual({ MISSING: 0, DIFFERS: 0, EXTRA: 0, ORPHAN: 0 });
  });
});

describe("stack settings", () => {
  const temp = mkdtempSync(join(tmpdir(), "verify-stack-"));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it("reads the committed local stack's plain keys", () => {
    expect(readStackSettings(ROOT, "local")).toEqual({
      environment: "development",
      url: "http://127.0.0.1:18080",
      realm: "scope-registry-e2e",
      adminRealm: "scope-registry-e2e",
      clientId: "pulumi",
    });
    expect(readStackSettings(ROOT, "prod")).toMatchObject({ environment: "production", adminRealm: "master" });
  });

  it("options override the stack; the admin realm defaults to master", () => {
    const stack = readStackSettings(ROOT, "local");
    expect(connectionSettings(stack, { url: "https://id.example.org/", realm: "other" })).toEqual({
      url: "https://id.example.org",
      realm: "other",
      adminRealm: "scope-registry-e2e",
      clientId: "pulumi",
    });
    expect(connectionSettings({}, { url: "http://127.0.0.1:1", realm: "r", clientId: "c" }).adminRealm).toBe("master");
  });

  it.each([
    [() => readStackSettings(ROOT, "../etc/passwd"), '"../etc/passwd" is not a stack name'],
    [() => readStackSettings(ROOT, "nope"), `no stack nope: Pulumi.nope.yaml does not exist in ${ROOT}`],
    [
      () => connectionSettings({}, { realm: "r", clientId: "c" }),
      "verify needs --url (or --stack <name>, whose file sets scope-registry:keycloakUrl)",
    ],
    [
      () => connectionSettings({}, { url: "ftp://x", realm: "r", clientId: "c" }),
      'the Keycloak URL must be http or https, not "ftp:"',
    ],
    [
      () => connectionSettings({}, { url: "https://u:p@x", realm: "r", clientId: "c" }),
      "the Keycloak URL must not hold credentials",
    ],
    [() => connectionSettings({}, { url: "not a url", realm: "r", clientId: "c" }), '"not a url" is not a URL'],
  ])("%#: a usage error, said once", (call, message) => {
    expect(call).toThrow(SettingsError);
    expect(call).toThrow(message);
  });

  it("a secret in the stack file is not read", () => {
    writeFileSync(
      join(temp, "Pulumi.s.yaml"),
      "config:\n  scope-registry:keycloakUrl:\n    secure: AAABAxyz\n  scope-registry:keycloakRealm: r\n",
    );
    expect(() => readStackSettings(temp, "s")).toThrow(
      "Pulumi.s.yaml: scope-registry:keycloakUrl is not a plain value (verify reads plain keys only)",
    );
  });
});

describe("ignore lists from registry.yaml", () => {
  it("verify.ignore.clients and .scopes; none without registry.yaml or the field", () => {
    expect(ignoreLists(live)).toEqual({ clients: ["grafana"], scopes: ["legacy-scope"] });
    expect(ignoreLists({ ...live, settings: undefined })).toEqual({ clients: [], scopes: [] });
    expect(ignoreLists(registryAt(FIXTURE_REGISTRY))).toEqual({ clients: [], scopes: [] });
  });
});

describe("the command line, before it talks to Keycloak", () => {
  const verify = (...argv: string[]) => runCli(ROOT, "verify", ...argv);

  it.each([
    [
      ["--stack", "local", "--env", "production"],
      "error: stack local provisions development, not production: leave out --env or pick the stack of production",
    ],
    [
      ["--url", "http://127.0.0.1:1", "--realm", "r", "--client-id", "c"],
      "error: verify needs --env <environment> (or --stack <name>)",
    ],
    [
      ["--env", "development", "--realm", "r", "--client-id", "c"],
      "error: verify needs --url (or --stack <name>, whose file sets scope-registry:keycloakUrl)",
    ],
    [["--stack", "missing"], `error: no stack missing: Pulumi.missing.yaml does not exist in ${ROOT}`],
    [
      ["--stack", "local", "--env", "qa"],
      'error: unknown environment "qa"; use one of development, staging, production',
    ],
    [
      ["--stack", "local", "--adopt", "adopt/local.json", "--json"],
      "error: verify --adopt writes the adoption file: it takes neither --tokens nor --json",
    ],
  ])("%j: exit 2, one line", (argv, message) => {
    const { code, out, err } = verify(...argv);
    expect({ code, out, err }).toEqual({ code: 2, out: "", err: message });
  });

  it("no secret: exit 2, saying where the secret comes from", () => {
    const saved = process.env.KEYCLOAK_CLIENT_SECRET;
    delete process.env.KEYCLOAK_CLIENT_SECRET;
    try {
      expect(verify("--stack", "local")).toEqual({
        code: 2,
        out: "",
        err: "error: verify needs the login client's secret: set KEYCLOAK_CLIENT_SECRET or pass --client-secret-stdin",
      });
    } finally {
      if (saved !== undefined) process.env.KEYCLOAK_CLIENT_SECRET = saved;
    }
  });

  it("a secret is never an option", () => {
    const { code, err } = verify("--stack", "local", "--client-secret", "s3cret");
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toBe(
      "error: verify takes no --client-secret: a secret never comes from an option value, which any process list " +
        "shows; set KEYCLOAK_CLIENT_SECRET or pass --client-secret-stdin",
    );
    expect(err).not.toContain("s3cret");
  });

  it("a secret given as --client-secret=<value> is refused the same way, and never echoed", () => {
    const { code, err } = verify("--stack", "local", "--client-secret=s3cret");
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toBe(
      "error: verify takes no --client-secret: a secret never comes from an option value, which any process list " +
        "shows; set KEYCLOAK_CLIENT_SECRET or pass --client-secret-stdin",
    );
    expect(err).not.toContain("s3cret");
  });

  it("an invalid registry: exit 1 with its problems, before any login", () => {
    const { code, err } = runCli(
      ROOT,
      "verify",
      "--stack",
      "local",
      "--client-secret-stdin",
      "--dir",
      "test/fixtures/invalid/claim-name",
    );
    expect(code).toBe(1);
    expect(err).toMatch(/^registry invalid: /m);
  });

  it("run() alone cannot wait for Keycloak: a usage error once every check has passed", () => {
    const { code, err } = verify("--stack", "local", "--client-secret-stdin");
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toBe("error: verify talks to Keycloak: run it from the command line (runAsync)");
  });
});

describe("the plan's token prediction", () => {
  const client = (id: string) => plan.clients.find((c) => c.clientId === id)!;

  it("default scopes alone", () => {
    expect(predictTokens(plan, client("live-app"))).toEqual({
      claims: { id_token: ["department", "tenant"], access_token: ["tenant"], userinfo: ["department", "tenant"] },
      audiences: [],
      listedScopes: [TENANT],
      unlistedScopes: [],
      sessionClaims: [],
      roleScopedClaims: [],
    });
  });

  it("an optional scope when requested: its claims, its audience, its listing", () => {
    expect(predictTokens(plan, client("live-app"), [API, IDENTITY])).toEqual({
      claims: {
        id_token: ["department", "email", "groups", "name", "tenant"],
        access_token: ["email", "groups", "name", "tenant"],
        userinfo: ["department", "email", "groups", "name", "tenant"],
      },
      audiences: ["live-api"],
      listedScopes: [API, IDENTITY, TENANT],
      unlistedScopes: [],
      sessionClaims: [],
      roleScopedClaims: [],
    });
    expect(predictTokens(plan, client("live-robot"), [ROLES_SCOPE])).toEqual({
      claims: {
        id_token: ["lab_roles"],
        access_token: ["app_roles", "lab_roles", "login_ip"],
        userinfo: ["lab_roles"],
      },
      audiences: ["live-api"],
      listedScopes: [API],
      unlistedScopes: [ROLES_SCOPE],
      sessionClaims: ["login_ip"],
      roleScopedClaims: [],
    });
  });

  it("with full scope off, the user's realm roles and another client's roles may be absent", () => {
    const limited = { ...client("live-robot"), fullScopeAllowed: false };
    expect(predictTokens(plan, limited, [ROLES_SCOPE]).roleScopedClaims).toEqual(["app_roles", "lab_roles"]);
    // The client's own roles are always in its role scope.
    const own = { ...limited, clientId: "live-api" };
    expect(predictTokens(plan, own, [ROLES_SCOPE]).roleScopedClaims).toEqual(["lab_roles"]);
  });

  it("a scope the client does not have is never in effect", () => {
    expect(predictTokens(plan, client("live-spa"), [API])).toEqual(predictTokens(plan, client("live-spa")));
  });
});

describe("tokens against the prediction", () => {
  const app = plan.clients.find((c) => c.clientId === "live-app")!;
  const robot = plan.clients.find((c) => c.clientId === "live-robot")!;
  /** Tokens as Keycloak issues them when the realm matches the plan (claims with made-up values). */
  const issued = (client: PlannedClient, requested: string[]): TokenSample => {
    const prediction = predictTokens(plan, client, requested);
    const token = (kind: TokenKind) =>
      Object.fromEntries([
        ["sub", "u"],
        ...(kind === "userinfo"
          ? []
          : [
              ["iss", "x"],
              ["acr", "1"],
              ["azp", client.clientId],
            ]),
        ...prediction.claims[kind].filter((c) => !prediction.sessionClaims.includes(c)).map((c) => [c, "v"]),
      ]);
    return {
      client,
      requested,
      tokens: {
        id_token: token("id_token"),
        access_token: {
          ...token("access_token"),
          aud: prediction.audiences,
          scope: ["openid", ...prediction.listedScopes].join(" "),
        },
        userinfo: token("userinfo"),
      },
    };
  };
  const samples = [
    ...tokenRequests(app).map((r) => issued(app, r)),
    ...tokenRequests(robot).map((r) => issued(robot, r)),
  ];
  const edit = (index: number, change: (sample: Mutable<TokenSample>) => void): TokenSample[] =>
    samples.map((sample, i) => {
      if (i !== index) return sample;
      const copy = structuredClone(sample) as Mutable<TokenSample>;
      change(copy);
      return copy;
    });
  const check = (changed: readonly TokenSample[]) => lines(compareTokens(plan, changed));

  it("the requests: default scopes, then each optional scope; in sync: nothing", () => {
    expect(tokenRequests(app).map(scopeParameter)).toEqual(["openid", `openid ${API}`, `openid ${IDENTITY}`]);
    expect(check(samples)).toEqual([]);
  });

  it("a predicted claim absent: MISSING, once per client, naming the tokens", () => {
    const changed = samples.map((sample) => {
      const copy = structuredClone(sample) as Mutable<TokenSample>;
      if (sample.client === app) for (const kind of TOKENS) delete copy.tokens[kind]["tenant"];
      return copy;
    });
    expect(check(changed)).toEqual([
      'MISSING  claim tenant (client live-app): not in id_token, access_token, userinfo for scope "openid"',
    ]);
  });

  it("an unexplained claim: EXTRA; Keycloak's and the built-in scopes' own are not", () => {
    expect(
      check(
        edit(0, (s) => {
          s.tokens.access_token = { ...s.tokens.access_token, is_admin: true, realm_access: {}, typ: "Bearer" };
        }),
      ),
    ).toEqual([
      'EXTRA    claim is_admin (client live-app): in access_token for scope "openid", not predicted by the plan',
    ]);
  });

  it("a registry claim its scopes do not release: EXTRA, even though it is a built-in scope's claim name", () => {
    expect(
      check(
        edit(1, (s) => {
          s.tokens.userinfo = { ...s.tokens.userinfo, groups: ["/lab"] };
        }),
      ),
    ).toEqual([
      `EXTRA    claim groups (client live-app): in userinfo for scope "openid ${API}", not predicted by the plan`,
    ]);
  });

  it("a session-note claim is not expected in a token made without a login", () => {
    expect(samples[4].requested).toEqual(["https://live.scope-registry.test/oidc/roles"]);
    expect(samples[4].tokens.access_token["login_ip"]).toBeUndefined();
    expect(check(samples)).toEqual([]);
  });

  it("role claims absent: MISSING with full scope on; expected to be possibly empty, so not reported, with it off", () => {
    const withoutRoles = edit(4, (s) => {
      for (const kind of TOKENS) {
        delete s.tokens[kind]["lab_roles"];
        delete s.tokens[kind]["app_roles"];
      }
    });
    expect(check(withoutRoles)).toEqual([
      `MISSING  claim lab_roles (client live-robot): not in id_token, access_token, userinfo for scope "openid ${ROLES_SCOPE}"`,
      `MISSING  claim app_roles (client live-robot): not in access_token for scope "openid ${ROLES_SCOPE}"`,
    ]);
    const limited = { ...robot, fullScopeAllowed: false };
    expect(
      check(withoutRoles.map((s) => (s.client.clientId === robot.clientId ? { ...s, client: limited } : s))),
    ).toEqual([]);
  });

  it("an audience missing, a scope listed against its include-in-token-scope", () => {
    expect(
      check(
        edit(4, (s) => {
          s.tokens.access_token = { ...s.tokens.access_token, aud: "account", scope: `openid ${API} ${ROLES_SCOPE}` };
        }),
      ),
    ).toEqual([
      `MISSING  audience live-api (client live-robot): from the access_token's aud for scope "openid ${ROLES_SCOPE}"`,
      `DIFFERS  scope ${ROLES_SCOPE} (client live-robot): in the access_token's scope claim false → true`,
    ]);
  });
});

describe("adoption (verify --adopt)", () => {
  /** The realm as Keycloak answers: every mapper with its id. */
  const withMapperIds = edited(realm, (r) => {
    r.clientScopes.forEach((scope, s) => scope.mappers.forEach((mapper, m) => (mapper.id = `mapper-${s}-${m}`)));
  });

  it("imports every planned scope, mapper and client the realm holds, by the program's logical names", () => {
    const { adoption, blocking } = adoptionFor(plan, withMapperIds);
    expect(blocking).toEqual([]);
    const imports = adoption.imports;
    const tenant = plan.scopes.find((s) => s.name === TENANT)!;
    const liveTenant = withMapperIds.clientScopes.find((s) => s.name === TENANT)!;
    expect(imports[importKey("client-scope", tenant.resourceName)]).toBe(`test/${liveTenant.id}`);
    const claim = tenant.claims[0];
    const liveMapper = liveTenant.mappers.find((m) => m.name === claim.mapperName)!;
    expect(imports[importKey("mapper", claim.resourceName)]).toBe(
      `test/client-scope/${liveTenant.id}/${liveMapper.id}`,
    );
    const app = withMapperIds.clients.find((c) => c.clientId === "live-app")!;
    expect(imports[importKey("client", "live-app")]).toBe(`test/${app.id}`);
    const mappers = plan.scopes.reduce((n, s) => n + s.claims.length + (s.audienceMapper ? 1 : 0), 0);
    expect(Object.keys(imports).length).toBe(plan.scopes.length + mappers + plan.clients.length);
    expect(adoption.keptSecrets).toEqual(plan.clients.filter((c) => c.type === "confidential").map((c) => c.clientId));
    expect([adoption.realm, adoption.environment]).toEqual(["test", "development"]);
  });

  it("is refused while anything that exists differs; what is missing is left to be created", () => {
    const drifted = edited(withMapperIds, (r) => {
      clientNamed(r, "live-spa").consentRequired = false;
      r.clients = r.clients.filter((c) => c.clientId !== "live-robot");
    });
    const { adoption, blocking } = adoptionFor(plan, drifted, compareRealm(plan, drifted));
    expect(lines(blocking)).toEqual(["DIFFERS  client live-spa: consentRequired true → false"]);
    expect(adoption.imports[importKey("client", "live-robot")]).toBeUndefined();
    expect(adoption.keptSecrets).not.toContain("live-robot");
  });
});
