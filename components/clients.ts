/**
 * What one planned client becomes in Keycloak, as plain data: the client's arguments, the scope lists
 * attached to it, the registry scopes those lists depend on, and its generated secret's shape.
 */
import { keycloakFlowSettings, type ClientType, type PlannedClient } from "../src/registry";

export type AccessType = "CONFIDENTIAL" | "PUBLIC" | "BEARER-ONLY";

const ACCESS_TYPES: Readonly<Record<ClientType, AccessType>> = {
  confidential: "CONFIDENTIAL",
  public: "PUBLIC",
  "bearer-only": "BEARER-ONLY",
};

/** `keycloak.openid.Client` arguments, minus the realm and the secret. Every flow flag is explicit. */
export interface ClientSpec {
  readonly clientId: string;
  readonly name: string;
  readonly description: string;
  readonly accessType: AccessType;
  readonly standardFlowEnabled: boolean;
  readonly implicitFlowEnabled: boolean;
  readonly directAccessGrantsEnabled: boolean;
  readonly serviceAccountsEnabled: boolean;
  readonly oauth2DeviceAuthorizationGrantEnabled: boolean;
  readonly useRefreshTokens: boolean;
  readonly pkceCodeChallengeMethod: "S256" | "";
  readonly consentRequired: boolean;
  readonly validRedirectUris: string[];
  readonly validPostLogoutRedirectUris: string[];
  readonly webOrigins: string[];
  readonly fullScopeAllowed: boolean;
  readonly rootUrl: string;
  readonly baseUrl: string;
  readonly frontchannelLogoutEnabled: boolean;
  readonly frontchannelLogoutUrl: string;
  readonly backchannelLogoutUrl: string;
  /** Seconds as text, as the provider takes them; "" leaves the realm's lifespan. */
  readonly accessTokenLifespan: string;
  readonly clientSessionIdleTimeout: string;
  readonly clientSessionMaxLifespan: string;
}

export function clientSpec(client: PlannedClient): ClientSpec {
  const flows = keycloakFlowSettings(client.flows);
  return {
    clientId: client.clientId,
    name: client.name,
    description: client.description,
    accessType: ACCESS_TYPES[client.type],
    standardFlowEnabled: flows.standardFlowEnabled,
    // The implicit grant does not exist in this registry (OAuth 2.0 Security BCP, RFC 9700 §2.1.2).
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: flows.directAccessGrantsEnabled,
    serviceAccountsEnabled: flows.serviceAccountsEnabled,
    oauth2DeviceAuthorizationGrantEnabled: flows.oauth2DeviceAuthorizationGrantEnabled,
    useRefreshTokens: flows.useRefreshTokens,
    // "" clears a method set by hand in the console; the provider accepts "", "plain" and "S256".
    pkceCodeChallengeMethod: client.pkce ?? "",
    consentRequired: client.consentRequired,
    validRedirectUris: [...client.redirectUris],
    validPostLogoutRedirectUris: [...client.postLogoutRedirectUris],
    webOrigins: [...client.webOrigins],
    fullScopeAllowed: client.fullScopeAllowed,
    // "" clears a value set by hand in the console, so the registry stays the one source.
    rootUrl: client.rootUrl ?? "",
    baseUrl: client.baseUrl ?? "",
    frontchannelLogoutEnabled: client.frontchannelLogoutUrl !== null,
    frontchannelLogoutUrl: client.frontchannelLogoutUrl ?? "",
    backchannelLogoutUrl: client.backchannelLogoutUrl ?? "",
    accessTokenLifespan: seconds(client.lifespans.accessToken),
    clientSessionIdleTimeout: seconds(client.lifespans.clientSessionIdle),
    clientSessionMaxLifespan: seconds(client.lifespans.clientSessionMax),
  };
}

function seconds(value: number | null): string {
  return value === null ? "" : String(value);
}

export interface ScopeAttachments {
  /** The authoritative default list, or null when the client gets no default-scopes resource. */
  readonly defaultScopes: string[] | null;
  readonly optionalScopes: string[] | null;
}

/**
 * The two authoritative lists, exactly as planned. A list is attached even when empty, because the
 * resource detaches what a new client inherits from the realm's defaults (terraform-provider-keycloak
 * `keycloak_openid_client_{default,optional}_scopes` detach every scope not listed); only a bearer-only
 * client, which obtains no tokens and so never uses a scope, gets no resource for an empty list.
 */
export function scopeAttachments(client: PlannedClient): ScopeAttachments {
  const list = (scopes: readonly string[]) =>
    client.type === "bearer-only" && scopes.length === 0 ? null : [...scopes];
  return { defaultScopes: list(client.defaultScopes), optionalScopes: list(client.optionalScopes) };
}

/**
 * The client secret Pulumi generates: 48 letters and digits (about 285 bits), no special characters,
 * so it needs no escaping in a form-encoded token request, a Secret or a shell. `rotation` is a
 * keeper: bumping it in the client file replaces the password and so rotates the secret.
 */
export function secretSpec(rotation: number): {
  readonly length: number;
  readonly special: boolean;
  readonly upper: boolean;
  readonly lower: boolean;
  readonly numeric: boolean;
  readonly keepers: Record<string, string>;
} {
  return {
    length: 48,
    special: false,
    upper: true,
    lower: true,
    numeric: true,
    keepers: { rotation: String(rotation) },
  };
}
