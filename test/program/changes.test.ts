/**
 * A registry change touches only the resources it implies: what a reviewer sees in `pulumi preview`.
 * Each case runs the program on a copy of the example registry before and after one edit.
 */
import { afterAll, describe, expect, test } from "vitest";
import { committedStack, copyRegistry, removeCopies, keyed, runProgram, TYPES, type Registered } from "./harness";

afterAll(removeCopies);

async function resourcesFor(registryDir: string, stack = "dev"): Promise<Map<string, Registered>> {
  const run = await runProgram({ ...committedStack(stack), registryDir });
  if (run.error) throw run.error;
  return keyed(run.resources);
}

function difference(before: Map<string, Registered>, after: Map<string, Registered>) {
  return {
    added: [...after.keys()].filter((k) => !before.has(k)).sort(),
    removed: [...before.keys()].filter((k) => !after.has(k)).sort(),
    changed: [...after.keys()]
      .filter((k) => before.has(k) && JSON.stringify(before.get(k)!.inputs) !== JSON.stringify(after.get(k)!.inputs))
      .sort(),
  };
}

// Owned by the owners of its audience client (odcs): a scope may name only its own owners' clients.
const KOJI = `service: Koji
namespace: https://pagure.io/koji/oidc/
owners: ["@fedora-infra/odcs"]
scopes:
  - id: build
    summary: Submit builds
    availability: [development]
    audience: odcs
  - id: whoami
    summary: Your Koji user name
    availability: [development]
    claims:
      - name: koji_user
        from: attribute
        attribute: kojiUser
`;

describe("changes touch only what they imply", () => {
  test("adding a scope file adds resources under that service's component, and nothing else changes", async () => {
    const before = await resourcesFor(copyRegistry());
    const after = await resourcesFor(copyRegistry({ "scopes/koji.yaml": KOJI }));
    expect(difference(before, after)).toEqual({
      added: [
        `${TYPES.audienceMapper} koji/build/audience`,
        `${TYPES.clientScope} koji/build`,
        `${TYPES.clientScope} koji/whoami`,
        `${TYPES.attributeMapper} koji/whoami/koji_user`,
        `${TYPES.serviceScopes} koji`,
      ].sort(),
      removed: [],
      changed: [],
    });
    expect(after.get(`${TYPES.clientScope} koji/build`)!.inputs["name"]).toBe("https://pagure.io/koji/oidc/build");
  });

  test("editing a summary changes one client scope's texts, and not its name", async () => {
    const before = await resourcesFor(copyRegistry());
    const after = await resourcesFor(
      copyRegistry({
        "scopes/bodhi.yaml": (text) =>
          text.replace("summary: Submit new updates", "summary: Submit new updates to Fedora"),
      }),
    );
    const key = `${TYPES.clientScope} bodhi/create-update`;
    expect(difference(before, after)).toEqual({ added: [], removed: [], changed: [key] });
    expect(before.get(key)!.inputs["name"]).toBe("https://github.com/fedora-infra/bodhi/oidc/create-update");
    expect(after.get(key)!.inputs).toEqual({
      ...before.get(key)!.inputs,
      description: "Submit new updates to Fedora",
      consentScreenText: "Submit new updates to Fedora",
    });
  });

  test("reordering a scope file renames nothing (names come from ids, not positions)", async () => {
    const before = await resourcesFor(copyRegistry());
    const after = await resourcesFor(
      copyRegistry({
        "scopes/fedora-id.yaml": (text) => {
          const [head, rest] = text.split("scopes:\n");
          const [groups, cla] = rest.split(/\n(?= {2}- id: cla)/);
          return `${head}scopes:\n${cla}\n${groups}\n`;
        },
      }),
    );
    expect(difference(before, after)).toEqual({ added: [], removed: [], changed: [] });
  });

  test("promoting a scope to production adds it there and attaches it to the client waiting for it", async () => {
    const before = await resourcesFor(copyRegistry(), "prod");
    const after = await resourcesFor(
      copyRegistry({
        "scopes/waiverdb.yaml": (text) =>
          text.replace("availability: [development, staging]", "availability: [development, staging, production]"),
      }),
      "prod",
    );
    const attachment = `${TYPES.optionalScopes} packager-dashboard`;
    expect(difference(before, after)).toEqual({
      added: [`${TYPES.clientScope} waiverdb/create-waiver`, `${TYPES.serviceScopes} waiverdb`],
      removed: [],
      changed: [attachment],
    });
    expect(after.get(attachment)!.inputs["optionalScopes"]).toEqual([
      "https://id.fedoraproject.org/scope/cla",
      "https://waiverdb.fedoraproject.org/oidc/create-waiver",
    ]);
  });

  test("bumping a client's rotation changes only its password's keeper (which replaces it)", async () => {
    const before = await resourcesFor(copyRegistry());
    const after = await resourcesFor(
      copyRegistry({ "clients/bodhi.yaml": (text) => text.replace("rotation: 1", "rotation: 2") }),
    );
    expect(difference(before, after)).toEqual({ added: [], removed: [], changed: [`${TYPES.password} bodhi`] });
    expect(after.get(`${TYPES.password} bodhi`)!.inputs["keepers"]).toEqual({ rotation: "2" });
  });
});
