/**
 * What the mocks' inputs cannot show: each resource's options. `provision` is called directly with a
 * plan and plain settings, and a transformation on the components records every child's options:
 * parent, provider, protect, dependsOn.
 */
import * as pulumi from "@pulumi/pulumi";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { planEnvironment, validateDir, type Environment } from "../../src/registry";
import type { ProgramSettings } from "../../components/config";
import { FIXTURE_REGISTRY } from "../fixture-registry";
import { recorder, settle, TYPES } from "./harness";
import { AdoptionError, NO_ADOPTION, readAdoption, type AdoptionSettings } from "../../components/adoption";

interface Observed {
  readonly type: string;
  readonly name: string;
  readonly resource: pulumi.Resource;
  readonly opts: pulumi.CustomResourceOptions;
}

function settings(environment: Environment, protect: boolean): ProgramSettings<pulumi.Input<string>> {
  return {
    stack: "test",
    environment,
    registryDir: null,
    protect,
    adoptFile: null,
    keycloak: {
      url: "https://id.example.org",
      realm: "example",
      adminRealm: "master",
      login: { kind: "client-credentials", clientId: "provisioner", clientSecret: pulumi.secret("s") },
      issuerUrl: "https://id.example.org/realms/example",
    },
    kubernetes: { deliverCredentials: true, context: "c", kubeconfig: null },
  };
}

async function observe(
  environment: Environment,
  protect: boolean,
  adoption: AdoptionSettings = NO_ADOPTION,
): Promise<Observed[]> {
  const { mocks } = recorder();
  await pulumi.runtime.setMocks(mocks, "scope-registry", "test", false);
  const { provision } = await import("../../components/provision");
  const observed: Observed[] = [];
  const record: pulumi.ResourceTransformation = (args) => {
    observed.push({
      type: args.type,
      name: args.name,
      resource: args.resource,
      opts: args.opts,
    });
    return undefined;
  };
  const plan = planEnvironment(validateDir(FIXTURE_REGISTRY).registry, environment);
  // `transformations` is the SDK-side hook that mocks run (the engine-side `transforms` are not mocked).
  provision(plan, settings(environment, protect), { transformations: [record] }, adoption);
  await settle();
  return observed;
}

const COMPONENT_TYPES: readonly string[] = [TYPES.serviceScopes, TYPES.registeredClient];

describe("resource options in production (protect on)", () => {
  let observed: Observed[];
  beforeAll(async () => {
    observed = await observe("production", true);
  });
  const children = () => observed.filter((o) => !COMPONENT_TYPES.includes(o.type));
  const named = (type: string, name: string) => observed.find((o) => o.type === type && o.name === name)!;

  test("client scopes and clients are protected; nothing else is", () => {
    const protectedOnes = children()
      .filter((o) => o.opts.protect === true)
      .map((o) => o.type);
    expect(new Set(protectedOnes)).toEqual(new Set([TYPES.clientScope, TYPES.client]));
    expect(protectedOnes.filter((t) => t === TYPES.clientScope).length).toBe(16);
    expect(protectedOnes.filter((t) => t === TYPES.client).length).toBe(6);
    for (const o of children().filter((c) => c.type !== TYPES.clientScope && c.type !== TYPES.client)) {
      expect(o.opts.protect, `${o.type} ${o.name}`).toBe(false);
    }
  });

  test("every resource is a child of the component named after its service or client", () => {
    for (const o of children()) {
      // Client scopes and every kind of protocol mapper belong to a service; the rest to a client.
      const ofService = o.type === TYPES.clientScope || o.type.endsWith("ProtocolMapper");
      const componentType = ofService ? TYPES.serviceScopes : TYPES.registeredClient;
      const owner = o.name.split("/")[0];
      const component = observed.find((c) => c.type === componentType && c.name === owner);
      expect(component, `${o.type} ${o.name}`).toBeDefined();
      expect(o.opts.parent, `${o.type} ${o.name}`).toBe(component!.resource);
    }
  });

  test("Keycloak resources name the Keycloak provider, the Secret the Kubernetes one, the password none", async () => {
    const urnOf = (resource: pulumi.Resource) => new Promise<string>((resolve) => resource.urn.apply(resolve));
    for (const o of children()) {
      const provider = o.opts.provider;
      const expected = o.type.startsWith("keycloak:")
        ? "keycloak"
        : o.type === TYPES.kubernetesSecret
          ? "kubernetes"
          : null;
      if (expected === null) expect(provider, o.type).toBeUndefined();
      else
        expect(await urnOf(provider!), `${o.type} ${o.name}`).toBe(
          `urn:pulumi:test::scope-registry::pulumi:providers:${expected}::${expected}`,
        );
    }
  });

  test("attachments depend on exactly the registry scopes they list (built-ins already exist); default lists on the optional one", () => {
    const scope = (name: string) => named(TYPES.clientScope, name).resource;
    const optional = (client: string) => named(TYPES.optionalScopes, client).resource;
    expect(named(TYPES.defaultScopes, "bodhi").opts.dependsOn).toEqual([scope("fedora-id/groups"), optional("bodhi")]);
    expect(named(TYPES.optionalScopes, "bodhi").opts.dependsOn).toEqual([
      scope("bodhi/comment"),
      scope("bodhi/create-update"),
      scope("bodhi/edit-update"),
      scope("fedora-id/cla"),
    ]);
    expect(named(TYPES.defaultScopes, "odcs-compose-bot").opts.dependsOn).toEqual([optional("odcs-compose-bot")]);
    expect(named(TYPES.optionalScopes, "packager-dashboard").opts.dependsOn).toEqual([scope("fedora-id/cla")]);
  });

  test("secret outputs are declared on the password, the client and the Kubernetes Secret (by the SDK classes)", () => {
    expect(named(TYPES.password, "bodhi").opts.additionalSecretOutputs).toEqual(["bcryptHash", "result"]);
    expect(named(TYPES.client, "bodhi").opts.additionalSecretOutputs).toEqual(["clientSecret", "clientSecretWo"]);
    expect(named(TYPES.kubernetesSecret, "bodhi").opts.additionalSecretOutputs).toEqual(["data", "stringData"]);
  });
});

describe("resource options with protection off", () => {
  test("nothing is protected (a deliberate removal in production, or any other environment)", async () => {
    const observed = await observe("production", false);
    const children = observed.filter((o) => !COMPONENT_TYPES.includes(o.type));
    expect(children.length).toBeGreaterThan(0);
    expect(children.filter((o) => o.opts.protect !== false)).toEqual([]);
  });
});

describe("adoption: what the realm already holds is imported, and adopted clients keep Keycloak's secret", () => {
  const dir = mkdtempSync(join(tmpdir(), "scope-registry-adoption-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };
  const FILE = {
    realm: "example",
    environment: "production",
    imports: {
      "client-scope::fedora-id/groups": "example/scope-uuid",
      "mapper::fedora-id/groups/groups": "example/client-scope/scope-uuid/mapper-uuid",
      "client::bodhi": "example/client-uuid",
    },
    keptSecrets: ["bodhi"],
  };
  let observed: Observed[];
  beforeAll(async () => {
    observed = await observe(
      "production",
      true,
      readAdoption(write("adopt.json", FILE), { realm: "example", environment: "production" }),
    );
  });
  const named = (type: string, name: string) => observed.find((o) => o.type === type && o.name === name);

  test("each listed resource gets Pulumi's import option with its id; the others are created", () => {
    expect(named(TYPES.clientScope, "fedora-id/groups")!.opts.import).toBe("example/scope-uuid");
    expect(named(TYPES.groupsMapper, "fedora-id/groups/groups")!.opts.import).toBe(
      "example/client-scope/scope-uuid/mapper-uuid",
    );
    expect(named(TYPES.client, "bodhi")!.opts.import).toBe("example/client-uuid");
    expect(named(TYPES.client, "odcs-compose-bot")!.opts.import).toBeUndefined();
    expect(named(TYPES.clientScope, "fedora-id/cla")!.opts.import).toBeUndefined();
  });

  test("a client that keeps its secret gets no generated password; the others still do", () => {
    expect(named(TYPES.password, "bodhi")).toBeUndefined();
    expect(named(TYPES.password, "odcs-compose-bot")).toBeDefined();
    expect(named(TYPES.kubernetesSecret, "bodhi")).toBeDefined();
  });

  test("a file that is missing, not JSON, of another shape or for another realm stops the program, saying why", () => {
    const expected = { realm: "example", environment: "production" };
    const attempt = (path: string) => () => readAdoption(path, expected);
    expect(attempt(join(dir, "none.json"))).toThrow(
      new AdoptionError(
        `adoptFile ${join(dir, "none.json")} cannot be read (ENOENT): run registry adopt, or unset adoptFile`,
      ),
    );
    const text = write("text.json", "not json");
    expect(attempt(text)).toThrow(`adoptFile ${text} is not JSON: write it with registry adopt`);
    const shape = write("shape.json", { ...FILE, keptSecrets: "bodhi" });
    expect(attempt(shape)).toThrow(
      `adoptFile ${shape} is not an adoption file (keptSecrets: Invalid input: expected array, received string): write it with registry adopt`,
    );
    const other = write("other.json", { ...FILE, realm: "other" });
    expect(attempt(other)).toThrow(
      `adoptFile ${other} was made for realm other (production), but this stack provisions realm example (production)`,
    );
  });
});
