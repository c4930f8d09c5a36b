/**
 * Fuzzing, bounded so it belongs in the fast suite: small valid registries, written here as texts
 * (never read from the example registry), mutated by fast-check, then loaded, validated and planned in
 * memory; and the command line driven with random argument lists against a fixed temporary registry.
 *
 * Runs are reproducible: the seed is fixed (FUZZ_SEED overrides it, FUZZ_RUNS the number of runs), and
 * a failure prints the seed, the path and the shrunk counterexample.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPlan, formatProblems, summary } from "../../src/cli/format";
import { run, type Io } from "../../src/cli/main";
import {
  ENVIRONMENTS,
  errorsIn,
  loadRegistry,
  planEnvironment,
  RULES,
  validate,
  type Problem,
  type RegistryText,
} from "../../src/registry";

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** The whole property must end within this: the "never hangs" check (60 s for the default 300 runs). */
const BOUND_MS = Math.max(60_000, RUNS * 200);

/** What no printed line may hold (tab and line feed excepted: lines are joined with one). */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const BASE_SCOPE = `# yaml-language-server: $schema=../schemas/scope-file.schema.json
service: Base
namespace: https://example.org/base/
owners: ["@org/base"]
description: Things of the base service.
scopes:
  - id: read
    summary: Read things
    availability: [development, staging, production]
    audience: api
    claims:
      - name: groups
        from: groups
        fullPath: false
  - id: write
    summary: Write things
    availability: [development]
    consentText: Change your things
    includeInTokenScope: false
    claims:
      - name: cla
        from: attribute
        attribute: cla
        multivalued: true
        in: [id_token, userinfo]
`;

const OTHER_SCOPE = `service: Other
owners: ["@org/other"]
scopes:
  - id: other:thing
    summary: Another thing
    availability: [development, staging]
    claims:
      - name: level
        from: constant
        value: "3"
        type: integer
`;

const API_CLIENT = `clientId: api
name: API
owners: ["@org/base"]
type: bearer-only
environments:
  development: {}
  staging: {}
  production: {}
`;

const APP_CLIENT = `clientId: app
name: App
owners: ["@org/app"]
type: confidential
flows: [authorization_code, refresh_token]
scopes:
  default: [openid, profile, https://example.org/base/read]
  optional: [https://example.org/base/write, other:thing]
environments:
  development:
    redirectUris: [http://localhost:5000/callback]
  production:
    redirectUris: [https://app.example.org/callback]
    webOrigins: [https://app.example.org]
credentials:
  kubernetes: { namespace: app, secretName: app-oidc }
`;

const SPA_CLIENT = `clientId: spa
name: SPA
owners: ["@org/app"]
type: public
flows: [authorization_code]
scopes:
  default: [openid, other:thing]
environments:
  development:
    redirectUris: [http://127.0.0.1:8080/callback]
`;

/** The starting points: each validates without errors (the first test holds that). */
const REGISTRIES: readonly (readonly RegistryText[])[] = [
  [
    { path: "scopes/base.yaml", text: BASE_SCOPE },
    { path: "clients/api.yaml", text: API_CLIENT },
    { path: "clients/app.yaml", text: APP_CLIENT },
    { path: "scopes/other.yaml", text: OTHER_SCOPE },
  ],
  [
    { path: "scopes/other.yaml", text: OTHER_SCOPE },
    { path: "clients/spa.yaml", text: SPA_CLIENT },
  ],
  [{ path: "scopes/base.yaml", text: BASE_SCOPE.replace("    audience: api\n", "") }],
];

/** Text an attacker or a careless editor might put anywhere in a file. */
const HOSTILE: readonly string[] = [
  "",
  "\u0000",
  "\r",
  "\u001b[8m hidden",
  "\u202e evil",
  "\u2066x\u2069",
  "\n::error::forged",
  "\t",
  "\u007f\u0085\u009b",
  "\uFEFF",
  "x".repeat(300),
  "y".repeat(5000),
  "[".repeat(2000),
  "{a: ".repeat(500),
  "- ".repeat(500),
  "&anchor value",
  "*anchor",
  "<<: *anchor",
  "!!binary aGVsbG8=",
  "!!js/function 'function(){}'",
  "!custom tag",
  "? complex key",
  "---",
  "...",
  "%YAML 1.2",
  "__proto__: polluted",
  "constructor: 1",
  "toString: []",
  "hasOwnProperty: x",
  "__proto__",
  "constructor",
  "42",
  "-1",
  "1e999",
  "0x1F",
  ".nan",
  "true",
  "null",
  "~",
  "[]",
  "{}",
  '"unterminated',
  "'",
  "|",
  ">-",
  "#",
  "@org/team",
  "https://example.org/base/read",
  "openid",
  "production",
  "😀 ünïcödé 𝔘",
  "secret: hunter2",
  "clientSecret: abc",
  "password",
  "http://evil.example/#frag",
  "javascript:alert(1)",
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3_000 }).map((n) => "[".repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 20_000 }).map((n) => "z".repeat(n)) },
);

type Mutation =
  | {
      readonly kind: "replace-line" | "insert-line";
      readonly file: number;
      readonly line: number;
      readonly text: string;
    }
  | { readonly kind: "replace-value"; readonly file: number; readonly line: number; readonly text: string }
  | { readonly kind: "duplicate-line" | "delete-line"; readonly file: number; readonly line: number }
  | { readonly kind: "duplicate-lines"; readonly file: number; readonly line: number; readonly count: number }
  | { readonly kind: "rename"; readonly file: number; readonly text: string };

/**
 * Values a field might plausibly hold, valid for some fields: with them, a share of the mutated
 * registries still validates, and so is planned.
 */
const PLAUSIBLE: readonly string[] = [
  "[development]",
  "[production, staging]",
  "[development, development]",
  "[openid]",
  "[]",
  "x",
  "api",
  "app",
  "Read",
  "https://example.org/base/write",
  "https://example.org/base/",
  "other:thing",
  "[client_credentials]",
  "[device_code, refresh_token]",
  "public",
  "confidential",
  "false",
  "email",
  "[https://app.example.org/cb]",
  "{ kubernetes: { namespace: ns, secretName: s } }",
];
const valueString = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 3, arbitrary: hostileString },
);

const position = { file: fc.nat(), line: fc.nat() };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("replace-line" as const, "insert-line" as const),
    ...position,
    text: hostileString,
  }),
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("replace-value" as const), ...position, text: valueString }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constantFrom("duplicate-line" as const, "delete-line" as const), ...position }),
  },
  fc.record({ kind: fc.constant("duplicate-lines" as const), ...position, count: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant("rename" as const), file: fc.nat(), text: hostileString }),
);

/** Applies one mutation to a copy of the texts. Paths always stay under scopes/ or clients/. */
function mutate(texts: readonly RegistryText[], m: Mutation): RegistryText[] {
  const out = [...texts];
  const index = m.file % out.length;
  const { path, text } = out[index];
  if (m.kind === "rename") {
    out[index] = { path: `${path.split("/")[0]}/${m.text}`, text };
    return out;
  }
  const lines = text.split("\n");
  const at = m.line % lines.length;
  switch (m.kind) {
    case "replace-line":
      lines[at] = m.text;
      break;
    case "insert-line":
      lines.splice(at, 0, m.text);
      break;
    case "replace-value": {
      // Keeps the key (and a list item's dash): a value of the wrong kind, rather than broken YAML.
      const match = /^(\s*(?:- )?[^:\s][^:]*:\s)/.exec(lines[at]);
      lines[at] = match ? match[1] + m.text : m.text;
      break;
    }
    case "duplicate-line":
      lines.splice(at, 0, lines[at]);
      break;
    case "delete-line":
      lines.splice(at, 1);
      break;
    case "duplicate-lines":
      lines.splice(at, 0, ...Array.from({ length: m.count }, () => lines[at]));
      break;
  }
  out[index] = { path, text: lines.join("\n") };
  return out;
}

/** Only plausible values in place of others: mostly still YAML of the right shape, often still valid. */
const gentleMutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant("replace-value" as const),
  ...position,
  text: fc.constantFrom(...PLAUSIBLE),
});

const mutatedRegistry = fc
  .tuple(
    fc.integer({ min: 0, max: REGISTRIES.length - 1 }),
    fc.oneof(
      { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(gentleMutation, { minLength: 1, maxLength: 2 }) },
    ),
  )
  .map(([base, mutations]) => mutations.reduce(mutate, [...REGISTRIES[base]]));

/** What every problem must be, whatever the input: a catalogued rule, placed in an input file. */
function expectWellFormed(problem: Problem, paths: readonly string[]): void {
  expect(Object.hasOwn(RULES, problem.rule), `rule ${problem.rule}`).toBe(true);
  expect(paths).toContain(problem.file);
  expect(["error", "warning"]).toContain(problem.severity);
  expect(Number.isInteger(problem.line) && problem.line >= 1, `line ${problem.line}`).toBe(true);
  expect(Number.isInteger(problem.column) && problem.column >= 1, `column ${problem.column}`).toBe(true);
  expect(typeof problem.message).toBe("string");
  expect(typeof problem.fix).toBe("string");
}

describe("fuzzing the registry core", () => {
  it.each(REGISTRIES.map((texts, i) => [i, texts] as const))(
    "starting point %i validates without errors",
    (_, texts) => {
      const { problems } = validate(loadRegistry(texts));
      expect(errorsIn(problems)).toEqual([]);
    },
  );

  it(
    "mutated registries load, validate and plan without an exception; every problem is well formed and prints safely",
    () => {
      fc.assert(
        fc.property(mutatedRegistry, (texts) => {
          const paths = texts.map((t) => t.path);
          const { registry, problems } = validate(loadRegistry(texts));
          for (const problem of problems) expectWellFormed(problem, paths);
          for (const line of [...formatProblems(problems, "text"), ...formatProblems(problems, "github")]) {
            expect(line).not.toMatch(RAW_CONTROL);
          }
          expect(summary(registry, problems)).not.toMatch(RAW_CONTROL);
          if (errorsIn(problems).length === 0) {
            for (const environment of ENVIRONMENTS) {
              expect(formatPlan(planEnvironment(registry, environment))).not.toMatch(RAW_CONTROL);
            }
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    },
    BOUND_MS,
  );
});

describe("fuzzing the command line", () => {
  let temp: string;
  let registry: string;

  beforeAll(() => {
    temp = mkdtempSync(join(tmpdir(), "scope-registry-fuzz-"));
    registry = join(temp, "registry");
    mkdirSync(join(registry, "scopes"), { recursive: true });
    mkdirSync(join(registry, "clients"));
    for (const { path, text } of REGISTRIES[0]) writeFileSync(join(registry, path), text);
    // A git repository with one commit, so `diff --base` has something to compare with; without git,
    // diff is a usage error (exit 2), which the property accepts too.
    try {
      const git = (...args: string[]) =>
        execFileSync("git", ["-c", "user.name=fuzz", "-c", "user.email=fuzz@example.org", ...args], {
          cwd: registry,
          stdio: "ignore",
        });
      git("init", "-q");
      git("add", "-A");
      git("commit", "-q", "-m", "registry");
    } catch {
      // no git: see above
    }
  });

  afterAll(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  const COMMANDS = ["validate", "plan", "schema", "diff", "docs", "codeowners", "deploy", "verify"];
  const HOSTILE_COMMANDS = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf", "__defineGetter__"];
  const OPTIONS = ["--dir", "--env", "--json", "--format", "--write", "--check", "--base", "--help", "-h", "--"];
  const HOSTILE_OPTIONS = ["--toString", "--__proto__", "--constructor", "--dir=", "--env=production", "-"];
  const VALUES = [".", "..", "scopes", "clients", "x", "", "production", "development", "prod", "HEAD", "HEAD~9"];
  const MORE_VALUES = ["text", "github", "json", "main", "-x", "=", ":", "::error::x", "\u001b[8m", "\n"];
  // A --dir value from this alphabet resolves inside the temporary folder, or to a folder that holds
  // neither scopes/ nor clients/: the fuzz never writes outside it.
  const token = fc.oneof(
    fc.constantFrom(...COMMANDS, ...HOSTILE_COMMANDS),
    fc.constantFrom(...OPTIONS, ...HOSTILE_OPTIONS),
    fc.constantFrom(...VALUES, ...MORE_VALUES),
    fc.string({ unit: fc.constantFrom("a", "e", "-", "_", "=", "x"), maxLength: 6 }),
  );
  const VALUED = ["--dir", "--env", "--format", "--base"];
  const FLAGS = ["--json", "--write", "--check", "--help"];
  const value = fc.oneof(fc.constantFrom(...VALUES, ...MORE_VALUES), token);
  /** Mostly well-formed: a command, then options with values, so that commands actually run. */
  const option = fc.oneof(
    fc.tuple(fc.constantFrom(...VALUED), value).map(([name, v]) => [name, v]),
    fc.tuple(fc.constantFrom(...VALUED), value).map(([name, v]) => [`${name}=${v}`]),
    fc.constantFrom(...FLAGS).map((name) => [name]),
    token.map((t) => [t]),
  );
  const argv = fc.oneof(
    { weight: 1, arbitrary: fc.array(token, { maxLength: 6 }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...COMMANDS) }, fc.constantFrom(...HOSTILE_COMMANDS)),
          fc.array(option, { maxLength: 3 }),
        )
        .map(([command, options]) => [command, ...options.flat()]),
    },
  );

  it(
    "random argument lists never throw and exit 0, 1 or 2 (never 4)",
    () => {
      fc.assert(
        fc.property(argv, (args) => {
          const lines: string[] = [];
          const io: Io = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
          const code = run(args, io, registry, registry);
          expect([0, 1, 2], `exit ${code}: ${lines.join("\n").slice(0, 500)}`).toContain(code);
          expect(lines.join("\n")).not.toMatch(RAW_CONTROL);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    },
    BOUND_MS,
  );
});
