/**
 * The registry as one model: every scope by its full name and every client by its id, each remembering
 * the file it came from. Built by `validate`, consumed by `plan` and the reports.
 */
import type { LoadedClientFile, LoadedScopeFile, LoadedSettingsFile } from "./load";
import type { ClientFile, ScopeDefinition } from "./schema";

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
