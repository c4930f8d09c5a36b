/**
 * Keycloak's JSON representations (ClientScopeRepresentation, ClientRepresentation,
 * ProtocolMapperRepresentation) read into the plain shapes of realm.ts. Each field is read for what it
 * should be, so an unexpected answer gives defaults (and findings) rather than a crash further on.
 */
import { KeycloakUnavailable } from "./errors";
import type { LiveClient, LiveClientScope, LiveMapper } from "./realm";

export function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new KeycloakUnavailable(`Keycloak's answer for ${what} is not a list`);
  return value;
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function flag(value: unknown, fallback = false): boolean {
  return typeof value === "boolean" ? value : fallback;
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Attribute and config maps hold strings; anything else is kept as its JSON text. */
function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record(value)).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

export function mapperOf(value: unknown): LiveMapper {
  const m = record(value);
  return {
    ...(typeof m["id"] === "string" ? { id: m["id"] } : {}),
    name: text(m["name"]),
    protocol: text(m["protocol"]),
    protocolMapper: text(m["protocolMapper"]),
    config: strings(m["config"]),
  };
}

export function clientScopeOf(value: unknown): LiveClientScope {
  const s = record(value);
  return {
    id: text(s["id"]),
    name: text(s["name"]),
    protocol: text(s["protocol"]),
    description: text(s["description"]),
    attributes: strings(s["attributes"]),
    mappers: Array.isArray(s["protocolMappers"]) ? s["protocolMappers"].map(mapperOf) : [],
  };
}

/**
 * A client as the clients listing gives it. Keycloak 26 lists each client's attached scope names
 * (`defaultClientScopes`, `optionalClientScopes`) in it; where an answer lacks them they are null, and
 * admin.ts asks for the lists the plan manages.
 */
export function clientOf(value: unknown): LiveClient {
  const c = record(value);
  return {
    id: text(c["id"]),
    clientId: text(c["clientId"]),
    name: text(c["name"]),
    description: text(c["description"]),
    protocol: text(c["protocol"]),
    enabled: flag(c["enabled"], true),
    publicClient: flag(c["publicClient"]),
    bearerOnly: flag(c["bearerOnly"]),
    standardFlowEnabled: flag(c["standardFlowEnabled"]),
    implicitFlowEnabled: flag(c["implicitFlowEnabled"]),
    directAccessGrantsEnabled: flag(c["directAccessGrantsEnabled"]),
    serviceAccountsEnabled: flag(c["serviceAccountsEnabled"]),
    consentRequired: flag(c["consentRequired"]),
    // Keycloak's own defaults for a client that does not say (a representation always does).
    fullScopeAllowed: flag(c["fullScopeAllowed"], true),
    rootUrl: text(c["rootUrl"]),
    baseUrl: text(c["baseUrl"]),
    frontchannelLogout: flag(c["frontchannelLogout"]),
    redirectUris: texts(c["redirectUris"]),
    webOrigins: texts(c["webOrigins"]),
    attributes: strings(c["attributes"]),
    mappers: Array.isArray(c["protocolMappers"]) ? c["protocolMappers"].map(mapperOf) : [],
    defaultScopes: Array.isArray(c["defaultClientScopes"]) ? texts(c["defaultClientScopes"]) : null,
    optionalScopes: Array.isArray(c["optionalClientScopes"]) ? texts(c["optionalClientScopes"]) : null,
    unmanaged: Object.fromEntries(
      UNMANAGED_CLIENT_FIELDS.flatMap((key) => {
        const value = c[key];
        return typeof value === "string" || typeof value === "boolean" ? [[key, value]] : [];
      }),
    ),
  };
}

/** Client fields read for import's report only (realm.ts LiveClient.unmanaged). */
const UNMANAGED_CLIENT_FIELDS = ["adminUrl", "authorizationServicesEnabled", "clientAuthenticatorType"] as const;
