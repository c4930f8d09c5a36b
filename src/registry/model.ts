/**
 * The model validation checks: every scope by its full name and every client by its id, built from the
 * files that loaded. An entry that cannot take part (an invalid scope token, a redefined built-in, a
 * second definition of a name) is reported here and left out, so the checks see one entry per name.
 * Names of files that did not load are kept too, so that references to them are not reported again.
 */
import { IMPLICIT_SCOPE, isReservedClientId, RESERVED_SCOPE_NAMES, reservedForm } from "./builtins";
import type { LoadedClientFile, LoadedRegistry, LoadedScopeFile } from "./load";
import { MAX_NAME_LENGTH } from "./limits";
import { compareStrings, quote } from "./problems";
import { fullScopeName, type RegisteredClient, type RegisteredScope, type Registry } from "./registry";
import type { Reporter } from "./reporter";

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export interface Model {
  readonly registry: Registry;
  /** Registered clients, and the client ids of client files that failed to load. */
  readonly knownClients: ReadonlySet<string>;
  /** Whether a scope name belongs to a scope file that failed to load (by name or namespace). */
  readonly unloadedScope: (name: string) => boolean;
  /** Scope files that could not be read at all, which might define any name. */
  readonly unreadableScopeFiles: readonly string[];
}

export function buildModel(loaded: LoadedRegistry, report: Reporter): Model {
  const clients = indexClients(loaded.clientFiles, report);
  const scopes = indexScopes(loaded.scopeFiles, report);
  const { unloaded } = loaded;
  return {
    registry: {
      scopeFiles: loaded.scopeFiles,
      clientFiles: loaded.clientFiles,
      settings: loaded.settings,
      scopes,
      clients,
    },
    knownClients: new Set([...clients.keys(), ...unloaded.clientIds]),
    unloadedScope: (name) =>
      unloaded.names.includes(name) || unloaded.namespaces.some((namespace) => name.startsWith(namespace)),
    unreadableScopeFiles: unloaded.unreadableScopeFiles,
  };
}

function indexClients(files: readonly LoadedClientFile[], report: Reporter): Map<string, RegisteredClient> {
  const clients = new Map<string, RegisteredClient>();
  for (const file of files) {
    const { clientId } = file.data;
    if (clientId !== file.key) {
      report.report(file.source, ["clientId"], {
        rule: "file-name",
        message: `clientId ${quote(clientId)} does not match the file name ${file.source.path}`,
        fix: `rename the file to clients/${clientId}.yaml, or set clientId: ${file.key}`,
      });
    }
    if (isReservedClientId(clientId)) {
      report.report(file.source, ["clientId"], {
        rule: "reserved-client",
        message: `client id ${quote(clientId)} is ${reservedForm(clientId).endsWith("-realm") ? "the form of the master realm's client for a realm" : "one of Keycloak's own clients"}, which the registry never defines`,
        fix: "choose another client id",
      });
      continue;
    }
    const first = clients.get(clientId);
    if (first !== undefined) {
      report.report(file.source, ["clientId"], {
        rule: "duplicate-client",
        message: `client id ${quote(clientId)} is already registered by ${first.file.source.path}`,
        fix: "choose another client id: each client id is registered once",
      });
      continue;
    }
    clients.set(clientId, { clientId, file, definition: file.data });
  }
  return sortedMap(clients);
}

function indexScopes(files: readonly LoadedScopeFile[], report: Reporter): Map<string, RegisteredScope> {
  const scopes = new Map<string, RegisteredScope>();
  for (const file of files) {
    file.data.scopes.forEach((definition, index) => {
      const name = fullScopeName(file, definition);
      const path = ["scopes", index, "id"];
      if (!SCOPE_TOKEN.test(name)) {
        report.report(file.source, path, {
          rule: "invalid-scope-token",
          message: `scope name ${quote(name)} is not a valid OAuth scope token (RFC 6749 §3.3)`,
          fix: 'use printable ASCII without spaces, double quotes (") or backslashes (\\) in namespace and id',
        });
        return;
      }
      // Namespace and id fit Keycloak's 255 characters each (values.ts); the full name, ASCII as checked
      // above, must fit too.
      if (name.length > MAX_NAME_LENGTH) {
        report.report(file.source, path, {
          rule: "value-too-long",
          message: `scope name ${quote(name)} (namespace + id) is ${name.length.toLocaleString("en-US")} characters long; Keycloak stores at most ${MAX_NAME_LENGTH}`,
          fix: "shorten the namespace or the id: together they are the client scope's name in Keycloak",
        });
        return;
      }
      if (RESERVED_SCOPE_NAMES.has(reservedForm(name))) {
        report.report(file.source, path, {
          rule: "reserved-scope",
          message: `scope ${quote(name)} is ${[IMPLICIT_SCOPE, "offline_access"].includes(reservedForm(name)) ? "reserved by OpenID Connect" : "a Keycloak built-in scope"}${reservedForm(name) === name ? "" : ` (as ${quote(reservedForm(name))})`} and cannot be defined here`,
          fix: `remove it; clients reference ${reservedForm(name)} by name without defining it`,
        });
        return;
      }
      const first = scopes.get(name);
      if (first !== undefined) {
        report.report(file.source, path, {
          rule: "duplicate-scope",
          message: `scope ${quote(name)} is already defined in ${first.file.source.path}:${first.file.source.locate(["scopes", first.index, "id"]).line}`,
          fix: "remove one of the two definitions, or give this scope another id",
        });
        return;
      }
      scopes.set(name, { name, id: definition.id, file, index, definition });
    });
  }
  return sortedMap(scopes);
}

function sortedMap<V>(map: Map<string, V>): Map<string, V> {
  return new Map([...map.entries()].sort(([a], [b]) => compareStrings(a, b)));
}
