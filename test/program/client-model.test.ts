/**
 * The client fields real clients need, provisioned under mocks: application URLs and lifespans per
 * client, full scope off unless asked for, the roles a client defines, the roles its service account
 * holds (with a role scope mapping each while full scope is off), and a credential target per
 * environment. Each case runs the program on a copy of the fixture registry with clients added.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { byType, committedStack, copyRegistry, one, removeCopies, runProgram, TYPES, type Registered } from "./harness";

afterAll(removeCopies);

const SETTINGS = `platformOwners: ["@example/platform"]
serviceAccounts:
  realmRoles: [reporting]
`;

/** A resource server that defines roles, and lets the other team's robot hold them. */
const API = `clientId: orders-api
name: Orders API
owners: ["@example/orders"]
type: bearer-only
roles:
  - name: reader
    description: Reads orders
  - name: writer
trustedClients:
  serviceAccountRoles: [orders-robot]
environments:
  development: {}
  staging: {}
`;

const ROBOT = `clientId: orders-robot
name: Orders robot
owners: ["@example/robots"]
type: confidential
flows: [client_credentials]
serviceAccount:
  realmRoles: [reporting]
  clientRoles:
    orders-api: [writer, reader]
lifespans:
  accessToken: 300
environments:
  development:
    credentials:
      kubernetes: { namespace: robots-dev }
  staging: {}
credentials:
  kubernetes: { namespace: robots, secretName: orders-robot-oidc }
`;

const WEB = `clientId: orders-web
name: Orders
owners: ["@example/orders"]
type: confidential
flows: [authorization_code]
fullScopeAllowed: true
lifespans:
  clientSessionIdle: 1800
  clientSessionMax: 36000
environments:
  development:
    redirectUris: [http://localhost:8080/callback]
  staging:
    rootUrl: https://orders.stg.example.org
    baseUrl: /home
    redirectUris: [https://orders.stg.example.org/callback]
    webOrigins: ["+"]
    frontchannelLogoutUrl: https://orders.stg.example.org/logout/front
    backchannelLogoutUrl: https://orders.stg.example.org/logout/back
credentials:
  kubernetes: { namespace: orders, secretName: orders-web-oidc }
`;

async function run(stack: "dev" | "staging"): Promise<Registered[]> {
  const registryDir = copyRegistry({
    "registry.yaml": SETTINGS,
    "clients/orders-api.yaml": API,
    "clients/orders-robot.yaml": ROBOT,
    "clients/orders-web.yaml": WEB,
  });
  const result = await runProgram({ ...committedStack(stack), registryDir });
  if (result.error) throw result.error;
  return result.resources;
}

describe("client fields in staging", () => {
  let resources: Registered[];
  beforeAll(async () => {
    resources = await run("staging");
  });

  test("URLs, logout and lifespans reach the client; full scope only where the file asks", () => {
    expect(one(resources, TYPES.client, "orders-web").inputs).toMatchObject({
      fullScopeAllowed: true,
      rootUrl: "https://orders.stg.example.org",
      baseUrl: "/home",
      frontchannelLogoutEnabled: true,
      frontchannelLogoutUrl: "https://orders.stg.example.org/logout/front",
      backchannelLogoutUrl: "https://orders.stg.example.org/logout/back",
      accessTokenLifespan: "",
      clientSessionIdleTimeout: "1800",
      clientSessionMaxLifespan: "36000",
    });
    expect(one(resources, TYPES.client, "orders-robot").inputs).toMatchObject({
      fullScopeAllowed: false,
      rootUrl: "",
      frontchannelLogoutEnabled: false,
      accessTokenLifespan: "300",
    });
  });

  test("a client's roles are Keycloak client roles of that client", () => {
    expect(byType(resources, TYPES.role).map((r) => [r.name, r.inputs])).toEqual([
      [
        "orders-api/reader",
        { realmId: "example", clientId: "orders-api-id", name: "reader", description: "Reads orders" },
      ],
      ["orders-api/writer", { realmId: "example", clientId: "orders-api-id", name: "writer", description: "" }],
    ]);
  });

  test("the service account holds its roles, and each is in the client's role scope (full scope off)", () => {
    const grants = byType(resources, TYPES.serviceAccountRole).map((r) => [r.name, r.inputs]);
    expect(grants).toEqual([
      [
        "orders-robot/orders-api/reader",
        {
          realmId: "example",
          serviceAccountUserId: "orders-robot-service-account",
          clientId: "orders-api-id",
          role: "reader",
        },
      ],
      [
        "orders-robot/orders-api/writer",
        {
          realmId: "example",
          serviceAccountUserId: "orders-robot-service-account",
          clientId: "orders-api-id",
          role: "writer",
        },
      ],
    ]);
    expect(byType(resources, TYPES.serviceAccountRealmRole).map((r) => [r.name, r.inputs])).toEqual([
      [
        "orders-robot/realm:/reporting",
        { realmId: "example", serviceAccountUserId: "orders-robot-service-account", role: "reporting" },
      ],
    ]);
    const mappings = byType(resources, TYPES.roleScopeMapping).sort((a, b) => a.name.localeCompare(b.name));
    expect(mappings.map((r) => [r.name, r.inputs])).toEqual([
      [
        "orders-robot/orders-api/reader",
        { realmId: "example", clientId: "orders-robot-id", roleId: "orders-api/reader-id" },
      ],
      [
        "orders-robot/orders-api/writer",
        { realmId: "example", clientId: "orders-robot-id", roleId: "orders-api/writer-id" },
      ],
      [
        "orders-robot/realm:/reporting",
        { realmId: "example", clientId: "orders-robot-id", roleId: "realm-role-reporting" },
      ],
    ]);
  });

  test("the client-wide credential target applies where no environment overrides it", () => {
    expect(one(resources, TYPES.kubernetesSecret, "orders-robot").inputs["metadata"]).toMatchObject({
      namespace: "robots",
      name: "orders-robot-oidc",
    });
  });
});

describe("client fields in development", () => {
  let resources: Registered[];
  beforeAll(async () => {
    resources = await run("dev");
  });

  test("an environment's credential target overrides the client's, field by field", () => {
    expect(one(resources, TYPES.kubernetesSecret, "orders-robot").inputs["metadata"]).toMatchObject({
      namespace: "robots-dev",
      name: "orders-robot-oidc",
    });
  });

  test("URLs set only in staging are cleared in development", () => {
    expect(one(resources, TYPES.client, "orders-web").inputs).toMatchObject({
      rootUrl: "",
      baseUrl: "",
      frontchannelLogoutEnabled: false,
      frontchannelLogoutUrl: "",
      backchannelLogoutUrl: "",
    });
  });
});
