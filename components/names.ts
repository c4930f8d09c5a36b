/**
 * Logical (Pulumi) names, derived from registry keys only: the scope file's key, the scope id, the
 * client id and the claim name. Never list positions or display text, so reordering a file or editing
 * a summary never renames (and so never replaces) a resource.
 *
 * A URN holds the parent's type but not its name, so children of two components of one type must have
 * globally distinct names: each name is prefixed by its service key. Service keys are
 * `[a-z0-9-]` (load.ts) and contain no `/`, so `<service>/<id>` cannot collide across services.
 * Children of a client all carry the client id: they have distinct types, and client ids are unique.
 */
import type { PlannedClient, PlannedScope } from "../src/registry";

export function serviceComponentName(service: string): string {
  return service;
}

export function clientScopeName(scope: Pick<PlannedScope, "service" | "id">): string {
  return `${scope.service}/${scope.id}`;
}

export function claimMapperName(scope: Pick<PlannedScope, "service" | "id">, claimName: string): string {
  return `${clientScopeName(scope)}/${claimName}`;
}

/** Distinct from every claim mapper's name by type (an AudienceProtocolMapper), whatever the claims. */
export function audienceMapperName(scope: Pick<PlannedScope, "service" | "id">): string {
  return `${clientScopeName(scope)}/audience`;
}

export function clientName(client: Pick<PlannedClient, "clientId">): string {
  return client.clientId;
}

export const KEYCLOAK_PROVIDER_NAME = "keycloak";
export const KUBERNETES_PROVIDER_NAME = "kubernetes";
