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

/**
 * Names no registry file may define as a scope: OpenID Connect's and every client scope a new Keycloak
 * 26 realm holds, the SAML ones included (`role_list`, `saml_organization`), which share the realm's
 * client-scope names. Compared through `reservedForm`, so `Profile` or `openid/` cannot slip past.
 */
export const RESERVED_SCOPE_NAMES: ReadonlySet<string> = new Set(
  [IMPLICIT_SCOPE, ...BUILT_IN_SCOPES, "role_list", "saml_organization"].map(reservedForm),
);

/**
 * Client ids Keycloak creates in every realm (and `<realm>-realm` in the master realm). Provisioning one
 * would take over Keycloak's own client: `realm-management` holds the realm's admin roles.
 */
export const RESERVED_CLIENT_IDS: ReadonlySet<string> = new Set(
  ["account", "account-console", "admin-cli", "broker", "realm-management", "security-admin-console"].map(reservedForm),
);

/** The form in which names are compared with reserved ones: lower case, without trailing slashes. */
export function reservedForm(name: string): string {
  return name.toLowerCase().replace(/\/+$/, "");
}

export function isReservedClientId(clientId: string): boolean {
  const form = reservedForm(clientId);
  return RESERVED_CLIENT_IDS.has(form) || form.endsWith("-realm");
}

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
  // OIDC Core §3.1.3.6, §3.3.2.11 and FAPI's s_hash: hashes binding a token to a code or state.
  "at_hash",
  "c_hash",
  "s_hash",
  // Keycloak: the permissions of an authorization-services token, and the MicroProfile user principal.
  "authorization",
  "upn",
  "sub_jwk",
  "events",
  "txn",
]);

/**
 * Claims that say who the user is, or what they may do, which resource servers trust: each may come only
 * from the source that tells the truth, never from a constant, a session note or an attribute users
 * may edit. Looked up in lower case: `Email` is refused too, since a consumer may compare without case.
 */
export interface IdentityClaim {
  readonly name: string;
  /** The sources that tell the truth about it: a claim source, and the setting it must read. */
  readonly sources: readonly { readonly from: string; readonly setting?: string }[];
}

export const IDENTITY_CLAIMS: ReadonlyMap<string, IdentityClaim> = new Map(
  (
    [
      { name: "email", sources: [{ from: "property", setting: "email" }] },
      { name: "email_verified", sources: [{ from: "property", setting: "emailVerified" }] },
      { name: "preferred_username", sources: [{ from: "property", setting: "username" }] },
      { name: "given_name", sources: [{ from: "property", setting: "firstName" }] },
      { name: "family_name", sources: [{ from: "property", setting: "lastName" }] },
      { name: "name", sources: [{ from: "full-name" }] },
      { name: "groups", sources: [{ from: "groups" }] },
      { name: "roles", sources: [{ from: "realm-roles" }, { from: "client-roles" }] },
      { name: "clientHost", sources: [{ from: "session-note", setting: "clientHost" }] },
      { name: "clientAddress", sources: [{ from: "session-note", setting: "clientAddress" }] },
    ] satisfies IdentityClaim[]
  ).map((claim) => [claim.name.toLowerCase(), claim]),
);

/**
 * User-session notes a claim may release. Keycloak keeps more on a session than facts about the
 * client: a brokered login stores the upstream identity provider's tokens (FEDERATED_ACCESS_TOKEN), so
 * only notes known to be harmless are allowed.
 */
export const SESSION_NOTES: readonly string[] = [
  "clientHost",
  "clientAddress",
  "client_id",
  "identity_provider",
  "identity_provider_identity",
];

/**
 * User attributes that hold credentials or a user-storage provider's internals (LDAP's entry DN and
 * id, Kerberos principals), never to be released in a token.
 */
export const SENSITIVE_ATTRIBUTE =
  /passw(or)?d|secret|totp|^otp|credential|ldap_entry_dn|ldap_id|kerberos|private.?key|token/i;

/** Kubernetes' own namespaces: no client's secret is delivered there. */
export const KUBERNETES_SYSTEM_NAMESPACE = /^kube-/;

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
