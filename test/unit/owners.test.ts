/** Owners: what CODEOWNERS takes (users, teams, nested groups, e-mail addresses) is accepted and written as is. */
import { describe, expect, it } from "vitest";
import { validateTexts } from "../../src/registry";
import { codeowners } from "../../src/report/codeowners";

const scopeFile = (owners: string) =>
  `service: Base\nnamespace: https://example.org/base/\nowners: ${owners}\nscopes:\n  - id: read\n    summary: Read things\n    availability: [development]\n`;

describe("owners", () => {
  it.each([
    ["a user", "@octocat"],
    ["a team", "@fedora-infra/bodhi"],
    ["a team slug with dots and underscores", "@org/team.name_2"],
    ["a nested group", "@group/subgroup/team"],
    ["an e-mail address", "ops@example.org"],
    ["an e-mail address with a tag and a subdomain", "first.last+registry@mail.example.co.uk"],
  ])("%s is accepted: %s", (_, owner) => {
    const { problems } = validateTexts([{ path: "scopes/base.yaml", text: scopeFile(JSON.stringify([owner])) }]);
    expect(problems).toEqual([]);
  });

  it("every accepted form is written to CODEOWNERS as given, once", () => {
    const owners = ["@octocat", "@group/subgroup/team", "ops@example.org", "@octocat"];
    const settings = { path: "registry.yaml", text: 'platformOwners: ["platform@example.org"]\n' };
    const { registry, problems } = validateTexts([
      { path: "scopes/base.yaml", text: scopeFile(JSON.stringify(owners)) },
      settings,
    ]);
    expect(problems).toEqual([]);
    expect(codeowners(registry).split("\n").slice(3)).toEqual([
      "* platform@example.org",
      "/scopes/base.yaml @octocat @group/subgroup/team ops@example.org",
      "",
    ]);
  });
});
