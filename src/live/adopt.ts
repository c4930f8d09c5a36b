/**
 * Adoption: which objects a stack's first `pulumi up` imports instead of creating, because the realm
 * already holds them (made by hand, by a realm import, or by an `up` that was killed before it saved
 * its state). Pure: the plan and the live realm in, the adoption file's content out.
 *
 * Pulumi imports a resource only when the program's inputs match the object, so adoption is refused
 * while verify finds a difference in what exists; what is missing is simply created. A confidential
 * client that is adopted keeps the secret Keycloak holds (running applications keep working): the
 * program then sets no secret of its own for it, until its `rotation` is bumped.
 */
import { compareRealm, type Finding } from "./compare";
import type { LiveRealm } from "./realm";
import { importKey, type Adoption } from "../registry/adoption";
import type { EnvironmentPlan } from "../registry/plan";

/** The adoption of `realm` for `plan`, or the differences that stand in its way. */
export function adoptionFor(
  plan: EnvironmentPlan,
  realm: LiveRealm,
  findings: readonly Finding[] = compareRealm(plan, realm),
): { adoption: Adoption; blocking: Finding[] } {
  const blocking = findings.filter((f) => f.kind === "DIFFERS");
  const imports: Record<string, string> = {};
  const keptSecrets: string[] = [];
  const scopes = new Map(realm.clientScopes.map((s) => [s.name, s]));
  for (const scope of plan.scopes) {
    const live = scopes.get(scope.name);
    if (live === undefined) continue;
    imports[importKey("client-scope", scope.resourceName)] = `${realm.realm}/${live.id}`;
    const mappers = new Map(live.mappers.map((m) => [m.name, m]));
    const planned = [...scope.claims.map((c) => ({ name: c.mapperName, resourceName: c.resourceName }))];
    if (scope.audienceMapper !== null) planned.push(scope.audienceMapper);
    for (const { name, resourceName } of planned) {
      const mapper = mappers.get(name);
      if (mapper?.id === undefined) continue;
      imports[importKey("mapper", resourceName)] = `${realm.realm}/client-scope/${live.id}/${mapper.id}`;
    }
  }
  const clients = new Map(realm.clients.map((c) => [c.clientId, c]));
  for (const client of plan.clients) {
    const live = clients.get(client.clientId);
    if (live === undefined) continue;
    imports[importKey("client", client.resourceName)] = `${realm.realm}/${live.id}`;
    if (client.type === "confidential") keptSecrets.push(client.clientId);
  }
  return {
    adoption: { realm: realm.realm, environment: plan.environment, imports, keptSecrets: keptSecrets.sort() },
    blocking,
  };
}
