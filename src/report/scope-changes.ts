/**
 * How one environment's scopes change: added, promoted, removed, demoted, and for a scope live on both
 * sides, its claims, audience, token-scope listing, consent text, deprecation and restriction.
 * A change that takes something away is BREAKING only when a client in the environment uses the scope.
 *
 * Scopes are matched by full name, and also by Pulumi logical name (the plan's `resourceName`), since
 * Pulumi matches resources by that: a scope whose full name changes while its logical name stays (its
 * file's namespace changed) is renamed in place, and a scope whose full name stays while its logical
 * name changes (it moved to another file, or its file was renamed) is deleted and re-created.
 */
import { describeDefinition, type PlannedClaim, type PlannedScope } from "../registry";
import { scopeUsers, type ChangeKind, type ChangeList, type EnvironmentComparison, type Impact } from "./change";
import { code, codeList } from "./markdown";

/**
 * Scopes renamed in place in this environment, old full name → new full name: on one side only by
 * name, but with the same Pulumi logical name on both (a scope file's namespace changed).
 */
export function scopeRenames(comparison: EnvironmentComparison): Map<string, string> {
  const baseNames = new Set(comparison.base.scopes.map((s) => s.name));
  const headNames = new Set(comparison.head.scopes.map((s) => s.name));
  const added = new Map(
    comparison.head.scopes.filter((s) => !baseNames.has(s.name)).map((s) => [s.resourceName, s.name]),
  );
  const renames = new Map<string, string>();
  for (const gone of comparison.base.scopes) {
    if (headNames.has(gone.name)) continue;
    const now = added.get(gone.resourceName);
    if (now !== undefined) renames.set(gone.name, now);
  }
  return renames;
}

export function scopeChanges(comparison: EnvironmentComparison, list: ChangeList): void {
  const base = new Map(comparison.base.scopes.map((s) => [s.name, s]));
  const head = new Map(comparison.head.scopes.map((s) => [s.name, s]));
  const renames = scopeRenames(comparison);
  const renamedFrom = new Map([...renames].map(([old, now]) => [now, old]));

  ownerChanges(comparison, list);
  namespaceChanges(comparison, renames, list);
  fileMoves(comparison, list);

  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  for (const name of names) {
    // A scope renamed in place is compared under its new name, with its old self.
    if (renames.has(name)) continue;
    const oldName = renamedFrom.get(name);
    const before = base.get(oldName ?? name);
    const after = head.get(name);
    if (before === undefined && after !== undefined) {
      const promoted = comparison.baseRegistry.scopes.has(name);
      const reasons = after.claims.flatMap((c) => {
        const why = sourceReview(c);
        return why === null ? [] : [`claim ${code(c.name)} is ${why}`];
      });
      list.add(
        reasons.length > 0 ? "REVIEW" : "SAFE",
        promoted ? "scope-promoted" : "scope-added",
        { scope: name },
        `scope ${code(name)} ${promoted ? "becomes available (promoted)" : "is added"}${claimsNote(after.claims)}` +
          (reasons.length > 0 ? `: ${reasons.join("; ")}` : ""),
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
      const users =
        oldName === undefined
          ? scopeUsers(comparison, name)
          : [...new Set([...scopeUsers(comparison, oldName), ...scopeUsers(comparison, name)])].sort();
      changedScope(before, after, users, list);
    }
  }
}

/** `scopes/anitya.yaml`: the file a planned scope comes from (keys are file stems; `.yml` is refused). */
function scopeFile(service: string): string {
  return code(`scopes/${service}.yaml`);
}

/**
 * A scope file whose owners change, in each environment where it provisions a scope: the owners
 * approve every change to the file (CODEOWNERS), so this moves who may approve the next one.
 */
function ownerChanges(comparison: EnvironmentComparison, list: ChangeList): void {
  const services = [...new Set(comparison.head.scopes.map((s) => s.service))].sort();
  for (const service of services) {
    const before = comparison.baseRegistry.scopeFiles.find((f) => f.key === service);
    const after = comparison.headRegistry.scopeFiles.find((f) => f.key === service);
    if (before === undefined || after === undefined) continue;
    const change = ownersChange(before.data.owners, after.data.owners);
    if (change !== null) {
      list.add(
        "REVIEW",
        "owners",
        {},
        `scope file ${scopeFile(service)} changes its owners: ${change}; ${OWNERS_REVIEW}`,
      );
    }
  }
}

/** "adds `@b`, removes `@a`", or null when the owners are the same (compared without case, as GitHub does). */
export function ownersChange(before: readonly string[], after: readonly string[]): string | null {
  const has = (owners: readonly string[], owner: string) => owners.some((o) => o.toLowerCase() === owner.toLowerCase());
  const added = after.filter((o) => !has(before, o));
  const removed = before.filter((o) => !has(after, o));
  if (added.length === 0 && removed.length === 0) return null;
  return [
    ...(added.length > 0 ? [`adds ${codeList(added)}`] : []),
    ...(removed.length > 0 ? [`removes ${codeList(removed)}`] : []),
  ].join(", ");
}

/** Why an owners change needs a reviewer. */
export const OWNERS_REVIEW =
  "its owners approve every change to it (CODEOWNERS), so its current owners should approve this one";

/** Picks the singular or plural wording for a group of scopes. */
function number(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

/** The clients that use, in this environment, any of the pairs' scopes under its old name; sorted. */
function pairUsers(comparison: EnvironmentComparison, pairs: readonly (readonly [PlannedScope, PlannedScope])[]) {
  return [...new Set(pairs.flatMap(([before]) => scopeUsers(comparison, before.name)))].sort();
}

/**
 * A scope file's namespace changed: every full name of the file's scopes changes, while their logical
 * names (`<file>/<id>`) stay, so Pulumi updates the client scopes in place (a client scope's name is
 * not a replacing property) and Keycloak renames them. An application that requests an old name, or an
 * API that checks it in the token's `scope` claim, breaks: BREAKING where a client uses one.
 */
function namespaceChanges(
  comparison: EnvironmentComparison,
  renames: ReadonlyMap<string, string>,
  list: ChangeList,
): void {
  const byService = new Map<string, [PlannedScope, PlannedScope][]>();
  const base = new Map(comparison.base.scopes.map((s) => [s.name, s]));
  const head = new Map(comparison.head.scopes.map((s) => [s.name, s]));
  for (const [old, now] of [...renames].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const pair: [PlannedScope, PlannedScope] = [base.get(old)!, head.get(now)!];
    byService.set(pair[1].service, [...(byService.get(pair[1].service) ?? []), pair]);
  }
  for (const service of [...byService.keys()].sort()) {
    const pairs = byService.get(service)!;
    const one = pairs.length;
    const namespace = (registry: EnvironmentComparison["baseRegistry"]) => {
      const value = registry.scopeFiles.find((f) => f.key === service)?.data.namespace;
      return value === undefined ? "no namespace" : code(value);
    };
    const users = pairUsers(comparison, pairs);
    list.add(
      users.length > 0 ? "BREAKING" : "REVIEW",
      "scope-namespace",
      one === 1 ? { scope: pairs[0][1].name } : {},
      `scope file ${scopeFile(service)} changes its namespace from ${namespace(comparison.baseRegistry)} to ` +
        `${namespace(comparison.headRegistry)}: Pulumi updates ${number(one, "its client scope", "its client scopes")} ` +
        `in place and Keycloak renames ${number(one, "it", "them")} ` +
        `(${pairs.map(([before, after]) => `${code(before.name)} → ${code(after.name)}`).join(", ")}), ` +
        "which `protect` does not prevent; an application that requests an old name, or an API that checks it, breaks " +
        (users.length > 0 ? `(used by ${codeList(users)})` : `(no client uses ${number(one, "it", "them")})`),
    );
  }
}

/**
 * Scopes whose full name stays but whose logical name changes: their file was renamed, or they moved to
 * another file. Pulumi matches resources by logical name, so it sees new client scopes and mappers to
 * create and old ones to delete. It creates first, and Keycloak refuses a second client scope of one
 * name (409 Conflict); in production `protect` refuses the deletion. Were the old ones deleted first,
 * the clients that use them would lose them: their scope lists name the same scopes, so Pulumi has
 * nothing to update there and does not re-attach the new ones. BREAKING where a client uses one.
 */
function fileMoves(comparison: EnvironmentComparison, list: ChangeList): void {
  const base = new Map(comparison.base.scopes.map((s) => [s.name, s]));
  const moves = new Map<string, [PlannedScope, PlannedScope][]>();
  for (const after of comparison.head.scopes) {
    const before = base.get(after.name);
    if (before === undefined || before.resourceName === after.resourceName) continue;
    const key = JSON.stringify([before.service, after.service]);
    moves.set(key, [...(moves.get(key) ?? []), [before, after]]);
  }
  for (const key of [...moves.keys()].sort()) {
    const pairs = moves.get(key)!;
    const one = pairs.length;
    const [from, to] = JSON.parse(key) as [string, string];
    const users = pairUsers(comparison, pairs);
    const fromFile = comparison.baseRegistry.scopeFiles.find((f) => f.key === from);
    const toFile = comparison.headRegistry.scopeFiles.find((f) => f.key === to);
    const owners =
      fromFile !== undefined && toFile !== undefined ? ownersChange(fromFile.data.owners, toFile.data.owners) : null;
    list.add(
      users.length > 0 ? "BREAKING" : "REVIEW",
      "scope-file-renamed",
      one === 1 ? { scope: pairs[0][1].name } : {},
      `${number(one, "scope", "scopes")} ${codeList(pairs.map(([, after]) => after.name))} ` +
        `${number(one, "moves", "move")} from ${scopeFile(from)} to ${scopeFile(to)}: Pulumi deletes and re-creates ` +
        `${number(one, "its client scope and mappers", "their client scopes and mappers")}, as logical names follow ` +
        `the file name (${pairs.map(([b, a]) => `${code(b.resourceName)} → ${code(a.resourceName)}`).join(", ")}); ` +
        `it creates first, which Keycloak refuses while the old ${number(one, "one holds the same name", "ones hold the same names")} (409 Conflict)` +
        (comparison.environment === "production"
          ? `, and \`protect\` refuses to delete the old ${number(one, "one", "ones")} here`
          : "") +
        (users.length > 0
          ? `; ${codeList(users)} would lose ${number(one, "it", "them")}, since Pulumi does not re-attach a re-created scope`
          : `; no client uses ${number(one, "it", "them")}`) +
        (owners !== null ? `; its owners change: ${owners}` : ""),
    );
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
        "REVIEW",
        "scope-audience",
        subject,
        `scope ${scope} now adds ${code(after.audience)} to the token audience: tokens that carry it become valid at that API`,
      );
    } else {
      list.add(
        users.length > 0 ? "BREAKING" : "REVIEW",
        "scope-audience",
        subject,
        `scope ${scope} changes its token audience from ${code(before.audience)} to ${code(after.audience)}` +
          (users.length > 0
            ? usage(users, "used by")
            : `; no client uses it yet, but tokens that carry it become valid at ${code(after.audience)}`),
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
  // consentText defaults to the summary, so a scope always has one: it can change, never disappear.
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
  // restriction can never cut off a client that passes validation. Letting more clients in is what a
  // reviewer must see.
  const allowedBefore = before.restricted?.allowedClients ?? [];
  const allowedAfter = after.restricted?.allowedClients ?? [];
  if (after.restricted !== null && allowedBefore.join(" ") !== allowedAfter.join(" ")) {
    const admitted = before.restricted === null ? [] : allowedAfter.filter((c) => !allowedBefore.includes(c));
    list.add(
      admitted.length > 0 ? "REVIEW" : "SAFE",
      "scope-restricted",
      subject,
      `scope ${scope} ${before.restricted === null ? "becomes restricted" : "is now restricted"} to ${codeList(allowedAfter)}` +
        (admitted.length > 0 ? `: ${codeList(admitted)} may now use it` : ""),
    );
  } else if (after.restricted === null && before.restricted !== null) {
    list.add(
      "REVIEW",
      "scope-restricted",
      subject,
      `scope ${scope} is no longer restricted: any client may now use it, without a justification`,
    );
  }
}

/** Why a claim's source needs a reviewer, or null: a fixed value, or a value from the login session. */
function sourceReview(claim: PlannedClaim): string | null {
  switch (claim.from) {
    case "constant":
      return "a fixed value every token carries, which APIs may take for a fact about the user";
    case "session-note":
      return "copied from the login session, not from the user's account";
    default:
      return null;
  }
}

/** The settings that say what a claim holds (rather than how it is shaped). */
const CONTENT_SETTINGS = ["value", "attribute", "property", "client", "note"] as const;

/** Why a claim's new definition needs a reviewer when no client breaks, or null when it does not. */
function changeReview(previous: PlannedClaim, claim: PlannedClaim): string | null {
  const source = sourceReview(claim);
  if (source !== null) return `it is ${source}`;
  const contentChanged =
    previous.from !== claim.from || CONTENT_SETTINGS.some((key) => previous.settings[key] !== claim.settings[key]);
  if (contentChanged || sourceReview(previous) !== null) return "the same claim name will carry other data";
  return null;
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
      // Under its new name, a constant or a session note is a claim added: the same review.
      const why = users.length > 0 ? null : sourceReview(twin);
      list.add(
        why !== null ? "REVIEW" : impact,
        "claim-renamed",
        { scope: after.name, claim: gone.name },
        `scope ${scope} renames claim ${code(gone.name)} to ${code(twin.name)}${usage(users, "used by")}` +
          (why !== null ? `, but it is ${why}` : ""),
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
    const why = sourceReview(fresh);
    list.add(
      why !== null ? "REVIEW" : "SAFE",
      "claim-added",
      { scope: after.name, claim: fresh.name },
      `scope ${scope} now releases claim ${code(fresh.name)} (${describeDefinition(fresh)})` +
        (users.length > 0 ? `, to ${codeList(users)}` : "") +
        (why !== null ? `: ${why}` : ""),
    );
  }
  for (const claim of after.claims) {
    const previous = old.get(claim.name);
    if (previous === undefined) continue;
    const subject = { scope: after.name, claim: claim.name };
    const was = describeDefinition(previous);
    const is = describeDefinition(claim);
    if (was !== is) {
      const why = users.length > 0 ? null : changeReview(previous, claim);
      list.add(
        why !== null ? "REVIEW" : impact,
        "claim-changed",
        subject,
        `scope ${scope} changes claim ${code(claim.name)} from ${was} to ${is}${usage(users, "used by")}` +
          (why !== null ? `, but ${why}` : ""),
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
