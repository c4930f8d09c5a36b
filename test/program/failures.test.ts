/**
 * Bad input never reaches Keycloak: an invalid registry or stack configuration makes the program throw
 * before it registers a single resource, with the messages the command line prints.
 */
import { afterAll, describe, expect, test } from "vitest";
import { RegistryError, validateDir } from "../../src/registry";
import { committedStack, copyRegistry, removeCopies, runProgram, stackConfig } from "./harness";

afterAll(removeCopies);

describe("an invalid registry", () => {
  test("an unknown environment: no resource, the validator's message", async () => {
    const registryDir = copyRegistry({
      "scopes/anitya.yaml": (text) =>
        text.replace(
          "availability: [development]\n    audience: anitya\n  - id: downstream",
          "availability: [develop]\n    audience: anitya\n  - id: downstream",
        ),
    });
    const run = await runProgram({ ...committedStack("dev"), registryDir });
    expect(run.resources).toEqual([]);
    // By name: the program's copy of the class comes from a fresh module graph (vi.resetModules).
    expect(run.error!.name).toBe("RegistryError");
    // Exactly what the core reports for this registry, which is what `registry validate` lists.
    expect(run.error!.message).toBe(new RegistryError(validateDir(registryDir).problems).message);
    expect(run.error!.message).toBe(
      "the registry is invalid (1 error(s)):\n" +
        "scopes/anitya.yaml:12:20: error unknown-environment\n" +
        '  availability lists "develop", which is not an environment (did you mean "development"?)\n' +
        "  fix: use one of development, staging or production",
    );
  });

  test("a full-name claim Keycloak cannot name: no resource, a positioned message in the same format", async () => {
    const registryDir = copyRegistry({
      "scopes/fedora-id.yaml": (text) =>
        text.replace(
          "      - name: cla\n        from: attribute\n        attribute: cla\n        multivalued: true",
          "      - name: cla\n        from: attribute\n        attribute: cla\n        multivalued: true\n      - name: display_name\n        from: full-name",
        ),
    });
    const run = await runProgram({ ...committedStack("dev"), registryDir });
    expect(run.resources).toEqual([]);
    expect(run.error!.message).toBe(
      "the registry is invalid (1 error(s)):\n" +
        "scopes/fedora-id.yaml:27:15: error full-name-claim\n" +
        '  claim "display_name" comes from full-name, but Keycloak\'s full-name mapper always writes the claim "name"\n' +
        '  fix: name the claim "name", or release the name another way (e.g. from: attribute)',
    );
  });

  test("a claim named like the audience mapper of its API scope: no resource", async () => {
    const registryDir = copyRegistry({
      "scopes/mbs.yaml": (text) =>
        `${text}    claims:\n      - name: audience\n        from: constant\n        value: mbs\n`,
    });
    const run = await runProgram({ ...committedStack("prod"), registryDir });
    expect(run.resources).toEqual([]);
    expect(run.error!.message).toBe(
      "the registry is invalid (1 error(s)):\n" +
        "scopes/mbs.yaml:13:15: error audience-mapper-name\n" +
        '  scope "https://mbs.fedoraproject.org/oidc/submit-build" has an audience, ' +
        'whose mapper is named "audience", and also releases a claim of that name\n' +
        "  fix: rename the claim, or move it to another scope",
    );
  });
});

describe("a hostile team's file", () => {
  test("forged realm-admin roles and another team's API as audience: no resource, both problems", async () => {
    const registryDir = copyRegistry({
      "scopes/evil.yaml": `service: Evil
namespace: https://evil.example/oidc/
owners: ["@example/evil"]
scopes:
  - id: everything
    summary: Harmless looking
    availability: [development, staging, production]
    audience: bodhi
    claims:
      - name: realm_access.roles
        from: constant
        value: '["admin"]'
        type: json
`,
    });
    const run = await runProgram({ ...committedStack("prod"), registryDir });
    expect(run.resources).toEqual([]);
    expect(run.error!.message).toBe(
      "the registry is invalid (2 error(s)):\n" +
        "scopes/evil.yaml:8:15: error foreign-audience\n" +
        '  audience "bodhi" is a client of @fedora-infra/bodhi, and clients/bodhi.yaml does not trust scope ' +
        '"https://evil.example/oidc/everything" to put it in a token\'s audience\n' +
        '  fix: ask the owners of clients/bodhi.yaml to add "https://evil.example/oidc/everything" under trustedScopes.audience\n' +
        "scopes/evil.yaml:10:15: error reserved-claim\n" +
        '  claim "realm_access.roles" writes into "realm_access", which Keycloak or the token format sets ' +
        "(Keycloak reads each dot in a claim name as a path into a nested claim)\n" +
        "  fix: choose another claim name",
    );
  });
});

describe("an invalid stack configuration", () => {
  test("a missing credential and a mistyped key: no resource, every problem with its fix", async () => {
    const { "scope-registry:kubernetesContext": context, ...config } = stackConfig("prod");
    const run = await runProgram({ stack: "prod", config: { ...config, "scope-registry:kubernetesContxt": context } });
    expect(run.resources).toEqual([]);
    expect(run.error!.name).toBe("ConfigError");
    expect(run.error!.message).toBe(
      'the configuration of stack "prod" is invalid (3 error(s)):\n' +
        "scope-registry:kubernetesContxt: unknown key (did you mean scope-registry:kubernetesContext?); known keys: environment, " +
        "registryDir, protect, keycloakUrl, keycloakRealm, keycloakAdminRealm, keycloakClientId, keycloakUsername, deliverCredentials, " +
        "kubernetesContext, adoptFile, keycloakClientSecret, keycloakPassword, kubernetesKubeconfig\n" +
        "  fix: pulumi config rm --stack prod scope-registry:kubernetesContxt && pulumi config set --stack prod scope-registry:kubernetesContext <value>\n" +
        "scope-registry:keycloakClientSecret: is not set: the program needs a Keycloak credential, the admin client's secret " +
        "(or scope-registry:keycloakUsername and scope-registry:keycloakPassword for a local server)\n" +
        "  fix: pulumi config set --stack prod --secret scope-registry:keycloakClientSecret <value>\n" +
        "scope-registry:kubernetesContext: is not set, and neither is scope-registry:kubernetesKubeconfig: credential delivery is on, " +
        "and the Kubernetes provider must not fall back to whatever context the operator's machine has selected\n" +
        "  fix: pulumi config set --stack prod scope-registry:kubernetesContext my-cluster, or pulumi config set --stack prod scope-registry:deliverCredentials false",
    );
  });

  test("a wrong environment name: no resource", async () => {
    const run = await runProgram({
      ...committedStack("staging"),
      config: { ...committedStack("staging").config, "scope-registry:environment": "stage" },
    });
    expect(run.resources).toEqual([]);
    expect(run.error!.message).toBe(
      'the configuration of stack "staging" is invalid (1 error(s)):\n' +
        'scope-registry:environment: must be one of development, staging, production, got "stage"\n' +
        "  fix: pulumi config set --stack staging scope-registry:environment <development|staging|production>",
    );
  });
});
