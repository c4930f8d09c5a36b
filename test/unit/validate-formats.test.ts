/**
 * `validate --format json` and `--format sarif`: the documented JSON shape, and SARIF that the official
 * SARIF 2.1.0 schema accepts (the schema file as Microsoft's SARIF SDK ships it, draft-04), with the
 * rule catalogue as the tool's rules.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import { run, VERSION, type Io } from "../../src/cli/main";
import { RULES } from "../../src/registry";

const ROOT = join(__dirname, "..", "..");
const UNKNOWN_SCOPE = join(ROOT, "test", "fixtures", "invalid", "unknown-scope");
const PASSWORD_FLOW = join(ROOT, "test", "fixtures", "warning", "password-flow-outside-production");

const SARIF_SCHEMA = JSON.parse(
  readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
) as object;

// unicodeRegExp off: the published schema's `language` pattern, ^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$,
// has a stray "]" that is an error with the u flag and a literal without it, as draft-04 validators read it.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validSarif = ajv.compile(SARIF_SCHEMA);

/** validate in a registry that is its own repository (--repo-root), so paths do not depend on where this checkout is. */
function validate(dir: string, format: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = run(["validate", "--format", format, "--dir", dir, "--repo-root", dir], io, ROOT, ROOT);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

describe("--format json", () => {
  it("one document on stdout, in the documented shape; the summary on stderr", () => {
    const { code, out, err } = validate(UNKNOWN_SCOPE, "json");
    expect(code).toBe(1);
    expect(err).toBe("registry invalid: 2 errors, 0 warnings in 1 file");
    expect(JSON.parse(out)).toEqual({
      valid: false,
      errors: 2,
      warnings: 0,
      problems: [
        {
          file: "clients/app.yaml",
          line: 7,
          column: 22,
          rule: "unknown-scope",
          severity: "error",
          message:
            'scope "https://example.org/base/raed" is not defined in the registry (did you mean "https://example.org/base/read"?)',
          fix: "use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
        },
        {
          file: "clients/app.yaml",
          line: 7,
          column: 53,
          rule: "unknown-scope",
          severity: "error",
          message: 'scope "https://nowhere.example/zzz" is not defined in the registry',
          fix: "use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
        },
      ],
    });
  });

  it("a warning alone: valid, exit 0", () => {
    const { code, out } = validate(PASSWORD_FLOW, "json");
    expect(code).toBe(0);
    const document = JSON.parse(out);
    expect({ valid: document.valid, errors: document.errors, warnings: document.warnings }).toEqual({
      valid: true,
      errors: 0,
      warnings: 1,
    });
    expect(document.problems[0].severity).toBe("warning");
  });
});

describe("--format sarif", () => {
  it("validates against the SARIF 2.1.0 schema", () => {
    for (const dir of [UNKNOWN_SCOPE, PASSWORD_FLOW]) {
      const sarif = JSON.parse(validate(dir, "sarif").out);
      expect(validSarif(sarif), JSON.stringify(validSarif.errors)).toBe(true);
    }
  });

  it("the validator refuses what is not SARIF (so the check above can fail)", () => {
    const sarif = JSON.parse(validate(UNKNOWN_SCOPE, "sarif").out);
    sarif.runs[0].results[0].level = "fatal";
    expect(validSarif(sarif)).toBe(false);
    const noVersion = JSON.parse(validate(UNKNOWN_SCOPE, "sarif").out);
    delete noVersion.version;
    expect(validSarif(noVersion)).toBe(false);
  });

  it("one run: the tool with the rule catalogue, one result per problem with rule, level, message and location", () => {
    const { code, out, err } = validate(UNKNOWN_SCOPE, "sarif");
    expect(code).toBe(1);
    expect(err).toBe("registry invalid: 2 errors, 0 warnings in 1 file");
    const sarif = JSON.parse(out);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);
    const [runLog] = sarif.runs;
    expect(runLog.tool.driver.name).toBe("scope-registry");
    expect(runLog.tool.driver.version).toBe(VERSION);
    const ids = Object.keys(RULES);
    expect(runLog.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(ids);
    expect(runLog.tool.driver.rules[ids.indexOf("unknown-scope")]).toEqual({
      id: "unknown-scope",
      shortDescription: { text: RULES["unknown-scope"].checks },
      help: { text: `Fix: ${RULES["unknown-scope"].fix}` },
      defaultConfiguration: { level: "error" },
    });
    // password-flow is an error in production and a warning elsewhere: no default level; each result says.
    expect(runLog.tool.driver.rules[ids.indexOf("password-flow")].defaultConfiguration).toBeUndefined();
    expect(runLog.results).toHaveLength(2);
    expect(runLog.results[0]).toEqual({
      ruleId: "unknown-scope",
      ruleIndex: ids.indexOf("unknown-scope"),
      level: "error",
      message: {
        text:
          'scope "https://example.org/base/raed" is not defined in the registry (did you mean "https://example.org/base/read"?). ' +
          "Fix: use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "clients/app.yaml", uriBaseId: "%SRCROOT%" },
            region: { startLine: 7, startColumn: 22 },
          },
        },
      ],
    });
  });

  it("a file name that is not a plain URI path is percent-encoded, and the log stays valid", () => {
    const root = mkdtempSync(join(tmpdir(), "scope-registry-sarif-"));
    temporaryDirs.push(root);
    mkdirSync(join(root, "scopes"));
    writeFileSync(join(root, "scopes", "My Scopes#1.yaml"), "service: Base\n");
    const sarif = JSON.parse(validate(root, "sarif").out);
    expect(validSarif(sarif), JSON.stringify(validSarif.errors)).toBe(true);
    const uris = sarif.runs[0].results.map(
      (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        r.locations[0].physicalLocation.artifactLocation.uri,
    );
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).toBe("scopes/My%20Scopes%231.yaml");
  });
});
