/** The command line: exit codes, output formats, --dir, and the committed JSON Schemas' freshness. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, type Io } from "../../src/cli/main";
import { formatAnnotation } from "../../src/cli/format";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = run(argv, io, ROOT, ROOT);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("validate", () => {
  it("passes on the committed registry with a one-line summary", () => {
    const { code, out } = cli("validate");
    expect(code).toBe(0);
    expect(out.split("\n").at(-1)).toBe("registry valid: 19 scopes in 8 scope files, 7 clients; 0 errors, 1 warning");
  });

  it("fails with every problem and the fix, and exit code 1", () => {
    const { code, out, err } = cli("validate", "--dir", join(FIXTURES, "invalid", "unknown-scope"));
    expect(code).toBe(1);
    expect(out).toBe(
      [
        "clients/app.yaml:7:22: error unknown-scope",
        '  scope "https://example.org/base/raed" is not defined in the registry (did you mean "https://example.org/base/read"?)',
        "  fix: use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
        "clients/app.yaml:7:53: error unknown-scope",
        '  scope "https://nowhere.example/zzz" is not defined in the registry',
        "  fix: use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
      ].join("\n"),
    );
    expect(err).toBe("registry invalid: 2 errors, 0 warnings in 1 file");
  });

  it("emits GitHub annotations with --format github", () => {
    const { code, out } = cli("validate", "--format", "github", "--dir", join(FIXTURES, "invalid", "unknown-audience"));
    expect(code).toBe(1);
    expect(out).toBe(
      '::error file=scopes/base.yaml,line=8,col=15,title=unknown-audience::audience "ap" names no registered client (did you mean "app"?). Fix: name the client id of a registered resource server (clients/<client-id>.yaml)',
    );
  });

  it("escapes annotation properties and data", () => {
    expect(
      formatAnnotation({
        severity: "warning",
        rule: "wrong-value",
        file: "scopes/a,b:c.yaml",
        line: 1,
        column: 2,
        message: "100% sure\nreally",
        fix: "none",
      }),
    ).toBe("::warning file=scopes/a%2Cb%3Ac.yaml,line=1,col=2,title=wrong-value::100%25 sure%0Areally. Fix: none");
  });
});

describe("plan", () => {
  it("prints the fields the specification names as JSON", () => {
    const { code, out } = cli("plan", "--env", "production", "--json");
    expect(code).toBe(0);
    const plan = JSON.parse(out);
    expect(plan.environment).toBe("production");
    const groups = plan.scopes.find((s: { name: string }) => s.name === "https://id.fedoraproject.org/scope/groups");
    expect(groups.claims.map((c: { name: string }) => c.name)).toEqual(["groups"]);
    const dashboard = plan.clients.find((c: { clientId: string }) => c.clientId === "packager-dashboard");
    expect(dashboard.defaultScopes).toEqual([
      "acr",
      "basic",
      "https://id.fedoraproject.org/scope/groups",
      "profile",
      "web-origins",
    ]);
    expect(dashboard.optionalScopes).toEqual(["https://id.fedoraproject.org/scope/cla"]);
    expect(dashboard.notYetAvailable).toEqual([
      { name: "https://waiverdb.fedoraproject.org/oidc/create-waiver", kind: "optional" },
    ]);
    expect(plan.clients.map((c: { clientId: string }) => c.clientId)).not.toContain("anitya");
  });

  it("says in text what is not yet available", () => {
    const { out } = cli("plan", "--env", "production");
    expect(out).toContain(
      "    not yet available in production: https://waiverdb.fedoraproject.org/oidc/create-waiver (optional)",
    );
  });

  it("refuses an invalid registry with its problems and exit code 1", () => {
    const { code, err } = cli("plan", "--env", "development", "--dir", join(FIXTURES, "invalid", "empty-availability"));
    expect(code).toBe(1);
    expect(err).toContain("scopes/base.yaml:7:19: error empty-availability");
  });

  it.each([
    [["plan"], "error: plan needs --env <environment>"],
    [["plan", "--env", "prod"], 'error: unknown environment "prod"; use one of development, staging, production'],
    [["deploy"], 'error: unknown command "deploy"'],
    [["validate", "--format", "xml"], 'error: --format must be text or github, not "xml"'],
    [["validate", "--colour"], "error: Unknown option '--colour'"],
    [["docs", "--json"], "error: docs does not take --json"],
    [["validate", "--env", "production"], "error: validate does not take --env"],
    [["schema", "--write", "--check"], "error: schema takes --write or --check, not both"],
    [
      ["validate", "--dir", "no/such/registry"],
      `error: ${join(ROOT, "no/such/registry")} holds neither scopes/ nor clients/: is --dir right?`,
    ],
  ])("%j is a usage error (exit 2)", (argv, message) => {
    const { code, err } = cli(...argv);
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toBe(message);
  });
});

describe("--dir", () => {
  it("resolves a relative path from where the command was run, and defaults to the project root", () => {
    const lines: string[] = [];
    const io: Io = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
    expect(run(["validate", "--dir", "invalid/unknown-scope"], io, ROOT, FIXTURES)).toBe(1);
    expect(lines.at(-1)).toBe("registry invalid: 2 errors, 0 warnings in 1 file");
    expect(run(["validate"], io, ROOT, FIXTURES)).toBe(0);
  });
});

describe("schema", () => {
  it("the committed JSON Schemas are fresh", () => {
    const { code, err } = cli("schema", "--check");
    expect(err).toBe("");
    expect(code).toBe(0);
  });

  it("describes both file kinds", () => {
    const schemas = JSON.parse(cli("schema").out);
    expect(Object.keys(schemas)).toEqual(["scope-file.schema.json", "client-file.schema.json"]);
    expect(schemas["scope-file.schema.json"].required).toEqual(["service", "owners", "scopes"]);
    expect(schemas["client-file.schema.json"].additionalProperties).toBe(false);
  });
});
