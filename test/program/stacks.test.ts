/**
 * The program under mocks on the committed example registry and stack files: for each stack, the exact
 * set of resources and their key inputs. The expectations are written out from the YAML files by hand,
 * not derived from the plan, so a planning mistake shows up here too.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { byType, committedStack, inventory, one, reveal, runProgram, TYPES, type ProgramRun } from "./harness";

const NAMESPACE: Record<string, string> = {
  anitya: "https://github.com/fedora-infra/anitya/oidc/",
  beaker: "https://beaker-project.org/oidc/",
  bodhi: "https://github.com/fedora-infra/bodhi/oidc/",
  "fedora-id": "https://id.fedoraproject.org/scope/",
  mbs: "https://mbs.fedoraproject.org/oidc/",
  odcs: "https://pagure.io/odcs/",
  pagure: "https://pagure.io/oidc/",
  waiverdb: "https://waiverdb.fedoraproject.org/oidc/",
};
/** The resource server each service's API scopes name as their audience. */
const AUDIENCE: Record<string, string> = { anitya: "anitya", bodhi: "bodhi", mbs: "mbs", odcs: "odcs" };

const BODHI = [
  "comment",
  "create-override",
  "create-update",
  "edit-override",
  "edit-update",
  "expire-override",
  "request-update",
  "revoke-update",
];
const ODCS = ["delete-compose", "new-compose", "renew-compose"];
const FEDORA_ID = ["cla", "groups"];

type ClientType = "confidential" | "public" | "bearer-only";
interface StackCase {
  readonly stack: string;
  readonly environment: string;
  readonly url: string;
  readonly context: string;
  readonly protect: boolean;
  readonly scopes: Record<string, string[]>;
  readonly clients: Record<string, ClientType>;
}

const CLIENTS_AFTER_DEVELOPMENT: Record<string, ClientType> = {
  bodhi: "confidential",
  "bodhi-cli": "public",
  mbs: "bearer-only",
  odcs: "bearer-only",
  "odcs-compose-bot": "confidential",
  "packager-dashboard": "public",
};

const STACKS: StackCase[] = [
  {
    stack: "dev",
    environment: "development",
    url: "https://id.dev.example.org",
    context: "dev",
    protect: false,
    scopes: {
      anitya: ["downstream", "upstream"],
      bodhi: BODHI,
      "fedora-id": FEDORA_ID,
      odcs: ODCS,
      waiverdb: ["create-waiver"],
    },
    clients: {
      anitya: "confidential",
      bodhi: "confidential",
      "bodhi-cli": "public",
      odcs: "bearer-only",
      "odcs-compose-bot": "confidential",
      "packager-dashboard": "public",
    },
  },
  {
    stack: "staging",
    environment: "staging",
    url: "https://id.stg.example.org",
    context: "staging",
    protect: false,
    scopes: {
      beaker: ["scope"],
      bodhi: BODHI,
      "fedora-id": FEDORA_ID,
      mbs: ["submit-build"],
      odcs: ODCS,
      pagure: ["api"],
      waiverdb: ["create-waiver"],
    },
    clients: CLIENTS_AFTER_DEVELOPMENT,
  },
  {
    stack: "prod",
    environment: "production",
    url: "https://id.example.org",
    context: "production",
    protect: true,
    scopes: {
      beaker: ["scope"],
      bodhi: BODHI,
      "fedora-id": FEDORA_ID,
      mbs: ["submit-build"],
      odcs: ODCS,
      pagure: ["api"],
    },
    clients: CLIENTS_AFTER_DEVELOPMENT,
  },
];

/** The stack's resources as `type name`, from the hand-written tables above. */
function expectedInventory(c: StackCase): string[] {
  const lines = [`${TYPES.keycloakProvider} keycloak`, `${TYPES.kubernetesProvider} kubernetes`];
  for (const [service, ids] of Object.entries(c.scopes)) {
    lines.push(`${TYPES.serviceScopes} ${service}`);
    for (const id of ids) {
      lines.push(`${TYPES.clientScope} ${service}/${id}`);
      if (AUDIENCE[service]) lines.push(`${TYPES.audienceMapper} ${service}/${id}/audience`);
    }
  }
  if (c.scopes["fedora-id"])
    lines.push(`${TYPES.attributeMapper} fedora-id/cla/cla`, `${TYPES.groupsMapper} fedora-id/groups/groups`);
  for (const [clientId, type] of Object.entries(c.clients)) {
    lines.push(`${TYPES.registeredClient} ${clientId}`, `${TYPES.client} ${clientId}`);
    if (type !== "bearer-only") lines.push(`${TYPES.defaultScopes} ${clientId}`, `${TYPES.optionalScopes} ${clientId}`);
    if (type === "confidential") lines.push(`${TYPES.password} ${clientId}`, `${TYPES.kubernetesSecret} ${clientId}`);
  }
  return lines.sort();
}

const bodhi = (id: string) => NAMESPACE["bodhi"] + id;
const GROUPS = "https://id.fedoraproject.org/scope/groups";
const CLA = "https://id.fedoraproject.org/scope/cla";

/** Each client's two lists, per environment, read off clients/*.yaml plus the baseline (basic, acr). */
const LISTS: Record<string, Record<string, { default: string[]; optional: string[] }>> = {
  development: {
    anitya: {
      default: ["acr", "basic", "email", "profile"],
      optional: [NAMESPACE["anitya"] + "downstream", NAMESPACE["anitya"] + "upstream"],
    },
    bodhi: {
      default: ["acr", "basic", "email", GROUPS, "profile", "web-origins"],
      optional: [bodhi("comment"), bodhi("create-update"), bodhi("edit-update"), CLA],
    },
    "bodhi-cli": { default: ["acr", "basic", GROUPS, "profile"], optional: [...BODHI.map(bodhi), "offline_access"] },
    "odcs-compose-bot": {
      default: ["acr", "basic", "service_account"],
      optional: ["https://pagure.io/odcs/new-compose", "https://pagure.io/odcs/renew-compose"],
    },
    "packager-dashboard": {
      default: ["acr", "basic", GROUPS, "profile", "web-origins"],
      optional: [CLA, "https://waiverdb.fedoraproject.org/oidc/create-waiver"],
    },
  },
  staging: {
    bodhi: {
      default: ["acr", "basic", "email", GROUPS, "profile"],
      optional: [bodhi("comment"), bodhi("create-update"), bodhi("edit-update"), CLA],
    },
    "bodhi-cli": { default: ["acr", "basic", GROUPS, "profile"], optional: [...BODHI.map(bodhi), "offline_access"] },
    "odcs-compose-bot": {
      default: ["acr", "basic", "service_account"],
      optional: ["https://pagure.io/odcs/new-compose", "https://pagure.io/odcs/renew-compose"],
    },
    "packager-dashboard": {
      default: ["acr", "basic", GROUPS, "profile", "web-origins"],
      optional: [CLA, "https://waiverdb.fedoraproject.org/oidc/create-waiver"],
    },
  },
  production: {
    bodhi: {
      default: ["acr", "basic", "email", GROUPS, "profile", "web-origins"],
      optional: [bodhi("comment"), bodhi("create-update"), bodhi("edit-update"), CLA],
    },
    "bodhi-cli": { default: ["acr", "basic", GROUPS, "profile"], optional: [...BODHI.map(bodhi), "offline_access"] },
    "odcs-compose-bot": {
      default: ["acr", "basic", "service_account"],
      optional: ["https://pagure.io/odcs/new-compose", "https://pagure.io/odcs/renew-compose"],
    },
    // WaiverDB's scope is not available in production yet: provisioned without it.
    "packager-dashboard": { default: ["acr", "basic", GROUPS, "profile", "web-origins"], optional: [CLA] },
  },
};

describe.each(STACKS)("stack $stack ($environment)", (c) => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram(committedStack(c.stack));
  });

  test("the program ran without error", () => {
    expect(run.error).toBeUndefined();
  });

  test("registers exactly the expected resources", () => {
    expect(inventory(run.resources)).toEqual(expectedInventory(c));
  });

  test("one explicit Keycloak provider from config, used by every Keycloak resource", () => {
    const provider = one(run.resources, TYPES.keycloakProvider, "keycloak");
    expect(provider.inputs).toMatchObject({
      url: c.url,
      realm: "master",
      clientId: "scope-registry-provisioner",
      basePath: "",
    });
    const keycloakResources = run.resources.filter((r) => r.type.startsWith("keycloak:"));
    expect(keycloakResources.length).toBeGreaterThan(0);
    for (const r of keycloakResources)
      expect(r.provider, `${r.type} ${r.name}`).toMatch(/::pulumi:providers:keycloak::keycloak::keycloak-id$/);
    const kubernetes = one(run.resources, TYPES.kubernetesProvider, "kubernetes");
    expect(kubernetes.inputs).toEqual({ context: c.context });
    for (const r of byType(run.resources, TYPES.kubernetesSecret))
      expect(r.provider).toMatch(/::kubernetes::kubernetes-id$/);
  });

  test("every client scope is named with its full scope name, in the stack's realm", () => {
    for (const [service, ids] of Object.entries(c.scopes)) {
      for (const id of ids) {
        const scope = one(run.resources, TYPES.clientScope, `${service}/${id}`);
        expect(scope.inputs["name"]).toBe(NAMESPACE[service] + id);
        expect(scope.inputs["realmId"]).toBe("example");
        expect(scope.inputs["includeInTokenScope"]).toBe(true);
        expect(scope.inputs["consentScreenText"]).toBe(scope.inputs["description"]);
      }
    }
    expect(one(run.resources, TYPES.clientScope, "bodhi/create-update").inputs).toEqual({
      realmId: "example",
      name: "https://github.com/fedora-infra/bodhi/oidc/create-update",
      description: "Submit new updates",
      consentScreenText: "Submit new updates",
      includeInTokenScope: true,
    });
  });

  test("claims become typed mappers attached to their client scope", () => {
    expect(one(run.resources, TYPES.attributeMapper, "fedora-id/cla/cla").inputs).toEqual({
      realmId: "example",
      clientScopeId: "fedora-id/cla-id",
      name: "cla",
      claimName: "cla",
      userAttribute: "cla",
      claimValueType: "String",
      multivalued: true,
      addToIdToken: true,
      addToAccessToken: true,
      addToUserinfo: true,
      addToTokenIntrospection: true,
    });
    expect(one(run.resources, TYPES.groupsMapper, "fedora-id/groups/groups").inputs).toEqual({
      realmId: "example",
      clientScopeId: "fedora-id/groups-id",
      name: "groups",
      claimName: "groups",
      fullPath: false,
      addToIdToken: true,
      addToAccessToken: true,
      addToUserinfo: true,
      // The provider's default for a group membership mapper is off: introspection would lack groups.
      addToTokenIntrospection: true,
    });
  });

  test("API scopes add their resource server to the audience, without referring to the client resource", () => {
    const audiences = byType(run.resources, TYPES.audienceMapper);
    expect(audiences.length).toBe(
      Object.entries(c.scopes)
        .filter(([s]) => AUDIENCE[s])
        .flatMap(([, ids]) => ids).length,
    );
    for (const mapper of audiences) {
      const [service, id] = mapper.name.split("/");
      expect(mapper.inputs).toEqual({
        realmId: "example",
        clientScopeId: `${service}/${id}-id`,
        name: "audience",
        includedCustomAudience: AUDIENCE[service],
        addToAccessToken: true,
        addToIdToken: false,
        addToTokenIntrospection: true,
      });
    }
  });

  test("clients carry their flows and URIs, and exactly the planned scope lists", () => {
    for (const [clientId, type] of Object.entries(c.clients)) {
      const client = one(run.resources, TYPES.client, clientId);
      expect(client.inputs["clientId"]).toBe(clientId);
      expect(client.inputs["accessType"]).toBe(type.toUpperCase());
      expect("clientSecret" in client.inputs).toBe(type === "confidential");
      if (type === "bearer-only") continue;
      const lists = LISTS[c.environment][clientId];
      expect(one(run.resources, TYPES.defaultScopes, clientId).inputs).toEqual({
        realmId: "example",
        clientId: `${clientId}-id`,
        defaultScopes: lists.default,
      });
      expect(one(run.resources, TYPES.optionalScopes, clientId).inputs).toEqual({
        realmId: "example",
        clientId: `${clientId}-id`,
        optionalScopes: lists.optional,
      });
    }
    const { clientSecret, ...bodhiClient } = one(run.resources, TYPES.client, "bodhi").inputs;
    expect(reveal(clientSecret)).toBe("mock-password-for-bodhi");
    const host = {
      development: "localhost:6543",
      staging: "bodhi.stg.fedoraproject.org",
      production: "bodhi.fedoraproject.org",
    }[c.environment]!;
    const scheme = c.environment === "development" ? "http" : "https";
    expect(bodhiClient).toEqual({
      realmId: "example",
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
      consentRequired: c.environment !== "development",
      validRedirectUris: [`${scheme}://${host}/oidc/authorize`],
      validPostLogoutRedirectUris: c.environment === "development" ? [] : [`https://${host}/`],
      webOrigins: c.environment === "staging" ? [] : [`${scheme}://${host}`],
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

  test("stack outputs list what the environment contains", () => {
    expect(run.outputs?.["environment"]).toBe(c.environment);
    expect(run.outputs?.["issuerUrl"]).toBe(`${c.url}/realms/example`);
    expect(run.outputs?.["scopes"]).toEqual(
      Object.entries(c.scopes)
        .flatMap(([service, ids]) => ids.map((id) => NAMESPACE[service] + id))
        .sort(),
    );
    expect(Object.keys(run.outputs?.["clients"] as object)).toEqual(Object.keys(c.clients));
  });
});

describe("promotion across stacks", () => {
  test("Anitya's development-only scopes and client exist in dev only", async () => {
    // One at a time: the Pulumi runtime's state (mocks, config) is global to the process.
    const runs: Record<string, ProgramRun> = {};
    for (const stack of ["dev", "staging", "prod"]) runs[stack] = await runProgram(committedStack(stack));
    const names = (stack: string) => inventory(runs[stack].resources).filter((line) => / anitya(\/|$)/.test(line));
    expect(names("dev")).toEqual(
      [
        `${TYPES.audienceMapper} anitya/downstream/audience`,
        `${TYPES.audienceMapper} anitya/upstream/audience`,
        `${TYPES.client} anitya`,
        `${TYPES.defaultScopes} anitya`,
        `${TYPES.optionalScopes} anitya`,
        `${TYPES.clientScope} anitya/downstream`,
        `${TYPES.clientScope} anitya/upstream`,
        `${TYPES.kubernetesSecret} anitya`,
        `${TYPES.password} anitya`,
        `${TYPES.registeredClient} anitya`,
        `${TYPES.serviceScopes} anitya`,
      ].sort(),
    );
    expect(names("staging")).toEqual([]);
    expect(names("prod")).toEqual([]);
  });
});
