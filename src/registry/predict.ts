/**
 * What the plan predicts a client's tokens carry: with the scopes a request asks for, which claims the
 * registry's client scopes put in the access token, the ID token and /userinfo, which audiences they
 * add, and which registry scopes the access token's `scope` claim names. Pure; `verify --tokens`
 * compares it with the tokens Keycloak really issues (its "evaluate scopes" examples).
 *
 * Only what the registry's own scopes release is predicted. Built-in scopes (`profile`, `email`, …)
 * and the claims Keycloak writes about the token itself are Keycloak's: the comparison leaves them out.
 */
import type { EnvironmentPlan, PlannedClient } from "./plan";
import type { TokenKind } from "./schema";

export interface TokenPrediction {
  /** Claim names each token carries from registry scopes, sorted. */
  readonly claims: Readonly<Record<TokenKind, readonly string[]>>;
  /** Audiences registry scopes add to the access token's `aud`, sorted. */
  readonly audiences: readonly string[];
  /** Registry scopes in effect that the access token's `scope` claim lists (include-in-token-scope). */
  readonly listedScopes: readonly string[];
  /** Registry scopes in effect that it leaves out. */
  readonly unlistedScopes: readonly string[];
  /** Claims whose value lives on the user session (session notes): absent from a token made without a login. */
  readonly sessionClaims: readonly string[];
  /**
   * Role claims that full scope off limits to the client's role scope (the user's realm roles, or
   * another client's roles): absent whenever the user holds none of the roles in that scope, since
   * Keycloak leaves an empty role claim out.
   */
  readonly roleScopedClaims: readonly string[];
}

/**
 * The prediction for a token request by `client` asking for `requested` scopes: its default scopes
 * always apply, an optional scope only when requested, and a scope the client does not have never.
 */
export function predictTokens(
  plan: EnvironmentPlan,
  client: PlannedClient,
  requested: readonly string[] = [],
): TokenPrediction {
  const inEffect = new Set([...client.defaultScopes, ...client.optionalScopes.filter((s) => requested.includes(s))]);
  const claims: Record<TokenKind, Set<string>> = { id_token: new Set(), access_token: new Set(), userinfo: new Set() };
  const audiences = new Set<string>();
  const listed: string[] = [];
  const unlisted: string[] = [];
  const session = new Set<string>();
  const roleScoped = new Set<string>();
  for (const scope of plan.scopes) {
    if (!inEffect.has(scope.name)) continue;
    for (const claim of scope.claims) {
      for (const token of claim.in) if (token !== "introspection") claims[token].add(claim.name);
      if (claim.from === "session-note") session.add(claim.name);
      const othersRoles =
        claim.from === "realm-roles" || (claim.from === "client-roles" && claim.settings.client !== client.clientId);
      if (othersRoles && !client.fullScopeAllowed) roleScoped.add(claim.name);
    }
    if (scope.audience !== null) audiences.add(scope.audience);
    (scope.includeInTokenScope ? listed : unlisted).push(scope.name);
  }
  const sorted = (values: Iterable<string>) => [...values].sort();
  return {
    claims: {
      id_token: sorted(claims.id_token),
      access_token: sorted(claims.access_token),
      userinfo: sorted(claims.userinfo),
    },
    audiences: sorted(audiences),
    listedScopes: sorted(listed),
    unlistedScopes: sorted(unlisted),
    sessionClaims: sorted(session),
    roleScopedClaims: sorted(roleScoped),
  };
}

/** Every claim name a registry scope in this plan releases, in any token: what a token may owe the registry. */
export function registryClaimNames(plan: EnvironmentPlan): ReadonlySet<string> {
  return new Set(plan.scopes.flatMap((scope) => scope.claims.map((claim) => claim.name)));
}
