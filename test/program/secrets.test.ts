/**
 * Secrets reach the engine as secrets and never reach stack outputs: the admin credential from config,
 * each confidential client's generated secret (given to Keycloak and to its Kubernetes Secret).
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, test } from "vitest";
import {
  byType,
  committedStack,
  isSecretInput,
  MOCK_ADMIN_SECRET,
  mockPassword,
  one,
  reveal,
  runProgram,
  stackConfig,
  TYPES,
  type ProgramRun,
} from "./harness";

const CONFIDENTIAL = {
  anitya: "anitya/anitya-oidc",
  bodhi: "bodhi/bodhi-oidc",
  "odcs-compose-bot": "releng/odcs-compose-bot-oidc",
};

describe("secrets on the dev stack", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram(committedStack("dev"));
    if (run.error) throw run.error;
  });

  test("the admin client's secret reaches the Keycloak provider as a secret", () => {
    const provider = one(run.resources, TYPES.keycloakProvider, "keycloak");
    expect(isSecretInput(provider.inputs["clientSecret"])).toBe(true);
    expect(reveal(provider.inputs["clientSecret"])).toBe(MOCK_ADMIN_SECRET);
  });

  test("each confidential client gets a generated secret, as a secret, and public clients none", () => {
    for (const clientId of Object.keys(CONFIDENTIAL)) {
      const client = one(run.resources, TYPES.client, clientId);
      expect(isSecretInput(client.inputs["clientSecret"]), clientId).toBe(true);
      expect(reveal(client.inputs["clientSecret"])).toBe(mockPassword(clientId));
    }
    for (const clientId of ["bodhi-cli", "packager-dashboard", "odcs"]) {
      expect(one(run.resources, TYPES.client, clientId).inputs).not.toHaveProperty("clientSecret");
    }
    expect(byType(run.resources, TYPES.password).map((p) => [p.name, p.inputs])).toEqual([
      ["anitya", { length: 48, special: false, upper: true, lower: true, numeric: true, keepers: { rotation: "0" } }],
      ["bodhi", { length: 48, special: false, upper: true, lower: true, numeric: true, keepers: { rotation: "1" } }],
      [
        "odcs-compose-bot",
        { length: 48, special: false, upper: true, lower: true, numeric: true, keepers: { rotation: "0" } },
      ],
    ]);
  });

  test("the Kubernetes Secret's data is a secret: client id, client secret and issuer URL", () => {
    for (const [clientId, location] of Object.entries(CONFIDENTIAL)) {
      const [namespace, name] = location.split("/");
      const secret = one(run.resources, TYPES.kubernetesSecret, clientId);
      expect(secret.inputs["metadata"]).toEqual({
        name,
        namespace,
        labels: { "app.kubernetes.io/managed-by": "scope-registry" },
      });
      expect(secret.inputs["type"]).toBe("Opaque");
      expect(isSecretInput(secret.inputs["stringData"])).toBe(true);
      expect(reveal(secret.inputs["stringData"])).toEqual({
        "client-id": clientId,
        "client-secret": mockPassword(clientId),
        "issuer-url": "https://id.dev.example.org/realms/example",
      });
      expect(secret.inputs).not.toHaveProperty("data");
    }
  });

  test("no secret value appears anywhere outside a secret marker", () => {
    const secrets = [MOCK_ADMIN_SECRET, ...Object.keys(CONFIDENTIAL).map(mockPassword)];
    const strip = (value: unknown): unknown =>
      isSecretInput(value)
        ? "[secret]"
        : Array.isArray(value)
          ? value.map(strip)
          : value && typeof value === "object"
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]))
            : value;
    const exposed = JSON.stringify(run.resources.map((r) => strip(r.inputs)));
    for (const secret of secrets) expect(exposed).not.toContain(secret);
  });

  test("stack outputs hold no secret: no secret outputs, no secret values", () => {
    const outputs = run.outputs!;
    expect(Object.keys(outputs).sort()).toEqual(["clients", "environment", "issuerUrl", "scopes"]);
    // Plain values: the program exports no Output at all, so none can carry a secret.
    for (const [name, value] of Object.entries(outputs)) expect(pulumi.Output.isInstance(value), name).toBe(false);
    const text = JSON.stringify(outputs);
    for (const secret of [MOCK_ADMIN_SECRET, ...Object.keys(CONFIDENTIAL).map(mockPassword)])
      expect(text).not.toContain(secret);
    expect((outputs["clients"] as Record<string, { credentials: string | null }>)["bodhi"].credentials).toBe(
      "bodhi/bodhi-oidc",
    );
  });
});

describe("the local stack", () => {
  test("logs in as the test realm's service account, its secret as a secret, and delivers nothing to Kubernetes", async () => {
    const run = await runProgram({
      stack: "local",
      config: { ...stackConfig("local"), "scope-registry:keycloakClientSecret": "local-client-secret" },
      secretKeys: ["scope-registry:keycloakClientSecret"],
    });
    expect(run.error).toBeUndefined();
    const provider = one(run.resources, TYPES.keycloakProvider, "keycloak");
    const { clientSecret, ...rest } = provider.inputs;
    expect(isSecretInput(clientSecret)).toBe(true);
    expect(reveal(clientSecret)).toBe("local-client-secret");
    expect(rest).toEqual({
      url: "http://127.0.0.1:18080",
      adminUrl: "",
      basePath: "",
      realm: "scope-registry-e2e",
      clientId: "pulumi",
      username: "",
      password: "",
      accessToken: "",
      jwtTokenFile: "",
      clientTimeout: "15",
    });
    expect(byType(run.resources, TYPES.kubernetesProvider)).toEqual([]);
    expect(byType(run.resources, TYPES.kubernetesSecret)).toEqual([]);
    // The clients still get their generated secrets in Keycloak; only the delivery is off.
    expect(isSecretInput(one(run.resources, TYPES.client, "bodhi").inputs["clientSecret"])).toBe(true);
    expect(one(run.resources, TYPES.clientScope, "bodhi/comment").inputs["realmId"]).toBe("scope-registry-e2e");
    expect(run.outputs?.["issuerUrl"]).toBe("http://127.0.0.1:18080/realms/scope-registry-e2e");
    expect(
      (run.outputs?.["clients"] as Record<string, { credentials: string | null }>)["bodhi"].credentials,
    ).toBeNull();
  });
});

describe("a password login", () => {
  test("passes the user's password as a secret and blanks the client secret", async () => {
    const config: Record<string, string> = {
      ...stackConfig("local"),
      "scope-registry:keycloakAdminRealm": "master",
      "scope-registry:keycloakClientId": "admin-cli",
      "scope-registry:keycloakUsername": "admin",
      "scope-registry:keycloakPassword": "local-admin-password",
    };
    const run = await runProgram({ stack: "local", config, secretKeys: ["scope-registry:keycloakPassword"] });
    expect(run.error).toBeUndefined();
    const { password, ...rest } = one(run.resources, TYPES.keycloakProvider, "keycloak").inputs;
    expect(isSecretInput(password)).toBe(true);
    expect(reveal(password)).toBe("local-admin-password");
    expect([rest["realm"], rest["clientId"], rest["username"], rest["clientSecret"]]).toEqual([
      "master",
      "admin-cli",
      "admin",
      "",
    ]);
  });
});
