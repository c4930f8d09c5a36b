/**
 * The registry as one model: every scope by its full name and every client by its id, each remembering
 * the file it came from. Built by `validate`, consumed by `plan` and the reports.
 */
import type { LoadedClientFile, LoadedScopeFile, LoadedSettingsFile } from "./load";
import { ENVIRONMENTS, type Environment } from "./environments";
import type { ClientFile, ScopeDefinition } from "./schema";
import type { ValuePath } from "./source";

export interface RegisteredScope {
  /** The full scope name: namespace + id. What clients list and Keycloak stores. */
  readonly name: string;
  readonly id: string;
  readonly file: LoadedScopeFile;
  /** Position in the file's `scopes` list, for error positions only (never for identity). */
  readonly index: number;
  readonly definition: ScopeDefinition;
}

export interface RegisteredClient {
  readonly clientId: string;
  readonly file: LoadedClientFile;
  readonly definition: ClientFile;
}

export interface Registry {
  readonly scopeFiles: readonly LoadedScopeFile[];
  readonly clientFiles: readonly LoadedClientFile[];
  /** registry.yaml, when present and valid. */
  readonly settings: LoadedSettingsFile | undefined;
  /** Sorted by full name. The first definition wins where a name is (wrongly) defined twice. */
  readonly scopes: ReadonlyMap<string, RegisteredScope>;
  /** Sorted by client id. */
  readonly clients: ReadonlyMap<string, RegisteredClient>;
}

export function fullScopeName(file: LoadedScopeFile, scope: ScopeDefinition): string {
  return (file.data.namespace ?? "") + scope.id;
}

/** A client's scope references, each with where it sits in the file. */
export interface ScopeReference {
  readonly name: string;
  readonly kind: "default" | "optional";
  readonly path: readonly (string | number)[];
}

export function scopeReferences(client: ClientFile): ScopeReference[] {
  const references: ScopeReference[] = [];
  for (const kind of ["default", "optional"] as const) {
    (client.scopes?.[kind] ?? []).forEach((name, index) =>
      references.push({ name, kind, path: ["scopes", kind, index] }),
    );
  }
  return references;
}

/**
 * Where a confidential client's secret goes in one environment: `credentials.kubernetes`, with that
 * environment's `credentials.kubernetes` fields over it. Each field remembers where it was written.
 */
export interface CredentialTarget {
  readonly environment: Environment;
  readonly namespace: string;
  readonly secretName: string;
  readonly namespacePath: ValuePath;
  readonly secretNamePath: ValuePath;
}

/** The credential target of each environment the client exists in, in promotion order. */
export function credentialTargets(client: ClientFile): CredentialTarget[] {
  const base = client.credentials?.kubernetes;
  if (base === undefined) return [];
  return ENVIRONMENTS.flatMap((environment) => {
    const settings = client.environments[environment];
    if (settings === undefined) return [];
    const override = settings.credentials?.kubernetes ?? {};
    const at = (field: "namespace" | "secretName"): ValuePath =>
      override[field] !== undefined
        ? ["environments", environment, "credentials", "kubernetes", field]
        : ["credentials", "kubernetes", field];
    return [
      {
        environment,
        namespace: override.namespace ?? base.namespace,
        secretName: override.secretName ?? base.secretName,
        namespacePath: at("namespace"),
        secretNamePath: at("secretName"),
      },
    ];
  });
}

/** A role a client's service account holds: a realm role (client null) or a role of a registered client. */
export interface HeldRole {
  readonly client: string | null;
  readonly role: string;
  readonly path: ValuePath;
}

export function heldRoles(client: ClientFile): HeldRole[] {
  const held: HeldRole[] = [];
  (client.serviceAccount?.realmRoles ?? []).forEach((role, i) =>
    held.push({ client: null, role, path: ["serviceAccount", "realmRoles", i] }),
  );
  for (const [clientId, roles] of Object.entries(client.serviceAccount?.clientRoles ?? {})) {
    roles.forEach((role, i) =>
      held.push({ client: clientId, role, path: ["serviceAccount", "clientRoles", clientId, i] }),
    );
  }
  return held;
}

/**
 * A scope's audience is a registered client's id, or, written as an absolute URI (`https://…`,
 * `urn:…`), a custom audience: a resource server outside the registry. Client ids never hold a `:`.
 */
export function audienceKind(audience: string): "client" | "custom" {
  return audience.includes(":") ? "custom" : "client";
}

/** Whether two owner lists name the same owners, whatever the order and case. */
export function sameOwners(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a.map((owner) => owner.toLowerCase()));
  return set.size === new Set(b.map((owner) => owner.toLowerCase())).size && b.every((o) => set.has(o.toLowerCase()));
}
