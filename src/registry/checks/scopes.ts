/** Checks of scope files: namespaces, mapper names, claims, audiences and restricted scopes' clients. */
import { AUDIENCE_MAPPER_NAME, FULL_NAME_CLAIM } from "../builtins";
import { constantFitsType, constantText, typedConstantProblem } from "../claims";
import type { LoadedScopeFile } from "../load";
import type { Model } from "../model";
import { ENVIRONMENTS } from "../environments";
import { compareStrings, listOf, quote } from "../problems";
import { audienceKind, fullScopeName, type RegisteredScope } from "../registry";
import type { Reporter } from "../reporter";
import { didYouMean } from "../suggest";
import { NamespaceIndex } from "../namespaces";

/** Claim sources whose Keycloak mapper has no introspection switch the provider sets (components/mappers.ts). */
const INTROSPECTION_FOLLOWS_ACCESS_TOKEN: readonly string[] = ["property", "client-roles", "constant", "full-name"];

export function checkScopes(model: Model, report: Reporter): void {
  checkNamespaces(model.registry.scopeFiles, report);
  for (const scope of model.registry.scopes.values()) {
    checkScope(scope, model.knownClients, report);
    checkAudience(scope, model, report);
  }
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
        report.report(file.source, ["namespace"], {
          rule: "namespace-conflict",
          message: `namespace ${quote(namespace)} is already declared by ${other.source.path}`,
          fix: `add these scopes to ${other.source.path}, or choose a namespace of this service's own`,
        });
      } else if (theirs !== namespace) {
        report.report(file.source, ["namespace"], {
          rule: "namespace-conflict",
          message: `namespace ${quote(namespace)} lies inside namespace ${quote(theirs)} of ${other.source.path}`,
          fix: `add these scopes to ${other.source.path}, or choose a namespace outside ${theirs}`,
        });
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
        report.report(file.source, ["scopes", i, "id"], {
          rule: "namespace-conflict",
          message: `scope ${quote(name)} falls inside namespace ${quote(theirs)} of ${other.source.path}`,
          fix: `define it in ${other.source.path}, or give it a name outside ${theirs}`,
        });
      }
    });
  }
}

function checkScope(scope: RegisteredScope, clients: ReadonlySet<string>, report: Reporter) {
  const { file, index, definition } = scope;
  const at = (...rest: (string | number)[]) => ["scopes", index, ...rest];
  const seenClaims = new Map<string, number>();
  (definition.claims ?? []).forEach((claim, claimIndex) => {
    if (
      INTROSPECTION_FOLLOWS_ACCESS_TOKEN.includes(claim.from) &&
      claim.in?.includes("introspection") &&
      !claim.in.includes("access_token")
    ) {
      report.report(file.source, at("claims", claimIndex, "in"), {
        rule: "introspection-placement",
        message: `claim ${quote(claim.name)} from ${claim.from} is listed for introspection but not for the access token; Keycloak's ${claim.from} mapper puts it in the introspection response exactly when the access token carries it`,
        fix: "add access_token to in, or remove introspection",
      });
    }
    if (claim.from === "full-name" && claim.name !== FULL_NAME_CLAIM) {
      report.report(file.source, at("claims", claimIndex, "name"), {
        rule: "full-name-claim",
        message: `claim ${quote(claim.name)} comes from full-name, but Keycloak's full-name mapper always writes the claim "${FULL_NAME_CLAIM}"`,
        fix: `name the claim "${FULL_NAME_CLAIM}", or release the name another way (e.g. from: attribute)`,
      });
    }
    if (definition.audience !== undefined && claim.name === AUDIENCE_MAPPER_NAME) {
      report.report(file.source, at("claims", claimIndex, "name"), {
        rule: "audience-mapper-name",
        message: `scope ${quote(scope.name)} has an audience, whose mapper is named "${AUDIENCE_MAPPER_NAME}", and also releases a claim of that name`,
        fix: "rename the claim, or move it to another scope",
      });
    }
    const first = seenClaims.get(claim.name);
    if (first !== undefined) {
      report.report(file.source, at("claims", claimIndex, "name"), {
        rule: "claim-collision",
        message: `scope ${quote(scope.name)} releases claim ${quote(claim.name)} twice (also claims[${first}])`,
        fix: "keep one definition of the claim",
      });
    } else seenClaims.set(claim.name, claimIndex);
    const written = claim.from === "constant" ? typedConstantProblem(claim.value, claim.type) : undefined;
    if (
      claim.from === "constant" &&
      written !== undefined &&
      typeof claim.value === "number" &&
      (claim.type === "integer" || claim.type === "long")
    ) {
      report.report(file.source, at("claims", claimIndex, "value"), {
        rule: "constant-type",
        message: `constant ${constantText(claim.value)} of claim ${quote(claim.name)} is not a whole number that ${claim.type === "integer" ? "an integer" : "a long"} can hold exactly`,
        fix: `write a whole number, or quote the value and change the claim's type`,
      });
    } else if (claim.from === "constant" && written !== undefined) {
      const type = claim.type ?? "string";
      const text = constantText(claim.value);
      report.report(file.source, at("claims", claimIndex, "value"), {
        rule: "constant-type",
        message: `constant ${text} of claim ${quote(claim.name)} is ${written}, but the claim's type is ${type}${claim.type === undefined ? " (the default)" : ""}: it would be stored as the text ${quote(text)}`,
        fix: `quote the value (value: ${quote(text)}) to release it as text, or declare the type it has (${typeof claim.value === "boolean" ? "type: boolean" : "type: integer or long, for a whole number"})`,
      });
    } else if (claim.from === "constant" && claim.type && !constantFitsType(constantText(claim.value), claim.type)) {
      const typed = `${claim.type === "integer" ? "an" : "a"} ${claim.type}`;
      report.report(file.source, at("claims", claimIndex, "value"), {
        rule: "constant-type",
        message: `constant ${quote(constantText(claim.value))} of claim ${quote(claim.name)} is not ${typed}`,
        fix: `write ${typed} value as text, or change the claim's type`,
      });
    }
  });
  (definition.restricted?.allowedClients ?? []).forEach((clientId, i) => {
    if (!clients.has(clientId)) {
      report.report(file.source, at("restricted", "allowedClients", i), {
        rule: "unknown-client",
        message: `allowedClients lists ${quote(clientId)}, which is not a registered client${didYouMean(clientId, clients.keys())}`,
        fix: "list the client ids of registered clients",
      });
    }
  });
}

/**
 * An audience is a registered client that exists wherever the scope is available (a token naming a
 * client that does not exist there is accepted by no one), or a custom audience that registry.yaml
 * lists. Suggestions are among clients that can be an audience: resource servers, which keep a secret
 * or take bearer tokens only, never public clients.
 */
function checkAudience(scope: RegisteredScope, model: Model, report: Reporter) {
  const { file, index, definition } = scope;
  const audience = definition.audience;
  if (audience === undefined) return;
  const path = ["scopes", index, "audience"];
  const settings = model.registry.settings;
  if (audienceKind(audience) === "custom") {
    const settingsPath = settings?.source.path ?? "registry.yaml";
    if (!isAbsoluteUri(audience)) {
      report.report(file.source, path, {
        rule: "unknown-audience",
        message: `audience ${quote(audience)} is neither a client id nor an absolute URI`,
        fix: "name the client id of a registered resource server, or a URI such as https://api.example.org",
      });
    } else if (settings?.data.audiences?.[audience] === undefined) {
      const listed = Object.keys(settings?.data.audiences ?? {});
      report.report(file.source, path, {
        rule: "unknown-audience",
        message: `custom audience ${quote(audience)} is not listed in ${settingsPath}${didYouMean(audience, listed)}`,
        fix: `ask the platform team to add ${audience} with its owners under audiences in ${settingsPath}, or name a registered client`,
      });
    }
    return;
  }
  const client = model.registry.clients.get(audience);
  if (client === undefined) {
    if (model.knownClients.has(audience)) return; // its file did not load, and says why
    const candidates = [...model.registry.clients.values()]
      .filter((c) => c.definition.type !== "public")
      .map((c) => c.clientId);
    report.report(file.source, path, {
      rule: "unknown-audience",
      message: `audience ${quote(audience)} names no registered client${didYouMean(audience, candidates)}`,
      fix: "name the client id of a registered resource server (clients/<client-id>.yaml)",
    });
    return;
  }
  const missing = definition.availability.filter((e) => client.definition.environments[e] === undefined);
  if (missing.length > 0) {
    report.report(file.source, path, {
      rule: "audience-unavailable",
      message: `audience ${quote(audience)} does not exist in ${listOf(
        ENVIRONMENTS.filter((e) => missing.includes(e)),
        "and",
      )}, where scope ${quote(scope.name)} is available: its tokens would name a client no one there answers to`,
      fix: `add ${listOf(
        ENVIRONMENTS.filter((e) => missing.includes(e)),
        "and",
      )} to the environments of ${client.file.source.path}, or remove them from this scope's availability`,
    });
  }
}

/** An absolute URI as RFC 3986 writes one: a scheme, a colon, and more, without white space. */
function isAbsoluteUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value);
}
