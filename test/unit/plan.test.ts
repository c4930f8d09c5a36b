/** What one environment's plan holds for a client: lists, baseline, flows and settings, exactly. */
import { describe, expect, it } from "vitest";
import { errorsIn, planEnvironment, validateTexts, type RegistryText } from "../../src/registry";

const SCOPES: RegistryText = {
  path: "scopes/shop.yaml",
  text: `service: Shop
namespace: https://shop.example/
owners: ["@example/shop"]
scopes:
  - id: orders.read
    summary: Read your orders
    availability: [development, staging, production]
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
      name: "Shop",
      description: "",
      type: "confidential",
      standardFlow: true,
      serviceAccounts: true,
      directAccessGrants: false,
      deviceAuthorization: false,
      refreshTokens: true,
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
    });
  });

  it("leaves out what is not yet available and adds web-origins where the client has origins", () => {
    const web = plan("production").clients.find((c) => c.clientId === "shop-web")!;
    expect(web.defaultScopes).toEqual(["basic", "https://shop.example/orders.read", "profile", "service_account", "web-origins"]);
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
        serviceName: "Shop",
        id: "orders.read",
        description: "Read your orders",
        consentText: "Read your orders",
        includeInTokenScope: true,
        audience: "shop-api",
        claims: [
          { name: "customer", from: "attribute", settings: { attribute: "customerNumber" }, type: "string", multivalued: false, in: ["access_token"] },
          { name: "tier", from: "constant", settings: { value: "3" }, type: "integer", multivalued: false, in: ["id_token", "access_token", "userinfo"] },
        ],
        deprecated: null,
        restricted: null,
      },
    ]);
  });

  it("includes only the clients present in the environment; a bearer-only client gets no baseline", () => {
    expect(plan("staging").clients).toEqual([]);
    const api = plan("production").clients.find((c) => c.clientId === "shop-api")!;
    expect([api.defaultScopes, api.optionalScopes, api.pkce, api.standardFlow]).toEqual([[], [], null, false]);
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
