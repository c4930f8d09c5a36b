/**
 * One change to one environment, and the comparison it is found in. Shared by the scope and client
 * comparisons and the formats that print them.
 */
import type { Environment, EnvironmentPlan, Registry } from "../registry";

/**
 * BREAKING: something a running application relies on goes away or changes meaning (exit 1).
 * REVIEW: nothing breaks, but the change widens what a token says, where it is valid or who can get
 * one, moves credentials or approval, or makes Pulumi re-create or rename what exists: a reviewer must
 * read it before approving (it does not fail the command by itself). SAFE: everything else.
 */
export type Impact = "SAFE" | "REVIEW" | "BREAKING";

export type ChangeKind =
  | "scope-added"
  | "scope-promoted"
  | "scope-removed"
  | "scope-demoted"
  | "claim-added"
  | "claim-removed"
  | "claim-renamed"
  | "claim-changed"
  | "claim-placement"
  | "scope-audience"
  | "scope-token-scope"
  | "scope-consent-text"
  | "scope-deprecated"
  | "scope-restricted"
  | "client-added"
  | "client-promoted"
  | "client-removed"
  | "client-demoted"
  | "client-name"
  | "client-type"
  | "client-flow"
  | "client-scope-gained"
  | "client-scope-lost"
  | "client-scope-moved"
  | "client-scope-not-yet-available"
  | "client-redirect-uri"
  | "client-post-logout-redirect-uri"
  | "client-web-origin"
  | "client-consent"
  | "client-credentials"
  | "client-full-scope"
  | "client-role"
  | "client-service-account-role"
  | "client-url"
  | "client-lifespan"
  | "scope-namespace"
  | "scope-file-renamed"
  | "client-scope-renamed"
  | "owners";

export interface Change {
  readonly environment: Environment;
  readonly impact: Impact;
  readonly kind: ChangeKind;
  /** The scope the change is about (full name), when there is one. */
  readonly scope: string | null;
  readonly client: string | null;
  readonly claim: string | null;
  /** The sentence a reviewer reads, led by the environment: "production: client `bodhi` gains …". */
  readonly text: string;
}

/** Both sides of one environment, plus what each whole registry defines (to tell promotion from addition). */
export interface EnvironmentComparison {
  readonly environment: Environment;
  readonly base: EnvironmentPlan;
  readonly head: EnvironmentPlan;
  readonly baseRegistry: Registry;
  readonly headRegistry: Registry;
}

/** Collects one environment's changes, prefixing each sentence with the environment. */
export class ChangeList {
  readonly changes: Change[] = [];

  constructor(readonly environment: Environment) {}

  add(
    impact: Impact,
    kind: ChangeKind,
    subject: { scope?: string; client?: string; claim?: string },
    message: string,
  ): void {
    this.changes.push({
      environment: this.environment,
      impact,
      kind,
      scope: subject.scope ?? null,
      client: subject.client ?? null,
      claim: subject.claim ?? null,
      text: `${this.environment}: ${message}`,
    });
  }
}

/**
 * Clients that use a scope in one environment on either side: those that had it attached before,
 * and those that have it attached or still list it (not yet available) after. Sorted.
 */
export function scopeUsers(comparison: EnvironmentComparison, scope: string): string[] {
  const users = new Set<string>();
  const attaches = (plan: EnvironmentPlan) =>
    plan.clients.filter((c) => c.defaultScopes.includes(scope) || c.optionalScopes.includes(scope));
  for (const client of attaches(comparison.base)) users.add(client.clientId);
  for (const client of attaches(comparison.head)) users.add(client.clientId);
  for (const client of comparison.head.clients) {
    if (client.notYetAvailable.some((missing) => missing.name === scope)) users.add(client.clientId);
  }
  return [...users].sort();
}
