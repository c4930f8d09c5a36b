/**
 * What one environment's plan holds for a client: lists, baseline, flows and settings, exactly; the
 * names the Pulumi program gives each resource; flows as Keycloak's switches; the built-in scopes' table.
 */
import { describe, expect, it } from "vitest";
import {
  BUILT_IN_SCOPE_CLAIMS,
  BUILT_IN_SCOPES,
  ENVIRONMENTS,
  FLOWS,
  IMPLICIT_SCOPE,
  STANDARD_SCOPES,
  errorsIn,
  keycloakFlowSettings,
  planAllEnvironments,
  planEnvironment,
  validateTexts,
  type Flow,
  type KeycloakFlowSettings,
  type RegistryText,
} from "../../src/registry";
import { BUILT_IN_SCOPE_CLAIMS as CLAIM_RULES_BUILT_IN_SCOPE_CLAIMS } from "../../src/registry/claims";
import { catalogue } from "../../src/report/docs";
import { planJson } from "../../src/cli/plan-json";
import { formatPlan } from "../../src/cli/format";

const SCOPES: RegistryText = {
  path: "scopes/shop.yaml",
  text: `service: Shop
namespace: https://shop.example/
owners: ["@example/shop"]
scopes:
  - id: orders.read
    summary: Read your orders
    availability: [development, production]
    audience: shop-api
    claims:
      - name: customer
        from: attribute
        attribute: customerNumber
        in: [access_token]
      - name: tier
        from: constant
        value: "3"
        type: integer
  - id: orders.write
    summary: Place orders
    availability: [development]
`,
};

const API: RegistryText = {
  path: "clients/shop-api.yaml",
  text: `clientId: shop-api
name: Shop API
owners: ["@example/shop"]
type: bearer-only
environments:
  development: {}
  production: {}
`,
};

const WEB: RegistryText = {
  path: "clients/shop-web.yaml",
  text: `clientId: shop-web
name: Shop
owners: ["@example/shop"]
type: confidential
flows: [authorization_code, refresh_token, client_credentials]
consentRequired: true
scopes:
  default: [openid, profile, https://shop.example/orders.read]
  optional: [offline_access, https://shop.example/orders.write]
  omitBaseline: [acr]
environments:
  development:
    redirectUris: [http://localhost:3000/cb]
    consentRequired: false
  production:
    redirectUris: [https://shop.example/cb]
    webOrigins: [https://shop.example]
credentials:
  kubernetes: { namespace: shop, secretName: shop-web-oidc }
  rotation: 2
`,
};

function plan(environment: "development" | "staging" | "production", texts = [SCOPES, API, WEB]) {
  const { registry, problems } = validateTexts(texts);
  expect(errorsIn(problems)).toEqual([]);
  return planEnvironment(registry, environment);
}

describe("planEnvironment", () => {
  it("plans a client's lists, baseline and settings in development", () => {
    const web = plan("development").clients.find((c) => c.clientId === "shop-web");
    expect(web).toEqual({
      clientId: "shop-web",
      resourceName: "shop-web",
      name: "Shop",
      description: "",
      type: "confidential",
      flows: ["authorization_code", "client_credentials", "refresh_token"],
      pkce: "S256",
      consentRequired: false,
      redirectUris: ["http://localhost:3000/cb"],
      postLogoutRedirectUris: [],
      webOrigins: [],
      defaultScopes: ["basic", "https://shop.example/orders.read", "profile", "service_account"],
      optionalScopes: ["https://shop.example/orders.write", "offline_access"],
      notYetAvailable: [],
      claims: [
        { name: "customer", scope: "https://shop.example/orders.read", kind: "default" },
        { name: "tier", scope: "https://shop.example/orders.read", kind: "default" },
      ],
      credentials: { namespace: "shop", secretName: "shop-web-oidc", rotation: 2 },
      fullScopeAllowed: false,
      rootUrl: null,
      baseUrl: null,
      frontchannelLogoutUrl: null,
      backchannelLogoutUrl: null,
      lifespans: { accessToken: null, clientSessionIdle: null, clientSessionMax: null },
      roles: [],
      serviceAccountRoles: [],
    });
  });

  it("leaves out what is not yet available and adds web-origins where the client has origins", () => {
    const web = plan("production").clients.find((c) => c.clientId === "shop-web")!;
    expect(web.defaultScopes).toEqual([
      "basic",
      "https://shop.example/orders.read",
      "profile",
      "service_account",
      "web-origins",
    ]);
    expect(web.optionalScopes).toEqual(["offline_access"]);
    expect(web.notYetAvailable).toEqual([{ name: "https://shop.example/orders.write", kind: "optional" }]);
    expect(web.consentRequired).toBe(true);
  });

  it("plans scopes with their claims, audience and consent text", () => {
    const scopes = plan("production").scopes;
    expect(scopes).toEqual([
      {
        name: "https://shop.example/orders.read",
        service: "shop",
        serviceResourceName: "shop",
        resourceName: "shop/orders.read",
        serviceName: "Shop",
        id: "orders.read",
        description: "Read your orders",
        consentText: "Read your orders",
        includeInTokenScope: true,
        audience: "shop-api",
        audienceMapper: { name: "audience", resourceName: "shop/orders.read/audience" },
        claims: [
          {
            name: "customer",
            from: "attribute",
            settings: { attribute: "customerNumber" },
            type: "string",
            multivalued: false,
            in: ["access_token", "introspection"],
            mapperName: "customer",
            resourceName: "shop/orders.read/customer",
          },
          {
            name: "tier",
            from: "constant",
            settings: { value: "3" },
            type: "integer",
            multivalued: false,
            in: ["id_token", "access_token", "userinfo", "introspection"],
            mapperName: "tier",
            resourceName: "shop/orders.read/tier",
          },
        ],
        deprecated: null,
        restricted: null,
      },
    ]);
  });

  it("includes only the clients present in the environment; a bearer-only client gets no baseline", () => {
    expect(plan("staging").clients).toEqual([]);
    const api = plan("production").clients.find((c) => c.clientId === "shop-api")!;
    expect([api.defaultScopes, api.optionalScopes, api.pkce, api.flows]).toEqual([[], [], null, []]);
  });

  it("does not depend on the order files are read in", () => {
    const forward = validateTexts([SCOPES, API, WEB]);
    const backward = validateTexts([WEB, API, SCOPES]);
    expect(backward.problems).toEqual(forward.problems);
    for (const environment of ["development", "production"] as const) {
      expect(JSON.stringify(planEnvironment(backward.registry, environment))).toBe(
        JSON.stringify(planEnvironment(forward.registry, environment)),
      );
    }
  });
});

describe("planAllEnvironments", () => {
  it("holds exactly each environment's plan, in promotion order", () => {
    const { registry } = validateTexts([SCOPES, API, WEB]);
    const all = planAllEnvironments(registry);
    expect(Object.keys(all)).toEqual([...ENVIRONMENTS]);
    for (const environment of ENVIRONMENTS) expect(all[environment]).toEqual(planEnvironment(registry, environment));
  });
});

describe("flows", () => {
  const client = (flows: string) => ({
    path: "clients/app.yaml",
    text: `clientId: app\nname: App\nowners: ["@example/app"]\ntype: public\nflows: ${flows}\nenvironments:\n  development:\n    redirectUris: ["http://127.0.0.1:45678/cb"]\n`,
  });

  it("are planned in the registry's words, each once, in the schema's order whatever the file's", () => {
    const app = plan("development", [client("[refresh_token, device_code, authorization_code]")]).clients[0];
    expect(app.flows).toEqual(["authorization_code", "device_code", "refresh_token"]);
    expect(app.pkce).toBe("S256");
    const web = plan("development").clients.find((c) => c.clientId === "shop-web")!;
    expect(web.flows).toEqual(["authorization_code", "client_credentials", "refresh_token"]);
  });

  const OFF: KeycloakFlowSettings = {
    standardFlowEnabled: false,
    serviceAccountsEnabled: false,
    directAccessGrantsEnabled: false,
    oauth2DeviceAuthorizationGrantEnabled: false,
    useRefreshTokens: false,
  };

  it.each<[Flow, keyof KeycloakFlowSettings]>([
    ["authorization_code", "standardFlowEnabled"],
    ["client_credentials", "serviceAccountsEnabled"],
    ["device_code", "oauth2DeviceAuthorizationGrantEnabled"],
    ["refresh_token", "useRefreshTokens"],
    ["password", "directAccessGrantsEnabled"],
  ])("%s alone turns on %s and nothing else", (flow, setting) => {
    expect(keycloakFlowSettings([flow])).toEqual({ ...OFF, [setting]: true });
  });

  it("no flow turns every switch off; every flow turns every switch on", () => {
    expect(keycloakFlowSettings([])).toEqual(OFF);
    expect(keycloakFlowSettings(FLOWS)).toEqual({
      standardFlowEnabled: true,
      serviceAccountsEnabled: true,
      directAccessGrantsEnabled: true,
      oauth2DeviceAuthorizationGrantEnabled: true,
      useRefreshTokens: true,
    });
  });
});

describe("plan --json", () => {
  it("writes the documented fields in their documented order, flows as the documented switches", () => {
    const json = JSON.parse(JSON.stringify(planJson(plan("development"))));
    expect(Object.keys(json)).toEqual(["environment", "scopes", "clients"]);
    expect(Object.keys(json.scopes[0])).toEqual([
      "name",
      "service",
      "serviceName",
      "id",
      "description",
      "consentText",
      "includeInTokenScope",
      "audience",
      "claims",
      "deprecated",
      "restricted",
    ]);
    expect(Object.keys(json.scopes[0].claims[0])).toEqual(["name", "from", "settings", "type", "multivalued", "in"]);
    const web = json.clients.find((c: { clientId: string }) => c.clientId === "shop-web");
    expect(Object.keys(web)).toEqual([
      "clientId",
      "name",
      "description",
      "type",
      "standardFlow",
      "serviceAccounts",
      "directAccessGrants",
      "deviceAuthorization",
      "refreshTokens",
      "pkce",
      "consentRequired",
      "redirectUris",
      "postLogoutRedirectUris",
      "webOrigins",
      "defaultScopes",
      "optionalScopes",
      "notYetAvailable",
      "claims",
      "credentials",
      "fullScopeAllowed",
      "rootUrl",
      "baseUrl",
      "frontchannelLogoutUrl",
      "backchannelLogoutUrl",
      "lifespans",
      "roles",
      "serviceAccountRoles",
    ]);
    expect([
      web.standardFlow,
      web.serviceAccounts,
      web.directAccessGrants,
      web.deviceAuthorization,
      web.refreshTokens,
    ]).toEqual([true, true, false, false, true]);
  });
});

describe("names in the plan", () => {
  // Logical names are the identity of resources in existing stacks: these strings must never change.
  it("are the Pulumi logical names and Keycloak mapper names the program has always used", () => {
    const development = plan("development");
    const read = development.scopes.find((s) => s.id === "orders.read")!;
    expect(read.serviceResourceName).toBe("shop");
    expect(read.resourceName).toBe("shop/orders.read");
    expect(read.audienceMapper).toEqual({ name: "audience", resourceName: "shop/orders.read/audience" });
    expect(read.claims.map((c) => [c.mapperName, c.resourceName])).toEqual([
      ["customer", "shop/orders.read/customer"],
      ["tier", "shop/orders.read/tier"],
    ]);
    const write = development.scopes.find((s) => s.id === "orders.write")!;
    expect([write.resourceName, write.audienceMapper]).toEqual(["shop/orders.write", null]);
    expect(development.clients.map((c) => c.resourceName)).toEqual(["shop-api", "shop-web"]);
  });
});

describe("the built-in scopes' table", () => {
  it("gives validation exactly the user claims of the built-ins that release any", () => {
    expect(CLAIM_RULES_BUILT_IN_SCOPE_CLAIMS).toBe(BUILT_IN_SCOPE_CLAIMS);
    expect(BUILT_IN_SCOPE_CLAIMS).toEqual({
      profile: [
        "name",
        "family_name",
        "given_name",
        "middle_name",
        "nickname",
        "preferred_username",
        "profile",
        "picture",
        "website",
        "gender",
        "birthdate",
        "zoneinfo",
        "locale",
        "updated_at",
      ],
      email: ["email", "email_verified"],
      address: ["address"],
      phone: ["phone_number", "phone_number_verified"],
      "microprofile-jwt": ["upn", "groups"],
      organization: ["organization"],
    });
    expect([IMPLICIT_SCOPE, ...BUILT_IN_SCOPES]).toEqual(STANDARD_SCOPES.map((s) => s.name));
  });

  const releasing = (claim: string, builtIn: string): RegistryText[] => [
    {
      path: "scopes/extra.yaml",
      text: `service: Extra\nnamespace: https://extra.example/\nowners: ["@example/extra"]\nscopes:\n  - id: read\n    summary: Read\n    availability: [development]\n    claims:\n      - { name: ${claim}, from: attribute, attribute: ${claim} }\n`,
    },
    {
      path: "clients/bot.yaml",
      text: `clientId: bot\nname: Bot\nowners: ["@example/extra"]\ntype: confidential\nflows: [client_credentials]\nscopes:\n  default: [${builtIn}, https://extra.example/read]\nenvironments:\n  development: {}\ncredentials:\n  kubernetes: { namespace: bot, secretName: bot-oidc }\n`,
    },
  ];
  const rules = (texts: RegistryText[]) => validateTexts(texts).problems.map((p) => p.rule);

  it("drives claim collisions: a built-in's user claims collide, other built-ins' do not", () => {
    expect(rules(releasing("nickname", "profile"))).toEqual(["claim-collision"]);
    expect(rules(releasing("nickname", "address"))).toEqual([]);
  });

  it("is what the catalogue lists as the standard scopes, with user and token claims", () => {
    const { registry } = validateTexts([SCOPES, API, WEB]);
    const page = catalogue(registry).split("\n");
    const start = page.indexOf("| Scope ID | Claims provided | Notes |");
    const rows = page.slice(start + 2, start + 2 + STANDARD_SCOPES.length);
    expect(page[start + 2 + STANDARD_SCOPES.length]).toBe("");
    expect(rows.map((row) => row.split(" | ")[0])).toEqual(STANDARD_SCOPES.map((s) => `| \`${s.name}\``));
    expect(rows).toContain(
      "| `email` | `email`, `email_verified` | The user's e-mail address (OpenID Connect Core §5.4). |",
    );
    expect(rows).toContain("| `basic` | `sub`, `auth_time` | The subject. Every client gets it by default. |");
    expect(rows).toContain(
      "| `openid` | — | Required for every OpenID Connect request; implicit, never attached to a client. |",
    );
  });
});

describe("native apps in production", () => {
  it("may redirect to a loopback address or a private-use scheme; a confidential client may not", () => {
    const client = (type: string, uri: string) => ({
      path: "clients/app.yaml",
      text: `clientId: app\nname: App\nowners: ["@example/app"]\ntype: ${type}\nflows: [authorization_code]\nenvironments:\n  production:\n    redirectUris: ["${uri}"]\n${type === "confidential" ? "credentials:\n  kubernetes: { namespace: app, secretName: app-oidc }\n" : ""}`,
    });
    const rules = (type: string, uri: string) => validateTexts([client(type, uri)]).problems.map((p) => p.rule);
    expect(rules("public", "http://127.0.0.1:45678/cb")).toEqual([]);
    expect(rules("public", "org.example.app:/oauth2redirect")).toEqual([]);
    expect(rules("public", "myapp:/cb")).toEqual(["insecure-redirect-uri"]);
    expect(rules("confidential", "org.example.app:/oauth2redirect")).toEqual(["insecure-redirect-uri"]);
  });
});

describe("claim definitions", () => {
  it("are compared setting by setting, not by how they read", async () => {
    const { claimDefinition, sameDefinition } = await import("../../src/registry");
    const a = claimDefinition({ name: "roles", from: "client-roles", client: "app pre", prefix: "" });
    const b = claimDefinition({ name: "roles", from: "client-roles", client: "app", prefix: "pre" });
    expect(sameDefinition(a, b)).toBe(false);
    expect(sameDefinition(a, claimDefinition({ name: "roles", from: "client-roles", client: "app pre" }))).toBe(true);
  });

  it.each([
    ["-2147483648", "integer", true],
    ["2147483647", "integer", true],
    ["2147483648", "integer", false],
    ["9223372036854775807", "long", true],
    ["9223372036854775808", "long", false],
    ["true", "boolean", true],
    ["yes", "boolean", false],
    ['{"a":1}', "json", true],
    ["{a:1}", "json", false],
  ] as const)("constant %s fits %s: %s", async (value, type, fits) => {
    const { constantFitsType } = await import("../../src/registry");
    expect(constantFitsType(value, type)).toBe(fits);
  });
});

describe("the client fields in plan", () => {
  const API_WITH_ROLES: RegistryText = {
    path: "clients/shop-api.yaml",
    text: API.text.replace("type: bearer-only\n", "type: bearer-only\nroles:\n  - name: reader\n"),
  };
  const ROBOT: RegistryText = {
    path: "clients/shop-robot.yaml",
    text: `clientId: shop-robot
name: Shop robot
owners: ["@example/shop"]
type: confidential
flows: [client_credentials]
fullScopeAllowed: true
serviceAccount:
  clientRoles:
    shop-api: [reader]
lifespans:
  accessToken: 120
environments:
  development:
    credentials:
      kubernetes: { namespace: shop-dev }
  production:
    rootUrl: https://robot.shop.example
    baseUrl: /status
    redirectUris: [https://robot.shop.example/cb]
    webOrigins: ["+"]
    backchannelLogoutUrl: https://robot.shop.example/logout
credentials:
  kubernetes: { namespace: shop, secretName: shop-robot-oidc }
`,
  };
  const texts = [SCOPES, API_WITH_ROLES, WEB, ROBOT];

  it("prints URLs, full scope, roles held and lifespans for a person", () => {
    const text = formatPlan(plan("production", texts));
    const robot = text.split("\n").slice(text.split("\n").indexOf("  shop-robot  (confidential; client_credentials)"));
    expect(robot.slice(0, 8)).toEqual([
      "  shop-robot  (confidential; client_credentials)",
      "    default: acr, basic, service_account, web-origins",
      "    optional: (none)",
      "    redirect URIs: https://robot.shop.example/cb",
      "    URLs: rootUrl https://robot.shop.example; baseUrl /status; backchannelLogoutUrl https://robot.shop.example/logout",
      "    full scope: tokens carry every role the user holds",
      "    service account holds: shop-api reader",
      "    lifespans: accessToken 120 s",
    ]);
    expect(text).toContain("  shop-api  (bearer-only)\n    default: (none)\n    optional: (none)\n    roles: reader");
  });

  it("gives each environment its own credential target, and plan --json the new fields", () => {
    const development = plan("development", texts).clients.find((c) => c.clientId === "shop-robot")!;
    expect(development.credentials).toEqual({ namespace: "shop-dev", secretName: "shop-robot-oidc", rotation: 0 });
    const json = planJson(plan("production", texts)) as { clients: Record<string, unknown>[] };
    expect(json.clients.find((c) => c["clientId"] === "shop-robot")).toMatchObject({
      credentials: { namespace: "shop", secretName: "shop-robot-oidc", rotation: 0 },
      fullScopeAllowed: true,
      rootUrl: "https://robot.shop.example",
      baseUrl: "/status",
      frontchannelLogoutUrl: null,
      backchannelLogoutUrl: "https://robot.shop.example/logout",
      lifespans: { accessToken: 120, clientSessionIdle: null, clientSessionMax: null },
      roles: [],
      serviceAccountRoles: [{ client: "shop-api", role: "reader" }],
    });
  });
});
