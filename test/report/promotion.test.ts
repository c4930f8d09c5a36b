/**
 * Promotion approval: a registry of the tests' own committed in a temporary git repository (the base),
 * changed in the working tree (the pull request), and reviews and team members in the shape the GitHub
 * API returns them (test/report/fixtures-github/: `GET /repos/{owner}/{repo}/pulls/{number}/reviews`
 * and `GET /orgs/{org}/teams/{team_slug}/members`). Also the exact comment bodies a promotion, a
 * BREAKING and a REVIEW pull request get from `diff --base`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateTexts, type RegistryText } from "../../src/registry";
import { parseReviews, parseTeams, promotionDecision, promotions } from "../../src/report/promotion";
import { GitRegistry } from "./git-registry";

const FIXTURES = join(__dirname, "fixtures-github");
const fixture = (name: string) => join(FIXTURES, name);
const HEAD_SHA = "5d0c7f3e9a1b2c4d6e8f0a1b3c5d7e9f1a2b4c6d";

const ANITYA = "https://github.com/fedora-infra/anitya/oidc/";
const BODHI = "https://github.com/fedora-infra/bodhi/oidc/";

const lines = (...text: string[]) => text.join("\n") + "\n";

const SETTINGS = lines(
  'platformOwners: ["@example-org/platform"]',
  "promotion:",
  "  approvers:",
  '    staging: ["@example-org/platform", "@release-manager"]',
  '    production: ["@example-org/production-approvers"]',
  "pullRequests:",
  "  breakingLabel: breaking-change-acknowledged",
);

/** The tests' own registry: never the repository's scopes/ and clients/. */
const FIXTURE: Readonly<Record<string, string>> = {
  "registry.yaml": SETTINGS,
  "scopes/anitya.yaml": lines(
    "service: Anitya",
    `namespace: ${ANITYA}`,
    'owners: ["@fedora-infra/anitya"]',
    "scopes:",
    "  - id: upstream",
    "    summary: Permission to register new upstream projects for monitoring",
    "    availability: [development]",
  ),
  "scopes/bodhi.yaml": lines(
    "service: Bodhi",
    `namespace: ${BODHI}`,
    'owners: ["@fedora-infra/bodhi"]',
    "scopes:",
    "  - id: comment",
    "    summary: Post new comments and votes",
    "    availability: [development, staging, production]",
    "  - id: create-update",
    "    summary: Submit new updates",
    "    availability: [development, staging]",
  ),
  "clients/anitya-cli.yaml": lines(
    "clientId: anitya-cli",
    "name: Anitya command line",
    'owners: ["@fedora-infra/anitya"]',
    "type: public",
    "flows: [device_code]",
    "scopes:",
    `  optional: [${ANITYA}upstream]`,
    "environments:",
    "  development: {}",
  ),
  "clients/bodhi-cli.yaml": lines(
    "clientId: bodhi-cli",
    "name: Bodhi command line",
    'owners: ["@fedora-infra/bodhi"]',
    "type: public",
    "flows: [device_code]",
    "scopes:",
    `  optional: [${BODHI}comment, ${BODHI}create-update]`,
    "environments:",
    "  development: {}",
    "  staging: {}",
    "  production: {}",
  ),
};

let repo: GitRegistry;
afterEach(() => repo?.dispose());

function fresh(): GitRegistry {
  repo = new GitRegistry({ files: FIXTURE });
  return repo;
}

function promoteUpstreamToStaging(r: GitRegistry): void {
  r.edit("scopes/anitya.yaml", "availability: [development]", "availability: [development, staging]");
}

function promoteCreateUpdateToProduction(r: GitRegistry): void {
  r.edit(
    "scopes/bodhi.yaml",
    "    availability: [development, staging]\n",
    "    availability: [development, staging, production]\n",
  );
}

const members = (name: string): unknown => JSON.parse(readFileSync(fixture(name), "utf8"));

/**
 * The teams file the workflow assembles: each approving team's member list as the API returned it.
 * The production approvers' members are given only to the test about team approval.
 */
function teamsFile(r: GitRegistry, teams: Record<string, string>): string {
  const path = join(r.top, "teams.json");
  writeFileSync(path, JSON.stringify(Object.fromEntries(Object.entries(teams).map(([t, f]) => [t, members(f)]))));
  return path;
}

/** `promotion --base HEAD` with the platform team's members known, as the workflow gives them. */
function promotion(r: GitRegistry, reviews: string, ...more: string[]) {
  const teams = more.includes("--teams")
    ? []
    : ["--teams", teamsFile(r, { "@example-org/platform": "team-members-platform.json" })];
  return r.cli("promotion", "--base", "HEAD", "--reviews", fixture(reviews), ...teams, ...more);
}

/** Without any team data. */
function promotionWithoutTeams(r: GitRegistry, reviews: string) {
  return r.cli("promotion", "--base", "HEAD", "--reviews", fixture(reviews));
}

const shortHead = (r: GitRegistry) => r.git("rev-parse", "HEAD").trim().slice(0, 12);

describe("promotion: what a pull request promotes", () => {
  it("development only (a new scope, a new client, a client gaining a development scope): nothing to approve (exit 0)", () => {
    const r = fresh();
    r.edit(
      "scopes/anitya.yaml",
      "scopes:\n",
      "scopes:\n  - id: projects\n    summary: Edit projects\n    availability: [development]\n",
    );
    r.write(
      "clients/anitya-web.yaml",
      lines(
        "clientId: anitya-web",
        "name: Anitya web",
        'owners: ["@fedora-infra/anitya"]',
        "type: public",
        "flows: [device_code]",
        "environments:",
        "  development: {}",
      ),
    );
    const { code, out, err } = promotion(r, "reviews-commented.json");
    expect(err).toBe("");
    expect(out).toBe(
      [
        `## Promotion approval against \`HEAD\` (${shortHead(r)})`,
        "",
        "**PASS**: nothing is promoted past development, so no promotion approval is needed.",
      ].join("\n"),
    );
    expect(code).toBe(0);
  });

  it("lists promoted scopes and clients, and new ones that start past development, in promotion order", () => {
    const r = fresh();
    promoteUpstreamToStaging(r);
    promoteCreateUpdateToProduction(r);
    r.edit("clients/anitya-cli.yaml", "  development: {}\n", "  development: {}\n  staging: {}\n");
    r.write(
      "scopes/odcs.yaml",
      lines(
        "service: ODCS",
        "namespace: https://pagure.io/odcs/",
        'owners: ["@fedora-infra/odcs"]',
        "scopes:",
        "  - id: new-compose",
        "    summary: Permission to create a new compose",
        "    availability: [staging, production]",
      ),
    );
    const read = (texts: Record<string, string>): RegistryText[] =>
      Object.entries(texts).map(([path, text]) => ({ path, text }));
    const head = { ...FIXTURE };
    for (const path of ["scopes/anitya.yaml", "scopes/bodhi.yaml", "clients/anitya-cli.yaml", "scopes/odcs.yaml"])
      head[path] = r.read(path);
    const found = promotions(validateTexts(read(FIXTURE)).registry, validateTexts(read(head)).registry);
    expect(found.map((p) => `${p.environment} ${p.kind} ${p.name} from [${p.from.join(", ")}]`)).toEqual([
      `staging scope ${ANITYA}upstream from [development]`,
      "staging scope https://pagure.io/odcs/new-compose from []",
      "staging client anitya-cli from [development]",
      `production scope ${BODHI}create-update from [development, staging]`,
      "production scope https://pagure.io/odcs/new-compose from []",
    ]);
  });
});

describe("promotion: approvals", () => {
  it("a scope promoted to staging, approved by a named user (any case): APPROVED (exit 0)", () => {
    const r = fresh();
    promoteUpstreamToStaging(r);
    const { code, out, err } = promotion(r, "reviews-approved.json");
    expect(err).toBe("");
    expect(out).toBe(
      [
        `## Promotion approval against \`HEAD\` (${shortHead(r)})`,
        "",
        "**APPROVED**: every environment this pull request promotes into is approved by one of its approvers.",
        "",
        "> The approvers are those of `promotion.approvers` in `registry.yaml` at the base revision: a pull request cannot name its own. Handles are matched against the reviewers' latest reviews.",
        "",
        "| Environment | Promotes | Who must approve | Approved by | Status |",
        "| --- | --- | --- | --- | --- |",
        "| staging | 1 scope | `@example-org/platform`, `@release-manager` | `@Release-Manager` | ✅ |",
        "",
        `- staging: scope \`${ANITYA}upstream\` is promoted (it was in development)`,
      ].join("\n"),
    );
    expect(code).toBe(0);
  });

  it("no approval yet (a comment only): NOT APPROVED (exit 1)", () => {
    const r = fresh();
    promoteUpstreamToStaging(r);
    const { code, out } = promotion(r, "reviews-commented.json");
    expect(out.split("\n").slice(2, 3)).toEqual([
      "**NOT APPROVED**: staging still needs an approval from its approvers.",
    ]);
    expect(out).toContain("| staging | 1 scope | `@example-org/platform`, `@release-manager` | nobody yet | ❌ |");
    expect(code).toBe(1);
  });

  it("an approval by someone who is not a named approver does not count, and says so (exit 1)", () => {
    const r = fresh();
    promoteUpstreamToStaging(r);
    const { code, out } = promotion(r, "reviews-non-approver.json");
    expect(out).toContain("| staging | 1 scope | `@example-org/platform`, `@release-manager` | nobody yet | ❌ |");
    expect(out.split("\n").at(-1)).toBe(
      "- `@random-dev` approved, but is not an approver of any environment this pull request promotes into.",
    );
    expect(code).toBe(1);
  });

  it("a later CHANGES_REQUESTED from the same approver cancels the approval; a comment in between does not (exit 1)", () => {
    const r = fresh();
    promoteUpstreamToStaging(r);
    const { code, out } = promotion(r, "reviews-approved-then-changes-requested.json");
    expect(out).toContain("| staging | 1 scope | `@example-org/platform`, `@release-manager` | nobody yet | ❌ |");
    expect(out.split("\n").at(-1)).toBe(
      "- `@Release-Manager` requested changes in their latest review: an earlier approval of theirs does not count.",
    );
    expect(code).toBe(1);
  });

  it("a dismissed approval does not count (exit 1)", () => {
    const r = fresh();
    promoteUpstreamToStaging(r);
    const { code, out } = promotion(r, "reviews-dismissed.json");
    expect(out.split("\n").at(-1)).toBe("- `@Release-Manager`'s latest review was dismissed: it does not count.");
    expect(code).toBe(1);
  });

  it("approvers added by the pull request itself are ignored: the base's settings decide (exit 1)", () => {
    const r = fresh();
    r.edit(
      "registry.yaml",
      '    staging: ["@example-org/platform", "@release-manager"]',
      '    staging: ["@example-org/platform", "@release-manager", "@mallory"]',
    );
    promoteUpstreamToStaging(r);
    const { code, out } = promotion(r, "reviews-self-named-approver.json");
    expect(out).toContain("| staging | 1 scope | `@example-org/platform`, `@release-manager` | nobody yet | ❌ |");
    expect(out.split("\n").at(-1)).toBe(
      "- `@mallory` approved, but is not an approver of any environment this pull request promotes into.",
    );
    expect(code).toBe(1);
    // Once the approver change is merged (the base), the same approval counts.
    r.commit("mallory approves staging");
    r.edit("clients/anitya-cli.yaml", "  development: {}\n", "  development: {}\n  staging: {}\n");
    const after = promotion(r, "reviews-self-named-approver.json");
    expect(after.out).toContain(
      "| staging | 1 client | `@example-org/platform`, `@release-manager`, `@mallory` | `@mallory` | ✅ |",
    );
    expect(after.code).toBe(0);
  });

  it("a member of a named team approves, given the team's members (exit 0); without them it cannot be recognised (exit 1)", () => {
    const r = fresh();
    promoteCreateUpdateToProduction(r);
    const teams = r.cli("promotion", "--base", "HEAD", "--list-teams");
    expect(teams).toEqual({ code: 0, out: "@example-org/production-approvers", err: "" });
    const teamsPath = teamsFile(r, {
      "@example-org/platform": "team-members-platform.json",
      "@Example-Org/Production-Approvers": "team-members-production-approvers.json",
    });
    const { code, out } = promotion(r, "reviews-team-member.json", "--teams", teamsPath);
    expect(out).toContain(
      "| production | 1 scope | `@example-org/production-approvers` | `@prod-oncall` (`@example-org/production-approvers`) | ✅ |",
    );
    expect(code).toBe(0);
    const without = promotionWithoutTeams(r, "reviews-team-member.json");
    expect(without.out.split("\n").slice(-2)).toEqual([
      "- `@prod-oncall` approved, but is not an approver of any environment this pull request promotes into.",
      "- The members of `@example-org/production-approvers` were not fetched (no team data given): approvals from its members cannot be recognised.",
    ]);
    expect(without.code).toBe(1);
  });

  it("each promoted environment needs its own approval: staging approved, production not (exit 1)", () => {
    const r = fresh();
    promoteUpstreamToStaging(r);
    promoteCreateUpdateToProduction(r);
    r.edit("clients/anitya-cli.yaml", "  development: {}\n", "  development: {}\n  staging: {}\n");
    const { code, out } = promotionWithoutTeams(r, "reviews-approved.json");
    // The whole comment: the pinned Markdown of a promotion report.
    expect(out).toBe(
      [
        `## Promotion approval against \`HEAD\` (${shortHead(r)})`,
        "",
        "**NOT APPROVED**: production still needs an approval from its approvers.",
        "",
        "> The approvers are those of `promotion.approvers` in `registry.yaml` at the base revision: a pull request cannot name its own. Handles are matched against the reviewers' latest reviews.",
        "",
        "| Environment | Promotes | Who must approve | Approved by | Status |",
        "| --- | --- | --- | --- | --- |",
        "| staging | 1 scope, 1 client | `@example-org/platform`, `@release-manager` | `@Release-Manager` | ✅ |",
        "| production | 1 scope | `@example-org/production-approvers` | nobody yet | ❌ |",
        "",
        `- staging: scope \`${ANITYA}upstream\` is promoted (it was in development)`,
        "- staging: client `anitya-cli` is promoted (it was in development)",
        `- production: scope \`${BODHI}create-update\` is promoted (it was in development, staging)`,
        "",
        "- The members of `@example-org/production-approvers` were not fetched (no team data given): approvals from its members cannot be recognised.",
      ].join("\n"),
    );
    expect(code).toBe(1);
  });

  it("with --head-sha, an approval of an earlier commit does not count (exit 1); of the head it does (exit 0)", () => {
    const r = fresh();
    promoteUpstreamToStaging(r);
    const stale = promotion(r, "reviews-stale-approval.json", "--head-sha", HEAD_SHA);
    expect(stale.out.split("\n").at(-1)).toBe(
      "- `@Release-Manager` approved an earlier commit (`0b9e1d7c5a3f`), not the head `5d0c7f3e9a1b`: approve again for it to count.",
    );
    expect(stale.code).toBe(1);
    expect(promotion(r, "reviews-approved.json", "--head-sha", HEAD_SHA).code).toBe(0);
  });

  it("an environment with no approvers configured cannot be promoted into, and says how to configure them (exit 1)", () => {
    const r = fresh();
    r.edit("registry.yaml", '    production: ["@example-org/production-approvers"]\n', "");
    r.commit("no production approvers");
    promoteCreateUpdateToProduction(r);
    const { code, out } = promotion(r, "reviews-approved.json");
    expect(out).toContain("| production | 1 scope | — | no approvers configured | ❌ |");
    expect(out.split("\n").slice(-2)).toEqual([
      "- production: no approvers are configured, so nothing can be promoted into it. Name them in `promotion.approvers.production` in `registry.yaml`, in a pull request of its own.",
      "- `@Release-Manager` approved, but is not an approver of any environment this pull request promotes into.",
    ]);
    expect(code).toBe(1);
  });

  it("a base without registry.yaml names no approvers: a promotion fails (exit 1)", () => {
    const r = fresh();
    r.remove("registry.yaml");
    r.commit("no settings");
    r.write("registry.yaml", SETTINGS);
    promoteUpstreamToStaging(r);
    const { code, out } = promotion(r, "reviews-approved.json");
    expect(out).toContain("| staging | 1 scope | — | no approvers configured | ❌ |");
    expect(code).toBe(1);
  });
});

describe("promotion: the command line", () => {
  it("--json gives the decision for tools", () => {
    const r = fresh();
    promoteUpstreamToStaging(r);
    const { code, out } = promotion(r, "reviews-approved.json", "--json");
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.passed).toBe(true);
    expect(json.environments).toEqual([
      {
        environment: "staging",
        promotions: [{ environment: "staging", kind: "scope", name: `${ANITYA}upstream`, from: ["development"] }],
        approvers: ["@example-org/platform", "@release-manager"],
        approvedBy: [{ login: "Release-Manager", as: "@release-manager" }],
        passed: true,
      },
    ]);
  });

  it("usage errors exit 2: no --base, no --reviews, an unknown base, a missing or malformed file", () => {
    const r = fresh();
    expect(r.cli("promotion", "--reviews", fixture("reviews-approved.json")).code).toBe(2);
    expect(r.cli("promotion", "--base", "HEAD").err.split("\n")[0]).toBe(
      "error: promotion needs --reviews <reviews.json> (or --list-teams)",
    );
    expect(r.cli("promotion", "--base", "nope", "--reviews", fixture("reviews-approved.json"))).toMatchObject({
      code: 2,
      err: 'error: "nope" names no commit in this repository',
    });
    expect(r.cli("promotion", "--base", "HEAD", "--reviews", join(r.root, "missing.json"))).toMatchObject({
      code: 2,
      err: `error: --reviews ${JSON.stringify(join(r.root, "missing.json"))} cannot be read (ENOENT)`,
    });
    r.write("reviews.json", '{"state": "APPROVED"}');
    expect(r.cli("promotion", "--base", "HEAD", "--reviews", join(r.root, "reviews.json"))).toMatchObject({
      code: 2,
      err: "error: the reviews must be a JSON array, as the API lists them",
    });
    expect(
      r.cli("promotion", "--base", "HEAD", "--list-teams", "--reviews", fixture("reviews-approved.json")).code,
    ).toBe(2);
  });

  it("an invalid working tree fails (exit 1) before any decision", () => {
    const r = fresh();
    r.edit("scopes/anitya.yaml", "availability: [development]", "availability: [developmnt]");
    const { code, out } = promotion(r, "reviews-approved.json");
    expect(out).toBe("");
    expect(code).toBe(1);
  });

  it("breaking-label prints the acknowledgement label, from the base when given, default breaking-change", () => {
    const r = fresh();
    r.edit("registry.yaml", "breakingLabel: breaking-change-acknowledged", "breakingLabel: anything-goes");
    expect(r.cli("breaking-label", "--base", "HEAD")).toEqual({
      code: 0,
      out: "breaking-change-acknowledged",
      err: "",
    });
    expect(r.cli("breaking-label").out).toBe("anything-goes");
    r.remove("registry.yaml");
    expect(r.cli("breaking-label").out).toBe("breaking-change");
  });
});

describe("promotion: reviews and teams as the API returns them", () => {
  it("reads the recorded responses: the fields the decision uses, nothing else", () => {
    const reviews = parseReviews(JSON.parse(readFileSync(fixture("reviews-approved.json"), "utf8")));
    expect(reviews.map((r) => [r.user?.login, r.state, r.commit_id])).toEqual([
      ["octo-reviewer", "COMMENTED", HEAD_SHA],
      ["Release-Manager", "APPROVED", HEAD_SHA],
    ]);
    const members = parseTeams({
      "@example-org/production-approvers": JSON.parse(
        readFileSync(fixture("team-members-production-approvers.json"), "utf8"),
      ),
    });
    expect(members).toEqual({ "@example-org/production-approvers": ["platform-lead", "prod-oncall"] });
  });

  it("a team called __proto__ stays a key; a deleted reviewer (user null) and pending reviews are skipped", () => {
    expect(Object.getPrototypeOf(parseTeams(JSON.parse('{"__proto__": ["x"]}')))).toBe(Object.prototype);
    const registry = validateTexts([]).registry;
    const decision = promotionDecision({
      base: registry,
      head: registry,
      reviews: parseReviews([
        { id: 1, user: null, state: "APPROVED", submitted_at: "2026-03-02T10:00:00Z" },
        { id: 2, user: { login: "x" }, state: "PENDING" },
      ]),
    });
    expect(decision).toEqual({ passed: true, environments: [], notes: [] });
  });
});

describe("the pull request's diff comment (diff --base), exactly", () => {
  const header = (r: GitRegistry) => `## Scope registry changes against \`HEAD\` (${shortHead(r)})`;

  it("a promotion to staging", () => {
    const r = fresh();
    promoteUpstreamToStaging(r);
    r.edit("clients/anitya-cli.yaml", "  development: {}\n", "  development: {}\n  staging: {}\n");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(out).toBe(
      [
        header(r),
        "",
        "**SAFE**: 2 changes, none breaking.",
        "",
        "| Environment | Breaking | Review | Safe |",
        "| --- | --- | --- | --- |",
        "| development | 0 | 0 | 0 |",
        "| staging | 0 | 0 | 2 |",
        "| production | 0 | 0 | 0 |",
        "",
        `- SAFE staging: scope \`${ANITYA}upstream\` becomes available (promoted)`,
        "- SAFE staging: client `anitya-cli` becomes available (promoted)",
      ].join("\n"),
    );
    expect(code).toBe(0);
  });

  it("a BREAKING pull request", () => {
    const r = fresh();
    r.edit(
      "scopes/bodhi.yaml",
      "    availability: [development, staging, production]\n",
      "    availability: [development]\n",
    );
    const { code, out } = r.cli("diff", "--base", "HEAD");
    expect(out).toBe(
      [
        header(r),
        "",
        "**BREAKING**: 4 breaking changes, 0 safe changes.",
        "",
        "| Environment | Breaking | Review | Safe |",
        "| --- | --- | --- | --- |",
        "| development | 0 | 0 | 0 |",
        "| staging | 2 | 0 | 0 |",
        "| production | 2 | 0 | 0 |",
        "",
        `- **BREAKING** staging: scope \`${BODHI}comment\` is no longer available (demoted), still used by \`bodhi-cli\``,
        `- **BREAKING** staging: client \`bodhi-cli\` loses optional scope \`${BODHI}comment\`: it is no longer available in staging`,
        `- **BREAKING** production: scope \`${BODHI}comment\` is no longer available (demoted), still used by \`bodhi-cli\``,
        `- **BREAKING** production: client \`bodhi-cli\` loses optional scope \`${BODHI}comment\`: it is no longer available in production`,
      ].join("\n"),
    );
    expect(code).toBe(1);
  });

  it("a REVIEW pull request", () => {
    const r = fresh();
    r.edit("clients/bodhi-cli.yaml", "flows: [device_code]", "flows: [device_code, refresh_token]");
    const { code, out } = r.cli("diff", "--base", "HEAD");
    const flow = "client `bodhi-cli` can now use the `refresh_token` flow: it can renew its tokens without the user";
    expect(out).toBe(
      [
        header(r),
        "",
        "🔎 **REVIEW**: 3 changes to review, 0 safe changes, none breaking.",
        "",
        "> 🔎 **REVIEW** breaks no application, but widens what tokens say, where they are valid or who can obtain them, moves a secret or who approves a file, or makes Pulumi re-create or rename something: read each one before approving.",
        "",
        "| Environment | Breaking | Review | Safe |",
        "| --- | --- | --- | --- |",
        "| development | 0 | 1 | 0 |",
        "| staging | 0 | 1 | 0 |",
        "| production | 0 | 1 | 0 |",
        "",
        `- 🔎 **REVIEW** development: ${flow}`,
        `- 🔎 **REVIEW** staging: ${flow}`,
        `- 🔎 **REVIEW** production: ${flow}`,
      ].join("\n"),
    );
    expect(code).toBe(0);
  });
});
