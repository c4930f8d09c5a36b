/** Pure tests of stack configuration: parsing, defaults, every error with its exact message and fix. */
import { describe, expect, test } from "vitest";
import { ConfigError, parseConfig, registryRoot, suggestKey, type RawConfig } from "../../components/config";
import { stackConfig } from "./harness";

type Raw = RawConfig<string>;

const base: Raw = {
  stack: "dev",
  keys: ["environment", "keycloakUrl", "keycloakRealm", "keycloakClientId", "keycloakClientSecret"],
  values: {
    environment: "development",
    keycloakUrl: "https://id.dev.example.org",
    keycloakRealm: "example",
    keycloakClientId: "provisioner",
  },
  secrets: { keycloakClientSecret: "s3cret" },
};

function with_(changes: { values?: Raw["values"]; secrets?: Raw["secrets"]; stack?: string }): Raw {
  const values = { ...base.values, ...changes.values };
  const secrets = { ...base.secrets, ...changes.secrets };
  for (const [k, v] of Object.entries(values)) if (v === undefined) delete values[k as keyof typeof values];
  for (const [k, v] of Object.entries(secrets)) if (v === undefined) delete secrets[k as keyof typeof secrets];
  return {
    stack: changes.stack ?? base.stack,
    keys: [...Object.keys(values), ...Object.keys(secrets)],
    values,
    secrets,
  };
}

function problemsOf(raw: Raw): { key: string; message: string; fix: string }[] {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => ({ ...p }));
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  test("a complete client-credentials configuration, with defaults filled in", () => {
    expect(parseConfig(base)).toEqual({
      stack: "dev",
      environment: "development",
      registryDir: null,
      protect: false,
      adoptFile: null,
      keycloak: {
        url: "https://id.dev.example.org",
        realm: "example",
        adminRealm: "master",
        login: { kind: "client-credentials", clientId: "provisioner", clientSecret: "s3cret" },
        issuerUrl: "https://id.dev.example.org/realms/example",
      },
      kubernetes: { deliverCredentials: false },
    });
  });

  test("a password login and credential delivery through a kubeconfig", () => {
    const settings = parseConfig(
      with_({
        values: {
          keycloakUsername: "admin",
          keycloakAdminRealm: "admins",
          deliverCredentials: "true",
          registryDir: "../reg",
        },
        secrets: { keycloakClientSecret: undefined, keycloakPassword: "pw", kubernetesKubeconfig: "apiVersion: v1" },
      }),
    );
    expect(settings.keycloak.login).toEqual({
      kind: "password",
      clientId: "provisioner",
      username: "admin",
      password: "pw",
    });
    expect(settings.keycloak.adminRealm).toBe("admins");
    expect(settings.kubernetes).toEqual({ deliverCredentials: true, context: null, kubeconfig: "apiVersion: v1" });
    expect(settings.registryDir).toBe("../reg");
  });

  test.each([
    ["development", undefined, false],
    ["staging", undefined, false],
    ["production", undefined, true],
    ["production", "false", false],
    ["development", "true", true],
  ])("protect in %s with protect=%s is %s", (environment, protect, expected) => {
    const values: Raw["values"] = { environment, ...(protect !== undefined ? { protect } : {}) };
    expect(parseConfig(with_({ values })).protect).toBe(expected);
  });

  test("trailing slashes are dropped from the URL, so the issuer URL has no double slash", () => {
    const settings = parseConfig(with_({ values: { keycloakUrl: "http://127.0.0.1:18080/" } }));
    expect(settings.keycloak.url).toBe("http://127.0.0.1:18080");
    expect(settings.keycloak.issuerUrl).toBe("http://127.0.0.1:18080/realms/example");
  });

  test("an empty configuration names every required key with its command, in one error", () => {
    const raw: Raw = { stack: "prod", keys: [], values: {}, secrets: {} };
    expect(() => parseConfig(raw)).toThrow(ConfigError);
    expect(() => parseConfig(raw)).toThrow(
      'the configuration of stack "prod" is invalid (5 error(s)):\n' +
        "scope-registry:environment: is not set; it names the environment this stack provisions (development, staging, production)\n" +
        "  fix: pulumi config set --stack prod scope-registry:environment development\n" +
        "scope-registry:keycloakUrl: is not set; it is the Keycloak server's root URL\n" +
        "  fix: pulumi config set --stack prod scope-registry:keycloakUrl https://id.example.org\n" +
        "scope-registry:keycloakRealm: is not set; it is the realm the registry is provisioned into\n" +
        "  fix: pulumi config set --stack prod scope-registry:keycloakRealm my-realm\n" +
        "scope-registry:keycloakClientId: is not set; it is the client the program logs in to Keycloak with\n" +
        "  fix: pulumi config set --stack prod scope-registry:keycloakClientId scope-registry-provisioner\n" +
        "scope-registry:keycloakClientSecret: is not set: the program needs a Keycloak credential, the admin client's secret " +
        "(or scope-registry:keycloakUsername and scope-registry:keycloakPassword for a local server)\n" +
        "  fix: pulumi config set --stack prod --secret scope-registry:keycloakClientSecret <value>",
    );
  });

  test.each<[string, Parameters<typeof with_>[0], { key: string; message: string; fix: string }[]]>([
    [
      "an unknown environment",
      { values: { environment: "prod" } },
      [
        {
          key: "scope-registry:environment",
          message: 'must be one of development, staging, production, got "prod"',
          fix: "pulumi config set --stack dev scope-registry:environment production",
        },
      ],
    ],
    [
      "a URL that is not http(s)",
      { values: { keycloakUrl: "id.example.org" } },
      [
        {
          key: "scope-registry:keycloakUrl",
          message: 'must be an http(s) URL of the Keycloak server root, got "id.example.org"',
          fix: "pulumi config set --stack dev scope-registry:keycloakUrl https://id.example.org",
        },
      ],
    ],
    [
      "plain http in production",
      { values: { environment: "production", keycloakUrl: "http://id.example.org" } },
      [
        {
          key: "scope-registry:keycloakUrl",
          message:
            'must use https in production (plain http only for a Keycloak on loopback), got "http://id.example.org"',
          fix: "pulumi config set --stack dev scope-registry:keycloakUrl https://<host>",
        },
      ],
    ],
    [
      "a realm name Keycloak refuses",
      { values: { keycloakRealm: "r".repeat(37) } },
      [
        {
          key: "scope-registry:keycloakRealm",
          message: `must be a realm name of 1 to 36 characters, got "${"r".repeat(37)}"`,
          fix: "pulumi config set --stack dev scope-registry:keycloakRealm my-realm",
        },
      ],
    ],
    [
      "a switch that is not a boolean",
      { values: { protect: "yes" } },
      [
        {
          key: "scope-registry:protect",
          message: 'must be true or false, got "yes"',
          fix: "pulumi config set --stack dev scope-registry:protect true",
        },
      ],
    ],
    [
      "two login methods at once",
      { values: { keycloakUsername: "admin" }, secrets: { keycloakPassword: "pw" } },
      [
        {
          key: "scope-registry:keycloakUsername",
          message:
            "is set together with scope-registry:keycloakClientSecret; log in either with a client secret or with a user name and password",
          fix:
            "pulumi config rm --stack dev scope-registry:keycloakUsername && " +
            "pulumi config rm --stack dev scope-registry:keycloakPassword",
        },
      ],
    ],
    [
      "a user name without a password",
      { values: { keycloakUsername: "admin" }, secrets: { keycloakClientSecret: undefined } },
      [
        {
          key: "scope-registry:keycloakPassword",
          message: "is not set, but scope-registry:keycloakUsername is",
          fix: "pulumi config set --stack dev --secret scope-registry:keycloakPassword <value>",
        },
      ],
    ],
    [
      "credential delivery without a cluster",
      { values: { deliverCredentials: "true" } },
      [
        {
          key: "scope-registry:kubernetesContext",
          message:
            "is not set, and neither is scope-registry:kubernetesKubeconfig: credential delivery is on, and the Kubernetes " +
            "provider must not fall back to whatever context the operator's machine has selected",
          fix:
            "pulumi config set --stack dev scope-registry:kubernetesContext my-cluster, or " +
            "pulumi config set --stack dev scope-registry:deliverCredentials false",
        },
      ],
    ],
  ])("%s", (_, changes, expected) => {
    expect(problemsOf(with_(changes))).toEqual(expected);
  });

  test("production accepts plain http only for a Keycloak on loopback", () => {
    const local = parseConfig(with_({ values: { environment: "production", keycloakUrl: "http://127.0.0.1:18080" } }));
    expect(local.keycloak.issuerUrl).toBe("http://127.0.0.1:18080/realms/example");
    expect(
      problemsOf(with_({ values: { environment: "production", keycloakUrl: "http://127.0.0.2.example.org" } })),
    ).toHaveLength(1);
  });

  test("an unknown key is an error that suggests the key it resembles", () => {
    expect(problemsOf({ ...base, keys: [...base.keys, "keycloakURL", "colour"] })).toEqual([
      {
        key: "scope-registry:keycloakURL",
        message:
          "unknown key (did you mean scope-registry:keycloakUrl?); known keys: environment, registryDir, protect, keycloakUrl, " +
          "keycloakRealm, keycloakAdminRealm, keycloakClientId, keycloakUsername, deliverCredentials, kubernetesContext, adoptFile, " +
          "keycloakClientSecret, keycloakPassword, kubernetesKubeconfig",
        fix:
          "pulumi config rm --stack dev scope-registry:keycloakURL && " +
          "pulumi config set --stack dev scope-registry:keycloakUrl <value>",
      },
      {
        key: "scope-registry:colour",
        message:
          "unknown key; known keys: environment, registryDir, protect, keycloakUrl, keycloakRealm, keycloakAdminRealm, " +
          "keycloakClientId, keycloakUsername, deliverCredentials, kubernetesContext, adoptFile, keycloakClientSecret, keycloakPassword, " +
          "kubernetesKubeconfig",
        fix: "pulumi config rm --stack dev scope-registry:colour",
      },
    ]);
    expect(suggestKey("delivercredential")).toBe("deliverCredentials");
    expect(suggestKey("something-else")).toBeUndefined();
  });
});

describe("the committed stack files", () => {
  const cases = [
    ["dev", "development", "client-credentials", true, false],
    ["staging", "staging", "client-credentials", true, false],
    ["prod", "production", "client-credentials", true, true],
    ["local", "development", "client-credentials", false, false],
  ] as const;
  test.each(cases)(
    "Pulumi.%s.yaml provisions %s, logs in with %s, delivery %s, protect %s",
    (stack, environment, login, deliver, protect) => {
      const prefix = "scope-registry:";
      const file = stackConfig(stack);
      const keys = Object.keys(file).map((k) => k.slice(prefix.length));
      expect(Object.keys(file).every((k) => k.startsWith(prefix))).toBe(true);
      const secret = { keycloakClientSecret: "s" };
      const settings = parseConfig<string>({
        stack,
        keys: [...keys, ...Object.keys(secret)],
        values: Object.fromEntries(keys.map((k) => [k, file[prefix + k]])),
        secrets: secret,
      });
      expect(settings.environment).toBe(environment);
      expect(settings.keycloak.login.kind).toBe(login);
      expect(settings.kubernetes.deliverCredentials).toBe(deliver);
      expect(settings.protect).toBe(protect);
      // No credential is committed: only plain keys appear in the files.
      expect(
        keys.filter((k) => ["keycloakClientSecret", "keycloakPassword", "kubernetesKubeconfig"].includes(k)),
      ).toEqual([]);
    },
  );

  test("the local stack targets the embedded Keycloak and its own realm", () => {
    expect(stackConfig("local")).toEqual({
      "scope-registry:environment": "development",
      "scope-registry:keycloakUrl": "http://127.0.0.1:18080",
      "scope-registry:keycloakRealm": "scope-registry-e2e",
      "scope-registry:keycloakAdminRealm": "scope-registry-e2e",
      "scope-registry:keycloakClientId": "pulumi",
      "scope-registry:deliverCredentials": "false",
    });
  });
});

describe("registryRoot", () => {
  test.each([
    [{ variable: "/srv/registry", configured: "other", projectRoot: "/project" }, "/srv/registry"],
    [{ variable: "", configured: "registry", projectRoot: "/project" }, "/project/registry"],
    [{ variable: undefined, configured: "/abs/reg", projectRoot: "/project" }, "/abs/reg"],
    [{ variable: undefined, configured: null, projectRoot: "/project" }, "/project"],
  ])("%o → %s", (sources, expected) => {
    expect(registryRoot(sources)).toBe(expected);
  });
});
