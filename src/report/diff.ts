/**
 * What a change to the registry does to each environment: the plans of the base and of the working
 * tree, compared environment by environment. Pure: registries in, a list of changes out.
 *
 * BREAKING means something a running application relied on goes away or changes meaning in that
 * environment: a scope it uses is removed, demoted or renamed, a claim it receives is removed, renamed or
 * changes source, type or placement, a scope moves from default to optional or is lost altogether, a
 * client disappears, or a client's redirect URIs, post-logout redirect URIs, web origins, flows or
 * secret location narrow. A change to a scope that no client in that environment uses breaks nobody
 * (clients can only obtain scopes they are registered for).
 *
 * REVIEW means nothing breaks, but a reviewer must read the change before approving it, because it is
 * how a careless or hostile pull request would widen trust: a scope gains or changes its audience; a
 * claim becomes a constant or a session note, or starts holding other data; a scope stops being
 * restricted or admits more clients, or a client gains a restricted scope; a client gains a grant type,
 * stops asking for consent, accepts a new URI in production (or a wildcard one anywhere), rotates its
 * secret or delivers it somewhere new; a file's owners change; a namespace change renames scopes in
 * place; a scope moves to another file, which Pulumi deletes and re-creates. REVIEW does not fail the
 * command; where the same change breaks a client, it is BREAKING instead. Everything else is SAFE.
 */
import { ENVIRONMENTS, planAllEnvironments, type Registry } from "../registry";
import { ChangeList, type Change, type EnvironmentComparison } from "./change";
import { clientChanges } from "./client-changes";
import { scopeChanges } from "./scope-changes";

/**
 * Every change, by environment in promotion order; within one, what happens to scope files (owners,
 * namespace, scopes moving between files) by file name, then scopes by full name, then clients by id,
 * so the same two registries always give the same report.
 */
export function diffRegistries(baseRegistry: Registry, headRegistry: Registry): Change[] {
  const base = planAllEnvironments(baseRegistry);
  const head = planAllEnvironments(headRegistry);
  return ENVIRONMENTS.flatMap((environment) =>
    diffEnvironment({ environment, base: base[environment], head: head[environment], baseRegistry, headRegistry }),
  );
}

export function diffEnvironment(comparison: EnvironmentComparison): Change[] {
  const list = new ChangeList(comparison.environment);
  scopeChanges(comparison, list);
  clientChanges(comparison, list);
  return list.changes;
}

export function isBreaking(changes: readonly Change[]): boolean {
  return changes.some((change) => change.impact === "BREAKING");
}

export type { Change, ChangeKind, Impact } from "./change";
