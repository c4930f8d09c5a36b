/**
 * `diff --base`: real git history in a temporary repository (the fixture registry below committed, then
 * changed in the working tree), each change classified and worded exactly, with the exit code. The
 * fixture is the tests' own, so that editing the example registry in scopes/ and clients/ never moves
 * these expectations.
 */
import { afterEach, describe, expect, it } from "vitest";
import { GitRegistry } from "./git-registry";

const GROUPS = "https://id.fedoraproject.org/scope/groups";
const CLA = "https://id.fedoraproject.org/scope/cla";
const CREATE_WAIVER = "https://waiverdb.fedoraproject.org/oidc/create-waiver";
const BODHI = "https://github.com/fedora-infra/bodhi/oidc/";
const BEAKER = "https://beaker-project.org/oidc/scope";

const lines = (...text: string[]) => text.join("\n") + "\n";

/** A small registry shaped like the example one: services, API scopes with audiences, identity scopes. */
const FIXTURE: Readonly<Record<string, string>> = {
  "scopes/anitya.yaml": lines(
    "service: Anitya",
    "namespace: https://github.com/fedora-infra/anitya/oidc/",
    'owners: ["@fedora-infra/anitya"]',
    "scopes:",
    "  - id: upstream",
    "    summary: Permission to register new upstream projects for monitoring",
    "    availability: [development]",
  ),
  "scopes/beaker.yaml": lines(
    "service: Beaker",
    "namespace: https://beaker-project.org/oidc/",
    'owners: ["@beaker-project/maintainers"]',
    "scopes:",
    "  - id: scope",
    "    summary: Full access to your beaker account.",
    "    availability: [staging, production]",
  ),
  "scopes/bodhi.yaml": lines(
    "service: Bodhi",
    `namespace: ${BODHI}`,
    'owners: ["@fedora-infra/bodhi"]',
    "scopes:",
    "  - id: comment",
    "    summary: Post new comments and votes",
    "    availability: [development, staging, production]",
    "    audience: bodhi",
    "  - id: create-update",
    "    summary: Submit new updates",
    "    availability: [development, staging, production]",
    "    audience: bodhi",
    "  - id: edit-update",
    "    summary: Edit updates",
    "    availability: [development, staging, production]",
    "  - id: request-update",
    "    summary: Request batched or stable",
    "    availability: [development, staging, production]",
    "    audience: bodhi",
  ),
  "scopes/fedora-id.yaml": lines(
    "service: Fedora Identity",
    "namespace: https://id.fedoraproject.org/scope/",
    'owners: ["@fedora-infra/identity"]',
    "scopes:",
    "  - id: groups",
    '    summary: Provides the "groups" attribute in the User Info.',
    "    availability: [development, staging, production]",
    "    claims:",
    "      - name: groups",
    "        from: groups",
    "        fullPath: false",
    "  - id: cla",
    '    summary: Provides the "cla" attribute in the User Info.',
    "    availability: [development, staging, production]",
    "    claims:",
    "      - name: cla",
    "        from: attribute",
    "        attribute: cla",
    "        multivalued: true",
  ),
  "scopes/odcs.yaml": lines(
    "service: On Demand Compose Service",
    "namespace: https://pagure.io/odcs/",
    'owners: ["@fedora-infra/odcs"]',
    "scopes:",
    "  - id: new-compose",
    "    summary: Permission to create a new compose",
    "    availability: [development, staging, production]",
    "    audience: odcs",
    "  - id: renew-compose",
    "    summary: Permission to renew a compose",
    "    availability: [development, staging, production]",
    "    audience: odcs",
    "  - id: delete-compose",
    "    summary: Permission to delete a compose",
    "    availability: [development, staging, production]",
    "    audience: odcs",
  ),
  "scopes/waiverdb.yaml": lines(
    "service: WaiverDB",
    "namespace: https://waiverdb.fedoraproject.org/oidc/",
    'owners: ["@fedora-infra/waiverdb"]',
    "scopes:",
    "  - id: create-waiver",
    "    summary: Permission to create new waivers",
    "    availability: [development, staging]",
  ),
  "clients/bodhi-cli.yaml": lines(
    "clientId: bodhi-cli",
    "name: Bodhi command line",
    'owners: ["@fedora-infra/bodhi"]',
    "type: public",
    "flows: [authorization_code, device_code, refresh_token]",
    "scopes:",
    `  default: [openid, profile, ${GROUPS}]`,
    "  optional:",
    "    - offline_access",
    `    - ${BODHI}comment`,
    `    - ${BODHI}create-update`,
    `    - ${BODHI}edit-update`,
    "environments:",
    "  development:",
    "    redirectUris: [http://127.0.0.1:45678/auth/callback]",
    "  staging:",
    "    redirectUris: [http://127.0.0.1:45678/auth/callback]",
    "  production:",
    "    redirectUris: [http://127.0.0.1:45678/auth/callback]",
  ),
  "clients/bodhi.yaml": lines(
    "clientId: bodhi",
    "name: Bodhi",
    'owners: ["@fedora-infra/bodhi"]',
    "type: confidential",
    "flows: [authorization_code, refresh_token]",
    "consentRequired: true",
    "scopes:",
    `  default: [openid, profile, email, ${GROUPS}]`,
    "  optional:",
    `    - ${CLA}`,
    `    - ${BODHI}comment`,
    `    - ${BODHI}create-update`,
    `    - ${BODHI}edit-update`,
    "environments:",
    "  development:",
    "    redirectUris: [http://localhost:6543/oidc/authorize]",
    "    webOrigins: [http://localhost:6543]",
    "    consentRequired: false",
    "  staging:",
    "    redirectUris: [https://bodhi.stg.fedoraproject.org/oidc/authorize]",
    "    postLogoutRedirectUris: [https://bodhi.stg.fedoraproject.org/]",
    "  production:",
    "    redirectUris: [https://bodhi.fedoraproject.org/oidc/authorize]",
    "    postLogoutRedirectUris: [https://bodhi.fedoraproject.org/]",
    "    webOrigins: [https://bodhi.fedoraproject.org]",
    "credentials:",
    "  kubernetes: { namespace: bodhi, secretName: bodhi-oidc }",
    "  rotation: 1",
  ),
  "clients/mbs.yaml": lines(
    "clientId: mbs",
    "name: Module Build Service API",
    'owners: ["@fedora-infra/mbs"]',
    "type: bearer-only",
    "environments:",
    "  staging: {}",
    "  production: {}",
  ),
  "clients/odcs-compose-bot.yaml": lines(
    "clientId: odcs-compose-bot",
    "name: ODCS compose bot",
    'owners: ["@fedora-infra/releng"]',
    "type: confidential",
    "flows: [client_credentials]",
    "scopes:",
    "  optional:",
    "    - https://pagure.io/odcs/new-compose",
    "    - https://pagure.io/odcs/renew-compose",
    "environments:",
    "  development: {}",
    "  staging: {}",
    "  production: {}",
    "credentials:",
    "  kubernetes: { namespace: releng, secretName: odcs-compose-bot-oidc }",
  ),
  "clients/odcs.yaml": lines(
    "clientId: odcs",
    "name: On Demand Compose Service API",
    'owners: ["@fedora-infra/odcs"]',
    "type: bearer-only",
    "environments:",
    "  development: {}",
    "  staging: {}",
    "  production: {}",
  ),
  "clients/packager-dashboard.yaml": lines(
    "clientId: packager-dashboard",
    "name: Packager dashboard",
    'owners: ["@fedora-infra/packager-dashboard"]',
    "type: public",
    "flows: [authorization_code, refresh_token]",
    "scopes:",
    `  default: [openid, profile, ${GROUPS}]`,
    "  optional:",
    `    - ${CLA}`,
    `    - ${CREATE_WAIVER}`,
    "environments:",
    "  development:",
    "    redirectUris: [http://localhost:8080/callback]",
    "    webOrigins: [http://localhost:8080]",
    "  staging:",
    "    redirectUris: [https://packager-dashboard.stg.fedoraproject.org/callback]",
    "    webOrigins: [https://packager-dashboard.stg.fedoraproject.org]",
    "  production:",
    "    redirectUris: [https://packager-dashboard.fedoraproject.org/callback]",
    "    webOrigins: [https://packager-dashboard.fedoraproject.org]",
  ),
};

let repo: GitRegistry;
afterEach(() => repo?.dispose());

function fresh(options?: { subdirectory?: string; git?: boolean }): GitRegistry {
  repo = new GitRegistry({ ...options, files: FIXTURE });
  return repo;
}

/** The report's change lines, which carry every classification and sentence. */
function items(markdown: string): string[] {
  return markdown.split("\n").filter((line) => line.startsWith("- "));
}

function inEveryEnvironment<T>(line: (environment: string) => T): T[] {
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
        "| Environment | Breaking | Review | Safe |",
        "| --- | --- | --- | --- |",
        "| development | 0 | 0 | 0 |",
        "| staging | 0 | 0 | 0 |",
        "| production | 0 | 0 | 2 |",
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
      `- **BREAKING** production: scope \`${CLA}\` no longer places claim \`cla\` in access_token, introspection, used by \`bodhi\`, \`packager-dashboard\``,
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
  it("narrowing redirect URIs is BREAKING; a new one in production is REVIEW", () => {
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
      "- 🔎 **REVIEW** production: client `bodhi` accepts redirect URI `https://bodhi.fedoraproject.org/oidc/callback`: authorization codes and tokens are sent there",
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

/** The `- 🔎 **REVIEW** <environment>: <text>` item of a REVIEW change. */
const review = (environment: string, text: string) => `- 🔎 **REVIEW** ${environment}: ${text}`;

describe("diff --base: REVIEW, what a reviewer must read though nothing breaks", () => {
  it("a scope gaining an audience is REVIEW wherever it is live, and says so in the summary (exit 0)", () => {
    const r = fresh();
    r.edit(
      "scopes/bodhi.yaml",
      "  - id: edit-update\n    summary: Edit updates\n    availability: [development, staging, production]\n",
      "  - id: edit-update\n    summary: Edit updates\n    availability: [development, staging, production]\n    audience: bodhi\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(out.split("\n").slice(2, 7)).toEqual([
      "🔎 **REVIEW**: 3 changes to review, 0 safe changes, none breaking.",
      "",
      "> 🔎 **REVIEW** breaks no application, but widens what tokens say, where they are valid or who can obtain them, moves a secret or who approves a file, or makes Pulumi re-create or rename something: read each one before approving.",
      "",
      "| Environment | Breaking | Review | Safe |",
    ]);
    expect(out).toContain("| production | 0 | 1 | 0 |");
    expect(items(out)).toEqual(
      inEveryEnvironment((env) =>
        review(
          env,
          `scope \`${BODHI}edit-update\` now adds \`bodhi\` to the token audience: tokens that carry it become valid at that API`,
        ),
      ),
    );
  });

  it("a scope changing its audience is REVIEW where no client uses it (exit 0), BREAKING where one does (exit 1)", () => {
    const r = fresh();
    r.edit(
      "scopes/bodhi.yaml",
      "    summary: Request batched or stable\n    availability: [development, staging, production]\n    audience: bodhi\n",
      "    summary: Request batched or stable\n    availability: [development, staging, production]\n    audience: bodhi-cli\n",
    );
    const unused = r.cli("diff", "--base", "HEAD");
    expect(unused.code).toBe(0);
    expect(items(unused.out)).toEqual(
      inEveryEnvironment((env) =>
        review(
          env,
          `scope \`${BODHI}request-update\` changes its token audience from \`bodhi\` to \`bodhi-cli\`; no client uses it yet, but tokens that carry it become valid at \`bodhi-cli\``,
        ),
      ),
    );
    r.edit(
      "scopes/bodhi.yaml",
      "    summary: Post new comments and votes\n    availability: [development, staging, production]\n    audience: bodhi\n",
      "    summary: Post new comments and votes\n    availability: [development, staging, production]\n    audience: bodhi-cli\n",
    );
    const used = r.cli("diff", "--base", "HEAD");
    expect(used.code).toBe(1);
    expect(used.out).toContain("**BREAKING**: 3 breaking changes, 3 changes to review, 0 safe changes.");
    expect(items(used.out).filter((line) => line.includes(" production: "))).toEqual([
      `- **BREAKING** production: scope \`${BODHI}comment\` changes its token audience from \`bodhi\` to \`bodhi-cli\`, used by \`bodhi\`, \`bodhi-cli\``,
      review(
        "production",
        `scope \`${BODHI}request-update\` changes its token audience from \`bodhi\` to \`bodhi-cli\`; no client uses it yet, but tokens that carry it become valid at \`bodhi-cli\``,
      ),
    ]);
  });

  it("a new constant claim is REVIEW: a fixed value every token carries (exit 0)", () => {
    const r = fresh();
    r.edit(
      "scopes/fedora-id.yaml",
      "        fullPath: false\n",
      '        fullPath: false\n      - name: packager\n        from: constant\n        value: "true"\n        type: boolean\n',
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual(
      inEveryEnvironment((env) =>
        review(
          env,
          `scope \`${GROUPS}\` now releases claim \`packager\` (constant "true" (boolean)), to \`bodhi\`, \`bodhi-cli\`, \`packager-dashboard\`: a fixed value every token carries, which APIs may take for a fact about the user`,
        ),
      ),
    );
  });

  it("a new scope releasing a constant claim is REVIEW too (exit 0)", () => {
    const r = fresh();
    r.write(
      "scopes/koji.yaml",
      lines(
        "service: Koji",
        "namespace: https://koji.fedoraproject.org/oidc/",
        'owners: ["@fedora-infra/koji"]',
        "scopes:",
        "  - id: build",
        "    summary: Submit builds",
        "    availability: [development]",
        "    claims:",
        "      - name: koji_admin",
        "        from: constant",
        '        value: "true"',
        "        type: boolean",
      ),
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual([
      review(
        "development",
        "scope `https://koji.fedoraproject.org/oidc/build` is added (claims `koji_admin`): claim `koji_admin` is a fixed value every token carries, which APIs may take for a fact about the user",
      ),
    ]);
  });

  it("a new session-note claim is REVIEW: its value comes from the login session (exit 0)", () => {
    const r = fresh();
    r.edit(
      "scopes/fedora-id.yaml",
      "        multivalued: true\n",
      "        multivalued: true\n      - name: login_address\n        from: session-note\n        note: clientAddress\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual(
      inEveryEnvironment((env) =>
        review(
          env,
          `scope \`${CLA}\` now releases claim \`login_address\` (session-note clientAddress (string)), to \`bodhi\`, \`packager-dashboard\`: copied from the login session, not from the user's account`,
        ),
      ),
    );
  });

  it("a claim's value or attribute changing on a scope no client uses is REVIEW (exit 0)", () => {
    const r = fresh();
    r.edit(
      "scopes/beaker.yaml",
      "    availability: [staging, production]\n",
      "    availability: [staging, production]\n    claims:\n      - name: lab\n        from: constant\n        value: lab-a\n      - name: team\n        from: attribute\n        attribute: team\n",
    );
    r.commit("beaker claims");
    r.edit("scopes/beaker.yaml", "value: lab-a", "value: lab-b");
    r.edit("scopes/beaker.yaml", "attribute: team", "attribute: beaker_team");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual(
      ["staging", "production"].flatMap((env) => [
        review(
          env,
          `scope \`${BEAKER}\` changes claim \`lab\` from constant "lab-a" (string) to constant "lab-b" (string); no client uses it, but it is a fixed value every token carries, which APIs may take for a fact about the user`,
        ),
        review(
          env,
          `scope \`${BEAKER}\` changes claim \`team\` from attribute team (string) to attribute beaker_team (string); no client uses it, but the same claim name will carry other data`,
        ),
      ]),
    );
  });

  it("consent turned off, for the client or by an environment's override, is REVIEW (exit 0)", () => {
    const r = fresh();
    r.edit(
      "clients/bodhi.yaml",
      "    webOrigins: [https://bodhi.fedoraproject.org]\n",
      "    webOrigins: [https://bodhi.fedoraproject.org]\n    consentRequired: false\n",
    );
    const override = r.cli("diff", "--base", "HEAD");
    expect(override.code).toBe(0);
    expect(items(override.out)).toEqual([
      review(
        "production",
        "client `bodhi` no longer asks users for consent (`environments.production.consentRequired: false`): it receives the claims of the scopes it requests without users agreeing",
      ),
    ]);
    r.edit(
      "clients/bodhi.yaml",
      "    webOrigins: [https://bodhi.fedoraproject.org]\n    consentRequired: false\n",
      "    webOrigins: [https://bodhi.fedoraproject.org]\n",
    );
    r.edit("clients/bodhi.yaml", "consentRequired: true\n", "consentRequired: false\n");
    const client = r.cli("diff", "--base", "HEAD");
    expect(client.code).toBe(0);
    expect(items(client.out)).toEqual(
      ["staging", "production"].map((env) =>
        review(
          env,
          "client `bodhi` no longer asks users for consent: it receives the claims of the scopes it requests without users agreeing",
        ),
      ),
    );
  });

  it("a client gaining a grant type is REVIEW, and says what the flow allows (exit 0)", () => {
    const r = fresh();
    r.edit(
      "clients/bodhi.yaml",
      "flows: [authorization_code, refresh_token]",
      "flows: [authorization_code, device_code, refresh_token]",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual(
      inEveryEnvironment((env) =>
        review(
          env,
          "client `bodhi` can now use the `device_code` flow: users can sign in to it by entering a code shown on another device, which phishing abuses",
        ),
      ),
    );
  });

  it("a client changing type stays BREAKING; the secret it now delivers is REVIEW (exit 1)", () => {
    const r = fresh();
    r.edit("clients/packager-dashboard.yaml", "type: public", "type: confidential");
    r.write(
      "clients/packager-dashboard.yaml",
      r.read("clients/packager-dashboard.yaml") +
        "credentials:\n  kubernetes: { namespace: packager-dashboard, secretName: packager-dashboard-oidc }\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out)).toEqual(
      inEveryEnvironment((env) => [
        `- **BREAKING** ${env}: client \`packager-dashboard\` changes type from public to confidential`,
        review(
          env,
          "client `packager-dashboard` delivers its secret to Kubernetes Secret `packager-dashboard/packager-dashboard-oidc`: whoever can read Secrets in namespace `packager-dashboard` gets the client's credentials",
        ),
      ]).flat(),
    );
  });

  it("a new URI is REVIEW in production, or anywhere when it is a wildcard; SAFE otherwise (exit 0)", () => {
    const r = fresh();
    r.edit(
      "clients/bodhi.yaml",
      "    redirectUris: [http://localhost:6543/oidc/authorize]\n",
      "    redirectUris: [http://localhost:6543/oidc/authorize, http://localhost:6543/*]\n",
    );
    r.edit(
      "clients/bodhi.yaml",
      "    redirectUris: [https://bodhi.stg.fedoraproject.org/oidc/authorize]\n",
      "    redirectUris: [https://bodhi.stg.fedoraproject.org/oidc/authorize, https://bodhi.stg.fedoraproject.org/oidc/callback]\n",
    );
    r.edit(
      "clients/bodhi.yaml",
      "    postLogoutRedirectUris: [https://bodhi.fedoraproject.org/]\n    webOrigins: [https://bodhi.fedoraproject.org]\n",
      "    postLogoutRedirectUris: [https://bodhi.fedoraproject.org/, https://bodhi.fedoraproject.org/logged-out]\n    webOrigins: [https://bodhi.fedoraproject.org, https://updates.fedoraproject.org]\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual([
      review(
        "development",
        "client `bodhi` accepts redirect URI `http://localhost:6543/*`, a wildcard: authorization codes and tokens can be sent to any URI it matches",
      ),
      "- SAFE staging: client `bodhi` accepts redirect URI `https://bodhi.stg.fedoraproject.org/oidc/callback`",
      review(
        "production",
        "client `bodhi` accepts post-logout redirect URI `https://bodhi.fedoraproject.org/logged-out`: users are sent there after signing out",
      ),
      review(
        "production",
        "client `bodhi` accepts web origin `https://updates.fedoraproject.org`: scripts on that origin may call Keycloak for this client (CORS)",
      ),
    ]);
  });

  it("a client new in production is REVIEW and lists the URIs its tokens may go to (exit 0)", () => {
    const r = fresh();
    r.write(
      "clients/koji-web.yaml",
      lines(
        "clientId: koji-web",
        "name: Koji",
        'owners: ["@fedora-infra/koji"]',
        "type: public",
        "flows: [authorization_code]",
        "scopes:",
        "  default: [openid, profile]",
        "environments:",
        "  development:",
        "    redirectUris: [http://localhost:8000/callback]",
        "  production:",
        "    redirectUris: [https://koji.fedoraproject.org/callback]",
      ),
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual([
      "- SAFE development: client `koji-web` is added",
      review(
        "production",
        "client `koji-web` is added; to review: redirect URI `https://koji.fedoraproject.org/callback`",
      ),
    ]);
  });

  it("a secret rotation is REVIEW: the old secret stops working at once (exit 0)", () => {
    const r = fresh();
    r.edit("clients/bodhi.yaml", "  rotation: 1", "  rotation: 2");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual(
      inEveryEnvironment((env) =>
        review(
          env,
          "client `bodhi` rotates its secret (rotation 1 → 2): Keycloak stops accepting the old one as soon as the update applies, and the application fails to obtain tokens until it reads the new one from `bodhi/bodhi-oidc`",
        ),
      ),
    );
  });

  it("full scope, roles, logout URLs and lifespans: each with its impact", () => {
    const r = fresh();
    r.edit(
      "clients/bodhi.yaml",
      "consentRequired: true\n",
      "consentRequired: true\nfullScopeAllowed: true\nroles:\n  - name: admin\nlifespans:\n  accessToken: 3600\n",
    );
    r.edit(
      "clients/bodhi.yaml",
      "    webOrigins: [https://bodhi.fedoraproject.org]\n",
      "    webOrigins: [https://bodhi.fedoraproject.org]\n    backchannelLogoutUrl: https://bodhi.fedoraproject.org/logout\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual(
      inEveryEnvironment((env) => [
        `- SAFE ${env}: client \`bodhi\` defines role \`admin\``,
        review(
          env,
          "client `bodhi` gets full scope: its tokens carry every role the user holds, in every realm-roles or client-roles claim",
        ),
        ...(env === "production"
          ? [
              review(
                env,
                "client `bodhi` sets backchannelLogoutUrl to `https://bodhi.fedoraproject.org/logout`: Keycloak sends it a logout token for each session that ends",
              ),
            ]
          : []),
        review(
          env,
          "client `bodhi`'s access tokens live 3600 s instead of the realm's: compare it with the realm's setting; a token or session that leaks stays usable as long as it lives",
        ),
      ]).flat(),
    );
  });

  it("a secret delivered to another namespace stays BREAKING, and says who can read it now (exit 1)", () => {
    const r = fresh();
    r.edit("clients/bodhi.yaml", "namespace: bodhi,", "namespace: bodhi-web,");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out)).toEqual(
      inEveryEnvironment(
        (env) =>
          `- **BREAKING** ${env}: client \`bodhi\` delivers its secret to Kubernetes Secret \`bodhi-web/bodhi-oidc\` instead of \`bodhi/bodhi-oidc\`: Pulumi deletes the old Secret, and whoever can read Secrets in namespace \`bodhi-web\` gets the client's credentials`,
      ),
    );
  });

  describe("restricted scopes", () => {
    const JUSTIFICATION = `justifications:\n  ${CLA}: Only packagers who signed the FPCA may push updates.\n`;

    function restrictedCla(): GitRegistry {
      const r = fresh();
      r.edit(
        "scopes/fedora-id.yaml",
        "    availability: [development, staging, production]\n    claims:\n      - name: cla\n",
        "    availability: [development, staging, production]\n    restricted:\n      reason: Signed agreements are personal data.\n      allowedClients: [bodhi, packager-dashboard]\n    claims:\n      - name: cla\n",
      );
      r.edit("clients/bodhi.yaml", "environments:\n", JUSTIFICATION + "environments:\n");
      r.edit("clients/packager-dashboard.yaml", "environments:\n", JUSTIFICATION + "environments:\n");
      r.commit("cla is restricted");
      return r;
    }

    it("more allowed clients, and a client gaining a restricted scope, are REVIEW, with its justification (exit 0)", () => {
      const r = restrictedCla();
      r.edit(
        "scopes/fedora-id.yaml",
        "allowedClients: [bodhi, packager-dashboard]",
        "allowedClients: [bodhi, bodhi-cli, packager-dashboard]",
      );
      r.edit("clients/bodhi-cli.yaml", "    - offline_access\n", `    - offline_access\n    - ${CLA}\n`);
      r.edit(
        "clients/bodhi-cli.yaml",
        "environments:\n",
        `justifications:\n  ${CLA}: Shows whether the packager signed the FPCA.\nenvironments:\n`,
      );
      const { code, out } = r.cli("diff", "--base", "HEAD");
      expect(code).toBe(0);
      expect(items(out)).toEqual(
        inEveryEnvironment((env) => [
          review(
            env,
            `scope \`${CLA}\` is now restricted to \`bodhi\`, \`bodhi-cli\`, \`packager-dashboard\`: \`bodhi-cli\` may now use it`,
          ),
          review(
            env,
            `client \`bodhi-cli\` gains optional scope \`${CLA}\` (claims \`cla\`), which is restricted ("Signed agreements are personal data."); its justification: "Shows whether the packager signed the FPCA."`,
          ),
        ]).flat(),
      );
    });

    it("a scope that stops being restricted is REVIEW (exit 0)", () => {
      const r = restrictedCla();
      r.edit(
        "scopes/fedora-id.yaml",
        "    restricted:\n      reason: Signed agreements are personal data.\n      allowedClients: [bodhi, packager-dashboard]\n",
        "",
      );
      r.edit("clients/bodhi.yaml", JUSTIFICATION, "");
      r.edit("clients/packager-dashboard.yaml", JUSTIFICATION, "");
      const { code, out } = r.cli("diff", "--base", "HEAD");
      expect(code).toBe(0);
      expect(items(out)).toEqual(
        inEveryEnvironment((env) =>
          review(env, `scope \`${CLA}\` is no longer restricted: any client may now use it, without a justification`),
        ),
      );
    });
  });

  it("new owners of a scope file or a client file are REVIEW: they approve its next changes (exit 0)", () => {
    const r = fresh();
    r.edit(
      "scopes/fedora-id.yaml",
      'owners: ["@fedora-infra/identity"]',
      'owners: ["@fedora-infra/identity", "@someone/else"]',
    );
    r.edit(
      "clients/packager-dashboard.yaml",
      'owners: ["@fedora-infra/packager-dashboard"]',
      'owners: ["@fedora-infra/dashboard"]',
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual(
      inEveryEnvironment((env) => [
        review(
          env,
          "scope file `scopes/fedora-id.yaml` changes its owners: adds `@someone/else`; its owners approve every change to it (CODEOWNERS), so its current owners should approve this one",
        ),
        review(
          env,
          "client file `clients/packager-dashboard.yaml` changes its owners: adds `@fedora-infra/dashboard`, removes `@fedora-infra/packager-dashboard`; its owners approve every change to it (CODEOWNERS), so its current owners should approve this one",
        ),
      ]).flat(),
    );
  });
});

describe("diff --base: what Pulumi does when names move", () => {
  const OLD_WAIVER = CREATE_WAIVER;
  const NEW_WAIVER = "https://waiverdb.fedoraproject.org/oauth/create-waiver";

  it("a namespace change renames the scopes in place: BREAKING where a client uses them, with the client (exit 1)", () => {
    const r = fresh();
    r.edit(
      "scopes/waiverdb.yaml",
      "namespace: https://waiverdb.fedoraproject.org/oidc/",
      "namespace: https://waiverdb.fedoraproject.org/oauth/",
    );
    r.edit("clients/packager-dashboard.yaml", `    - ${OLD_WAIVER}\n`, `    - ${NEW_WAIVER}\n`);
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    expect(items(out)).toEqual([
      ...["development", "staging"].flatMap((env) => [
        `- **BREAKING** ${env}: scope file \`scopes/waiverdb.yaml\` changes its namespace from \`https://waiverdb.fedoraproject.org/oidc/\` to \`https://waiverdb.fedoraproject.org/oauth/\`: ` +
          `Pulumi updates its client scope in place and Keycloak renames it (\`${OLD_WAIVER}\` → \`${NEW_WAIVER}\`), which \`protect\` does not prevent; ` +
          "an application that requests an old name, or an API that checks it, breaks (used by `packager-dashboard`)",
        `- **BREAKING** ${env}: client \`packager-dashboard\` keeps optional scope \`${OLD_WAIVER}\` under its new name \`${NEW_WAIVER}\`: ` +
          "the application must request the new name, and APIs that check the old one stop accepting its tokens",
      ]),
      `- SAFE production: client \`packager-dashboard\` lists optional scope \`${NEW_WAIVER}\`, not yet available in production: provisioned without it until it is promoted`,
    ]);
  });

  it("a namespace change of scopes no client uses is REVIEW (exit 0)", () => {
    const r = fresh();
    r.edit(
      "scopes/beaker.yaml",
      "namespace: https://beaker-project.org/oidc/",
      "namespace: https://beaker.fedoraproject.org/oidc/",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(items(out)).toEqual(
      ["staging", "production"].map((env) =>
        review(
          env,
          "scope file `scopes/beaker.yaml` changes its namespace from `https://beaker-project.org/oidc/` to `https://beaker.fedoraproject.org/oidc/`: " +
            `Pulumi updates its client scope in place and Keycloak renames it (\`${BEAKER}\` → \`https://beaker.fedoraproject.org/oidc/scope\`), which \`protect\` does not prevent; ` +
            "an application that requests an old name, or an API that checks it, breaks (no client uses it)",
        ),
      ),
    );
  });

  it("a renamed scope file is no longer 'No change': Pulumi deletes and re-creates its scopes, REVIEW (exit 0)", () => {
    const r = fresh();
    r.rename("scopes/beaker.yaml", "scopes/beaker-project.yaml");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(0);
    expect(out).not.toContain("No change");
    const moves =
      `scope \`${BEAKER}\` moves from \`scopes/beaker.yaml\` to \`scopes/beaker-project.yaml\`: Pulumi deletes and re-creates its client scope and mappers, ` +
      "as logical names follow the file name (`beaker/scope` → `beaker-project/scope`); it creates first, which Keycloak refuses while the old one holds the same name (409 Conflict)";
    expect(items(out)).toEqual([
      review("staging", `${moves}; no client uses it`),
      review("production", `${moves}, and \`protect\` refuses to delete the old one here; no client uses it`),
    ]);
  });

  it("a renamed scope file whose scopes clients use is BREAKING: they would lose them (exit 1)", () => {
    const r = fresh();
    r.rename("scopes/fedora-id.yaml", "scopes/identity.yaml");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(code).toBe(1);
    const moves =
      `scopes \`${CLA}\`, \`${GROUPS}\` move from \`scopes/fedora-id.yaml\` to \`scopes/identity.yaml\`: Pulumi deletes and re-creates their client scopes and mappers, ` +
      "as logical names follow the file name (`fedora-id/cla` → `identity/cla`, `fedora-id/groups` → `identity/groups`); " +
      "it creates first, which Keycloak refuses while the old ones hold the same names (409 Conflict)";
    const lose =
      "; `bodhi`, `bodhi-cli`, `packager-dashboard` would lose them, since Pulumi does not re-attach a re-created scope";
    expect(items(out)).toEqual([
      `- **BREAKING** development: ${moves}${lose}`,
      `- **BREAKING** staging: ${moves}${lose}`,
      `- **BREAKING** production: ${moves}, and \`protect\` refuses to delete the old ones here${lose}`,
    ]);
  });

  it("a client file cannot be renamed alone; renaming the client with it removes one client and adds another", () => {
    const r = fresh();
    r.rename("clients/mbs.yaml", "clients/mbs-api.yaml");
    const alone = r.cli("diff", "--base", "HEAD");
    expect(alone.code).toBe(1);
    expect(alone.out).toBe("");
    expect(alone.err.split("\n").slice(0, 2)).toEqual([
      "clients/mbs-api.yaml:1:11: error file-name",
      '  clientId "mbs" does not match the file name clients/mbs-api.yaml',
    ]);
    r.edit("clients/mbs-api.yaml", "clientId: mbs", "clientId: mbs-api");
    const renamed = r.cli("diff", "--base", "HEAD");
    expect(renamed.code).toBe(1);
    expect(items(renamed.out)).toEqual(
      ["staging", "production"].flatMap((env) => [
        `- **BREAKING** ${env}: client \`mbs\` is removed`,
        `- SAFE ${env}: client \`mbs-api\` is added`,
      ]),
    );
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

  it("prints JSON with --json: every change with its environment, label, kind and subject", () => {
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
      review: false,
      counts: { breaking: 0, review: 0, safe: 2 },
      changes: [
        {
          label: "SAFE",
          environment: "production",
          impact: "SAFE",
          kind: "scope-promoted",
          scope: CREATE_WAIVER,
          client: null,
          claim: null,
          text: `production: scope \`${CREATE_WAIVER}\` becomes available (promoted)`,
        },
        {
          label: "SAFE",
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
        "clients/bodhi-cli.yaml:10:7: error unknown-scope",
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
