/**
 * `docs`: the committed catalogue is fresh, shows every fact of the registry page it replaces, and
 * marks deprecated and restricted scopes; `--check` fails on a stale or missing copy.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../cli-harness";
import { validateDir, validateTexts } from "../../src/registry";
import { catalogue } from "../../src/report/docs";
import { code, cell } from "../../src/report/markdown";
import { FIXTURE_REGISTRY } from "../fixture-registry";
import { PROJECT_ROOT } from "./git-registry";

function cli(root: string, ...argv: string[]) {
  return runCli(PROJECT_ROOT, ...argv, "--dir", root);
}

const committed = readFileSync(join(FIXTURE_REGISTRY, "docs", "scopes.md"), "utf8");
const lines = committed.split("\n");

/** Checks every GFM table row has its header's cell count; returns how many rows it checked. */
function tableRows(doc: readonly string[]): number {
  const cellCount = (row: string) => row.replace(/\\\|/g, "").split("|").length - 2;
  let header = 0;
  let rows = 0;
  for (const [i, line] of doc.entries()) {
    if (!line.startsWith("|")) continue;
    if (!doc[i - 1].startsWith("|")) header = cellCount(line);
    expect(cellCount(line), line).toBe(header);
    rows++;
  }
  return rows;
}

/** The lines of one `## heading` section, up to the next. */
function section(heading: string): string[] {
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe("docs on the fixture registry", () => {
  it("the fixture registry's docs/scopes.md is fresh (docs --check)", () => {
    expect(cli(FIXTURE_REGISTRY, "docs", "--check")).toEqual({ code: 0, out: "", err: "docs/scopes.md is fresh" });
    expect(catalogue(validateDir(FIXTURE_REGISTRY).registry)).toBe(committed);
  });

  it("every table row has as many cells as its header (no unescaped pipe splits a cell)", () => {
    expect(tableRows(lines)).toBe(115);
  });

  it("opens like the page: how to form a full scope name from a namespace and an id", () => {
    expect(lines[2]).toBe("# Scope registry");
    expect(section("How to read this page")[2]).toBe(
      "- **Namespace.** Every service first lists its base namespace, then the ID and a short summary of each scope. " +
        "To get the full scope to request, append the scope ID to the base namespace: for example `upstream` in " +
        "`https://github.com/fedora-infra/anitya/oidc/` becomes `https://github.com/fedora-infra/anitya/oidc/upstream`. " +
        "Standard scopes are not namespaced.",
    );
  });

  it("lists the standard scopes as available everywhere and not namespaced, with the claims they provide", () => {
    const standard = section("Standard scopes");
    expect(standard).toContain("Availability: development, staging, production.");
    expect(standard).toContain(
      "| `openid` | — | Required for every OpenID Connect request; implicit, never attached to a client. |",
    );
    expect(standard).toContain(
      "| `email` | `email`, `email_verified` | The user's e-mail address (OpenID Connect Core §5.4). |",
    );
  });

  it("lists the page's custom UserInfo fields with the scope each requires", () => {
    expect(section("Custom claims (UserInfo fields)").filter((l) => l.startsWith("| `"))).toEqual([
      "| `cla` | User attribute `cla`, every value as a list | `https://id.fedoraproject.org/scope/cla` | string, multivalued | id_token, access_token, userinfo, introspection |",
      "| `groups` | The groups the user is a member of | `https://id.fedoraproject.org/scope/groups` | string, multivalued | id_token, access_token, userinfo, introspection |",
    ]);
  });

  it("gives each service its namespace, owners, description, availability line and scope table", () => {
    expect(section("Anitya")).toEqual([
      "## Anitya",
      "",
      "- Base namespace: `https://github.com/fedora-infra/anitya/oidc/`",
      "- Owners: `@fedora-infra/anitya`",
      "- Defined in: [`scopes/anitya.yaml`](../scopes/anitya.yaml)",
      "",
      'Monitors upstream releases. "Anitya" is used here in the sense of the upstream project that maintains the Anitya ' +
        "software, hence these scope names are used regardless of where any given Anitya instance is deployed.",
      "",
      "Availability: development.",
      "",
      "| Scope ID | Full scope name | Summary | Claims | Availability |",
      "| --- | --- | --- | --- | --- |",
      "| `upstream` | `https://github.com/fedora-infra/anitya/oidc/upstream` | Permission to register new upstream projects for monitoring | audience `anitya` | development |",
      "| `downstream` | `https://github.com/fedora-infra/anitya/oidc/downstream` | Permission to register new distros and new upstream/downstream mappings | audience `anitya` | development |",
      "",
    ]);
    expect(section("Fedora Identity")).toContain(
      '| `cla` | `https://id.fedoraproject.org/scope/cla` | Provides the "cla" attribute in the User Info. | `cla`: attribute cla (string, multivalued) in id_token, access_token, userinfo, introspection | development, staging, production |',
    );
  });

  // The registry page's rows, transcribed: service, scope id, summary, availability. Bodhi's section
  // gave no availability; the registry lists it everywhere (see scopes/bodhi.yaml).
  const pageRows: readonly [string, string, string, string][] = [
    [
      "Fedora Identity",
      "groups",
      'Provides the "groups" attribute in the User Info.',
      "development, staging, production",
    ],
    ["Fedora Identity", "cla", 'Provides the "cla" attribute in the User Info.', "development, staging, production"],
    ["Anitya", "upstream", "Permission to register new upstream projects for monitoring", "development"],
    ["Anitya", "downstream", "Permission to register new distros and new upstream/downstream mappings", "development"],
    ["Module Build Service", "submit-build", "Permission to submit new module builds", "staging, production"],
    ["WaiverDB", "create-waiver", "Permission to create new waivers", "development, staging"],
    ["Beaker", "scope", "Full access to your beaker account.", "staging, production"],
    [
      "On Demand Compose Service",
      "new-compose",
      "Permission to create a new compose",
      "development, staging, production",
    ],
    ["On Demand Compose Service", "renew-compose", "Permission to renew a compose", "development, staging, production"],
    [
      "On Demand Compose Service",
      "delete-compose",
      "Permission to delete a compose",
      "development, staging, production",
    ],
    ["Bodhi", "comment", "Post new comments and votes", "development, staging, production"],
    ["Bodhi", "create-update", "Submit new updates", "development, staging, production"],
    ["Bodhi", "edit-update", "Edit updates", "development, staging, production"],
    ["Bodhi", "request-update", "Request batched or stable", "development, staging, production"],
    ["Bodhi", "revoke-update", "Revoke an update", "development, staging, production"],
    ["Bodhi", "create-override", "Submit new override", "development, staging, production"],
    ["Bodhi", "edit-override", "Edit override", "development, staging, production"],
    ["Bodhi", "expire-override", "Expire an override", "development, staging, production"],
    ["Pagure", "api", "Full API access", "staging, production"],
  ];
  it.each(pageRows)(
    "shows the page's %s scope %s with its summary and availability",
    (service, id, summary, availability) => {
      const row = section(service).find((line) => line.startsWith(`| \`${id}\` |`));
      expect(row).toBeDefined();
      const cells = row!.slice(2, -2).split(" | ");
      expect([cells[0], cells[2], cells[4]]).toEqual([code(id), summary, availability]);
    },
  );

  it("has a promotion matrix; a development-only scope is ticked only there", () => {
    const matrix = section("Promotion matrix");
    expect(matrix.slice(4, 6)).toEqual([
      "| Scope | Service | development | staging | production |",
      "| --- | --- | --- | --- | --- |",
    ]);
    expect(matrix).toContain("| `https://github.com/fedora-infra/anitya/oidc/upstream` | Anitya | ✓ | — | — |");
    expect(matrix).toContain("| `https://waiverdb.fedoraproject.org/oidc/create-waiver` | WaiverDB | ✓ | ✓ | — |");
    expect(matrix.filter((l) => l.startsWith("| `"))).toHaveLength(19);
  });

  it("says who uses each scope in each environment, including a client still waiting for a promotion", () => {
    const users = section("Who uses each scope");
    expect(users).toContain(
      "| `https://waiverdb.fedoraproject.org/oidc/create-waiver` | `packager-dashboard` (optional) | `packager-dashboard` (optional) | `packager-dashboard` (optional, not yet available) |",
    );
    expect(users).toContain(
      "| `https://github.com/fedora-infra/anitya/oidc/upstream` | `anitya` (optional) | *not available* | *not available* |",
    );
    expect(users).toContain("| `https://pagure.io/oidc/api` | *not available* | — | — |");
  });

  it("says there are no deprecated or restricted scopes", () => {
    expect(section("Deprecated scopes")).toEqual(["## Deprecated scopes", "", "None.", ""]);
    expect(section("Restricted scopes")).toEqual(["## Restricted scopes", "", "None.", ""]);
  });
});

describe("docs on a registry with deprecated and restricted scopes", () => {
  const { registry, problems } = validateTexts([
    {
      path: "scopes/people.yaml",
      text: [
        "service: People | Directory",
        "namespace: https://people.example.org/scope/",
        'owners: ["@example/people", "@example/privacy"]',
        "description: Who is who, *exactly*.",
        "scopes:",
        "  - id: legal-name",
        "    summary: Your legal name | as registered",
        "    consentText: Share your legal name",
        "    availability: [production, development]",
        "    restricted:",
        "      reason: Legal identity is personal data.",
        "      allowedClients: [payroll]",
        "    claims:",
        "      - name: legal_name",
        "        from: attribute",
        "        attribute: legalName",
        "        in: [id_token]",
        "  - id: picture",
        "    summary: Your picture",
        "    availability: [development]",
        "    includeInTokenScope: false",
        "    deprecated:",
        "      since: 2022-11-01",
        "      message: Users now choose whether their picture is public.",
        "    claims:",
        "      - name: picture_url",
        "        from: attribute",
        "        attribute: picture",
        "",
      ].join("\n"),
    },
    {
      path: "scopes/plain.yaml",
      text: [
        "service: Plain",
        'owners: ["@example/plain"]',
        "scopes:",
        "  - id: urn:example:read",
        "    summary: Read things",
        "    availability: [staging]",
        "",
      ].join("\n"),
    },
    {
      path: "clients/payroll.yaml",
      text: [
        "clientId: payroll",
        "name: Payroll",
        'owners: ["@example/payroll"]',
        "type: confidential",
        "flows: [authorization_code]",
        "scopes:",
        "  default: [https://people.example.org/scope/legal-name]",
        "  optional: [https://people.example.org/scope/picture]",
        "justifications:",
        "  https://people.example.org/scope/legal-name: Payslips must carry the legal name.",
        "environments:",
        "  development:",
        "    redirectUris: [http://localhost:1/cb]",
        "  production:",
        "    redirectUris: [https://payroll.example.org/cb]",
        "credentials:",
        "  kubernetes: { namespace: payroll, secretName: payroll-oidc }",
        "",
      ].join("\n"),
    },
  ]);
  const doc = catalogue(registry).split("\n");

  it("loads without errors (the fixture itself is valid)", () => {
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("marks restricted and deprecated scopes in their service's table, escaping pipes and emphasis", () => {
    expect(tableRows(doc)).toBe(49);
    expect(doc).toContain("Who is who, \\*exactly\\*.");
    expect(doc).toContain(
      "| `legal-name` | `https://people.example.org/scope/legal-name` | Your legal name \\| as registered<br>Consent screen: “Share your legal name”<br>**Restricted** to `payroll`: Legal identity is personal data. | `legal_name`: attribute legalName (string) in id_token | development, production |",
    );
    expect(doc).toContain(
      "| `picture` | `https://people.example.org/scope/picture` | Your picture<br>**Deprecated** since 2022-11-01: Users now choose whether their picture is public. | `picture_url`: attribute picture (string) in id_token, access_token, userinfo, introspection<br>not listed in the token's `scope` claim | development |",
    );
  });

  it("marks them in the matrix and lists them with their users and justifications", () => {
    expect(doc).toContain(
      "| `https://people.example.org/scope/legal-name` (restricted) | People \\| Directory | ✓ | — | ✓ |",
    );
    expect(doc).toContain(
      "| `https://people.example.org/scope/picture` (deprecated) | `payroll` (optional) | *not available* | `payroll` (optional, not yet available) |",
    );
    expect(doc).toContain(
      "| `https://people.example.org/scope/picture` | 2022-11-01 | Users now choose whether their picture is public. | `payroll` |",
    );
    expect(doc).toContain(
      "| `https://people.example.org/scope/legal-name` | Legal identity is personal data. | `payroll`: Payslips must carry the legal name. |",
    );
  });

  it("links each service from the overview by GitHub's anchor, and handles a service without a namespace", () => {
    expect(doc).toContain(
      "| [People \\| Directory](#people--directory) | `https://people.example.org/scope/` | `@example/people`, `@example/privacy` | 2 |",
    );
    expect(doc).toContain("| [Plain](#plain) | — | `@example/plain` | 1 |");
    expect(doc).toContain("- No namespace: each scope ID is its full name.");
  });
});

describe("markdown escaping", () => {
  it.each([
    ["plain", "`plain`"],
    ["a`b", "`` a`b ``"],
    ["``x", "``` ``x ```"],
  ])("code(%j) is %s", (value, expected) => {
    expect(code(value)).toBe(expected);
  });

  it("keeps a table cell on one line with its pipes escaped", () => {
    expect(cell("a | b\n  c")).toBe("a \\| b c");
  });
});

describe("docs --check and writing", () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function copy(): string {
    root = mkdtempSync(join(tmpdir(), "scope-registry-docs-"));
    for (const dir of ["scopes", "clients", "docs"])
      cpSync(join(FIXTURE_REGISTRY, dir), join(root, dir), { recursive: true });
    return root;
  }

  it("fails (exit 1) when a registry change was not regenerated, and passes once it is", () => {
    const dir = copy();
    const file = join(dir, "scopes", "pagure.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("summary: Full API access", "summary: Full access to the API"),
    );
    expect(cli(dir, "docs", "--check")).toEqual({
      code: 1,
      out: "",
      err: "docs/scopes.md is stale: run npm run registry -- docs",
    });
    expect(cli(dir, "docs")).toEqual({ code: 0, out: "", err: "wrote docs/scopes.md" });
    expect(cli(dir, "docs", "--check").code).toBe(0);
    expect(readFileSync(join(dir, "docs", "scopes.md"), "utf8")).toContain(
      "| `api` | `https://pagure.io/oidc/api` | Full access to the API | — | staging, production |",
    );
  });

  it("counts a missing copy as stale", () => {
    const dir = copy();
    rmSync(join(dir, "docs"), { recursive: true });
    expect(cli(dir, "docs", "--check").code).toBe(1);
  });

  it("writes nothing from an invalid registry (exit 1, with its problems)", () => {
    const dir = copy();
    rmSync(join(dir, "docs"), { recursive: true });
    rmSync(join(dir, "clients", "anitya.yaml"));
    const { code: exit, err } = cli(dir, "docs");
    expect(exit).toBe(1);
    expect(err.split("\n").at(-1)).toBe("registry invalid: 2 errors, 1 warning in 1 file");
    expect(existsSync(join(dir, "docs"))).toBe(false);
  });
});
