/** Checks of client files: environments, flows, redirects, credentials and the scopes each client lists. */
import { BUILT_IN_SCOPES, IMPLICIT_SCOPE } from "../builtins";
import {
  BUILT_IN_SCOPE_CLAIMS,
  claimDefinition,
  describeDefinition,
  sameDefinition,
  type ClaimDefinition,
} from "../claims";
import { ENVIRONMENTS, type Environment } from "../environments";
import type { Model } from "../model";
import { listOf, quote } from "../problems";
import { scopeReferences, type RegisteredClient, type RegisteredScope } from "../registry";
import type { Reporter } from "../reporter";
import type { Claim } from "../schema";
import type { ValuePath } from "../source";
import { didYouMean } from "../suggest";
import { checkRedirects } from "./redirects";

export function checkClients(model: Model, report: Reporter): void {
  for (const client of model.registry.clients.values()) {
    checkClient(client, model.registry.scopes, model.unloadedScope, model.unreadableScopeFiles, report);
  }
}

function checkClient(
  client: RegisteredClient,
  scopes: ReadonlyMap<string, RegisteredScope>,
  unloadedScope: (name: string) => boolean,
  unreadable: readonly string[],
  report: Reporter,
) {
  const { file, definition } = client;
  const source = file.source;
  const environments = ENVIRONMENTS.filter((e) => definition.environments[e] !== undefined);
  if (environments.length === 0) {
    report.report(source, ["environments"], {
      rule: "no-environment",
      message: `client ${quote(client.clientId)} lists no environment, so it would exist nowhere`,
      fix: `add at least one of ${listOf([...ENVIRONMENTS])} under environments`,
    });
  }
  checkFlows(client, environments, report);
  checkRedirects(client, environments, report);
  checkCredentials(client, report);

  const known = [...scopes.keys(), ...BUILT_IN_SCOPES, IMPLICIT_SCOPE];
  const listed = new Map<string, "default" | "optional">();
  const claimOwners = new Map<string, ClaimOwner>();
  const collide = (owner: ClaimOwner, mine: ClaimOwner, claimName: string, path: ValuePath) => {
    // A scope that releases a claim twice is reported once, in its own file (claim-collision).
    if (owner.scope === mine.scope || sameDefinition(owner.definition, mine.definition)) return;
    const [builtIn, other] = owner.builtIn ? [owner, mine] : mine.builtIn ? [mine, owner] : [undefined, mine];
    report.report(source, path, {
      rule: "claim-collision",
      message:
        builtIn === undefined
          ? `scopes ${quote(owner.scope)} and ${quote(mine.scope)} both release claim ${quote(claimName)}, differently: ${describeDefinition(owner.definition)} vs ${describeDefinition(mine.definition)}`
          : `scope ${quote(other.scope)} releases claim ${quote(claimName)} as ${describeDefinition(other.definition)}, which the built-in scope ${builtIn.scope} also releases, with its own mapper`,
      fix:
        builtIn === undefined
          ? "use only one of the two scopes on this client, or make the two claims identical"
          : `use only one of the two scopes on this client, or rename the claim in ${quote(other.scope)}`,
    });
  };
  for (const reference of scopeReferences(definition)) {
    const { name, kind, path } = reference;
    const previous = listed.get(name);
    if (previous !== undefined) {
      report.report(source, path, {
        rule: previous === kind ? "duplicate-scope-reference" : "default-and-optional",
        message:
          previous === kind
            ? `scope ${quote(name)} is listed twice in scopes.${kind}`
            : `scope ${quote(name)} is listed both as default and as optional`,
        fix:
          previous === kind
            ? "list it once"
            : "keep it in one list: default scopes are always granted, optional ones only when requested",
      });
      continue;
    }
    listed.set(name, kind);
    if (name === IMPLICIT_SCOPE || BUILT_IN_SCOPES.includes(name)) {
      for (const claimName of BUILT_IN_SCOPE_CLAIMS[name] ?? []) {
        const mine = { scope: name, definition: builtInClaim(claimName), builtIn: true };
        const owner = claimOwners.get(claimName);
        if (owner === undefined) claimOwners.set(claimName, mine);
        else collide(owner, mine, claimName, path);
      }
      continue;
    }
    const scope = scopes.get(name);
    if (scope === undefined && unloadedScope(name)) continue;
    if (scope === undefined) {
      report.report(source, path, {
        rule: "unknown-scope",
        message:
          `scope ${quote(name)} is not defined in the registry${didYouMean(name, known)}` +
          (unreadable.length > 0 ? `, unless in ${listOf([...unreadable], "or")}, which could not be read` : ""),
        fix: "use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
      });
      continue;
    }
    checkRestricted(client, scope, path, report);
    checkAvailability(client, scope, environments, path, report);
    for (const claim of scope.definition.claims ?? []) {
      checkRoleClaimScope(client, name, claim, path, report);
      const mine = { scope: name, definition: claimDefinition(claim), builtIn: false };
      const owner = claimOwners.get(claim.name);
      if (owner === undefined) claimOwners.set(claim.name, mine);
      else collide(owner, mine, claim.name, path);
    }
  }
  for (const justified of Object.keys(definition.justifications ?? {}).sort()) {
    const scope = scopes.get(justified);
    if (!listed.has(justified) || scope?.definition.restricted === undefined) {
      report.report(source, ["justifications", justified], {
        rule: "unused-justification",
        message: `justification for ${quote(justified)}, which this client does not use as a restricted scope`,
        fix: "remove the justification",
      });
    }
  }
}

/**
 * With full scope off (the default), a client's tokens carry only its own client roles and the roles in
 * its role scope (those its service account holds): a claim of the user's realm roles, or of another
 * client's roles, would hold few of them or none.
 */
function checkRoleClaimScope(client: RegisteredClient, scope: string, claim: Claim, path: ValuePath, report: Reporter) {
  if (client.definition.fullScopeAllowed === true) return;
  if (claim.from !== "realm-roles" && !(claim.from === "client-roles" && claim.client !== client.clientId)) return;
  const whose = claim.from === "realm-roles" ? "the user's realm roles" : `the user's roles of ${quote(claim.client)}`;
  report.report(client.file.source, path, {
    rule: "roles-claim-limited",
    message: `scope ${quote(scope)} releases ${whose} as claim ${quote(claim.name)}, but with fullScopeAllowed off this client's tokens carry only its own roles and those its service account holds`,
    fix: `set fullScopeAllowed: true in ${client.file.source.path} if the claim must list ${whose}`,
  });
}

/** Which scope listed on a client first releases a claim, and how. */
interface ClaimOwner {
  readonly scope: string;
  readonly definition: ClaimDefinition;
  readonly builtIn: boolean;
}

function builtInClaim(name: string): ClaimDefinition {
  return { name, from: "property", settings: { builtIn: name }, type: "string", multivalued: false };
}

function checkRestricted(client: RegisteredClient, scope: RegisteredScope, path: ValuePath, report: Reporter) {
  const restricted = scope.definition.restricted;
  if (restricted === undefined) return;
  const source = client.file.source;
  if (!restricted.allowedClients.includes(client.clientId)) {
    report.report(source, path, {
      rule: "restricted-scope",
      message: `scope ${quote(scope.name)} is restricted (${restricted.reason}) and ${quote(client.clientId)} is not among its allowedClients`,
      fix: `ask the owners of ${scope.file.source.path} to add ${client.clientId} to restricted.allowedClients, and add a justification here`,
    });
  } else if (!client.definition.justifications?.[scope.name]) {
    report.report(source, path, {
      rule: "missing-justification",
      message: `scope ${quote(scope.name)} is restricted and this client gives no justification for it`,
      fix: `add under justifications: ${JSON.stringify(scope.name)}: <why this client needs it>`,
    });
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
    report.report(source, path, {
      rule: "deprecated-scope",
      message: `scope ${quote(scope.name)} is deprecated since ${deprecated.since}: ${deprecated.message}`,
      fix: "stop using it before its owners remove it",
      environments: environments.filter((e) => scope.definition.availability.includes(e)),
    });
  }
  const missing = environments.filter((e) => !scope.definition.availability.includes(e));
  if (missing.length > 0) {
    report.report(source, path, {
      rule: "not-yet-available",
      message: `scope ${quote(scope.name)} is not yet available in ${listOf(missing, "and")}; the client is provisioned there without it`,
      fix: `promote it by adding ${listOf(missing, "and")} to its availability in ${scope.file.source.path}`,
      environments: missing,
    });
  }
}

function checkFlows(client: RegisteredClient, environments: readonly Environment[], report: Reporter) {
  const { definition } = client;
  const source = client.file.source;
  const flows = definition.flows ?? [];
  flows.forEach((flow, i) => {
    const path = ["flows", i];
    if (definition.type === "bearer-only") {
      report.report(source, path, {
        rule: "flow-client-type",
        message: `a bearer-only client accepts tokens and obtains none, but flows lists ${quote(flow)}`,
        fix: "remove flows, or make the client confidential or public",
      });
    } else if (flow === "client_credentials" && definition.type === "public") {
      report.report(source, path, {
        rule: "flow-client-type",
        message: "client_credentials (a service account) needs a client secret, which a public client cannot keep",
        fix: "make the client confidential, or remove client_credentials",
      });
    } else if (flow === "password") {
      if (environments.includes("production")) {
        report.report(source, path, {
          rule: "password-flow",
          message: "the password flow (resource owner password credentials) is not allowed in production",
          fix: "use authorization_code (with PKCE) or device_code; keep password only for test clients outside production",
          severity: "error",
        });
      } else {
        report.report(source, path, {
          rule: "password-flow",
          message: "the password flow (resource owner password credentials) exposes user passwords to the client",
          fix: "use it only for test clients; it is refused in production",
          severity: "warning",
          environments,
        });
      }
    } else if (
      flow === "refresh_token" &&
      !flows.some((f) => f === "authorization_code" || f === "device_code" || f === "password")
    ) {
      report.report(source, path, {
        rule: "flow-client-type",
        message: "refresh_token needs a flow that issues refresh tokens (authorization_code, device_code or password)",
        fix: "add the flow that obtains the first token, or remove refresh_token",
      });
    }
  });
}

function checkCredentials(client: RegisteredClient, report: Reporter) {
  const { definition } = client;
  const source = client.file.source;
  if (definition.type === "confidential" && definition.credentials === undefined) {
    report.report(source, ["type"], {
      rule: "missing-credentials",
      message: `confidential client ${quote(client.clientId)} does not say where its secret is delivered`,
      fix: `add credentials: { kubernetes: { namespace: <namespace>, secretName: ${client.clientId}-oidc } }`,
    });
  } else if (definition.type !== "confidential" && definition.credentials !== undefined) {
    report.report(source, ["credentials"], {
      rule: "unexpected-credentials",
      message: `${definition.type} client ${quote(client.clientId)} has no secret, but credentials are given`,
      fix: "remove credentials, or make the client confidential",
    });
  }
}
