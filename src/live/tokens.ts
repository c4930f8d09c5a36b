/**
 * `verify --tokens`: the claims Keycloak really puts in a client's tokens (its "evaluate scopes"
 * example access token, ID token and /userinfo for one user) against the plan's prediction
 * (src/registry/predict.ts). Pure: admin.ts fetches the examples.
 *
 * - MISSING claim: predicted and absent (a claim whose source is empty for that user is absent too:
 *   verify with a user who has every attribute the registry releases). Session-note claims are not
 *   expected: an example token is made without a login session.
 * - EXTRA claim: present and unexplained: a registry claim the requested scopes do not release, or a
 *   claim that is neither the registry's, a built-in scope's nor one Keycloak writes about the token.
 * - MISSING audience: an `audience` of a requested registry scope absent from the access token's `aud`.
 * - DIFFERS: a registry scope listed in the access token's `scope` claim, or not, against its
 *   include-in-token-scope.
 *
 * Each finding is said once per client, with the first request that shows it.
 */
import { RESERVED_CLAIMS, STANDARD_SCOPES } from "../registry/builtins";
import type { EnvironmentPlan, PlannedClient } from "../registry/plan";
import { predictTokens, registryClaimNames } from "../registry/predict";
import { TOKENS, type TokenKind } from "../registry/schema";
import type { Finding } from "./compare";

export type Claims = Readonly<Record<string, unknown>>;
export type ExampleTokens = Readonly<Record<TokenKind, Claims>>;

/** One token request verify asks Keycloak to evaluate, and what came back. */
export interface TokenSample {
  readonly client: PlannedClient;
  /** Registry scopes requested besides the defaults (none: the default scopes alone). */
  readonly requested: readonly string[];
  readonly tokens: ExampleTokens;
}

/** The requests verify evaluates for a client: its default scopes, then each optional scope once. */
export function tokenRequests(client: PlannedClient): string[][] {
  return [[], ...client.optionalScopes.map((scope) => [scope])];
}

/** The `scope` parameter of a request: openid, then the requested scopes. */
export function scopeParameter(requested: readonly string[]): string {
  return ["openid", ...requested].join(" ");
}

/** Claims any token may carry whatever the registry says: Keycloak's own and the built-in scopes'. */
const KEYCLOAK_CLAIMS: ReadonlySet<string> = new Set([
  ...RESERVED_CLAIMS,
  ...STANDARD_SCOPES.flatMap((s) => [...s.claims, ...s.tokenClaims]),
]);

export function compareTokens(plan: EnvironmentPlan, samples: readonly TokenSample[]): Finding[] {
  const registryClaims = registryClaimNames(plan);
  const findings = new Map<string, Finding & { tokens: TokenKind[] }>();
  const add = (key: string, finding: Finding, token?: TokenKind) => {
    const seen = findings.get(key);
    if (seen === undefined) findings.set(key, { ...finding, tokens: token ? [token] : [] });
    else if (token !== undefined && !seen.tokens.includes(token)) seen.tokens.push(token);
  };
  for (const { client, requested, tokens } of samples) {
    const prediction = predictTokens(plan, client, requested);
    const request = JSON.stringify(scopeParameter(requested));
    const builtIn = builtInClaims(client, requested);
    for (const token of TOKENS) {
      const present = new Set(Object.keys(tokens[token]));
      const predicted = new Set(prediction.claims[token]);
      for (const claim of predicted) {
        if (present.has(claim) || prediction.sessionClaims.includes(claim)) continue;
        if (prediction.roleScopedClaims.includes(claim)) continue;
        add(
          `MISSING claim ${client.clientId} ${claim}`,
          { kind: "MISSING", object: { type: "claim", name: claim, client: client.clientId }, detail: request },
          token,
        );
      }
      for (const claim of [...present].sort()) {
        if (predicted.has(claim) || builtIn.has(claim)) continue;
        if (!registryClaims.has(claim) && KEYCLOAK_CLAIMS.has(claim)) continue;
        add(
          `EXTRA claim ${client.clientId} ${claim}`,
          { kind: "EXTRA", object: { type: "claim", name: claim, client: client.clientId }, detail: request },
          token,
        );
      }
    }
    const audiences = asList(tokens.access_token["aud"]);
    for (const audience of prediction.audiences) {
      if (audiences.includes(audience)) continue;
      add(`MISSING audience ${client.clientId} ${audience}`, {
        kind: "MISSING",
        object: { type: "audience", name: audience, client: client.clientId },
        detail: `from the access_token's aud for scope ${request}`,
      });
    }
    const scopeClaim = tokens.access_token["scope"];
    const listed = typeof scopeClaim === "string" ? scopeClaim.split(" ") : [];
    for (const [names, expected] of [
      [prediction.listedScopes, true],
      [prediction.unlistedScopes, false],
    ] as const) {
      for (const name of names) {
        if (listed.includes(name) === expected) continue;
        add(`DIFFERS scope ${client.clientId} ${name}`, {
          kind: "DIFFERS",
          object: { type: "scope", name, client: client.clientId },
          field: "in the access_token's scope claim",
          expected,
          actual: !expected,
        });
      }
    }
  }
  return [...findings.values()].map(({ tokens, ...finding }) =>
    tokens.length === 0
      ? finding
      : {
          ...finding,
          detail:
            finding.kind === "MISSING"
              ? `not in ${tokens.join(", ")} for scope ${finding.detail!}`
              : `in ${tokens.join(", ")} for scope ${finding.detail!}, not predicted by the plan`,
        },
  );
}

/** The claims of the built-in scopes in effect for this request: theirs to release, not the registry's. */
function builtInClaims(client: PlannedClient, requested: readonly string[]): ReadonlySet<string> {
  const inEffect = new Set([...client.defaultScopes, ...client.optionalScopes.filter((s) => requested.includes(s))]);
  return new Set(STANDARD_SCOPES.filter((s) => inEffect.has(s.name)).flatMap((s) => [...s.claims, ...s.tokenClaims]));
}

function asList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
