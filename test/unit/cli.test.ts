/** The command line: exit codes, output formats, --dir, and the committed JSON Schemas' freshness. */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { run, USAGE, type Io } from "../../src/cli/main";
import { formatAnnotation, formatPlan, printableText, summary } from "../../src/cli/format";
import { writeOrCheck } from "../../src/cli/generated-file";
import { formatProblem, planEnvironment, printable, validateTexts, type Problem } from "../../src/registry";
import { FIXTURE_REGISTRY } from "../fixture-registry";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = run(argv, io, FIXTURE_REGISTRY, ROOT);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("validate", () => {
  it("passes on the fixture registry: its warning on stdout, the one-line summary on stderr", () => {
    const { code, out, err } = cli("validate");
    expect(code).toBe(0);
    expect(out).toBe(
      [
        "clients/packager-dashboard.yaml:14:7: warning not-yet-available",
        '  scope "https://waiverdb.fedoraproject.org/oidc/create-waiver" is not yet available in production; the client is provisioned there without it',
        "  fix: promote it by adding production to its availability in scopes/waiverdb.yaml",
      ].join("\n"),
    );
    expect(err).toBe("registry valid: 19 scopes in 8 scope files, 7 clients; 0 errors, 1 warning");
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
    const dir = join(FIXTURES, "invalid", "unknown-audience");
    // --repo-root: the fixture as a repository of its own (in this repository, paths would start test/fixtures/).
    const { code, out } = cli("validate", "--format", "github", "--dir", dir, "--repo-root", dir);
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
    ).toBe("::warning file=scopes/a%2Cb%3Ac.yaml,line=1,col=2,title=wrong-value::100%25 sure\\u000areally. Fix: none");
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
    [["deploy"], "error: unknown command 'deploy'"],
    [["valdate"], "error: unknown command 'valdate' (did you mean validate?)"],
    [["validate", "--format", "xml"], 'error: --format must be text, github, json or sarif, not "xml"'],
    [["validate", "--colour"], "error: unknown option '--colour'"],
    [["validate", "--formt", "json"], "error: unknown option '--formt' (did you mean --format?)"],
    [["plan", "--json", "--env"], "error: option '--env <environment>' argument missing"],
    [["validate", "extra"], "error: too many arguments for 'validate'. Expected 0 arguments but got 1."],
    [["docs", "--check", "--password=hunter2"], "error: unknown option '--password'"],
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
    expect(run(["validate"], io, FIXTURE_REGISTRY, FIXTURES)).toBe(0);
  });
});

describe("schema", () => {
  it("the committed JSON Schemas are fresh", () => {
    // The schemas follow from the code, not from the registry: they are checked in the project root.
    const { code, err } = cli("schema", "--check", "--dir", ROOT);
    expect(err).toBe("schemas are fresh");
    expect(code).toBe(0);
  });

  it("describes the three file kinds", () => {
    const schemas = JSON.parse(cli("schema").out);
    expect(Object.keys(schemas)).toEqual([
      "scope-file.schema.json",
      "client-file.schema.json",
      "settings-file.schema.json",
    ]);
    expect(schemas["settings-file.schema.json"].required).toEqual(["platformOwners"]);
    expect(schemas["scope-file.schema.json"].required).toEqual(["service", "owners", "scopes"]);
    expect(schemas["client-file.schema.json"].additionalProperties).toBe(false);
  });
});

/** What no output may hold: control and bidi characters (tab and line feed aside: lines are joined with one). */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A small valid registry, written at test time: these tests never depend on the example registry's content. */
const SCOPE_TEXT = `service: Base
namespace: https://example.org/base/
owners: ["@org/base"]
scopes:
  - id: read
    summary: Read things
    availability: [development, staging, production]
`;
const CLIENT_TEXT = `clientId: app
name: App
owners: ["@org/app"]
type: public
flows: [authorization_code]
scopes:
  default: [openid, https://example.org/base/read]
environments:
  development:
    redirectUris: [http://127.0.0.1:8080/callback]
`;

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

function temporaryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "scope-registry-cli-"));
  temporaryDirs.push(dir);
  return dir;
}

/** A registry root holding the small valid registry. */
function temporaryRegistry(): string {
  const root = temporaryDir();
  mkdirSync(join(root, "scopes"));
  mkdirSync(join(root, "clients"));
  writeFileSync(join(root, "scopes", "base.yaml"), SCOPE_TEXT);
  writeFileSync(join(root, "clients", "app.yaml"), CLIENT_TEXT);
  return root;
}

function cliIn(root: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = run(argv, io, root, root);
  return { code, out: out.join("\n"), err: err.join("\n"), errLines: err.join("\n").split("\n") };
}

describe("hostile text in output", () => {
  const hostile: Problem = {
    severity: "error",
    rule: "wrong-value",
    file: "scopes/a\r\u001b[8m.yaml",
    line: 3,
    column: 5,
    message: 'value "x"\n::error::x \u202eevil',
    fix: "::error::fix\r\u001b[8m",
  };
  const leading: Problem = {
    severity: "warning",
    rule: "wrong-value",
    file: "::error::x.yaml",
    line: 1,
    column: 1,
    message: "\u00a0::warning::forged",
    fix: "\u2028::notice::y",
  };

  it("printable escapes C0, DEL, C1, line separators and bidi controls, and nothing else", () => {
    expect(printable("a\u0000b\tc\nd\re\u001bf\u007fg\u0085h\u009bi")).toBe(
      "a\\u0000b\\u0009c\\u000ad\\u000de\\u001bf\\u007fg\\u0085h\\u009bi",
    );
    expect(printable("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")).toBe(
      "\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u2028\\u2029",
    );
    expect(printable('ünïcödé 😀 "quoted" \\ back%slash ::x')).toBe('ünïcödé 😀 "quoted" \\ back%slash ::x');
    expect(printable(printable("\u001b[8m"))).toBe("\\u001b[8m");
  });

  it("text: every field of a problem is escaped, three lines, none starting a workflow command", () => {
    expect(formatProblem(hostile)).toBe(
      [
        "scopes/a\\u000d\\u001b[8m.yaml:3:5: error wrong-value",
        '  value "x"\\u000a::error::x \\u202eevil',
        "  fix: ::error::fix\\u000d\\u001b[8m",
      ].join("\n"),
    );
    expect(formatProblem(leading)).toBe(
      [
        "\\u003a:error::x.yaml:1:1: warning wrong-value",
        "  \u00a0\\u003a:warning::forged",
        "  fix: \\u2028::notice::y",
      ].join("\n"),
    );
  });

  it("github: values are escaped before the runner's %-escaping, so one annotation stays one line", () => {
    expect(formatAnnotation(hostile)).toBe(
      "::error file=scopes/a\\u000d\\u001b[8m.yaml,line=3,col=5,title=wrong-value::" +
        'value "x"\\u000a::error::x \\u202eevil. Fix: ::error::fix\\u000d\\u001b[8m',
    );
    expect(formatAnnotation(leading)).toBe(
      "::warning file=%3A%3Aerror%3A%3Ax.yaml,line=1,col=1,title=wrong-value::" +
        "\u00a0::warning::forged. Fix: \\u2028::notice::y",
    );
  });

  it("plan: registry strings are escaped and no line starts a workflow command", () => {
    const { registry, problems } = validateTexts([
      { path: "scopes/base.yaml", text: SCOPE_TEXT },
      { path: "clients/app.yaml", text: CLIENT_TEXT },
    ]);
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    const plan = planEnvironment(registry, "development");
    const forged = {
      ...plan,
      scopes: plan.scopes.map((s) => ({ ...s, name: "::error::x", serviceName: "Base\r\u001b[8m\u202e" })),
      clients: plan.clients.map((c) => ({
        ...c,
        clientId: "\n::error::y",
        defaultScopes: ["::error::z\u2066"],
        redirectUris: ["http://127.0.0.1/\u001b]8;;http://evil/\u0007x"],
      })),
    };
    const lines = formatPlan(forged).split("\n");
    expect(lines).toContain("  \\u003a:error::x  (Base\\u000d\\u001b[8m\\u202e)");
    expect(lines).toContain("  \\u000a::error::y  (public; authorization_code (PKCE S256))");
    expect(lines).toContain("    default: ::error::z\\u2066");
    expect(lines).toContain("    redirect URIs: http://127.0.0.1/\\u001b]8;;http://evil/\\u0007x");
    for (const line of lines) {
      expect(line).not.toMatch(RAW_CONTROL);
      expect(line).not.toMatch(/^\s*::/);
    }
  });

  it("JSON made printable line by line stays valid and equal", () => {
    const value = { name: "a\u202eb\u0085c\u007f\u2066", uri: "x\ny\u001b[8m", list: ["::error::z"] };
    const text = printableText(JSON.stringify(value, null, 2));
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('"name": "a\\u202eb\\u0085c\\u007f\\u2066"');
    expect(JSON.parse(text)).toEqual(value);
  });

  it("summary is one printable line", () => {
    const { registry, problems } = validateTexts([{ path: "scopes/base.yaml", text: SCOPE_TEXT }]);
    expect(summary(registry, problems)).toBe(
      "registry valid: 1 scope in 1 scope file, 0 clients; 0 errors, 0 warnings",
    );
  });

  it("validate prints no raw control character for files whose names hold them", (context) => {
    const root = temporaryRegistry();
    const names = ["a\nb.yaml", "c\rd.yaml", "\u001b[8mhidden.yaml", "\u202eevil.yaml", "::error::x.yaml"];
    const created: string[] = [];
    for (const name of names) {
      try {
        writeFileSync(join(root, "scopes", name), SCOPE_TEXT);
        created.push(name);
      } catch (error) {
        // Some file systems (Windows, some network mounts) refuse such names.
        void error;
      }
    }
    if (!created.includes("a\nb.yaml")) context.skip("this file system refuses a file name with a line feed");
    for (const format of ["text", "github"]) {
      const { code, out, err } = cliIn(root, "validate", "--format", format);
      expect(code).toBe(1);
      const output = `${out}\n${err}`;
      expect(output).not.toMatch(RAW_CONTROL);
      expect(
        output.split("\n").filter((line) => /^\s*::/.test(line) && !line.startsWith("::error file=scopes/")),
      ).toEqual([]);
      expect(output).toContain(format === "text" ? "scopes/a\\u000ab.yaml:" : "file=scopes/a\\u000ab.yaml,");
    }
  });
});

describe("command names that are Object.prototype members", () => {
  it.each(["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"])(
    "%s is a usage error (exit 2)",
    (command) => {
      const { code, err } = cli(command);
      expect(code).toBe(2);
      expect(err).toBe(`error: unknown command '${command}'\n\n${USAGE}`);
    },
  );

  it("a usage error quoting hostile text prints it escaped", () => {
    const { code, err } = cli("\u202eevil\u001b[8m");
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toBe("error: unknown command '\\u202eevil\\u001b[8m'");
  });
});

describe("exit codes", () => {
  it("USAGE documents 0, 1, 2, 3 and 4", () => {
    expect(USAGE).toMatch(/^ {2}0 {2}success$/m);
    expect(USAGE).toMatch(/^ {2}1 {2}invalid registry/m);
    expect(USAGE).toMatch(/^ {2}2 {2}usage error$/m);
    expect(USAGE).toMatch(/^ {2}3 {2}Keycloak unreachable, login refused/m);
    expect(USAGE).toMatch(/^ {2}4 {2}internal failure/m);
  });

  function failingOut(): Io & { err: (line: string) => void; errors: string[] } {
    const errors: string[] = [];
    return {
      errors,
      out: () => {
        throw new Error("EPIPE: broken\npipe \u001b[8m");
      },
      err: (line) => errors.push(line),
    };
  }

  it("an internal failure exits 4 with exactly one line on stderr, escaped, and no stack trace", () => {
    vi.stubEnv("SCOPE_REGISTRY_DEBUG", "");
    try {
      const io = failingOut();
      expect(run(["schema"], io, temporaryRegistry())).toBe(4);
      expect(io.errors).toEqual(["error: internal failure: EPIPE: broken\\u000apipe \\u001b[8m"]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("SCOPE_REGISTRY_DEBUG=1 adds the stack trace after that line", () => {
    vi.stubEnv("SCOPE_REGISTRY_DEBUG", "1");
    try {
      const io = failingOut();
      expect(run(["schema"], io, temporaryRegistry())).toBe(4);
      expect(io.errors[0]).toBe("error: internal failure: EPIPE: broken\\u000apipe \\u001b[8m");
      expect(io.errors.length).toBeGreaterThan(2);
      expect(io.errors.some((line) => /^\s+at /.test(line))).toBe(true);
      for (const line of io.errors) expect(line).not.toMatch(RAW_CONTROL);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("the process", () => {
  it("a failed write to stdout is an internal failure: exit 4 and one line, no stack trace", ({ skip }) => {
    if (!existsSync("/dev/full")) skip("needs /dev/full, where every write fails with ENOSPC");
    const full = openSync("/dev/full", "w");
    try {
      const child = spawnSync(
        process.execPath,
        ["--import", "tsx", join(ROOT, "src", "cli", "main.ts"), "schema", "--dir", temporaryRegistry()],
        { stdio: ["ignore", full, "pipe"], encoding: "utf8", env: { ...process.env, SCOPE_REGISTRY_DEBUG: "" } },
      );
      expect(child.stderr).toBe("error: internal failure: ENOSPC: no space left on device, write\n");
      expect(child.status).toBe(4);
    } finally {
      closeSync(full);
    }
  });
});

describe("generated files are never written through a symbolic link", () => {
  const FILE = { path: "docs/scopes.md", text: "# generated\n", command: "npm run registry -- docs" };

  function capture() {
    const lines: string[] = [];
    const io: Io = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
    return { io, lines };
  }

  function symlinkOrSkip(target: string, path: string, skip: (note: string) => never): void {
    try {
      symlinkSync(target, path);
    } catch (error) {
      skip(`cannot create a symbolic link here: ${(error as Error).message}`);
    }
  }

  it("refuses a target that is a link to a file outside, which stays unchanged, in both modes", ({ skip }) => {
    const root = temporaryDir();
    const outside = join(temporaryDir(), "outside.txt");
    // The outside file already holds the generated text: following the link, --check would say fresh.
    writeFileSync(outside, FILE.text);
    mkdirSync(join(root, "docs"));
    symlinkOrSkip(outside, join(root, "docs", "scopes.md"), skip);

    const write = capture();
    expect(writeOrCheck(root, { ...FILE, text: "overwritten\n" }, false, write.io)).toBe(1);
    expect(write.lines).toEqual([
      "error: docs/scopes.md is a symbolic link; generated files are never read or written through one: " +
        "replace docs/scopes.md with a regular file, then run npm run registry -- docs",
    ]);
    expect(readFileSync(outside, "utf8")).toBe(FILE.text);
    expect(lstatSync(join(root, "docs", "scopes.md")).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(root, "docs"))).toEqual(["scopes.md"]);

    const check = capture();
    expect(writeOrCheck(root, FILE, true, check.io)).toBe(1);
    expect(check.lines.join("\n")).toContain("docs/scopes.md is a symbolic link");
  });

  it("refuses a parent folder that is a link, in both modes", ({ skip }) => {
    const root = temporaryDir();
    const outside = temporaryDir();
    writeFileSync(join(outside, "scopes.md"), FILE.text);
    symlinkOrSkip(outside, join(root, "docs"), skip);

    const write = capture();
    expect(writeOrCheck(root, { ...FILE, text: "overwritten\n" }, false, write.io)).toBe(1);
    expect(write.lines.join("\n")).toContain("error: docs is a symbolic link");
    expect(readdirSync(outside)).toEqual(["scopes.md"]);
    expect(readFileSync(join(outside, "scopes.md"), "utf8")).toBe(FILE.text);

    const check = capture();
    expect(writeOrCheck(root, FILE, true, check.io)).toBe(1);
    expect(check.lines.join("\n")).toContain("docs is a symbolic link");
  });

  it("refuses a target that is not a regular file", () => {
    const root = temporaryDir();
    mkdirSync(join(root, "docs", "scopes.md"), { recursive: true });
    for (const check of [false, true]) {
      const { io, lines } = capture();
      expect(writeOrCheck(root, FILE, check, io)).toBe(1);
      expect(lines.join("\n")).toContain("docs/scopes.md is not a regular file");
    }
  });

  it("writes a regular file (mode 0644), replaces it, checks it, and leaves no temporary file behind", () => {
    const root = temporaryDir();
    const { io, lines } = capture();
    expect(writeOrCheck(root, FILE, true, io)).toBe(1); // missing: stale
    expect(writeOrCheck(root, { ...FILE, text: "old\n" }, false, io)).toBe(0);
    expect(writeOrCheck(root, FILE, true, io)).toBe(1); // different: stale
    expect(writeOrCheck(root, FILE, false, io)).toBe(0);
    expect(writeOrCheck(root, FILE, true, io)).toBe(0);
    expect(lines).toEqual([
      "docs/scopes.md is stale: run npm run registry -- docs",
      "wrote docs/scopes.md",
      "docs/scopes.md is stale: run npm run registry -- docs",
      "wrote docs/scopes.md",
      "docs/scopes.md is fresh",
    ]);
    const target = join(root, "docs", "scopes.md");
    expect(readFileSync(target, "utf8")).toBe(FILE.text);
    expect(lstatSync(target).isFile()).toBe(true);
    if (process.platform !== "win32") expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(readdirSync(join(root, "docs"))).toEqual(["scopes.md"]);
    expect(readdirSync(root)).toEqual(["docs"]);
  });

  it("`docs` and `codeowners` exit 1 with the message, not a crash, when their file is a link", ({ skip }) => {
    const root = temporaryRegistry();
    const outside = join(temporaryDir(), "outside.txt");
    writeFileSync(outside, "keep\n");
    mkdirSync(join(root, "docs"));
    mkdirSync(join(root, ".github"));
    symlinkOrSkip(outside, join(root, "docs", "scopes.md"), skip);
    symlinkOrSkip(outside, join(root, ".github", "CODEOWNERS"), skip);
    for (const [command, path] of [
      ["docs", "docs/scopes.md"],
      ["codeowners", ".github/CODEOWNERS"],
    ]) {
      for (const check of [[], ["--check"]]) {
        const { code, err } = cliIn(root, command, ...check);
        expect(code).toBe(1);
        expect(err).toContain(`${path} is a symbolic link`);
      }
    }
    expect(readFileSync(outside, "utf8")).toBe("keep\n");
  });
});
