/**
 * Trust between teams: what a team may do with its own files alone. A team's pull request is approved by
 * that team (CODEOWNERS), so nothing in its files may speak for someone else: no claim that forges
 * identity or roles, no audience or role claim naming another team's client unless that client's file
 * says so, no release of credentials or a brokered login's upstream tokens, and no client secret
 * delivered into a namespace or Secret the team does not own. The README's "Trust model" states the
 * same rules for people.
 */
import {
  IDENTITY_CLAIMS,
  isReservedClientId,
  KUBERNETES_SYSTEM_NAMESPACE,
  RESERVED_CLAIMS,
  SENSITIVE_ATTRIBUTE,
  SESSION_NOTES,
} from "../builtins";
import { claimDefinition } from "../claims";
import type { Model } from "../model";
import { listOf, quote, type Finding } from "../problems";
import { audienceKind, credentialTargets, sameOwners, type RegisteredClient, type RegisteredScope } from "../registry";
import type { Reporter } from "../reporter";
import type { Claim } from "../schema";
import type { ValuePath } from "../source";

/** Letters, digits, `_` and `-`: Keycloak reads a `.` in a claim name as a path into a nested claim. */
const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** RFC 1123 label (a namespace) and subdomain (a Secret's name), as Kubernetes validates them. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkTrust(model: Model, report: Reporter): void {
  for (const scope of model.registry.scopes.values()) {
    (scope.definition.claims ?? []).forEach((claim, i) => checkClaim(scope, claim, i, model, report));
    checkAudience(scope, model, report);
  }
  for (const client of model.registry.clients.values()) checkTrustedScopes(client, model, report);
  checkKubernetes(model, report);
}

function checkClaim(scope: RegisteredScope, claim: Claim, index: number, model: Model, report: Reporter) {
  const { source } = scope.file;
  const path = (field: string): ValuePath => ["scopes", scope.index, "claims", index, field];
  const segments = claim.name.split(".");
  const reserved = segments.find((segment) => RESERVED_CLAIMS.has(segment.toLowerCase()));
  if (reserved !== undefined) {
    const message =
      segments.length > 1
        ? `claim ${quote(claim.name)} writes into ${quote(reserved)}, which Keycloak or the token format sets (Keycloak reads each dot in a claim name as a path into a nested claim)`
        : reserved === reserved.toLowerCase()
          ? `claim ${quote(claim.name)} is set by Keycloak or the token format and cannot be released by a scope`
          : `claim ${quote(claim.name)} is ${quote(reserved.toLowerCase())} in another case, which Keycloak or the token format sets; a consumer comparing names without case would read it as that`;
    report.report(source, path("name"), { rule: "reserved-claim", message, fix: "choose another claim name" });
  } else if (!CLAIM_NAME.test(claim.name)) {
    report.report(source, path("name"), {
      rule: "claim-name",
      message: `claim name ${quote(claim.name)} has characters other than letters, digits, _ and -${claim.name.includes(".") ? " (Keycloak would write a nested claim at each dot)" : ""}`,
      fix: "use letters, digits, _ and -, starting with a letter or _",
    });
  } else {
    checkIdentityClaim(scope, claim, index, report);
  }
  if (claim.from === "session-note" && !SESSION_NOTES.includes(claim.note)) {
    report.report(source, path("note"), {
      rule: "session-note",
      message: `session note ${quote(claim.note)} is not one a claim may release; a user session also holds secrets, such as a brokered login's upstream tokens`,
      fix: `use one of ${listOf(SESSION_NOTES.map((note) => quote(note)))}, or ask the platform team to allow another`,
    });
  }
  if (claim.from === "attribute" && SENSITIVE_ATTRIBUTE.test(claim.attribute)) {
    report.report(source, path("attribute"), {
      rule: "sensitive-attribute",
      message: `user attribute ${quote(claim.attribute)} holds credentials or user-storage internals and is never released in a token`,
      fix: "release another attribute",
    });
  }
  if (claim.from === "client-roles") checkClientRoles(scope, claim.client, path("client"), model, report);
}

function checkIdentityClaim(scope: RegisteredScope, claim: Claim, index: number, report: Reporter) {
  const identity = IDENTITY_CLAIMS.get(claim.name.toLowerCase());
  if (identity === undefined) return;
  const { settings } = claimDefinition(claim);
  const truthful =
    claim.name === identity.name &&
    identity.sources.some(
      (source) =>
        source.from === claim.from &&
        (source.setting === undefined || Object.values(settings).includes(source.setting)),
    );
  if (truthful) return;
  const setting = settings.value ?? settings.attribute ?? settings.note ?? settings.property;
  const expected = identity.sources.map((s) => `from: ${s.from}${s.setting ? ` ${s.setting}` : ""}`);
  report.report(scope.file.source, ["scopes", scope.index, "claims", index, "name"], {
    rule: "identity-claim",
    message:
      claim.name === identity.name
        ? `claim ${quote(claim.name)} says who the user is or what they may do, and here it comes from ${claim.from}${typeof setting === "string" ? ` ${quote(setting)}` : ""}; resource servers would trust a forged value`
        : `claim ${quote(claim.name)} is the identity claim ${quote(identity.name)} in another case; a consumer comparing names without case would trust it as that`,
    fix: `release ${identity.name} only as ${listOf(expected)} (or through Keycloak's built-in scope), or choose a claim name of this service's own`,
  });
}

/** A scope may add to a token's audience only a client of its own owners, or one whose file trusts it. */
function checkAudience(scope: RegisteredScope, model: Model, report: Reporter) {
  const audience = scope.definition.audience;
  if (audience === undefined) return;
  if (audienceKind(audience) === "custom") {
    const settings = model.registry.settings;
    const allowed = settings?.data.audiences?.[audience];
    if (allowed === undefined || settings === undefined) return; // unknown-audience says so
    if (scope.file.data.owners.every((o) => allowed.some((a) => a.toLowerCase() === o.toLowerCase()))) return;
    report.report(scope.file.source, ["scopes", scope.index, "audience"], {
      rule: "foreign-audience",
      message: `audience ${quote(audience)} is given to ${listOf(allowed, "and")} in ${settings.source.path}, and this scope's owners (${listOf(scope.file.data.owners, "and")}) are not all among them`,
      fix: `ask the platform team to give ${audience} to this scope's owners in ${settings.source.path}, or use an audience of their own`,
    });
    return;
  }
  const client = model.registry.clients.get(audience);
  if (client === undefined) return; // unknown-audience says so
  if (sameOwners(client.definition.owners, scope.file.data.owners)) return;
  if ((client.definition.trustedScopes?.audience ?? []).includes(scope.name)) return;
  report.report(scope.file.source, ["scopes", scope.index, "audience"], {
    rule: "foreign-audience",
    message: `audience ${quote(audience)} is a client of ${listOf(client.definition.owners, "and")}, and ${client.file.source.path} does not trust scope ${quote(scope.name)} to put it in a token's audience`,
    fix: `ask the owners of ${client.file.source.path} to add ${JSON.stringify(scope.name)} under trustedScopes.audience`,
  });
}

function checkClientRoles(scope: RegisteredScope, clientId: string, path: ValuePath, model: Model, report: Reporter) {
  const { source } = scope.file;
  if (isReservedClientId(clientId)) {
    report.report(source, path, {
      rule: "foreign-client-roles",
      message: `client-roles of ${quote(clientId)}, one of Keycloak's own clients, ${clientId === "realm-management" ? "are the realm's administration permissions and " : ""}are never released by a registry scope`,
      fix: "release the roles of a client of this service's own",
    });
    return;
  }
  const client = model.registry.clients.get(clientId);
  if (client === undefined) {
    if (!model.knownClients.has(clientId)) {
      report.report(source, path, {
        rule: "unknown-client",
        message: `client-roles names ${quote(clientId)}, which is not a registered client`,
        fix: "name the client id of a registered client (clients/<client-id>.yaml)",
      });
    }
    return;
  }
  if (sameOwners(client.definition.owners, scope.file.data.owners)) return;
  if ((client.definition.trustedScopes?.clientRoles ?? []).includes(scope.name)) return;
  report.report(source, path, {
    rule: "foreign-client-roles",
    message: `client-roles of ${quote(clientId)}, a client of ${listOf(client.definition.owners, "and")}, and ${client.file.source.path} does not trust scope ${quote(scope.name)} to release its roles`,
    fix: `ask the owners of ${client.file.source.path} to add ${JSON.stringify(scope.name)} under trustedScopes.clientRoles`,
  });
}

/** trustedScopes names scopes that exist; a scope of the client's own owners needs no entry. */
function checkTrustedScopes(client: RegisteredClient, model: Model, report: Reporter) {
  for (const kind of ["audience", "clientRoles"] as const) {
    (client.definition.trustedScopes?.[kind] ?? []).forEach((name, i) => {
      if (model.registry.scopes.has(name) || model.unloadedScope(name)) return;
      report.report(client.file.source, ["trustedScopes", kind, i], {
        rule: "unknown-scope",
        message: `trustedScopes.${kind} lists ${quote(name)}, which is not defined in the registry`,
        fix: "list the full name of a scope defined in scopes/ (namespace + id)",
      });
    });
  }
}

/**
 * A client's secret goes only where its owners may put it, in every environment: a namespace the
 * settings give them (or, without settings, one no other owners deliver into), never Kubernetes' own,
 * and never a Secret another client's credentials go to in the same environment. A spot written once
 * (the client-wide target) is reported once, whichever environments use it.
 */
function checkKubernetes(model: Model, report: Reporter) {
  const mapping = model.registry.settings?.data.kubernetes?.namespaces;
  const settingsPath = model.registry.settings?.source.path ?? "registry.yaml";
  const firstUser = new Map<string, RegisteredClient>();
  const secrets = new Map<string, RegisteredClient>();
  for (const client of model.registry.clients.values()) {
    const { source } = client.file;
    const owners = client.definition.owners;
    const reported = new Set<string>();
    const once = (path: ValuePath, finding: Finding) => {
      const key = JSON.stringify([path, finding.rule]);
      if (reported.has(key)) return;
      reported.add(key);
      report.report(source, path, finding);
    };
    for (const target of credentialTargets(client.definition)) {
      let valid = true;
      if (!DNS_LABEL.test(target.namespace)) {
        valid = false;
        once(target.namespacePath, {
          rule: "kubernetes-name",
          message: `namespace ${quote(target.namespace)} is not a valid Kubernetes namespace name (RFC 1123 label: lower-case letters, digits and -, at most 63)`,
          fix: "write the namespace as Kubernetes names it",
        });
      }
      if (!DNS_SUBDOMAIN.test(target.secretName)) {
        valid = false;
        once(target.secretNamePath, {
          rule: "kubernetes-name",
          message: `secretName ${quote(target.secretName)} is not a valid Kubernetes Secret name (RFC 1123 subdomain: lower-case letters, digits, - and ., at most 253)`,
          fix: `use a name such as ${client.clientId.toLowerCase()}-oidc`,
        });
      }
      if (!valid) continue;
      const { namespace } = target;
      const allowed = mapping?.[namespace];
      if (KUBERNETES_SYSTEM_NAMESPACE.test(namespace)) {
        once(target.namespacePath, {
          rule: "kubernetes-namespace",
          message: `namespace ${quote(namespace)} belongs to Kubernetes itself; no client secret is delivered there`,
          fix: "deliver the secret into the namespace where the application runs",
        });
      } else if (mapping !== undefined && allowed === undefined) {
        once(target.namespacePath, {
          rule: "kubernetes-namespace",
          message: `namespace ${quote(namespace)} is not given to any owners in ${settingsPath}`,
          fix: `ask the platform team to add ${namespace} under kubernetes.namespaces in ${settingsPath}`,
        });
      } else if (
        allowed !== undefined &&
        !owners.every((o) => allowed.some((a) => a.toLowerCase() === o.toLowerCase()))
      ) {
        once(target.namespacePath, {
          rule: "kubernetes-namespace",
          message: `namespace ${quote(namespace)} is given to ${listOf(allowed, "and")} in ${settingsPath}, and this client's owners (${listOf(owners, "and")}) are not all among them`,
          fix: `deliver into a namespace of ${listOf(owners, "and")}, or ask the platform team to give ${namespace} to them`,
        });
      } else if (mapping === undefined) {
        const first = firstUser.get(namespace);
        if (first === undefined) firstUser.set(namespace, client);
        else if (first !== client && !sameOwners(first.definition.owners, owners)) {
          once(target.namespacePath, {
            rule: "kubernetes-namespace",
            message: `namespace ${quote(namespace)} already receives the secret of ${first.file.source.path}, whose owners differ`,
            fix: `deliver into a namespace of this client's owners, or map namespaces to owners under kubernetes.namespaces in ${settingsPath}`,
          });
        }
      }
      const secret = `${namespace}/${target.secretName}`;
      const key = `${target.environment}\u0000${secret}`;
      const holder = secrets.get(key);
      if (holder === undefined) secrets.set(key, client);
      else if (holder !== client) {
        const overridden = target.secretNamePath[0] === "environments" || target.namespacePath[0] === "environments";
        once(target.secretNamePath, {
          rule: "duplicate-secret",
          message: `Secret ${quote(secret)} already holds the credentials of ${holder.file.source.path}${overridden ? ` in ${target.environment}` : ""}; both clients would overwrite each other's`,
          fix: `give this client a Secret of its own, e.g. ${client.clientId.toLowerCase()}-oidc`,
        });
      }
    }
  }
}
