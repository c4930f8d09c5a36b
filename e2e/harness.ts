/**
 * The end-to-end harness: the real `pulumi` CLI on a throwaway file backend, run against the local
 * Keycloak that scripts/keycloak.sh starts, with the registry copied to a temporary directory so a test
 * can add files to it. Nothing here writes into the repository: the stack's config file and state live
 * in the temporary directory too.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FIXTURE_REGISTRY } from "../test/fixture-registry";

export const PROJECT_ROOT = resolve(__dirname, "..");
export const STACK = "local";

/**
 * The directory of the pulumi CLI and language host: SCOPE_REGISTRY_ENGINE_DIR (test:all sets it),
 * else what scripts/lib.sh's pulumi_engine_dir chooses without building anything: an installed pulumi
 * when its version suits, else the toolchain's cache (scripts/toolchain.sh).
 */
export function engineDir(): string {
  const chosen = process.env.SCOPE_REGISTRY_ENGINE_DIR;
  if (chosen) return chosen;
  const lib = JSON.stringify(join(PROJECT_ROOT, "scripts", "lib.sh"));
  return execFileSync("bash", ["-c", `source ${lib} && pulumi_engine_dir --no-build`], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
}

/**
 * Where the engine is: engineDir(), then SCOPE_REGISTRY_PLUGIN_PATH, a PATH-style list of directories
 * holding provider plugins (pulumi-resource-keycloak and pulumi-resource-random), for machines that
 * cannot build them (see toolchain/README.md).
 */
export function enginePath(): string {
  return [engineDir(), process.env.SCOPE_REGISTRY_PLUGIN_PATH].filter(Boolean).join(":");
}

/** The local Keycloak, with the same settings and local-only defaults as scripts/keycloak.sh. */
export interface KeycloakEnv {
  readonly url: string;
  readonly realm: string;
  /** The master realm's bootstrap admin: the suite's own admin reads. */
  readonly adminUser: string;
  readonly adminPassword: string;
  /** The secret of the test realm's `pulumi` service account, which the program logs in as. */
  readonly provisionerSecret: string;
}

export function keycloakEnv(): KeycloakEnv {
  return {
    url: `http://127.0.0.1:${process.env.KEYCLOAK_PORT ?? "18080"}`,
    realm: "scope-registry-e2e",
    adminUser: process.env.KC_BOOTSTRAP_ADMIN_USERNAME ?? "admin",
    adminPassword: process.env.KC_BOOTSTRAP_ADMIN_PASSWORD ?? "admin",
    provisionerSecret: process.env.KEYCLOAK_E2E_CLIENT_SECRET ?? "scope-registry-e2e-local-secret",
  };
}

/** What a Pulumi project directory needs from the repository, linked rather than copied. */
const PROJECT_LINKS = ["index.ts", "src", "components", "node_modules", "package.json", "tsconfig.json"];

export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), "scope-registry-e2e-"));
  readonly registry = join(this.dir, "registry");
  /**
   * A project directory of its own: the stack's config file (where `pulumi stack init` writes the
   * passphrase salt and `config set` the secrets) stays out of the repository's Pulumi.local.yaml.
   */
  readonly project = join(this.dir, "project");
  private readonly env: NodeJS.ProcessEnv;

  /**
   * `registries`: the registries copied into the workspace's one, in order (a later file of the same
   * name wins); by default the fixture registry plus e2e/registry's test-only files.
   */
  constructor(
    pathPrefix: string,
    registries: readonly string[] = [FIXTURE_REGISTRY, join(__dirname, "registry")],
    /** More environment for the engine (benchmarks try engine settings this way). */
    extraEnvironment: Readonly<Record<string, string>> = {},
  ) {
    for (const registry of registries) {
      for (const dir of ["scopes", "clients"]) {
        if (existsSync(join(registry, dir))) cpSync(join(registry, dir), join(this.registry, dir), { recursive: true });
      }
    }
    mkdirSync(this.project);
    for (const name of PROJECT_LINKS) symlinkSync(join(PROJECT_ROOT, name), join(this.project, name));
    for (const name of ["Pulumi.yaml", `Pulumi.${STACK}.yaml`])
      cpSync(join(PROJECT_ROOT, name), join(this.project, name));
    this.env = {
      ...process.env,
      PATH: `${pathPrefix}:${process.env.PATH}`,
      PULUMI_BACKEND_URL: `file://${join(this.dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "scope-registry-e2e",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // Throwaway stacks: the state is saved once per operation, not after every step (bench:apply).
      PULUMI_SKIP_CHECKPOINTS: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      SCOPE_REGISTRY_DIR: this.registry,
      ...extraEnvironment,
    };
    mkdirSync(join(this.dir, "state"));
  }

  /** Runs `pulumi <args>` in the project with this workspace's stack; throws with its output on failure. */
  pulumi(
    args: readonly string[],
    options: { allowFailure?: boolean; input?: string } = {},
  ): { code: number; stdout: string; stderr: string } {
    const result = spawnSync("pulumi", [...args, "--stack", STACK, "--non-interactive"], {
      input: options.input,
      cwd: this.project,
      env: this.env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const outcome = { code: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
    if (outcome.code !== 0 && !options.allowFailure) {
      throw new Error(`pulumi ${args.join(" ")} failed (${outcome.code}):\n${outcome.stdout}\n${outcome.stderr}`);
    }
    return outcome;
  }

  /**
   * Starts `pulumi <args>` without waiting, in a process group of its own, so that a test can kill it
   * with everything it started (the language host, the providers) as an operator's crash would.
   */
  start(args: readonly string[]): ChildProcess {
    return spawn("pulumi", [...args, "--stack", STACK, "--non-interactive"], {
      cwd: this.project,
      env: this.env,
      detached: true,
      stdio: "ignore",
    });
  }

  init(keycloak: KeycloakEnv): void {
    this.pulumi(["stack", "init"]);
    this.pulumi(["config", "set", "scope-registry:keycloakUrl", keycloak.url]);
    // From standard input: a secret never appears in a process list.
    this.pulumi(["config", "set", "--secret", "scope-registry:keycloakClientSecret"], {
      input: keycloak.provisionerSecret,
    });
    // The suite switches one realm between environments and destroys at the end: nothing is protected.
    this.pulumi(["config", "set", "scope-registry:protect", "false"]);
  }

  setEnvironment(environment: string): void {
    this.pulumi(["config", "set", "scope-registry:environment", environment]);
  }

  up(): void {
    this.pulumi(["up", "--yes", "--skip-preview", "--diff"]);
  }

  outputs(): Record<string, unknown> {
    return JSON.parse(this.pulumi(["stack", "output", "--json"]).stdout);
  }

  /** Rewrites a registry file in place; returns its previous text, to put back. */
  editFile(path: string, edit: (text: string) => string): string {
    const before = readFileSync(join(this.registry, path), "utf8");
    const after = edit(before);
    if (after === before) throw new Error(`the edit changed nothing in ${path}`);
    writeFileSync(join(this.registry, path), after);
    return before;
  }

  addFile(path: string, text: string): void {
    writeFileSync(join(this.registry, path), text);
  }

  removeFile(path: string): void {
    rmSync(join(this.registry, path));
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
