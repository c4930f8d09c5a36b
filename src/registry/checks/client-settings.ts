/**
 * Checks of a client's application settings and roles: its URLs per environment (root, home, front- and
 * back-channel logout), the roles it defines, and the roles its service account holds. A held role is a
 * realm role the platform allows (registry.yaml serviceAccounts.realmRoles) or a role a registered client
 * defines, in every environment the holder exists in; a role of another team's client only when that
 * client's file trusts the holder (trustedClients.serviceAccountRoles), as with trustedScopes.
 */
import { isReservedClientId } from "../builtins";
import { ENVIRONMENTS, type Environment } from "../environments";
import type { Model } from "../model";
import { listOf, quote, type Finding } from "../problems";
import { heldRoles, sameOwners, type RegisteredClient } from "../registry";
import type { Reporter } from "../reporter";
import { didYouMean } from "../suggest";
import { LOOPBACK_HOSTS } from "./redirects";

/** The per-environment URL fields of a client, as the client file names them. */
export const CLIENT_URL_FIELDS = ["rootUrl", "baseUrl", "frontchannelLogoutUrl", "backchannelLogoutUrl"] as const;
export type ClientUrlField = (typeof CLIENT_URL_FIELDS)[number];

export function checkClientSettings(model: Model, report: Reporter): void {
  for (const client of model.registry.clients.values()) {
    checkUrls(client, report);
    checkRoles(client, model, report);
  }
}

function checkUrls(client: RegisteredClient, report: Reporter) {
  for (const environment of ENVIRONMENTS) {
    const settings = client.definition.environments[environment];
    if (settings === undefined) continue;
    // Keycloak fills an empty redirect URI list with `<rootUrl>/*` and empty web origins with the root's
    // origin (measured on Keycloak 26): a wildcard redirect nobody wrote, and a diff at every preview.
    if (settings.rootUrl !== undefined) {
      const missing = (["redirectUris", "webOrigins"] as const).filter((f) => (settings[f] ?? []).length === 0);
      if (missing.length > 0) {
        report.report(client.file.source, ["environments", environment, "rootUrl"], {
          rule: "root-url-without-uris",
          message: `rootUrl in ${environment} comes without ${missing.join(" and ")}, which Keycloak then fills in itself (${missing.map((f) => (f === "redirectUris" ? `${quote(`${settings.rootUrl}/*`)}, any page of the host` : "the root's origin")).join("; ")})`,
          fix: `list ${missing.join(" and ")} under environments.${environment} (web origins may be ["+"]), or remove rootUrl`,
        });
      }
    }
    for (const field of CLIENT_URL_FIELDS) {
      const value = settings[field];
      if (value === undefined) continue;
      const finding = clientUrlFinding(field, value, environment, settings.rootUrl !== undefined);
      if (finding) report.report(client.file.source, ["environments", environment, field], finding);
    }
  }
}

/**
 * What is wrong with one URL of a client, if anything: each is an absolute http(s) URL, exactly as a
 * browser reads it, with no wildcard, fragment or credentials, and https in production unless it is a
 * loopback address; a home URL (baseUrl) may instead be a path under the client's rootUrl.
 */
export function clientUrlFinding(
  field: ClientUrlField,
  value: string,
  environment: Environment,
  hasRootUrl: boolean,
): Finding | undefined {
  const refuse = (why: string, fix: string): Finding => ({
    rule: "invalid-client-url",
    message: `${field} ${quote(value)} in ${environment} ${why}`,
    fix,
  });
  if (field === "baseUrl" && value.startsWith("/")) {
    if (value.startsWith("//"))
      return refuse(
        "is a network-path reference, read as another host",
        "write a path such as /home, or an absolute URL",
      );
    return hasRootUrl
      ? undefined
      : refuse(
          "is a path, but the client has no rootUrl there to resolve it against",
          `add rootUrl under environments.${environment}, or write an absolute URL`,
        );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse("is not an absolute URL", "write the full URL, such as https://app.example.org/");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return refuse(
      `has the scheme ${quote(url.protocol.slice(0, -1))}; Keycloak calls or links to http(s) URLs only`,
      "write an https URL",
    );
  }
  if (value.includes("*")) return refuse("holds a *, which is not a wildcard here", "write the one exact URL");
  if (url.hash !== "" || value.includes("#")) return refuse("has a fragment (#…)", "remove the fragment");
  if (url.username !== "" || url.password !== "") {
    return refuse("carries a user name or password", "remove the credentials: the URL is stored and shown in clear");
  }
  if (url.href !== value && url.href !== `${value}/`) {
    return refuse(`reads as ${quote(url.href)} to a browser`, `write it as ${url.href}`);
  }
  if (environment === "production" && url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    return refuse("uses plain http", `use https://${url.host}${url.pathname}${url.search}`);
  }
  return undefined;
}

function checkRoles(client: RegisteredClient, model: Model, report: Reporter) {
  const { definition, file } = client;
  const { source } = file;
  const seen = new Set<string>();
  (definition.roles ?? []).forEach((role, i) => {
    if (seen.has(role.name)) {
      report.report(source, ["roles", i, "name"], {
        rule: "duplicate-role",
        message: `role ${quote(role.name)} is defined twice`,
        fix: "define each role once",
      });
    }
    seen.add(role.name);
  });

  const flows = definition.flows ?? [];
  if (definition.serviceAccount !== undefined && !flows.includes("client_credentials")) {
    report.report(source, ["serviceAccount"], {
      rule: "service-account-without-flow",
      message: `client ${quote(client.clientId)} gives roles to a service account, but it has none: its flows do not include client_credentials`,
      fix: "add client_credentials to flows, or remove serviceAccount",
    });
  }
  const allowedRealmRoles = model.registry.settings?.data.serviceAccounts?.realmRoles ?? [];
  const settingsPath = model.registry.settings?.source.path ?? "registry.yaml";
  const heldOnce = new Set<string>();
  for (const held of heldRoles(definition)) {
    const key = `${held.client ?? ""}\u0000${held.role}`;
    const what =
      held.client === null ? `realm role ${quote(held.role)}` : `role ${quote(held.role)} of ${quote(held.client)}`;
    if (heldOnce.has(key)) {
      report.report(source, held.path, {
        rule: "duplicate-role",
        message: `${what} is listed twice`,
        fix: "list it once",
      });
      continue;
    }
    heldOnce.add(key);
    if (held.client === null) {
      if (!allowedRealmRoles.includes(held.role)) {
        report.report(source, held.path, {
          rule: "realm-role-not-allowed",
          message: `realm role ${quote(held.role)} is not one the platform lets service accounts hold${allowedRealmRoles.length === 0 ? ` (${settingsPath} allows none)` : didYouMean(held.role, allowedRealmRoles)}`,
          fix: `ask the platform team to add ${held.role} under serviceAccounts.realmRoles in ${settingsPath}, or hold a role of a registered client instead`,
        });
      }
      continue;
    }
    checkHeldClientRole(client, held.client, held.role, held.path, model, report);
  }
  (definition.trustedClients?.serviceAccountRoles ?? []).forEach((clientId, i) => {
    if (model.knownClients.has(clientId)) return;
    report.report(source, ["trustedClients", "serviceAccountRoles", i], {
      rule: "unknown-client",
      message: `trustedClients.serviceAccountRoles lists ${quote(clientId)}, which is not a registered client${didYouMean(clientId, model.registry.clients.keys())}`,
      fix: "list the client ids of registered clients",
    });
  });
}

function checkHeldClientRole(
  holder: RegisteredClient,
  clientId: string,
  role: string,
  path: readonly (string | number)[],
  model: Model,
  report: Reporter,
) {
  const { source } = holder.file;
  const owner = model.registry.clients.get(clientId);
  if (owner === undefined) {
    if (isReservedClientId(clientId)) {
      report.report(source, path, {
        rule: "unknown-role",
        message: `roles of ${quote(clientId)}, one of Keycloak's own clients, ${clientId === "realm-management" ? "are the realm's administration permissions and " : ""}are never granted by the registry`,
        fix: "hold roles of a registered client; an administrator grants Keycloak's own roles by hand, if ever",
      });
    } else if (!model.knownClients.has(clientId)) {
      report.report(source, path, {
        rule: "unknown-client",
        message: `serviceAccount.clientRoles names ${quote(clientId)}, which is not a registered client${didYouMean(clientId, model.registry.clients.keys())}`,
        fix: "name the client id of a registered client (clients/<client-id>.yaml) that defines the role",
      });
    }
    return;
  }
  const defined = (owner.definition.roles ?? []).map((r) => r.name);
  if (!defined.includes(role)) {
    report.report(source, path, {
      rule: "unknown-role",
      message: `${quote(clientId)} defines no role ${quote(role)}${defined.length === 0 ? " (it defines no roles)" : didYouMean(role, defined)}`,
      fix: `name a role listed under roles in ${owner.file.source.path}, or ask its owners to define ${role}`,
    });
    return;
  }
  const missing = ENVIRONMENTS.filter(
    (e) => holder.definition.environments[e] !== undefined && owner.definition.environments[e] === undefined,
  );
  if (missing.length > 0) {
    report.report(source, path, {
      rule: "role-unavailable",
      message: `${quote(clientId)} does not exist in ${listOf(missing, "and")}, where ${quote(holder.clientId)} exists, so its role ${quote(role)} cannot be held there`,
      fix: `add ${listOf(missing, "and")} to the environments of ${owner.file.source.path}, or remove them from this client`,
    });
  }
  if (sameOwners(owner.definition.owners, holder.definition.owners)) return;
  if ((owner.definition.trustedClients?.serviceAccountRoles ?? []).includes(holder.clientId)) return;
  report.report(source, path, {
    rule: "foreign-service-account-roles",
    message: `role ${quote(role)} belongs to ${quote(clientId)}, a client of ${listOf(owner.definition.owners, "and")}, and ${owner.file.source.path} does not trust ${quote(holder.clientId)} to hold its roles`,
    fix: `ask the owners of ${owner.file.source.path} to add ${holder.clientId} under trustedClients.serviceAccountRoles`,
  });
}
