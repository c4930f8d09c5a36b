/**
 * Validate: every rule that spans fields or files, run over everything that loaded, with every problem
 * collected before anything fails. Warnings (a deprecated scope in use, a scope not yet available
 * where a client exists) are reported without failing.
 */
import {
  AUDIENCE_MAPPER_NAME,
  BUILT_IN_SCOPES,
  FULL_NAME_CLAIM,
  IMPLICIT_SCOPE,
  RESERVED_CLAIMS,
  RESERVED_SCOPE_NAMES,
} from "./builtins";
import {
  BUILT_IN_SCOPE_CLAIMS,
  claimDefinition,
  constantFitsType,
  describeDefinition,
  sameDefinition,
  type ClaimDefinition,
} from "./claims";
import { ENVIRONMENTS, type Environment } from "./environments";
import type { LoadedClientFile, LoadedRegistry, LoadedScopeFile } from "./load";
import { compareProblems, compareStrings, listOf, quote, type Problem } from "./problems";
import {
  fullScopeName,
  scopeReferences,
  type RegisteredClient,
  type RegisteredScope,
  type Registry,
} from "./registry";
import type { ValuePath } from "./source";
import { didYouMean } from "./suggest";
import { NamespaceIndex } from "./namespaces";
import { checkRedirects } from "./redirects";
import { Reporter } from "./reporter";

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export interface Validation {
  readonly registry: Registry;
  /** Load and validation problems, sorted by file and position. */
  readonly problems: readonly Problem[];
}


export function validate(loaded: LoadedRegistry): Validation {
  const report = new Reporter();
  const clients = indexClients(loaded.clientFiles, report);
  const scopes = indexScopes(loaded.scopeFiles, report);
  checkNamespaces(loaded.scopeFiles, report);
  for (const file of loaded.scopeFiles) checkMapperNames(file, report);
  const unloaded = loaded.unloaded;
  const knownClients = new Set([...clients.keys(), ...unloaded.clientIds]);
  for (const scope of scopes.values()) checkScope(scope, knownClients, report);
  const unloadedScope = (name: string) =>
    unloaded.names.includes(name) || unloaded.namespaces.some((namespace) => name.startsWith(namespace));
  for (const client of clients.values()) checkClient(client, scopes, unloadedScope, report);
  const problems = [...loaded.problems, ...report.problems].sort(compareProblems);
  return {
    registry: { scopeFiles: loaded.scopeFiles, clientFiles: loaded.clientFiles, scopes, clients },
    problems,
  };
}

function indexClients(files: readonly LoadedClientFile[], report: Reporter): Map<string, RegisteredClient> {
  const clients = new Map<string, RegisteredClient>();
  for (const file of files) {
    const { clientId } = file.data;
    if (clientId !== file.key) {
      report.error(
        "file-name",
        file.source,
        ["clientId"],
        `clientId ${quote(clientId)} does not match the file name ${file.source.path}`,
        `rename the file to clients/${clientId}.yaml, or set clientId: ${file.key}`,
      );
    }
    const first = clients.get(clientId);
    if (first !== undefined) {
      report.error(
        "duplicate-client",
        file.source,
        ["clientId"],
        `client id ${quote(clientId)} is already registered by ${first.file.source.path}`,
        "choose another client id: each client id is registered once",
      );
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
        report.error(
          "invalid-scope-token",
          file.source,
          path,
          `scope name ${quote(name)} is not a valid OAuth scope token (RFC 6749 §3.3)`,
          'use printable ASCII without spaces, double quotes (") or backslashes (\\) in namespace and id',
        );
        return;
      }
      if (RESERVED_SCOPE_NAMES.has(name)) {
        report.error(
          "reserved-scope",
          file.source,
          path,
          `scope ${quote(name)} is ${name === IMPLICIT_SCOPE || name === "offline_access" ? "reserved by OpenID Connect" : "a Keycloak built-in scope"} and cannot be defined here`,
          `remove it; clients reference ${name} by name without defining it`,
        );
        return;
      }
      const first = scopes.get(name);
      if (first !== undefined) {
        report.error(
          "duplicate-scope",
          file.source,
          path,
          `scope ${quote(name)} is already defined in ${first.file.source.path}:${first.file.source.locate(["scopes", first.index, "id"]).line}`,
          "remove one of the two definitions, or give this scope another id",
        );
        return;
      }
      scopes.set(name, { name, id: definition.id, file, index, definition });
    });
  }
  return sortedMap(scopes);
}

/** A namespace belongs to one file; no other file may declare it, nest in it, or put scopes in it. */
function checkNamespaces(files: readonly LoadedScopeFile[], report: Reporter) {
  const index = new NamespaceIndex<LoadedScopeFile>();
  for (const file of files) if (file.data.namespace !== undefined) index.add(file.data.namespace, file);
  for (const file of files) {
    const namespace = file.data.namespace;
    if (namespace === undefined) continue;
    for (const { namespace: theirs, owner: other } of index.prefixesOf(namespace)) {
      if (other === file) continue;
      if (theirs === namespace && compareStrings(other.key, file.key) < 0) {
        report.error(
          "namespace-conflict",
          file.source,
          ["namespace"],
          `namespace ${quote(namespace)} is already declared by ${other.source.path}`,
          `add these scopes to ${other.source.path}, or choose a namespace of this service's own`,
        );
      } else if (theirs !== namespace) {
        report.error(
          "namespace-conflict",
          file.source,
          ["namespace"],
          `namespace ${quote(namespace)} lies inside namespace ${quote(theirs)} of ${other.source.path}`,
          `add these scopes to ${other.source.path}, or choose a namespace outside ${theirs}`,
        );
      }
    }
  }
  // A scope whose full name falls inside another file's namespace would be that team's to approve.
  // Scopes of a file whose own namespace is already reported above are not reported again.
  for (const file of files) {
    const mine = file.data.namespace;
    file.data.scopes.forEach((scope, i) => {
      const name = fullScopeName(file, scope);
      for (const { namespace: theirs, owner: other } of index.prefixesOf(name)) {
        if (other === file || (mine !== undefined && mine.startsWith(theirs))) continue;
        report.error(
          "namespace-conflict",
          file.source,
          ["scopes", i, "id"],
          `scope ${quote(name)} falls inside namespace ${quote(theirs)} of ${other.source.path}`,
          `define it in ${other.source.path}, or give it a name outside ${theirs}`,
        );
      }
    });
  }
}

/**
 * Protocol mappers are named `<service>/<scope id>/<claim>` in the Pulumi program, and scope ids and
 * claim names may both contain `/`: two different pairs must not spell the same name, or the two
 * mappers would be one resource.
 */
function checkMapperNames(file: LoadedScopeFile, report: Reporter) {
  const seen = new Map<string, string>();
  file.data.scopes.forEach((scope, index) => {
    (scope.claims ?? []).forEach((claim, claimIndex) => {
      const name = `${scope.id}/${claim.name}`;
      const first = seen.get(name);
      if (first !== undefined && first !== scope.id) {
        report.error(
          "mapper-name-collision",
          file.source,
          ["scopes", index, "claims", claimIndex, "name"],
          `claim ${quote(claim.name)} of scope ${quote(scope.id)} and a claim of scope ${quote(first)} would both be named ${quote(name)}`,
          "rename one of the claims, or avoid / in one of the scope ids or claim names",
        );
      } else seen.set(name, scope.id);
    });
  });
}

function checkScope(scope: RegisteredScope, clients: ReadonlySet<string>, report: Reporter) {
  const { file, index, definition } = scope;
  const at = (...rest: (string | number)[]) => ["scopes", index, ...rest];
  const seenClaims = new Map<string, number>();
  (definition.claims ?? []).forEach((claim, claimIndex) => {
    if (RESERVED_CLAIMS.has(claim.name)) {
      report.error(
        "reserved-claim",
        file.source,
        at("claims", claimIndex, "name"),
        `claim ${quote(claim.name)} is set by Keycloak or the token format and cannot be released by a scope`,
        "choose another claim name",
      );
    }
    if (claim.from === "full-name" && claim.name !== FULL_NAME_CLAIM) {
      report.error(
        "full-name-claim",
        file.source,
        at("claims", claimIndex, "name"),
        `claim ${quote(claim.name)} comes from full-name, but Keycloak's full-name mapper always writes the claim "${FULL_NAME_CLAIM}"`,
        `name the claim "${FULL_NAME_CLAIM}", or release the name another way (e.g. from: attribute)`,
      );
    }
    if (definition.audience !== undefined && claim.name === AUDIENCE_MAPPER_NAME) {
      report.error(
        "audience-mapper-name",
        file.source,
        at("claims", claimIndex, "name"),
        `scope ${quote(scope.name)} has an audience, whose mapper is named "${AUDIENCE_MAPPER_NAME}", and also releases a claim of that name`,
        "rename the claim, or move it to another scope",
      );
    }
    const first = seenClaims.get(claim.name);
    if (first !== undefined) {
      report.error(
        "claim-collision",
        file.source,
        at("claims", claimIndex, "name"),
        `scope ${quote(scope.name)} releases claim ${quote(claim.name)} twice (also claims[${first}])`,
        "keep one definition of the claim",
      );
    } else seenClaims.set(claim.name, claimIndex);
    if (claim.from === "constant" && claim.type && !constantFitsType(claim.value, claim.type)) {
      const typed = `${claim.type === "integer" ? "an" : "a"} ${claim.type}`;
      report.error(
        "constant-type",
        file.source,
        at("claims", claimIndex, "value"),
        `constant ${quote(claim.value)} of claim ${quote(claim.name)} is not ${typed}`,
        `write ${typed} value as text, or change the claim's type`,
      );
    }
  });
  if (definition.audience !== undefined && !clients.has(definition.audience)) {
    report.error(
      "unknown-audience",
      file.source,
      at("audience"),
      `audience ${quote(definition.audience)} names no registered client${didYouMean(definition.audience, clients.keys())}`,
      "name the client id of a registered resource server (clients/<client-id>.yaml)",
    );
  }
  (definition.restricted?.allowedClients ?? []).forEach((clientId, i) => {
    if (!clients.has(clientId)) {
      report.error(
        "unknown-client",
        file.source,
        at("restricted", "allowedClients", i),
        `allowedClients lists ${quote(clientId)}, which is not a registered client${didYouMean(clientId, clients.keys())}`,
        "list the client ids of registered clients",
      );
    }
  });
}

function checkClient(
  client: RegisteredClient,
  scopes: ReadonlyMap<string, RegisteredScope>,
  unloadedScope: (name: string) => boolean,
  report: Reporter,
) {
  const { file, definition } = client;
  const source = file.source;
  const environments = ENVIRONMENTS.filter((e) => definition.environments[e] !== undefined);
  if (environments.length === 0) {
    report.error(
      "no-environment",
      source,
      ["environments"],
      `client ${quote(client.clientId)} lists no environment, so it would exist nowhere`,
      `add at least one of ${listOf([...ENVIRONMENTS])} under environments`,
    );
  }
  checkFlows(client, environments, report);
  checkRedirects(client, environments, report);
  checkCredentials(client, report);

  const known = [...scopes.keys(), ...BUILT_IN_SCOPES, IMPLICIT_SCOPE];
  const listed = new Map<string, "default" | "optional">();
  const claimOwners = new Map<string, { scope: string; definition: ClaimDefinition }>();
  for (const reference of scopeReferences(definition)) {
    const { name, kind, path } = reference;
    const previous = listed.get(name);
    if (previous !== undefined) {
      report.error(
        previous === kind ? "duplicate-scope-reference" : "default-and-optional",
        source,
        path,
        previous === kind
          ? `scope ${quote(name)} is listed twice in scopes.${kind}`
          : `scope ${quote(name)} is listed both as default and as optional`,
        previous === kind
          ? "list it once"
          : "keep it in one list: default scopes are always granted, optional ones only when requested",
      );
      continue;
    }
    listed.set(name, kind);
    if (name === IMPLICIT_SCOPE || BUILT_IN_SCOPES.includes(name)) {
      for (const claimName of BUILT_IN_SCOPE_CLAIMS[name] ?? []) {
        claimOwners.set(claimName, { scope: name, definition: builtInClaim(claimName) });
      }
      continue;
    }
    const scope = scopes.get(name);
    if (scope === undefined && unloadedScope(name)) continue;
    if (scope === undefined) {
      report.error(
        "unknown-scope",
        source,
        path,
        `scope ${quote(name)} is not defined in the registry${didYouMean(name, known)}`,
        "use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
      );
      continue;
    }
    checkRestricted(client, scope, path, report);
    checkAvailability(client, scope, environments, path, report);
    for (const claim of scope.definition.claims ?? []) {
      const mine = claimDefinition(claim);
      const owner = claimOwners.get(claim.name);
      if (owner === undefined) {
        claimOwners.set(claim.name, { scope: name, definition: mine });
      } else if (!sameDefinition(owner.definition, mine)) {
        report.error(
          "claim-collision",
          source,
          path,
          `scopes ${quote(owner.scope)} and ${quote(name)} both release claim ${quote(claim.name)}, differently: ${describeDefinition(owner.definition)} vs ${describeDefinition(mine)}`,
          "use only one of the two scopes on this client, or make the two claims identical",
        );
      }
    }
  }
  for (const justified of Object.keys(definition.justifications ?? {}).sort()) {
    const scope = scopes.get(justified);
    if (!listed.has(justified) || scope?.definition.restricted === undefined) {
      report.warn(
        "unused-justification",
        source,
        ["justifications", justified],
        `justification for ${quote(justified)}, which this client does not use as a restricted scope`,
        "remove the justification",
      );
    }
  }
}

function builtInClaim(name: string): ClaimDefinition {
  return { name, from: "property", settings: { builtIn: name }, type: "string", multivalued: false };
}

function checkRestricted(client: RegisteredClient, scope: RegisteredScope, path: ValuePath, report: Reporter) {
  const restricted = scope.definition.restricted;
  if (restricted === undefined) return;
  const source = client.file.source;
  if (!restricted.allowedClients.includes(client.clientId)) {
    report.error(
      "restricted-scope",
      source,
      path,
      `scope ${quote(scope.name)} is restricted (${restricted.reason}) and ${quote(client.clientId)} is not among its allowedClients`,
      `ask the owners of ${scope.file.source.path} to add ${client.clientId} to restricted.allowedClients, and add a justification here`,
    );
  } else if (!client.definition.justifications?.[scope.name]) {
    report.error(
      "missing-justification",
      source,
      path,
      `scope ${quote(scope.name)} is restricted and this client gives no justification for it`,
      `add under justifications: ${JSON.stringify(scope.name)}: <why this client needs it>`,
    );
  }
}

function checkAvailability(
  client: RegisteredClient,
  scope: RegisteredScope,
  environments: readonly Environment[],
  path: ValuePath,
  report: Reporter,
) {
  const source = client.file.source;
  const deprecated = scope.definition.deprecated;
  if (deprecated !== undefined) {
    report.warn(
      "deprecated-scope",
      source,
      path,
      `scope ${quote(scope.name)} is deprecated since ${deprecated.since}: ${deprecated.message}`,
      "stop using it before its owners remove it",
    );
  }
  const missing = environments.filter((e) => !scope.definition.availability.includes(e));
  if (missing.length > 0) {
    report.warn(
      "not-yet-available",
      source,
      path,
      `scope ${quote(scope.name)} is not yet available in ${listOf(missing, "and")}; the client is provisioned there without it`,
      `promote it by adding ${listOf(missing, "and")} to its availability in ${scope.file.source.path}`,
    );
  }
}

function checkFlows(client: RegisteredClient, environments: readonly Environment[], report: Reporter) {
  const { definition } = client;
  const source = client.file.source;
  const flows = definition.flows ?? [];
  flows.forEach((flow, i) => {
    const path = ["flows", i];
    if (definition.type === "bearer-only") {
      report.error(
        "flow-client-type",
        source,
        path,
        `a bearer-only client accepts tokens and obtains none, but flows lists ${quote(flow)}`,
        "remove flows, or make the client confidential or public",
      );
    } else if (flow === "client_credentials" && definition.type === "public") {
      report.error(
        "flow-client-type",
        source,
        path,
        "client_credentials (a service account) needs a client secret, which a public client cannot keep",
        "make the client confidential, or remove client_credentials",
      );
    } else if (flow === "password") {
      if (environments.includes("production")) {
        report.error(
          "password-flow",
          source,
          path,
          "the password flow (resource owner password credentials) is not allowed in production",
          "use authorization_code (with PKCE) or device_code; keep password only for test clients outside production",
        );
      } else {
        report.warn(
          "password-flow",
          source,
          path,
          "the password flow (resource owner password credentials) exposes user passwords to the client",
          "use it only for test clients; it is refused in production",
        );
      }
    } else if (flow === "refresh_token" && !flows.some((f) => f === "authorization_code" || f === "device_code" || f === "password")) {
      report.error(
        "flow-client-type",
        source,
        path,
        "refresh_token needs a flow that issues refresh tokens (authorization_code, device_code or password)",
        "add the flow that obtains the first token, or remove refresh_token",
      );
    }
  });
}

function checkCredentials(client: RegisteredClient, report: Reporter) {
  const { definition } = client;
  const source = client.file.source;
  if (definition.type === "confidential" && definition.credentials === undefined) {
    report.error(
      "missing-credentials",
      source,
      ["type"],
      `confidential client ${quote(client.clientId)} does not say where its secret is delivered`,
      `add credentials: { kubernetes: { namespace: <namespace>, secretName: ${client.clientId}-oidc } }`,
    );
  } else if (definition.type !== "confidential" && definition.credentials !== undefined) {
    report.error(
      "unexpected-credentials",
      source,
      ["credentials"],
      `${definition.type} client ${quote(client.clientId)} has no secret, but credentials are given`,
      "remove credentials, or make the client confidential",
    );
  }
}

function sortedMap<V>(map: Map<string, V>): Map<string, V> {
  return new Map([...map.entries()].sort(([a], [b]) => compareStrings(a, b)));
}
