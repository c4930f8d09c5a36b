/**
 * Scope and claim names that the registry may reference but never define.
 */

/** `openid` is required for every OIDC request and implicit in Keycloak; it is never attached. */
export const IMPLICIT_SCOPE = "openid";

/**
 * Client scopes Keycloak ships in every realm (Keycloak 26), plus `offline_access`, which controls
 * refresh tokens. Clients reference them by name; the registry never redefines them.
 */
export const BUILT_IN_SCOPES: readonly string[] = [
  "offline_access",
  "profile",
  "email",
  "address",
  "phone",
  "roles",
  "web-origins",
  "acr",
  "basic",
  "microprofile-jwt",
  "organization",
  "service_account",
];

/** Names no registry file may define as a scope. */
export const RESERVED_SCOPE_NAMES: ReadonlySet<string> = new Set([IMPLICIT_SCOPE, ...BUILT_IN_SCOPES]);

/**
 * Default scopes every client gets unless it opts out: `basic` carries `sub` (Keycloak 25+), `acr`
 * carries the authentication context class. Both are what OpenID Connect needs without asking.
 */
export const BASELINE_SCOPES = ["basic", "acr"] as const;

/**
 * Claims that Keycloak or the token format itself owns (RFC 7519 §4.1, OIDC Core §2 and §5.1, RFC 8693,
 * RFC 9449, Keycloak's own claims). A protocol mapper that sets one of them breaks token validation.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  "iss",
  "sub",
  "aud",
  "exp",
  "nbf",
  "iat",
  "jti",
  "azp",
  "auth_time",
  "nonce",
  "acr",
  "amr",
  "sid",
  "scope",
  "typ",
  "session_state",
  "allowed-origins",
  "realm_access",
  "resource_access",
  "cnf",
  "client_id",
  "act",
  "may_act",
]);

/**
 * Keycloak's full-name mapper has no claim-name setting: it always writes `name`
 * (org.keycloak.protocol.oidc.mappers.FullNameMapper#setClaim).
 */
export const FULL_NAME_CLAIM = "name";

/**
 * The protocol mapper that adds an API scope's audience is named this; Keycloak refuses two mappers of
 * one name in a client scope ("Protocol mapper exists with same name").
 */
export const AUDIENCE_MAPPER_NAME = "audience";
