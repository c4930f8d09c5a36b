/**
 * Which Pulumi engine local:up and test:all run (scripts/lib.sh): an installed `pulumi` when its version
 * suits the project, else the toolchain's own build; and how missing provider plugins are acquired.
 * The functions run in bash against fake `pulumi` executables in temporary directories, which print the
 * versions a test gives them; nothing here needs the network or a real Pulumi CLI.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const LIB = join(ROOT, "scripts", "lib.sh");

/** The version toolchain/pulumi builds, read here independently of lib.sh. */
const MIN = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+\.\d+\.\d+)/.exec(
  readFileSync(join(ROOT, "toolchain", "pulumi", "go.mod"), "utf8"),
)?.[1];
if (MIN === undefined) throw new Error("toolchain/pulumi/go.mod names no pkg/v3 version");
const [major, minor, patch] = MIN.split(".").map(Number) as [number, number, number];
const newer = `v${major}.${minor + 1}.0`;
const older = patch > 0 ? `v${major}.${minor}.${patch - 1}` : `v${major}.${minor - 1}.9`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "engine-selection-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function executable(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/** A directory with a fake `pulumi` that prints `output` for `pulumi version`, and a language host unless told. */
function installation(name: string, output: string, languageHost = true): string {
  const at = join(dir, name);
  mkdirSync(at, { recursive: true });
  executable(join(at, "pulumi"), `[ "$1" = version ] && echo '${output}'`);
  if (languageHost) executable(join(at, "pulumi-language-nodejs"), "exit 0");
  return at;
}

/** Runs `script` with lib.sh sourced; the toolchain cache under the temporary directory. */
function bash(script: string, env: Record<string, string> = {}, args: string[] = []) {
  const clean = { ...process.env };
  delete clean.SCOPE_REGISTRY_PLUGIN_PATH;
  delete clean.SCOPE_REGISTRY_ENGINE_DIR;
  delete clean.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION;
  // Only the fake installations a test makes: a real pulumi on the developer's PATH would be chosen.
  clean.PATH = (process.env.PATH ?? "")
    .split(":")
    .filter((entry) => entry !== "" && !existsSync(join(entry, "pulumi")))
    .join(":");
  const result = spawnSync("bash", ["-c", `source ${JSON.stringify(LIB)} && ${script}`, "bash", ...args], {
    encoding: "utf8",
    env: { ...clean, SCOPE_REGISTRY_CACHE: join(dir, "cache"), ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const select = (...dirs: string[]) => bash(`select_installed_pulumi "$1"`, {}, [dirs.join(":")]);

describe("the minimum version", () => {
  it("is the version toolchain/pulumi builds", () => {
    expect(bash("pulumi_min_version").stdout.trim()).toBe(MIN);
  });

  it.each([
    ["3.259.0", "3.259.0", true],
    ["v3.260.0", "3.259.0", true],
    ["v3.258.9", "3.259.0", false],
    ["v3.1000.0", "3.259.0", true],
    ["v3.99.0", "3.259.0", false],
    ["v4.0.0", "3.259.0", true],
    ["v3.259.0-alpha.1", "3.259.0", false],
    ["v3.259.1-alpha.1", "3.259.0", true],
    ["v3.259.0+dirty", "3.259.0", true],
  ])("version_at_least %s %s: %s", (a, b, expected) => {
    expect(bash(`version_at_least "$1" "$2"`, {}, [a, b]).code).toBe(expected ? 0 : 1);
  });
});

describe("select_installed_pulumi", () => {
  it("takes the first suitable pulumi on the path, passing over an older one", () => {
    const old = installation("old", older);
    const fresh = installation("fresh", newer);
    const later = installation("later", `${newer}`);
    const result = select(old, fresh, later);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${fresh}\n`);
    expect(result.stderr).toContain(
      `pulumi: using the installed ${newer} in ${fresh} (needs ${major}.x, v${MIN} or newer)`,
    );
  });

  it("takes exactly the toolchain's version, with or without the leading v", () => {
    const exact = installation("exact", MIN);
    expect(select(exact)).toMatchObject({ code: 0, stdout: `${exact}\n` });
  });

  it("passes over a pulumi without its Node.js language host beside it", () => {
    const bare = installation("bare", newer, false);
    const full = installation("full", newer);
    expect(select(bare, full).stdout).toBe(`${full}\n`);
  });

  it("never counts the toolchain cache as installed: it is the fallback, kept fresh by its stamps", () => {
    const cacheBin = installation(join("cache", "bin"), newer);
    const result = select(cacheBin);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toContain("no pulumi on PATH");
  });

  it("fails, saying why of each, when none suits", () => {
    const old = installation("old", older);
    const next = installation("next", `v${major + 1}.0.0`);
    const pre = installation("pre", `v${MIN}-alpha.1`);
    const broken = installation("broken", "pulumi: cannot open the plugin cache");
    const bare = installation("bare", newer, false);
    const result = select(old, join(dir, "nothing-here"), next, pre, broken, bare);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(
      `[bash] pulumi: no suitable installed CLI (needs ${major}.x, v${MIN} or newer, with pulumi-language-nodejs beside it): ` +
        `${old}/pulumi is ${older}, older than v${MIN}; ` +
        `${next}/pulumi is v${major + 1}.0.0, not major version ${major}; ` +
        `${pre}/pulumi is v${MIN}-alpha.1, older than v${MIN}; ` +
        `${broken}/pulumi reports no version; ` +
        `${bare}/pulumi (${newer}) has no pulumi-language-nodejs beside it`,
    );
  });

  it("says so when there is no pulumi at all", () => {
    const result = select(join(dir, "empty"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no pulumi on PATH");
  });

  it("pulumi_engine_dir --no-build falls back to the toolchain cache without building", () => {
    const old = installation("old", older);
    const result = bash(`PATH="$1:$PATH" pulumi_engine_dir --no-build`, {}, [old]);
    expect(result).toMatchObject({ code: 0, stdout: `${join(dir, "cache", "bin")}\n` });
    expect(existsSync(join(dir, "cache", "stamps"))).toBe(false);
  });
});

describe("provider plugins", () => {
  it("are the versions the npm packages expect", () => {
    const listed = bash(`printf '%s\\n' "\${PROVIDER_PLUGINS[@]}"`).stdout.trim().split("\n");
    const expected = ["keycloak", "random"].map((name) => {
      const pkg = JSON.parse(readFileSync(join(ROOT, "node_modules", "@pulumi", name, "package.json"), "utf8")) as {
        pulumi: { name: string; version: string };
      };
      return `${pkg.pulumi.name} ${pkg.pulumi.version}`;
    });
    expect(listed).toEqual(expected);
  });

  /**
   * An engine directory whose fake pulumi lists the plugins in `installed` and, on `plugin install`,
   * records the call and then either installs (appends to the list), fails, or hangs.
   */
  function engine(install: "works" | "fails" | "hangs"): { at: string; calls: string } {
    const at = join(dir, "engine");
    const installed = join(dir, "installed");
    const calls = join(dir, "calls");
    mkdirSync(at, { recursive: true });
    writeFileSync(installed, "");
    const onInstall = {
      works: `printf '%s  resource  %s  1 MB\\n' "$4" "$5" >> ${installed}`,
      fails: "echo 'error: failed to download plugin' >&2; exit 1",
      hangs: "exec sleep 30",
    }[install];
    executable(
      join(at, "pulumi"),
      [
        `case "$1 $2" in`,
        `  "version "*) echo v${MIN} ;;`,
        `  "plugin ls") cat ${installed} ;;`,
        `  "plugin install") echo "$*" >> ${calls}; ${onInstall} ;;`,
        `esac`,
      ].join("\n"),
    );
    executable(join(at, "pulumi-language-nodejs"), "exit 0");
    return { at, calls };
  }

  const acquire = (at: string, env: Record<string, string> = {}) => bash(`acquire_missing_plugins "$1"`, env, [at]);

  it("asks Pulumi to install each missing plugin at its version, and then nothing is missing", () => {
    const { at, calls } = engine("works");
    const result = acquire(at);
    expect(result.stdout).toBe("");
    expect(readFileSync(calls, "utf8")).toBe(
      "plugin install resource keycloak 6.13.0\nplugin install resource random 4.21.2\n",
    );
  });

  it("installs nothing, and asks nothing of the network, when every plugin is there", () => {
    const { at, calls } = engine("works");
    acquire(at);
    rmSync(calls);
    expect(acquire(at).stdout).toBe("");
    expect(existsSync(calls)).toBe(false);
  });

  it("reports what is missing when the download fails, and stops trying after the first failure", () => {
    const { at, calls } = engine("fails");
    const result = acquire(at);
    expect(result.stdout).toBe("pulumi-resource-keycloak 6.13.0\npulumi-resource-random 4.21.2\n");
    expect(readFileSync(calls, "utf8")).toBe("plugin install resource keycloak 6.13.0\n");
    expect(result.stderr).toContain("provider plugin keycloak 6.13.0: the download failed or timed out");
  });

  it("bounds a download that hangs by SCOPE_REGISTRY_PLUGIN_TIMEOUT", () => {
    const { at } = engine("hangs");
    const started = Date.now();
    const result = acquire(at, { SCOPE_REGISTRY_PLUGIN_TIMEOUT: "1" });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.stdout).toBe("pulumi-resource-keycloak 6.13.0\npulumi-resource-random 4.21.2\n");
  });

  it("downloads nothing when PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION is set", () => {
    const { at, calls } = engine("works");
    const result = acquire(at, { PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" });
    expect(result.stdout).toBe("pulumi-resource-keycloak 6.13.0\npulumi-resource-random 4.21.2\n");
    expect(existsSync(calls)).toBe(false);
  });
});
