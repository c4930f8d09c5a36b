/** The warnings the program logs in `pulumi preview`: exactly validate's, in validate's words. */
import { describe, expect, test } from "vitest";
import { planForStack } from "../../components/stack-plan";
import { formatProblem } from "../../src/registry";
import { FIXTURE_REGISTRY } from "../fixture-registry";

describe("planForStack", () => {
  test("returns the fixture registry's warnings, formatted as the command line prints them", () => {
    const { plan, warnings } = planForStack(FIXTURE_REGISTRY, "production");
    expect(plan.environment).toBe("production");
    expect(warnings.map(formatProblem)).toEqual([
      "clients/packager-dashboard.yaml:14:7: warning not-yet-available\n" +
        '  scope "https://waiverdb.fedoraproject.org/oidc/create-waiver" is not yet available in production; the client is provisioned there without it\n' +
        "  fix: promote it by adding production to its availability in scopes/waiverdb.yaml",
    ]);
  });
});
