/**
 * Plan: what must exist in one environment's Keycloak, as plain data. The command line prints it, the
 * reports compare two of them, and the Pulumi program creates exactly what it says, under the names it
 * gives, so the three can never disagree. Deterministic: every list is sorted by a registry key, never
 * by file order.
 */
import { AUDIENCE_MAPPER_NAME, BASELINE_SCOPES, BUILT_IN_SCOPES, IMPLICIT_SCOPE } from "./builtins";
import { claimDefinition, placement, type ClaimDefinition } from "./claims";
import { ENVIRONMENTS, type Environment } from "./environments";
import { canonicalFlows } from "./flows";
import { compareStrings } from "./problems";
import {
  credentialTargets,
  heldRoles,
  scopeReferences,
  type RegisteredClient,
  type RegisteredScope,
  type Registry,
} from "./registry";
import type { ClientType, Flow, Placement } from "./schema";

/** A claim as the plan gives it: its normalised definition, where it is placed, and what releases it. */
export interface PlannedClaim extends ClaimDefinition {
  /** Where the claim is placed, in the order id_token, access_token, userinfo, introspection. */
  readonly in: readonly Placement[];
  /** The protocol mapper's name in Keycloak, unique within its client scope. */
  readonly mapperName: string;
  /** The protocol mapper's Pulumi logical name. */
  readonly resourceName: string;
}

export interface PlannedScope {
  /** Full scope name: the Keycloak client scope's name and the scope's identity. */
  readonly name: string;
  /** The scope file's key (`anitya` for scopes/anitya.yaml). */
  readonly service: string;
  /** The Pulumi logical name of the component that holds the service's scopes. */
  readonly serviceResourceName: string;
  /** The client scope's Pulumi logical name. */
  readonly resourceName: string;
  readonly serviceName: string;
  readonly id: string;
  readonly description: string;
  readonly consentText: string;
  readonly includeInTokenScope: boolean;
  /**
   * Added to the token audience, when the scope is an API scope with an audience: a registered client's
   * id, or a custom audience (`audienceKind` tells which).
   */
  readonly audience: string | null;
  /** The protocol mapper that adds `audience`, when there is one. */
  readonly audienceMapper: { readonly name: string; readonly resourceName: string } | null;
  readonly claims: readonly PlannedClaim[];
  readonly deprecated: { readonly since: string; readonly message: string } | null;
  readonly restricted: { readonly reason: string; readonly allowedClients: readonly string[] } | null;
}

/** A claim a registry scope releases to this client (built-in scopes' standard claims are not listed). */
export interface PlannedClientClaim {
  readonly name: string;
  /** Full name of the scope that releases it. */
  readonly scope: string;
  /** Whether every token carries it (default scope) or only tokens that request its scope. */
  readonly kind: "default" | "optional";
}

export interface PlannedClient {
  readonly clientId: string;
  /** The Pulumi logical name of the client's component and of each of its resources. */
  readonly resourceName: string;
  readonly name: string;
  readonly description: string;
  readonly type: ClientType;
  /** The grants the client may use, each once, in the schema's order. */
  readonly flows: readonly Flow[];
  /** S256 for every client that uses the authorization code flow (there is no switch to turn it off). */
  readonly pkce: "S256" | null;
  readonly consentRequired: boolean;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly webOrigins: readonly string[];
  /** Exactly what Keycloak attaches as default scopes: built-ins by name, unavailable scopes left out. */
  readonly defaultScopes: readonly string[];
  readonly optionalScopes: readonly string[];
  /** Scopes the client lists that are not available in this environment yet. */
  readonly notYetAvailable: readonly { readonly name: string; readonly kind: "default" | "optional" }[];
  readonly claims: readonly PlannedClientClaim[];
  readonly credentials: {
    readonly namespace: string;
    readonly secretName: string;
    readonly rotation: number;
  } | null;
  /** Whether tokens may carry every role the user holds; off unless the client file says so. */
  readonly fullScopeAllowed: boolean;
  readonly rootUrl: string | null;
  readonly baseUrl: string | null;
  readonly frontchannelLogoutUrl: string | null;
  readonly backchannelLogoutUrl: string | null;
  /** Lifespans in seconds; null leaves the realm's. */
  readonly lifespans: {
    readonly accessToken: number | null;
    readonly clientSessionIdle: number | null;
    readonly clientSessionMax: number | null;
  };
  /** The client roles it defines, sorted by name. */
  readonly roles: readonly { readonly name: string; readonly description: string; readonly resourceName: string }[];
  /**
   * The roles its service account holds: realm roles (client null) and roles of registered clients,
   * sorted. With fullScopeAllowed off, each is also in the client's role scope, or its tokens would
   * not carry it.
   */
  readonly serviceAccountRoles: readonly PlannedHeldRole[];
}

export interface PlannedHeldRole {
  /** The client whose role it is, or null for a realm role. */
  readonly client: string | null;
  readonly role: string;
  /** The Pulumi logical name of the grant (and of the scope mapping, a resource of another type). */
  readonly resourceName: string;
}

export interface EnvironmentPlan {
  readonly environment: Environment;
  readonly scopes: readonly PlannedScope[];
  readonly clients: readonly PlannedClient[];
}

/** Every environment's plan, keyed in promotion order. */
export type RegistryPlan = Readonly<Record<Environment, EnvironmentPlan>>;

/** The plans of all environments. `registry` must have validated without errors. */
export function planAllEnvironments(registry: Registry): RegistryPlan {
  return Object.fromEntries(
    ENVIRONMENTS.map((environment) => [environment, planEnvironment(registry, environment)]),
  ) as Record<Environment, EnvironmentPlan>;
}

/** The plan of one environment. `registry` must have validated without errors. */
export function planEnvironment(registry: Registry, environment: Environment): EnvironmentPlan {
  const available = new Map<string, RegisteredScope>();
  for (const [name, scope] of registry.scopes) {
    if (scope.definition.availability.includes(environment)) available.set(name, scope);
  }
  const clients = [...registry.clients.values()]
    .filter((client) => client.definition.environments[environment] !== undefined)
    .map((client) => planClient(client, environment, available));
  return {
    environment,
    scopes: [...available.values()].map(planScope),
    clients: clients.sort((a, b) => compareStrings(a.clientId, b.clientId)),
  };
}

function planScope(scope: RegisteredScope): PlannedScope {
  const { definition, file } = scope;
  const resourceName = scopeResourceName(file.key, definition.id);
  return {
    name: scope.name,
    service: file.key,
    serviceResourceName: file.key,
    resourceName,
    serviceName: file.data.service,
    id: definition.id,
    description: definition.summary,
    consentText: definition.consentText ?? definition.summary,
    includeInTokenScope: definition.includeInTokenScope ?? true,
    audience: definition.audience ?? null,
    audienceMapper:
      definition.audience !== undefined
        ? { name: AUDIENCE_MAPPER_NAME, resourceName: `${resourceName}/audience` }
        : null,
    claims: (definition.claims ?? [])
      .map((claim): PlannedClaim => {
        const where = placement(claim);
        return {
          ...claimDefinition(claim),
          in: where,
          // Keycloak refuses two mappers of one name in a client scope; claim names are unique in a
          // scope (the claim-collision rule), so they serve.
          mapperName: claim.name,
          resourceName: `${resourceName}/${claim.name}`,
        };
      })
      .sort((a, b) => compareStrings(a.name, b.name)),
    deprecated: definition.deprecated ?? null,
    restricted: definition.restricted
      ? { reason: definition.restricted.reason, allowedClients: [...definition.restricted.allowedClients].sort() }
      : null,
  };
}

/**
 * Pulumi logical names derive from registry keys only (the scope file's key, the scope id, the client
 * id, the claim name), never from list positions or display text, so reordering a file or editing a
 * summary never renames, and so never replaces, a resource. They must never change for the same keys:
 * a new name replaces the resource in every existing stack.
 *
 * A URN holds the parent's type but not its name, so children of two components of one type must have
 * globally distinct names: each name is prefixed by its service key. Service keys are `[a-z0-9-]`
 * (load.ts) and contain no `/`, so `<service>/<id>` cannot collide across services; within one file,
 * the mapper-name-collision rule keeps `<service>/<id>/<claim>` apart. The audience mapper is an
 * AudienceProtocolMapper, so `<service>/<id>/audience` is distinct from every claim mapper's name by
 * type, whatever the claims.
 */
function scopeResourceName(service: string, id: string): string {
  return `${service}/${id}`;
}

/**
 * Baseline default scopes: `basic` and `acr` for every client that obtains tokens; `service_account`
 * for a service account (Keycloak attaches it, and authoritative lists would detach it otherwise);
 * `web-origins` where the client has web origins (it carries `allowed-origins` for CORS).
 */
function baselineScopes(client: RegisteredClient, environment: Environment): string[] {
  const { definition } = client;
  if (definition.type === "bearer-only") return [];
  const flows = definition.flows ?? [];
  const baseline: string[] = [...BASELINE_SCOPES];
  if (flows.includes("client_credentials")) baseline.push("service_account");
  if ((definition.environments[environment]?.webOrigins ?? []).length > 0) baseline.push("web-origins");
  const omitted = definition.scopes?.omitBaseline ?? [];
  return baseline.filter((name) => !omitted.includes(name as (typeof omitted)[number]));
}

function planClient(
  client: RegisteredClient,
  environment: Environment,
  available: ReadonlyMap<string, RegisteredScope>,
): PlannedClient {
  const { definition } = client;
  const settings = definition.environments[environment]!;
  const flows = definition.flows ?? [];
  const lists = { default: new Set<string>(), optional: new Set<string>() };
  const notYetAvailable: { name: string; kind: "default" | "optional" }[] = [];
  for (const { name, kind } of scopeReferences(definition)) {
    if (name === IMPLICIT_SCOPE) continue;
    if (BUILT_IN_SCOPES.includes(name) || available.has(name)) lists[kind].add(name);
    else notYetAvailable.push({ name, kind });
  }
  for (const name of baselineScopes(client, environment)) {
    if (!lists.optional.has(name)) lists.default.add(name);
  }
  const claims: PlannedClientClaim[] = [];
  for (const kind of ["default", "optional"] as const) {
    for (const name of lists[kind]) {
      const released = available.get(name)?.definition.claims?.map((c) => c.name) ?? [];
      for (const claim of released) claims.push({ name: claim, scope: name, kind });
    }
  }
  return {
    clientId: client.clientId,
    // Children of a client have distinct types, and client ids are unique: the id alone is enough.
    resourceName: client.clientId,
    name: definition.name,
    description: definition.description ?? "",
    type: definition.type,
    flows: canonicalFlows(flows),
    pkce: flows.includes("authorization_code") ? "S256" : null,
    consentRequired: settings.consentRequired ?? definition.consentRequired ?? false,
    redirectUris: [...(settings.redirectUris ?? [])],
    postLogoutRedirectUris: [...(settings.postLogoutRedirectUris ?? [])],
    webOrigins: [...(settings.webOrigins ?? [])],
    defaultScopes: [...lists.default].sort(),
    optionalScopes: [...lists.optional].sort(),
    notYetAvailable: notYetAvailable.sort((a, b) => compareStrings(a.name, b.name)),
    claims: claims.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.scope, b.scope)),
    credentials: credentialsIn(client, environment),
    fullScopeAllowed: definition.fullScopeAllowed ?? false,
    rootUrl: settings.rootUrl ?? null,
    baseUrl: settings.baseUrl ?? null,
    frontchannelLogoutUrl: settings.frontchannelLogoutUrl ?? null,
    backchannelLogoutUrl: settings.backchannelLogoutUrl ?? null,
    lifespans: {
      accessToken: definition.lifespans?.accessToken ?? null,
      clientSessionIdle: definition.lifespans?.clientSessionIdle ?? null,
      clientSessionMax: definition.lifespans?.clientSessionMax ?? null,
    },
    roles: (definition.roles ?? [])
      .map((role) => ({
        name: role.name,
        description: role.description ?? "",
        resourceName: `${client.clientId}/${role.name}`,
      }))
      .sort((a, b) => compareStrings(a.name, b.name)),
    serviceAccountRoles: heldRoles(definition)
      .map(({ client: holder, role }) => ({
        client: holder,
        role,
        // Client ids are registry keys ([a-z0-9-]); a realm role gets the prefix no client id can have.
        resourceName: `${client.clientId}/${holder ?? "realm:"}/${role}`,
      }))
      .sort((a, b) => compareStrings(a.resourceName, b.resourceName)),
  };
}

function credentialsIn(client: RegisteredClient, environment: Environment): PlannedClient["credentials"] {
  const target = credentialTargets(client.definition).find((t) => t.environment === environment);
  if (target === undefined) return null;
  return {
    namespace: target.namespace,
    secretName: target.secretName,
    rotation: client.definition.credentials?.rotation ?? 0,
  };
}
