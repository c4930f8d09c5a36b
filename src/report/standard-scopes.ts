/**
 * What the scopes the registry never defines provide: OpenID Connect's `openid` and Keycloak 26's
 * built-in client scopes (as a new realm creates them), so the catalogue can list them as the page it
 * replaces did. The claim lists come from the core; the rest is Keycloak's default realm.
 */
import { BUILT_IN_SCOPE_CLAIMS, BUILT_IN_SCOPES, IMPLICIT_SCOPE } from "../registry";

export interface StandardScope {
  readonly name: string;
  /** Claims the scope releases, in Keycloak's order. */
  readonly claims: readonly string[];
  readonly note: string;
}

const NOTES: Readonly<Record<string, { claims?: readonly string[]; note: string }>> = {
  [IMPLICIT_SCOPE]: { note: "Required for every OpenID Connect request; implicit, never attached to a client." },
  offline_access: { note: "Offline tokens: refresh tokens that outlive the user's session." },
  profile: { note: "The user's profile (OpenID Connect Core §5.4)." },
  email: { note: "The user's e-mail address (OpenID Connect Core §5.4)." },
  address: { note: "The user's postal address (OpenID Connect Core §5.4)." },
  phone: { note: "The user's phone number (OpenID Connect Core §5.4)." },
  roles: { claims: ["realm_access", "resource_access"], note: "The user's realm and client roles, in the access token." },
  "web-origins": { claims: ["allowed-origins"], note: "The client's web origins, for CORS." },
  acr: { claims: ["acr"], note: "The authentication context class. Every client gets it by default." },
  basic: { claims: ["sub", "auth_time"], note: "The subject. Every client gets it by default." },
  "microprofile-jwt": { note: "MicroProfile JWT claims." },
  organization: { note: "The user's organizations." },
  service_account: {
    claims: ["client_id", "clientHost", "clientAddress"],
    note: "Service-account tokens only. Every client using client credentials gets it by default.",
  },
};

/** `openid` first, then the built-ins in the core's order. */
export function standardScopes(): StandardScope[] {
  return [IMPLICIT_SCOPE, ...BUILT_IN_SCOPES].map((name) => ({
    name,
    claims: BUILT_IN_SCOPE_CLAIMS[name] ?? NOTES[name]?.claims ?? [],
    note: NOTES[name]?.note ?? "",
  }));
}
