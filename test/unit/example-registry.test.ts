/**
 * The committed example registry is under test: it must validate, and each environment's plan must match
 * the availability lines of the registry page it was transcribed from, scope for scope. This is the one
 * test that reads the repository's own scopes/ and clients/ (every other test reads the fixture registry
 * under test/fixtures/registry); once an organisation replaces the example with its own registry (there is
 * no scopes/fedora-id.yaml any more) there is no page to compare with, and it is skipped, saying so.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENVIRONMENTS, errorsIn, planEnvironment, validateDir, type Environment } from "../../src/registry";

const ROOT = join(__dirname, "..", "..");

// Transcribed by hand from the registry page (shared seed 000): per section, its scope ids and its
// Availability line. Bodhi's section has no Availability line; the registry chose all three.
const D: Environment = "development";
const S: Environment = "staging";
const P: Environment = "production";
const PAGE: { namespace: string; ids: string[]; availability: Environment[] }[] = [
  { namespace: "https://id.fedoraproject.org/scope/", ids: ["groups", "cla"], availability: [D, S, P] },
  { namespace: "https://github.com/fedora-infra/anitya/oidc/", ids: ["upstream", "downstream"], availability: [D] },
  { namespace: "https://mbs.fedoraproject.org/oidc/", ids: ["submit-build"], availability: [S, P] },
  { namespace: "https://waiverdb.fedoraproject.org/oidc/", ids: ["create-waiver"], availability: [D, S] },
  { namespace: "https://beaker-project.org/oidc/", ids: ["scope"], availability: [S, P] },
  {
    namespace: "https://pagure.io/odcs/",
    ids: ["new-compose", "renew-compose", "delete-compose"],
    availability: [D, S, P],
  },
  {
    namespace: "https://github.com/fedora-infra/bodhi/oidc/",
    ids: [
      "comment",
      "create-update",
      "edit-update",
      "request-update",
      "revoke-update",
      "create-override",
      "edit-override",
      "expire-override",
    ],
    availability: [D, S, P],
  },
  { namespace: "https://pagure.io/oidc/", ids: ["api"], availability: [S, P] },
];

const EXAMPLE_PRESENT = existsSync(join(ROOT, "scopes", "fedora-id.yaml"));
const TITLE = EXAMPLE_PRESENT
  ? "the example registry"
  : "the example registry (SKIPPED: scopes/fedora-id.yaml is gone, so the example registry has been replaced; validate, docs --check and codeowners --check still check yours)";

describe.skipIf(!EXAMPLE_PRESENT)(TITLE, () => {
  const { registry, problems } = validateDir(ROOT);

  it("validates without errors", () => {
    expect(errorsIn(problems)).toEqual([]);
    expect(registry.scopes.size).toBe(19);
  });

  it.each(ENVIRONMENTS)("plan --env %s holds exactly the scopes the page makes available there", (environment) => {
    const expected = PAGE.filter((s) => s.availability.includes(environment))
      .flatMap((s) => s.ids.map((id) => s.namespace + id))
      .sort();
    const plan = planEnvironment(registry, environment);
    expect(plan.scopes.map((s) => s.name)).toEqual(expected);
  });

  it("keeps the page's summaries and the groups and cla claims", () => {
    const summary = (name: string) => registry.scopes.get(name)?.definition.summary;
    expect(summary("https://github.com/fedora-infra/anitya/oidc/upstream")).toBe(
      "Permission to register new upstream projects for monitoring",
    );
    expect(summary("https://beaker-project.org/oidc/scope")).toBe("Full access to your beaker account.");
    const plan = planEnvironment(registry, "production");
    const claims = Object.fromEntries(plan.scopes.map((s) => [s.name, s.claims]));
    expect(claims["https://id.fedoraproject.org/scope/groups"]).toEqual([
      {
        name: "groups",
        from: "groups",
        settings: { fullPath: false },
        type: "string",
        multivalued: true,
        in: ["id_token", "access_token", "userinfo", "introspection"],
        mapperName: "groups",
        resourceName: "fedora-id/groups/groups",
      },
    ]);
    expect(claims["https://id.fedoraproject.org/scope/cla"]).toEqual([
      {
        name: "cla",
        from: "attribute",
        settings: { attribute: "cla" },
        type: "string",
        multivalued: true,
        in: ["id_token", "access_token", "userinfo", "introspection"],
        mapperName: "cla",
        resourceName: "fedora-id/cla/cla",
      },
    ]);
  });

  it("has a confidential web app, a public client, a single-page app and a service account", () => {
    const kinds = [...registry.clients.values()].map((c) => [
      c.clientId,
      c.definition.type,
      (c.definition.flows ?? []).join(" "),
    ]);
    expect(kinds).toContainEqual(["bodhi", "confidential", "authorization_code refresh_token"]);
    expect(kinds).toContainEqual(["bodhi-cli", "public", "authorization_code device_code refresh_token"]);
    expect(kinds).toContainEqual(["packager-dashboard", "public", "authorization_code refresh_token"]);
    expect(kinds).toContainEqual(["odcs-compose-bot", "confidential", "client_credentials"]);
  });
});
