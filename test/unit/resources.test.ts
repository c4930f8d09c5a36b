/**
 * Pure tests of the decisions behind each resource: options (protect), client arguments, scope
 * attachments, the generated secret, provider arguments, logical names and stack outputs.
 */
import { describe, expect, test } from "vitest";
import { planEnvironment, validateDir, type PlannedClient } from "../../src/registry";
import { clientSpec, scopeAttachments, secretSpec } from "../../components/clients";
import type { ProgramSettings } from "../../components/config";
import { resourceOptionsFor, type ResourceRole } from "../../components/options";
import { stackOutputs } from "../../components/outputs";
import { keycloakProviderArgs, kubernetesProviderArgs } from "../../components/providers";
import { FIXTURE_REGISTRY } from "../fixture-registry";

const example = validateDir(FIXTURE_REGISTRY).registry;
const client = (environment: "development" | "staging" | "production", clientId: string): PlannedClient => {
  const found = planEnvironment(example, environment).clients.find((c) => c.clientId === clientId);
  if (!found) throw new Error(`${clientId} is not in ${environment}`);
  return found;
};

describe("resourceOptionsFor", () => {
  test.each<[ResourceRole, boolean, object]>([
    ["client-scope", true, { protect: true }],
    ["client-scope", false, { protect: false }],
    ["client", true, { protect: true }],
    ["client", false, { protect: false }],
    ["protocol-mapper", true, { protect: false }],
    ["scope-attachment", true, { protect: false }],
    ["client-secret", true, { protect: false }],
    ["kubernetes-secret", true, { protect: false }],
  ])("%s with protection %s → %o", (role, protect, expected) => {
    expect(resourceOptionsFor(role, { protect })).toEqual(expected);
  });
});

describe("clientSpec", () => {
  test("a confidential web application in production", () => {
    expect(clientSpec(client("production", "bodhi"))).toEqual({
      clientId: "bodhi",
      name: "Bodhi",
      description: "The Fedora update system's web application.",
      accessType: "CONFIDENTIAL",
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      oauth2DeviceAuthorizationGrantEnabled: false,
      useRefreshTokens: true,
      pkceCodeChallengeMethod: "S256",
      consentRequired: true,
      validRedirectUris: ["https://bodhi.fedoraproject.org/oidc/authorize"],
      validPostLogoutRedirectUris: ["https://bodhi.fedoraproject.org/"],
      webOrigins: ["https://bodhi.fedoraproject.org"],
      fullScopeAllowed: false,
      rootUrl: "",
      baseUrl: "",
      frontchannelLogoutEnabled: false,
      frontchannelLogoutUrl: "",
      backchannelLogoutUrl: "",
      accessTokenLifespan: "",
      clientSessionIdleTimeout: "",
      clientSessionMaxLifespan: "",
    });
  });

  test("the per-environment consent override applies (bodhi in development)", () => {
    expect(clientSpec(client("development", "bodhi")).consentRequired).toBe(false);
  });

  test("a public native app with the device flow", () => {
    expect(clientSpec(client("staging", "bodhi-cli"))).toMatchObject({
      accessType: "PUBLIC",
      standardFlowEnabled: true,
      oauth2DeviceAuthorizationGrantEnabled: true,
      useRefreshTokens: true,
      pkceCodeChallengeMethod: "S256",
      validRedirectUris: ["http://127.0.0.1:45678/auth/callback"],
    });
  });

  test("a service account gets no browser flow, no PKCE and no refresh tokens", () => {
    expect(clientSpec(client("production", "odcs-compose-bot"))).toMatchObject({
      accessType: "CONFIDENTIAL",
      standardFlowEnabled: false,
      serviceAccountsEnabled: true,
      useRefreshTokens: false,
      pkceCodeChallengeMethod: "",
      validRedirectUris: [],
    });
  });

  test("a bearer-only resource server has every flow off", () => {
    expect(clientSpec(client("production", "mbs"))).toEqual({
      clientId: "mbs",
      name: "Module Build Service API",
      description: "",
      accessType: "BEARER-ONLY",
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      oauth2DeviceAuthorizationGrantEnabled: false,
      useRefreshTokens: false,
      pkceCodeChallengeMethod: "",
      consentRequired: false,
      validRedirectUris: [],
      validPostLogoutRedirectUris: [],
      webOrigins: [],
      fullScopeAllowed: false,
      rootUrl: "",
      baseUrl: "",
      frontchannelLogoutEnabled: false,
      frontchannelLogoutUrl: "",
      backchannelLogoutUrl: "",
      accessTokenLifespan: "",
      clientSessionIdleTimeout: "",
      clientSessionMaxLifespan: "",
    });
  });
});

describe("scopeAttachments", () => {
  test("lists exactly the plan's, built-ins by name, unavailable scopes left out", () => {
    expect(scopeAttachments(client("production", "packager-dashboard"))).toEqual({
      defaultScopes: ["acr", "basic", "https://id.fedoraproject.org/scope/groups", "profile", "web-origins"],
      optionalScopes: ["https://id.fedoraproject.org/scope/cla"],
    });
  });

  test("a bearer-only client with empty lists gets no attachments", () => {
    expect(scopeAttachments(client("production", "mbs"))).toEqual({ defaultScopes: null, optionalScopes: null });
  });

  test("any other client gets an empty list attached, to detach what the realm's defaults gave it", () => {
    const noOptional: PlannedClient = { ...client("production", "bodhi"), optionalScopes: [] };
    expect(scopeAttachments(noOptional).optionalScopes).toEqual([]);
  });

  test("a bearer-only client that lists scopes keeps them", () => {
    const listing: PlannedClient = { ...client("production", "mbs"), defaultScopes: ["basic"] };
    expect(scopeAttachments(listing)).toEqual({ defaultScopes: ["basic"], optionalScopes: null });
  });
});

describe("secretSpec", () => {
  test("48 letters and digits, rotated by its keeper", () => {
    expect(secretSpec(1)).toEqual({
      length: 48,
      special: false,
      upper: true,
      lower: true,
      numeric: true,
      keepers: { rotation: "1" },
    });
    expect(secretSpec(2).keepers).toEqual({ rotation: "2" });
  });
});

describe("provider arguments", () => {
  const keycloak = (login: ProgramSettings<string>["keycloak"]["login"]): ProgramSettings<string>["keycloak"] => ({
    url: "https://id.example.org",
    realm: "example",
    adminRealm: "master",
    login,
    issuerUrl: "https://id.example.org/realms/example",
  });

  test("client credentials: the other login fields are blanked, not left to KEYCLOAK_* variables", () => {
    expect(
      keycloakProviderArgs(keycloak({ kind: "client-credentials", clientId: "provisioner", clientSecret: "s" })),
    ).toEqual({
      url: "https://id.example.org",
      adminUrl: "",
      basePath: "",
      realm: "master",
      clientId: "provisioner",
      clientSecret: "s",
      username: "",
      password: "",
      accessToken: "",
      jwtTokenFile: "",
      clientTimeout: 15,
    });
  });

  test("password login", () => {
    expect(
      keycloakProviderArgs(keycloak({ kind: "password", clientId: "admin-cli", username: "admin", password: "pw" })),
    ).toEqual({
      url: "https://id.example.org",
      adminUrl: "",
      basePath: "",
      realm: "master",
      clientId: "admin-cli",
      clientSecret: "",
      username: "admin",
      password: "pw",
      accessToken: "",
      jwtTokenFile: "",
      clientTimeout: 15,
    });
  });

  test.each([
    [{ deliverCredentials: false } as const, null],
    [{ deliverCredentials: true, context: "prod", kubeconfig: null } as const, { context: "prod" }],
    [{ deliverCredentials: true, context: null, kubeconfig: "kc" } as const, { kubeconfig: "kc" }],
    [{ deliverCredentials: true, context: "c", kubeconfig: "kc" } as const, { context: "c", kubeconfig: "kc" }],
  ])("kubernetes %o → %o", (settings, expected) => {
    expect(kubernetesProviderArgs<string>(settings)).toEqual(expected);
  });
});

describe("logical names", () => {
  test("come from the plan, derived from the service key, scope id, claim name and client id only", () => {
    const plan = planEnvironment(example, "production");
    const scope = plan.scopes.find((s) => s.name === "https://github.com/fedora-infra/bodhi/oidc/create-update")!;
    expect([scope.serviceResourceName, scope.resourceName, scope.audienceMapper]).toEqual([
      "bodhi",
      "bodhi/create-update",
      { name: "audience", resourceName: "bodhi/create-update/audience" },
    ]);
    const groups = plan.scopes.find((s) => s.name === "https://id.fedoraproject.org/scope/groups")!;
    expect([groups.serviceResourceName, groups.resourceName, groups.audienceMapper]).toEqual([
      "fedora-id",
      "fedora-id/groups",
      null,
    ]);
    expect(groups.claims.map((c) => [c.mapperName, c.resourceName])).toEqual([["groups", "fedora-id/groups/groups"]]);
    expect(client("staging", "bodhi-cli").resourceName).toBe("bodhi-cli");
  });
});

describe("stackOutputs", () => {
  test("scope names and client lists, credentials' location only where delivered", () => {
    const plan = planEnvironment(example, "production");
    const outputs = stackOutputs(plan, {
      issuerUrl: "https://id.example.org/realms/example",
      deliverCredentials: true,
    });
    expect(outputs.environment).toBe("production");
    expect(outputs.scopes).toEqual(plan.scopes.map((s) => s.name));
    expect(Object.keys(outputs.clients)).toEqual([
      "bodhi",
      "bodhi-cli",
      "mbs",
      "odcs",
      "odcs-compose-bot",
      "packager-dashboard",
    ]);
    expect(outputs.clients["packager-dashboard"]).toEqual({
      type: "public",
      defaultScopes: ["acr", "basic", "https://id.fedoraproject.org/scope/groups", "profile", "web-origins"],
      optionalScopes: ["https://id.fedoraproject.org/scope/cla"],
      notYetAvailable: ["https://waiverdb.fedoraproject.org/oidc/create-waiver"],
      credentials: null,
    });
    expect(outputs.clients["bodhi"].credentials).toBe("bodhi/bodhi-oidc");
    const undelivered = stackOutputs(plan, { issuerUrl: "x", deliverCredentials: false });
    expect(undelivered.clients["bodhi"].credentials).toBeNull();
  });
});
