/**
 * Runs the Pulumi program under mocks and records every resource it registers. Mocks are set before
 * the program is imported (a static import would be hoisted above them and register nothing); the
 * recorder throws on any resource type or invoke the program is not expected to use.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";
import { parse } from "yaml";
import { FIXTURE_REGISTRY } from "../fixture-registry";

export const PROJECT_ROOT = resolve(__dirname, "../..");

export const TYPES = {
  keycloakProvider: "pulumi:providers:keycloak",
  kubernetesProvider: "pulumi:providers:kubernetes",
  serviceScopes: "scope-registry:keycloak:ServiceScopes",
  registeredClient: "scope-registry:keycloak:RegisteredClient",
  clientScope: "keycloak:openid/clientScope:ClientScope",
  client: "keycloak:openid/client:Client",
  role: "keycloak:index/role:Role",
  serviceAccountRole: "keycloak:openid/clientServiceAccountRole:ClientServiceAccountRole",
  serviceAccountRealmRole: "keycloak:openid/clientServiceAccountRealmRole:ClientServiceAccountRealmRole",
  roleScopeMapping: "keycloak:index/genericRoleMapper:GenericRoleMapper",
  defaultScopes: "keycloak:openid/clientDefaultScopes:ClientDefaultScopes",
  optionalScopes: "keycloak:openid/clientOptionalScopes:ClientOptionalScopes",
  audienceMapper: "keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper",
  attributeMapper: "keycloak:openid/userAttributeProtocolMapper:UserAttributeProtocolMapper",
  propertyMapper: "keycloak:openid/userPropertyProtocolMapper:UserPropertyProtocolMapper",
  groupsMapper: "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper",
  realmRolesMapper: "keycloak:openid/userRealmRoleProtocolMapper:UserRealmRoleProtocolMapper",
  clientRolesMapper: "keycloak:openid/userClientRoleProtocolMapper:UserClientRoleProtocolMapper",
  constantMapper: "keycloak:openid/hardcodedClaimProtocolMapper:HardcodedClaimProtocolMapper",
  fullNameMapper: "keycloak:openid/fullNameProtocolMapper:FullNameProtocolMapper",
  sessionNoteMapper: "keycloak:openid/userSessionNoteProtocolMapper:UserSessionNoteProtocolMapper",
  password: "random:index/randomPassword:RandomPassword",
  kubernetesSecret: "kubernetes:core/v1:Secret",
} as const;

const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.values(TYPES));

export interface Registered {
  readonly type: string;
  readonly name: string;
  /** Inputs as the engine receives them: secrets are `{ [sig]: secretSig, value }` markers. */
  readonly inputs: Record<string, unknown>;
  /** Provider reference (`urn::id`) for custom resources, "" when none was given. */
  readonly provider: string;
  readonly custom: boolean;
}

/** The value a mock RandomPassword "generates": tests look for it wherever a secret must not leak. */
export const mockPassword = (name: string) => `mock-password-for-${name}`;

export function recorder(): { mocks: pulumi.runtime.Mocks; resources: Registered[] } {
  const resources: Registered[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      if (!KNOWN_TYPES.has(args.type)) throw new Error(`unexpected resource type ${args.type} (${args.name})`);
      resources.push({
        type: args.type,
        name: args.name,
        inputs: args.inputs,
        provider: args.provider ?? "",
        custom: args.custom ?? true,
      });
      const computed: Record<string, unknown> = {};
      if (args.type === TYPES.password) computed["result"] = mockPassword(args.name);
      if (args.type === TYPES.client) computed["serviceAccountUserId"] = `${args.name}-service-account`;
      return { id: `${args.name}-id`, state: { ...args.inputs, ...computed } };
    },
    call(args) {
      // The one lookup the program makes: a realm role a service account holds, by name.
      if (args.token === "keycloak:index/getRole:getRole")
        return { ...args.inputs, id: `realm-role-${String(args.inputs["name"])}` };
      throw new Error(`unexpected invoke ${args.token}`);
    },
  };
  return { mocks, resources };
}

/** The config a committed `Pulumi.<stack>.yaml` sets, as `setAllConfig` takes it. */
export function stackConfig(stack: string): Record<string, string> {
  const file = parse(readFileSync(join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
    config?: Record<string, unknown>;
  };
  return Object.fromEntries(Object.entries(file.config ?? {}).map(([key, value]) => [key, String(value)]));
}

/** A credential for the stack's admin login, set the way `pulumi config set --secret` would. */
export const MOCK_ADMIN_SECRET = "mock-admin-secret";

export interface ProgramRun {
  readonly resources: Registered[];
  /** index.ts's exports, i.e. the stack outputs; undefined when the program threw. */
  readonly outputs: Record<string, unknown> | undefined;
  readonly error: Error | undefined;
}

/**
 * Imports index.ts once under fresh mocks and config, and waits until every registration it started
 * has reached the mock monitor (resources whose inputs are other resources' outputs register later).
 */
export async function runProgram(options: {
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly secretKeys?: readonly string[];
  readonly registryDir?: string;
}): Promise<ProgramRun> {
  const { mocks, resources } = recorder();
  await pulumi.runtime.setMocks(mocks, "scope-registry", options.stack, false);
  pulumi.runtime.setAllConfig(options.config, [...(options.secretKeys ?? [])]);
  const previous = process.env["SCOPE_REGISTRY_DIR"];
  process.env["SCOPE_REGISTRY_DIR"] = options.registryDir ?? FIXTURE_REGISTRY;
  vi.resetModules();
  let outputs: Record<string, unknown> | undefined;
  let error: Error | undefined;
  // index.ts drops the transpiler's stack hook (components/stack-traces.ts); the test runner keeps its own.
  const stackHook = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
  try {
    outputs = { ...((await import("../../index")) as Record<string, unknown>) };
  } catch (e) {
    error = e as Error;
  } finally {
    if (previous === undefined) delete process.env["SCOPE_REGISTRY_DIR"];
    else process.env["SCOPE_REGISTRY_DIR"] = previous;
    if (stackHook !== undefined) Object.defineProperty(Error, "prepareStackTrace", stackHook);
  }
  await settle();
  return { resources, outputs, error };
}

/** Waits for the runtime's queue of outstanding registrations to drain. */
export async function settle(): Promise<void> {
  await pulumi.runtime.disconnect();
}

/** A committed stack's config plus the admin secret, ready for `runProgram`. */
export function committedStack(stack: string): { stack: string; config: Record<string, string>; secretKeys: string[] } {
  return {
    stack,
    config: { ...stackConfig(stack), "scope-registry:keycloakClientSecret": MOCK_ADMIN_SECRET },
    secretKeys: ["scope-registry:keycloakClientSecret"],
  };
}

/** Unwraps the mock monitor's secret marker; other values pass through. */
export function reveal(value: unknown): unknown {
  return pulumi.runtime.isRpcSecret(value) ? pulumi.runtime.unwrapRpcSecret(value) : value;
}

export function isSecretInput(value: unknown): boolean {
  return pulumi.runtime.isRpcSecret(value);
}

export function byType(resources: readonly Registered[], type: string): Registered[] {
  return resources.filter((r) => r.type === type);
}

export function one(resources: readonly Registered[], type: string, name: string): Registered {
  const found = resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** `type name` for every resource, sorted: the shape of a stack at a glance. */
export function inventory(resources: readonly Registered[]): string[] {
  return resources.map((r) => `${r.type} ${r.name}`).sort();
}

/**
 * A copy of the fixture registry (scopes/ and clients/) in a fresh temporary directory, with `edits`
 * applied: each maps a path under the copy to its new text, or to a function of its current text.
 */
export function copyRegistry(edits: Record<string, string | ((text: string) => string)> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "scope-registry-program-"));
  copies.push(root);
  for (const dir of ["scopes", "clients"]) cpSync(join(FIXTURE_REGISTRY, dir), join(root, dir), { recursive: true });
  for (const [path, edit] of Object.entries(edits)) {
    const file = join(root, path);
    if (typeof edit === "string") writeFileSync(file, edit);
    else {
      const before = readFileSync(file, "utf8");
      const after = edit(before);
      if (after === before) throw new Error(`the edit of ${path} changed nothing`);
      writeFileSync(file, after);
    }
  }
  return root;
}

const copies: string[] = [];

/** Deletes every copy `copyRegistry` made in this test file (call it from afterAll). */
export function removeCopies(): void {
  for (const root of copies.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** Resources keyed by `type name`, for comparing two runs. */
export function keyed(resources: readonly Registered[]): Map<string, Registered> {
  return new Map(resources.map((r) => [`${r.type} ${r.name}`, r]));
}
