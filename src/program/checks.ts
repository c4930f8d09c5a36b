/**
 * Rules the registry core does not (yet) enforce but Keycloak does, checked before any resource is
 * registered so that `pulumi up` fails with a positioned message instead of half-applying a change.
 * They are reported exactly like the core's problems (file:line:col, rule, message, fix).
 */
import type { Problem, Registry } from "../registry";
import { AUDIENCE_MAPPER_NAME, FULL_NAME_CLAIM } from "./mappers";

export function provisioningProblems(registry: Registry): Problem[] {
  const problems: Problem[] = [];
  for (const scope of registry.scopes.values()) {
    const { source } = scope.file;
    (scope.definition.claims ?? []).forEach((claim, claimIndex) => {
      const at = (field: string) => ({ file: source.path, ...source.locate(["scopes", scope.index, "claims", claimIndex, field]) });
      // Keycloak's full-name mapper has no claim-name setting: it always writes `name`
      // (org.keycloak.protocol.oidc.mappers.FullNameMapper#setClaim).
      if (claim.from === "full-name" && claim.name !== FULL_NAME_CLAIM) {
        problems.push({
          severity: "error",
          rule: "full-name-claim",
          ...at("name"),
          message: `claim ${JSON.stringify(claim.name)} comes from full-name, but Keycloak's full-name mapper always writes the claim "${FULL_NAME_CLAIM}"`,
          fix: `name the claim ${FULL_NAME_CLAIM}, or release the name another way (e.g. from: attribute)`,
        });
      }
      // Keycloak refuses two protocol mappers with one name in a client scope ("Protocol mapper exists
      // with same name"), and the audience mapper of an API scope is called `audience`.
      if (scope.definition.audience !== undefined && claim.name === AUDIENCE_MAPPER_NAME) {
        problems.push({
          severity: "error",
          rule: "audience-mapper-name",
          ...at("name"),
          message: `scope ${JSON.stringify(scope.name)} has an audience, whose mapper is named "${AUDIENCE_MAPPER_NAME}", and also releases a claim of that name`,
          fix: "rename the claim, or move it to another scope",
        });
      }
    });
  }
  return problems;
}
