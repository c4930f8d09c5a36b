/**
 * How one environment's scopes change: added, promoted, removed, demoted, and for a scope live on both
 * sides, its claims, audience, token-scope listing, consent text, deprecation and restriction.
 * A change that takes something away is BREAKING only when a client in the environment uses the scope.
 */
import { describeDefinition, type PlannedClaim, type PlannedScope } from "../registry";
import { scopeUsers, type ChangeKind, type ChangeList, type EnvironmentComparison, type Impact } from "./change";
import { code, codeList } from "./markdown";

export function scopeChanges(comparison: EnvironmentComparison, list: ChangeList): void {
  const base = new Map(comparison.base.scopes.map((s) => [s.name, s]));
  const head = new Map(comparison.head.scopes.map((s) => [s.name, s]));
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  for (const name of names) {
    const before = base.get(name);
    const after = head.get(name);
    if (before === undefined && after !== undefined) {
      const promoted = comparison.baseRegistry.scopes.has(name);
      list.add(
        "SAFE",
        promoted ? "scope-promoted" : "scope-added",
        { scope: name },
        `scope ${code(name)} ${promoted ? "becomes available (promoted)" : "is added"}${claimsNote(after.claims)}`,
      );
    } else if (before !== undefined && after === undefined) {
      const demoted = comparison.headRegistry.scopes.has(name);
      const users = scopeUsers(comparison, name);
      list.add(
        users.length > 0 ? "BREAKING" : "SAFE",
        demoted ? "scope-demoted" : "scope-removed",
        { scope: name },
        `scope ${code(name)} ${demoted ? "is no longer available (demoted)" : "is removed"}${usage(users, "still used by")}`,
      );
    } else if (before !== undefined && after !== undefined) {
      changedScope(before, after, scopeUsers(comparison, name), list);
    }
  }
}

function changedScope(before: PlannedScope, after: PlannedScope, users: readonly string[], list: ChangeList): void {
  const scope = code(after.name);
  const subject = { scope: after.name };
  /** Taking something away from a scope breaks exactly the clients that use it here. */
  const narrowing = (kind: ChangeKind, message: string) =>
    list.add(impactOf(users), kind, subject, message + usage(users, "used by"));

  claimChanges(before, after, users, list);

  if (before.audience !== after.audience) {
    if (after.audience === null) {
      narrowing("scope-audience", `scope ${scope} no longer adds ${code(before.audience!)} to the token audience`);
    } else if (before.audience === null) {
      list.add(
        "SAFE",
        "scope-audience",
        subject,
        `scope ${scope} now adds ${code(after.audience)} to the token audience`,
      );
    } else {
      narrowing(
        "scope-audience",
        `scope ${scope} changes its token audience from ${code(before.audience)} to ${code(after.audience)}`,
      );
    }
  }
  if (before.includeInTokenScope !== after.includeInTokenScope) {
    if (after.includeInTokenScope) {
      list.add(
        "SAFE",
        "scope-token-scope",
        subject,
        `scope ${scope} is now listed in the token's ${code("scope")} claim`,
      );
    } else {
      narrowing("scope-token-scope", `scope ${scope} is no longer listed in the token's ${code("scope")} claim`);
    }
  }
  if (before.consentText !== after.consentText) {
    list.add(
      "SAFE",
      "scope-consent-text",
      subject,
      `scope ${scope} changes its consent text to ${JSON.stringify(after.consentText)}`,
    );
  }
  if (after.deprecated !== null && before.deprecated === null) {
    list.add(
      "SAFE",
      "scope-deprecated",
      subject,
      `scope ${scope} is deprecated since ${after.deprecated.since} (${JSON.stringify(after.deprecated.message)})${usage(users, "still used by")}`,
    );
  } else if (after.deprecated === null && before.deprecated !== null) {
    list.add("SAFE", "scope-deprecated", subject, `scope ${scope} is no longer deprecated`);
  }
  // Validation guarantees every client using a restricted scope is allowed and justified, so a
  // restriction can never cut off a client that passes validation.
  const allowedBefore = before.restricted?.allowedClients.join(" ");
  const allowedAfter = after.restricted?.allowedClients.join(" ");
  if (after.restricted !== null && allowedBefore !== allowedAfter) {
    list.add(
      "SAFE",
      "scope-restricted",
      subject,
      `scope ${scope} ${before.restricted === null ? "becomes restricted" : "is now restricted"} to ${codeList(after.restricted.allowedClients)}`,
    );
  } else if (after.restricted === null && before.restricted !== null) {
    list.add("SAFE", "scope-restricted", subject, `scope ${scope} is no longer restricted`);
  }
}

function claimChanges(before: PlannedScope, after: PlannedScope, users: readonly string[], list: ChangeList): void {
  const scope = code(after.name);
  const impact = impactOf(users);
  const old = new Map(before.claims.map((c) => [c.name, c]));
  const now = new Map(after.claims.map((c) => [c.name, c]));
  const removed = before.claims.filter((c) => !now.has(c.name));
  const added = after.claims.filter((c) => !old.has(c.name));

  // A claim that disappears while another with the same source, type and placement appears is a
  // rename: reported as one change, because that is what the author did and what clients see.
  const renamedTo = new Map<string, PlannedClaim>();
  for (const gone of removed) {
    const twin = added.find((c) => ![...renamedTo.values()].includes(c) && sameMeaning(gone, c));
    if (twin !== undefined) renamedTo.set(gone.name, twin);
  }
  const renamedTargets = new Set([...renamedTo.values()].map((c) => c.name));

  for (const gone of removed) {
    const twin = renamedTo.get(gone.name);
    if (twin !== undefined) {
      list.add(
        impact,
        "claim-renamed",
        { scope: after.name, claim: gone.name },
        `scope ${scope} renames claim ${code(gone.name)} to ${code(twin.name)}${usage(users, "used by")}`,
      );
    } else {
      list.add(
        impact,
        "claim-removed",
        { scope: after.name, claim: gone.name },
        `scope ${scope} no longer releases claim ${code(gone.name)}${usage(users, "used by")}`,
      );
    }
  }
  for (const fresh of added) {
    if (renamedTargets.has(fresh.name)) continue;
    list.add(
      "SAFE",
      "claim-added",
      { scope: after.name, claim: fresh.name },
      `scope ${scope} now releases claim ${code(fresh.name)} (${describeDefinition(fresh)})` +
        (users.length > 0 ? `, to ${codeList(users)}` : ""),
    );
  }
  for (const claim of after.claims) {
    const previous = old.get(claim.name);
    if (previous === undefined) continue;
    const subject = { scope: after.name, claim: claim.name };
    const was = describeDefinition(previous);
    const is = describeDefinition(claim);
    if (was !== is) {
      list.add(
        impact,
        "claim-changed",
        subject,
        `scope ${scope} changes claim ${code(claim.name)} from ${was} to ${is}${usage(users, "used by")}`,
      );
    }
    const lost = previous.in.filter((token) => !claim.in.includes(token));
    const gained = claim.in.filter((token) => !previous.in.includes(token));
    if (lost.length > 0) {
      list.add(
        impact,
        "claim-placement",
        subject,
        `scope ${scope} no longer places claim ${code(claim.name)} in ${lost.join(", ")}${usage(users, "used by")}`,
      );
    }
    if (gained.length > 0) {
      list.add(
        "SAFE",
        "claim-placement",
        subject,
        `scope ${scope} now also places claim ${code(claim.name)} in ${gained.join(", ")}`,
      );
    }
  }
}

function sameMeaning(a: PlannedClaim, b: PlannedClaim): boolean {
  return describeDefinition(a) === describeDefinition(b) && a.in.join() === b.in.join();
}

function impactOf(users: readonly string[]): Impact {
  return users.length > 0 ? "BREAKING" : "SAFE";
}

/** ", used by `a`, `b`", or "; no client uses it": why taking it away breaks nobody. */
function usage(users: readonly string[], phrase: string): string {
  return users.length > 0 ? `, ${phrase} ${codeList(users)}` : "; no client uses it";
}

/** " (claims `a`, `b`)" for a scope that releases claims. */
export function claimsNote(claims: readonly { readonly name: string }[]): string {
  const names = [...new Set(claims.map((c) => c.name))].sort();
  return names.length > 0 ? ` (claims ${codeList(names)})` : "";
}
