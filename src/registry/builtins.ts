/**
 * Scope and claim names that the registry may reference but never define.
 */

/** `openid` is required for every OIDC request and implicit in Keycloak; it is never attached. */
export const IMPLICIT_SCOPE = "openid";

/**
 * A scope the registry may reference but never defines: `openid`, or a client scope Keycloak ships in
 * every realm. One row per scope, so validation's claim list and the catalogue cannot drift apart.
 */
export interface StandardScope {
  readonly name: string;
  /**
   * Claims about the user it releases, in Keycloak's order. A registry scope that releases one of these
   * names on a client that also uses this scope would fight it for the claim (the claim-collision rule).
   */
  readonly claims: readonly string[];
  /**
   * Claims Keycloak writes about the token or the client rather than the user: the catalogue lists
   * them, collision checks do not (most are reserved claims, which no registry scope may release).
   */
  readonly tokenClaims: readonly string[];
  /** What the catalogue says about it. */
  readonly note: string;
}

const scope = (
  name: string,
  note: string,
  claims: readonly string[] = [],
  tokenClaims: readonly string[] = [],
): StandardScope => ({
  name,
  claims,
  tokenClaims,
  note,
});

/**
 * `openid` first, then Keycloak 26's built-in client scopes as a new realm creates them, plus
 * `offline_access`, which controls refresh tokens.
 */
export const STANDARD_SCOPES: readonly StandardScope[] = [
  scope(IMPLICIT_SCOPE, "Required for every OpenID Connect request; implicit, never attached to a client."),
  scope("offline_access", "Offline tokens: refresh tokens that outlive the user's session."),
  scope("profile", "The user's profile (OpenID Connect Core §5.4).", [
    "name",
    "family_name",
    "given_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "updated_at",
  ]),
  scope("email", "The user's e-mail address (OpenID Connect Core §5.4).", ["email", "email_verified"]),
  scope("address", "The user's postal address (OpenID Connect Core §5.4).", ["address"]),
  scope("phone", "The user's phone number (OpenID Connect Core §5.4).", ["phone_number", "phone_number_verified"]),
  scope("roles", "The user's realm and client roles, in the access token.", [], ["realm_access", "resource_access"]),
  scope("web-origins", "The client's web origins, for CORS.", [], ["allowed-origins"]),
  scope("acr", "The authentication context class. Every client gets it by default.", [], ["acr"]),
  scope("basic", "The subject. Every client gets it by default.", [], ["sub", "auth_time"]),
  scope("microprofile-jwt", "MicroProfile JWT claims.", ["upn", "groups"]),
  scope("organization", "The user's organizations.", ["organization"]),
  scope(
    "service_account",
    "Service-account tokens only. Every client using client credentials gets it by default.",
    [],
    ["client_id", "clientHost", "clientAddress"],
  ),
];

/**
 * Client scopes Keycloak ships in every realm (Keycloak 26), plus `offline_access`. Clients reference
 * them by name; the registry never redefines them.
 */
export const BUILT_IN_SCOPES: readonly string[] = STANDARD_SCOPES.map((s) => s.name).filter(
  (name) => name !== IMPLICIT_SCOPE,
);

/**
 * User claims each built-in scope releases, for the scopes that release any. A registry scope that
 * releases one of these names on a client that also uses the built-in would fight it for the claim.
 */
export const BUILT_IN_SCOPE_CLAIMS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  STANDARD_SCOPES.filter((s) => s.name !== IMPLICIT_SCOPE && s.claims.length > 0).map((s) => [s.name, s.claims]),
);

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
