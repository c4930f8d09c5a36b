/**
 * `diff --base`: real git history in a temporary repository (the example registry committed, then
 * changed in the working tree), each change classified and worded exactly, with the exit code.
 */
import { afterEach, describe, expect, it } from "vitest";
import { GitRegistry } from "./git-registry";

const GROUPS = "https://id.fedoraproject.org/scope/groups";
const CLA = "https://id.fedoraproject.org/scope/cla";
const CREATE_WAIVER = "https://waiverdb.fedoraproject.org/oidc/create-waiver";

let repo: GitRegistry;
afterEach(() => repo?.dispose());

function fresh(options?: { subdirectory?: string; git?: boolean }): GitRegistry {
  repo = new GitRegistry(options);
  return repo;
}

/** The report's change lines, which carry every classification and sentence. */
function items(markdown: string): string[] {
  return markdown.split("\n").filter((line) => line.startsWith("- "));
}

function inEveryEnvironment(line: (environment: string) => string): string[] {
  return ["development", "staging", "production"].map(line);
}

describe("diff --base: the five changes a reviewer meets most", () => {
  it("a promotion to production is SAFE, and the client waiting for the scope gains it (exit 0)", () => {
    const r = fresh();
    r.edit(
      "scopes/waiverdb.yaml",
      "availability: [development, staging]",
      "availability: [development, staging, production]",
    );
    const commit = r.git("rev-parse", "HEAD").trim();
    const { code, out, err } = r.cli("diff", "--base", "HEAD");
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toBe(
      [
        `## Scope registry changes against \`HEAD\` (${commit.slice(0, 12)})`,
        "",
        "**SAFE**: 2 changes, none breaking.",
        "",
        "| Environment | Breaking | Safe |",
        "| --- | --- | --- |",
        "| development | 0 | 0 |",
        "| staging | 0 | 0 |",
        "| production | 0 | 2 |",
        "",
        `- SAFE production: scope \`${CREATE_WAIVER}\` becomes available (promoted)`,
        `- SAFE production: client \`packager-dashboard\` gains optional scope \`${CREATE_WAIVER}\``,
      ].join("\n"),
    );
  });

  it("a new optional scope on a client is SAFE in every environment, naming the claims it brings", () => {
    const r = fresh();
    r.edit("clients/bodhi-cli.yaml", "    - offline_access\n", `    - offline_access\n    - ${CLA}\n`);
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(out).toContain("**SAFE**: 3 changes, none breaking.");
    expect(items(out)).toEqual(
      inEveryEnvironment(
        (env) => `- SAFE ${env}: client \`bodhi-cli\` gains optional scope \`${CLA}\` (claims \`cla\`)`,
      ),
    );
  });

  it("a removed claim is BREAKING where clients use its scope, and names them (exit 1)", () => {
    const r = fresh();
    r.edit(
      "scopes/fedora-id.yaml",
      "    claims:\n      - name: cla\n        from: attribute\n        attribute: cla\n        multivalued: true\n",
      "",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(out).toContain("**BREAKING**: 3 breaking changes, 0 safe changes.");
    expect(items(out)).toEqual(
      inEveryEnvironment(
        (env) =>
          `- **BREAKING** ${env}: scope \`${CLA}\` no longer releases claim \`cla\`, used by \`bodhi\`, \`packager-dashboard\``,
      ),
    );
  });

  it("moving a scope from default to optional is BREAKING (exit 1)", () => {
    const r = fresh();
    r.edit("clients/bodhi.yaml", `default: [openid, profile, email, ${GROUPS}]`, "default: [openid, profile, email]");
    r.edit("clients/bodhi.yaml", "  optional:\n", `  optional:\n    - ${GROUPS}\n`);
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out)).toEqual(
      inEveryEnvironment(
        (env) =>
          `- **BREAKING** ${env}: client \`bodhi\` moves scope \`${GROUPS}\` from default to optional (claims \`groups\`); ` +
          "apply it in two updates: remove it from the default scopes, then add it to the optional ones",
      ),
    );
  });

  it("the opposite move, optional to default, is SAFE (exit 0)", () => {
    const r = fresh();
    r.edit(
      "clients/bodhi.yaml",
      `default: [openid, profile, email, ${GROUPS}]`,
      `default: [openid, profile, email, ${GROUPS}, ${CLA}]`,
    );
    r.edit("clients/bodhi.yaml", `    - ${CLA}\n`, "");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual(
      inEveryEnvironment(
        (env) => `- SAFE ${env}: client \`bodhi\` moves scope \`${CLA}\` from optional to default (claims \`cla\`)`,
      ),
    );
  });

  it("a deleted client is BREAKING everywhere it existed (exit 1)", () => {
    const r = fresh();
    r.remove("clients/odcs-compose-bot.yaml");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out)).toEqual(
      inEveryEnvironment((env) => `- **BREAKING** ${env}: client \`odcs-compose-bot\` is removed`),
    );
  });
});

describe("diff --base: scopes", () => {
  it("demoting a scope a client still lists is BREAKING twice: the scope, and the client that loses it", () => {
    const r = fresh();
    r.edit("scopes/waiverdb.yaml", "availability: [development, staging]", "availability: [development]");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out)).toEqual([
      `- **BREAKING** staging: scope \`${CREATE_WAIVER}\` is no longer available (demoted), still used by \`packager-dashboard\``,
      `- **BREAKING** staging: client \`packager-dashboard\` loses optional scope \`${CREATE_WAIVER}\`: it is no longer available in staging`,
    ]);
  });

  it("removing or demoting a scope no client uses is SAFE, and says why", () => {
    const r = fresh();
    r.edit("scopes/beaker.yaml", "availability: [staging, production]", "availability: [production]");
    r.edit(
      "scopes/odcs.yaml",
      "  - id: delete-compose\n    summary: Permission to delete a compose\n    availability: [development, staging, production]\n    audience: odcs\n",
      "",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual([
      "- SAFE development: scope `https://pagure.io/odcs/delete-compose` is removed; no client uses it",
      "- SAFE staging: scope `https://beaker-project.org/oidc/scope` is no longer available (demoted); no client uses it",
      "- SAFE staging: scope `https://pagure.io/odcs/delete-compose` is removed; no client uses it",
      "- SAFE production: scope `https://pagure.io/odcs/delete-compose` is removed; no client uses it",
    ]);
  });

  it("a new service's scope is added, not promoted", () => {
    const r = fresh();
    r.write(
      "scopes/koji.yaml",
      [
        "service: Koji",
        "namespace: https://koji.fedoraproject.org/oidc/",
        'owners: ["@fedora-infra/koji"]',
        "scopes:",
        "  - id: build",
        "    summary: Submit builds",
        "    availability: [development]",
        "    claims:",
        "      - name: koji_user",
        "        from: property",
        "        property: username",
        "",
      ].join("\n"),
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual([
      "- SAFE development: scope `https://koji.fedoraproject.org/oidc/build` is added (claims `koji_user`)",
    ]);
  });

  it("a claim renamed, retyped or placed in fewer tokens is BREAKING; placed in more is SAFE", () => {
    const r = fresh();
    r.edit(
      "scopes/fedora-id.yaml",
      "      - name: groups\n        from: groups\n        fullPath: false\n",
      "      - name: fas_groups\n        from: groups\n        fullPath: false\n",
    );
    r.edit(
      "scopes/fedora-id.yaml",
      "        multivalued: true\n",
      "        multivalued: true\n        type: json\n        in: [id_token, userinfo]\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out).filter((line) => line.includes(" production: "))).toEqual([
      `- **BREAKING** production: scope \`${CLA}\` changes claim \`cla\` from attribute cla (string, multivalued) to attribute cla (json, multivalued), used by \`bodhi\`, \`packager-dashboard\``,
      `- **BREAKING** production: scope \`${CLA}\` no longer places claim \`cla\` in access_token, used by \`bodhi\`, \`packager-dashboard\``,
      `- **BREAKING** production: scope \`${GROUPS}\` renames claim \`groups\` to \`fas_groups\`, used by \`bodhi\`, \`bodhi-cli\`, \`packager-dashboard\``,
    ]);
  });

  it("a new claim on a scope in use is SAFE and names the clients that receive it", () => {
    const r = fresh();
    r.edit(
      "scopes/fedora-id.yaml",
      "        fullPath: false\n",
      "        fullPath: false\n      - name: groups_path\n        from: groups\n        fullPath: true\n        in: [userinfo]\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual(
      inEveryEnvironment(
        (env) =>
          `- SAFE ${env}: scope \`${GROUPS}\` now releases claim \`groups_path\` (groups fullPath (string, multivalued)), to \`bodhi\`, \`bodhi-cli\`, \`packager-dashboard\``,
      ),
    );
  });

  it("losing an audience breaks the clients that use the scope; deprecation is SAFE but names who still uses it", () => {
    const r = fresh();
    r.edit(
      "scopes/bodhi.yaml",
      "  - id: comment\n    summary: Post new comments and votes\n    availability: [development, staging, production]\n    audience: bodhi\n",
      "  - id: comment\n    summary: Post new comments and votes\n    availability: [development, staging, production]\n    deprecated:\n      since: 2025-01-31\n      message: Comments moved to the forge.\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    const comment = "https://github.com/fedora-infra/bodhi/oidc/comment";
    expect(items(out).filter((line) => line.includes(" production: "))).toEqual([
      `- **BREAKING** production: scope \`${comment}\` no longer adds \`bodhi\` to the token audience, used by \`bodhi\`, \`bodhi-cli\``,
      `- SAFE production: scope \`${comment}\` is deprecated since 2025-01-31 ("Comments moved to the forge."), still used by \`bodhi\`, \`bodhi-cli\``,
    ]);
  });
});

describe("diff --base: clients", () => {
  it("narrowing redirect URIs is BREAKING, widening them SAFE", () => {
    const r = fresh();
    r.edit(
      "clients/bodhi.yaml",
      "    redirectUris: [https://bodhi.fedoraproject.org/oidc/authorize]\n",
      "    redirectUris: [https://bodhi.fedoraproject.org/oidc/callback]\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out)).toEqual([
      "- **BREAKING** production: client `bodhi` no longer accepts redirect URI `https://bodhi.fedoraproject.org/oidc/authorize`",
      "- SAFE production: client `bodhi` accepts redirect URI `https://bodhi.fedoraproject.org/oidc/callback`",
    ]);
  });

  it("a client promoted to an environment is SAFE; a flow removed is BREAKING", () => {
    const r = fresh();
    r.edit("clients/mbs.yaml", "environments:\n", "environments:\n  development: {}\n");
    r.edit("clients/bodhi.yaml", "flows: [authorization_code, refresh_token]", "flows: [authorization_code]");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out).filter((line) => line.includes(" development: "))).toEqual([
      "- **BREAKING** development: client `bodhi` can no longer use the `refresh_token` flow",
      "- SAFE development: client `mbs` becomes available (promoted)",
    ]);
  });

  it("a client withdrawn from one environment is BREAKING there only", () => {
    const r = fresh();
    r.edit(
      "clients/packager-dashboard.yaml",
      "  production:\n    redirectUris: [https://packager-dashboard.fedoraproject.org/callback]\n    webOrigins: [https://packager-dashboard.fedoraproject.org]\n",
      "",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out)).toEqual([
      "- **BREAKING** production: client `packager-dashboard` is no longer provisioned in production (demoted)",
    ]);
  });

  it("a client listing a scope not yet available in an environment is told so, SAFE", () => {
    const r = fresh();
    r.edit(
      "clients/bodhi-cli.yaml",
      "    - offline_access\n",
      "    - offline_access\n    - https://github.com/fedora-infra/anitya/oidc/upstream\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual([
      "- SAFE development: client `bodhi-cli` gains optional scope `https://github.com/fedora-infra/anitya/oidc/upstream`",
      "- SAFE staging: client `bodhi-cli` lists optional scope `https://github.com/fedora-infra/anitya/oidc/upstream`, not yet available in staging: provisioned without it until it is promoted",
      "- SAFE production: client `bodhi-cli` lists optional scope `https://github.com/fedora-infra/anitya/oidc/upstream`, not yet available in production: provisioned without it until it is promoted",
    ]);
  });
});

describe("diff --base: the command", () => {
  it("says so when nothing changes (exit 0)", () => {
    const r = fresh();
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(out.split("\n").slice(1)).toEqual(["", "No change to any environment."]);
  });

  it("compares against an older revision, with the working tree's uncommitted edits", () => {
    const r = fresh();
    r.remove("clients/odcs-compose-bot.yaml");
    r.commit("drop the compose bot");
    r.edit(
      "scopes/waiverdb.yaml",
      "availability: [development, staging]",
      "availability: [development, staging, production]",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD~1");
    expect(code).toBe(1);
    expect(items(out).filter((line) => line.includes(" production: "))).toEqual([
      `- SAFE production: scope \`${CREATE_WAIVER}\` becomes available (promoted)`,
      "- **BREAKING** production: client `odcs-compose-bot` is removed",
      `- SAFE production: client \`packager-dashboard\` gains optional scope \`${CREATE_WAIVER}\``,
    ]);
  });

  it("works for a registry in a subdirectory of its repository", () => {
    const r = fresh({ subdirectory: "identity/registry" });
    r.remove("clients/odcs-compose-bot.yaml");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out)).toEqual(
      inEveryEnvironment((env) => `- **BREAKING** ${env}: client \`odcs-compose-bot\` is removed`),
    );
  });

  it("prints JSON with --json: every change with its environment, impact, kind and subject", () => {
    const r = fresh();
    r.edit(
      "scopes/waiverdb.yaml",
      "availability: [development, staging]",
      "availability: [development, staging, production]",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      base: "HEAD",
      baseCommit: r.git("rev-parse", "HEAD").trim(),
      baseErrors: 0,
      breaking: false,
      changes: [
        {
          environment: "production",
          impact: "SAFE",
          kind: "scope-promoted",
          scope: CREATE_WAIVER,
          client: null,
          claim: null,
          text: `production: scope \`${CREATE_WAIVER}\` becomes available (promoted)`,
        },
        {
          environment: "production",
          impact: "SAFE",
          kind: "client-scope-gained",
          scope: CREATE_WAIVER,
          client: "packager-dashboard",
          claim: null,
          text: `production: client \`packager-dashboard\` gains optional scope \`${CREATE_WAIVER}\``,
        },
      ],
    });
  });

  it("fails with the working tree's problems when it does not validate (exit 1)", () => {
    const r = fresh();
    r.edit(
      "clients/bodhi-cli.yaml",
      "    - offline_access\n",
      "    - offline_access\n    - https://id.fedoraproject.org/scope/clas\n",
    );
    const { code, out, err } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toBe(
      [
        "clients/bodhi-cli.yaml:14:7: error unknown-scope",
        `  scope "https://id.fedoraproject.org/scope/clas" is not defined in the registry (did you mean "${CLA}"?)`,
        "  fix: use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
        "registry invalid: 1 error, 1 warning in 1 file",
      ].join("\n"),
    );
  });

  it("compares against a base that does not validate, and says so", () => {
    const r = fresh();
    r.edit("scopes/beaker.yaml", "availability: [staging, production]", "availability: [staging, production, qa]");
    r.commit("a broken base");
    r.edit("scopes/beaker.yaml", "availability: [staging, production, qa]", "availability: [staging, production]");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(out.split("\n").slice(1, 4)).toEqual([
      "",
      "> The base does not validate (1 error): files that failed to load there are compared as if absent.",
      "",
    ]);
    expect(items(out)).toEqual([
      "- SAFE staging: scope `https://beaker-project.org/oidc/scope` is added",
      "- SAFE production: scope `https://beaker-project.org/oidc/scope` is added",
    ]);
  });

  it("is a usage error (exit 2) for a ref git does not know, a ref that looks like an option, or no --base", () => {
    const r = fresh();
    expect(r.cli("diff", "--base", "no-such-branch")).toEqual({
      code: 2,
      out: "",
      err: 'error: "no-such-branch" names no commit in this repository',
    });
    expect(r.cli("diff", "--base=--output=out.txt")).toEqual({
      code: 2,
      out: "",
      err: 'error: "--output=out.txt" is not a git revision',
    });
    const missing = r.cli("diff");
    expect(missing.code).toBe(2);
    expect(missing.err.split("\n")[0]).toBe("error: diff needs --base <git-ref>");
  });

  it("is a usage error (exit 2) outside a git repository", () => {
    const r = fresh({ git: false });
    const { code, err } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(2);
    expect(err).toBe("error: --dir is not inside a git repository, so there is no base revision to compare with");
  });
});
