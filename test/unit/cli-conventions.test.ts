/**
 * Command-line conventions: help (global and per command) on stdout with exit 0, --version, usage
 * errors with a suggestion and the command's help (exit 2), colour only where it belongs, the stream
 * policy, and the `scope-registry` bin.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands";
import { useColour } from "../../src/cli/colour";
import { run, USAGE, VERSION, type Io } from "../../src/cli/main";
import { FIXTURE_REGISTRY } from "../fixture-registry";

const ROOT = join(__dirname, "..", "..");
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

function cli(argv: string[], colour?: Io["colour"]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), colour };
  const code = run(argv, io, FIXTURE_REGISTRY, ROOT);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("help", () => {
  it.each([["--help"], ["-h"], ["help"]])("%s prints the whole help on stdout, exit 0", (flag) => {
    expect(cli([flag])).toEqual({ code: 0, out: USAGE, err: "" });
  });

  it("lists every command with its summary, and says the stream policy and the exit codes", () => {
    for (const command of COMMANDS) expect(USAGE).toMatch(new RegExp(`^ {2}${command.name} \\[options\\] +\\S`, "m"));
    expect(USAGE).toContain(
      "Output: results (problems, plans, reports, findings, JSON, SARIF, help) go to stdout; summaries,\n" +
        "progress, what was written or checked, errors, and the problems of a registry that a command refuses,\n" +
        "go to stderr. Colour only on a terminal, never with NO_COLOR set (FORCE_COLOR forces it).",
    );
    expect(USAGE).toMatch(/^ {2}2 {2}usage error$/m);
  });

  it("no command: the help on stderr, exit 2", () => {
    expect(cli([])).toEqual({ code: 2, out: "", err: USAGE });
  });

  it.each(COMMANDS.map((c) => [c.name]))("%s --help, -h and help %s: the command's own help, exit 0", (name) => {
    const help = cli([name, "--help"]);
    expect(help.code).toBe(0);
    expect(help.err).toBe("");
    expect(help.out.split("\n")[0]).toBe(`Usage: scope-registry ${name} [options]`);
    const spec = COMMANDS.find((c) => c.name === name)!;
    for (const option of spec.options) expect(help.out).toMatch(new RegExp(`^ {2}${option.flags} +\\S`, "m"));
    expect(help.out).toMatch(/^Global Options:\n {2}-V, --version +print the version\n {2}--dir <path> /m);
    expect(cli([name, "-h"])).toEqual(help);
    expect(cli(["help", name])).toEqual(help);
  });

  it("help is printed before any check: no registry is needed for it", () => {
    const out: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => out.push(l) };
    const nowhere = join(ROOT, "no", "such", "registry");
    expect(run(["validate", "--help"], io, nowhere, nowhere)).toBe(0);
    expect(out.join("\n")).toBe(cli(["validate", "--help"]).out);
  });
});

describe("--version", () => {
  it.each([["--version"], ["-V"]])("%s prints package.json's version, exit 0", (flag) => {
    expect(VERSION).toBe(PACKAGE_VERSION);
    expect(cli([flag])).toEqual({ code: 0, out: PACKAGE_VERSION, err: "" });
  });
});

describe("usage errors", () => {
  const helpOf = (name: string) => cli([name, "--help"]).out;

  it("one line with the suggestion, then the help of the command concerned; exit 2, nothing on stdout", () => {
    expect(cli(["validate", "--formt", "json"])).toEqual({
      code: 2,
      out: "",
      err: `error: unknown option '--formt' (did you mean --format?)\n\n${helpOf("validate")}`,
    });
    expect(cli(["plna"])).toEqual({
      code: 2,
      out: "",
      err: `error: unknown command 'plna' (did you mean plan?)\n\n${USAGE}`,
    });
  });

  it("an option of another command is named as such", () => {
    expect(cli(["codeowners", "--write"])).toEqual({
      code: 2,
      out: "",
      err: `error: codeowners does not take --write\n\n${helpOf("codeowners")}`,
    });
  });

  it("a check of the command's own (a missing value) is a usage error the same way", () => {
    expect(cli(["diff"])).toEqual({ code: 2, out: "", err: `error: diff needs --base <git-ref>\n\n${helpOf("diff")}` });
  });

  it("options go before or after the command", () => {
    expect(cli(["--dir", FIXTURE_REGISTRY, "validate"]).code).toBe(0);
    expect(cli(["validate", "--dir", FIXTURE_REGISTRY]).code).toBe(0);
  });
});

describe("colour", () => {
  it.each([
    [{ isTTY: true }, {}, true],
    [{ isTTY: true }, { NO_COLOR: "1" }, false],
    [{ isTTY: true }, { NO_COLOR: "" }, true],
    [{ isTTY: true }, { TERM: "dumb" }, false],
    [{ isTTY: false }, {}, false],
    [{}, {}, false],
    [{ isTTY: false }, { FORCE_COLOR: "1" }, true],
    [{ isTTY: true }, { FORCE_COLOR: "0" }, true],
    [{ isTTY: false }, { FORCE_COLOR: "0" }, false],
    [{ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" }, false],
  ])("stream %j, environment %j: %s", (stream, environment, expected) => {
    expect(useColour(stream, environment)).toBe(expected);
  });

  it("validate colours the severity on stdout and the summary on stderr, when the streams take colour", () => {
    const { out, err } = cli(["validate"], { out: true, err: true });
    expect(out.split("\n")[0]).toBe(
      "clients/packager-dashboard.yaml:14:7: \u001b[33mwarning\u001b[0m not-yet-available",
    );
    expect(err).toBe("\u001b[32mregistry valid: 19 scopes in 8 scope files, 7 clients; 0 errors, 1 warning\u001b[0m");
    const invalid = cli(["validate", "--dir", join(ROOT, "test", "fixtures", "invalid", "unknown-scope")], {
      out: true,
      err: true,
    });
    expect(invalid.out.split("\n")[0]).toBe("clients/app.yaml:7:22: \u001b[31merror\u001b[0m unknown-scope");
    expect(invalid.err).toBe("\u001b[31mregistry invalid: 2 errors, 0 warnings in 1 file\u001b[0m");
  });

  function validateProcess(environment: Record<string, string>) {
    const env = { ...process.env };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    Object.assign(env, environment);
    return spawnSync(
      process.execPath,
      [join(ROOT, "bin", "scope-registry.js"), "validate", "--dir", FIXTURE_REGISTRY],
      {
        encoding: "utf8",
        env,
      },
    );
  }

  it("the process: no escape code in a pipe, nor with NO_COLOR even when forced; FORCE_COLOR colours a pipe", () => {
    const environments: Record<string, string>[] = [{}, { NO_COLOR: "1" }, { NO_COLOR: "1", FORCE_COLOR: "1" }];
    for (const environment of environments) {
      const child = validateProcess(environment);
      expect(child.status).toBe(0);
      expect(child.stdout).toContain("warning not-yet-available");
      expect(`${child.stdout}${child.stderr}`).not.toContain("\u001b");
    }
    const forced = validateProcess({ FORCE_COLOR: "1" });
    expect(forced.stdout).toContain("\u001b[33mwarning\u001b[0m not-yet-available");
  });
});

describe("the scope-registry bin", () => {
  it("runs the command line: --version, and validate with its exit code", () => {
    const bin = join(ROOT, "bin", "scope-registry.js");
    const version = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect({ status: version.status, stdout: version.stdout, stderr: version.stderr }).toEqual({
      status: 0,
      stdout: `${PACKAGE_VERSION}\n`,
      stderr: "",
    });
    const invalid = spawnSync(
      process.execPath,
      [bin, "validate", "--dir", join(ROOT, "test", "fixtures", "invalid", "unknown-scope")],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toBe("registry invalid: 2 errors, 0 warnings in 1 file\n");
  });

  it("package.json names it, and tsx, which it loads, is a runtime dependency", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(manifest.bin).toEqual({ "scope-registry": "bin/scope-registry.js" });
    expect(Object.keys(manifest.dependencies)).toContain("tsx");
    expect(Object.keys(manifest.devDependencies)).not.toContain("tsx");
  });
});
