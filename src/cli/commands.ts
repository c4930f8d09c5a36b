/**
 * The one list of commands and their options. main.ts builds the command line (parsing, help,
 * suggestions) from it; a new command is one more entry here. Every command also takes the global
 * options (`--dir`, `-h/--help`; `-V/--version` on its own), which main.ts declares.
 */
import { existsSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import { ENVIRONMENTS, isEnvironment } from "../registry/environments";
import { planEnvironment } from "../registry/plan";
import { CLIENTS_DIR, SCOPES_DIR } from "../registry";
import { runCodeowners } from "./codeowners-command";
import { runDiff } from "./diff-command";
import { runDocs } from "./docs-command";
import { formatPlan, printableText } from "./format";
import type { Io } from "./io";
import { planJson } from "./plan-json";
import { runBreakingLabel, runPromotion } from "./promotion-command";
import { LayoutError, repositoryLayout, type RepositoryLayout } from "./repository";
import { runSchema } from "./schema-command";
import { isValidateFormat, PROBLEM_FORMATS, runValidate } from "./validate-command";
import { SECRET_VARIABLE, prepareVerify } from "./verify-command";
import { prepareImport } from "./import-command";
import { validRegistry } from "./valid-registry";
import { listOf } from "../registry/problems";

/** A usage error: one line on stderr, then the command's help; exit 2. */
export class UsageError extends Error {}

/**
 * Where a command that talks to Keycloak (verify) leaves the part that must wait for it, once every
 * check that needs no network has passed. `run` alone cannot wait: without `defer`, verify stops with
 * a usage error after those checks. `runAsync` passes one and awaits the job.
 */
export type Defer = (job: () => Promise<number>) => void;

/** Option values as the parser gives them, by camel-cased name (`--client-id` → `clientId`). */
export type OptionValues = Readonly<Record<string, unknown>>;

export interface CommandContext {
  readonly io: Io;
  /** The registry root: `--dir` resolved from where the command was run, or the project root. */
  readonly root: string;
  /** The project root: where `Pulumi.<stack>.yaml` files are. */
  readonly projectRoot: string;
  /** The directory the command was run in: relative paths given as options are taken from there. */
  readonly invokedFrom: string;
  readonly defer: Defer | undefined;
  /** This program's name and version (package.json), for SARIF. */
  readonly tool: { readonly name: string; readonly version: string };
}

export interface OptionSpec {
  /** As the parser reads them: `--env <environment>` takes a value, `--json` does not. */
  readonly flags: string;
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line, for the list of commands. */
  readonly summary: string;
  /** The command's own help: what it does, what it prints, its exit codes; paragraphs, unwrapped. */
  readonly details: string;
  readonly options: readonly OptionSpec[];
  /** Runs the command; returns its exit code. Throws UsageError for a usage error. */
  readonly run: (options: OptionValues, context: CommandContext) => number;
}

const option = (flags: string, description: string): OptionSpec => ({ flags, description });

const JSON_OUTPUT = option("--json", "print JSON instead of text");
const BASE = option("--base <git-ref>", "the git revision to compare with (a branch, tag or commit)");
const CHECK = option("--check", "check that the committed file is fresh instead of writing it (exit 1 when stale)");
const REPO_ROOT = option(
  "--repo-root <path>",
  "the repository root that paths are given from (default: git rev-parse --show-toplevel from the registry root, else the registry root)",
);
const ENV = option("--env <environment>", `the environment: ${ENVIRONMENTS.join(", ")}`);

/** How verify and import log in to Keycloak: the stack's settings, or each given, the secret never an option. */
function loginOptions(realm: string): OptionSpec[] {
  return [
    option("--stack <name>", "read URL, realms, client id and environment from Pulumi.<name>.yaml"),
    option("--url <url>", "Keycloak's root URL"),
    option("--realm <realm>", realm),
    option("--admin-realm <realm>", "the realm the login client belongs to (default: master)"),
    option("--client-id <id>", "the login client (client credentials)"),
    option("--client-secret-stdin", "read the login client's secret from standard input's first line"),
  ];
}

function loginValues(options: OptionValues) {
  return {
    stack: text(options, "stack"),
    url: text(options, "url"),
    realm: text(options, "realm"),
    clientId: text(options, "clientId"),
    adminRealm: text(options, "adminRealm"),
    clientSecretStdin: flag(options, "clientSecretStdin"),
  };
}

/** A command that talks to Keycloak: its checks' exit code, or the job left for runAsync to await. */
function deferred(command: string, prepared: number | (() => Promise<number>), defer: Defer | undefined): number {
  if (typeof prepared === "number") return prepared;
  if (defer === undefined) {
    throw new UsageError(`${command} talks to Keycloak: run it from the command line (runAsync)`);
  }
  defer(prepared);
  return 0;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "validate",
    summary: "check every file; every error and warning at once",
    details:
      "Checks every scope file, client file and registry.yaml, and prints every problem with its file, line, column, rule and fix (stdout), then a one-line summary (stderr). Exit 1 when there is an error; warnings alone pass.\n\n" +
      "Formats: text (for people; colour on a terminal), github (GitHub Actions annotations), json (one document: valid, errors, warnings, and problems, each with file, line, column, rule, severity, message and fix), sarif (SARIF 2.1.0, for code scanning). The github, json and sarif paths are relative to the repository root.",
    options: [option("--format <format>", `output format: ${listOf([...PROBLEM_FORMATS])} (default: text)`), REPO_ROOT],
    run: (options, context) => {
      const format = text(options, "format") ?? "text";
      if (!isValidateFormat(format)) {
        throw new UsageError(`--format must be ${listOf([...PROBLEM_FORMATS])}, not ${JSON.stringify(format)}`);
      }
      const layout = () => layoutOf(context, text(options, "repoRoot"));
      return runValidate(context.root, { format, layout, tool: context.tool }, context.io);
    },
  },
  {
    name: "plan",
    summary: "what one environment contains: scopes, claims, clients and their scope lists",
    details:
      "Prints the plan for one environment: exactly what pulumi up provisions there (stdout). An invalid registry is refused with its problems (stderr, exit 1).",
    options: [ENV, JSON_OUTPUT],
    run: (options, { root, io }) => {
      const env = text(options, "env");
      if (env === undefined) throw new UsageError("plan needs --env <environment>");
      if (!isEnvironment(env)) {
        throw new UsageError(`unknown environment ${JSON.stringify(env)}; use one of ${ENVIRONMENTS.join(", ")}`);
      }
      const registry = validRegistry(root, io);
      if (registry === null) return 1;
      const plan = planEnvironment(registry, env);
      io.out(flag(options, "json") ? printableText(JSON.stringify(planJson(plan), null, 2)) : formatPlan(plan));
      return 0;
    },
  },
  {
    name: "schema",
    summary: "the JSON Schemas of the file kinds: print, write or check schemas/",
    details:
      "Without an option, prints the JSON Schemas editors use (stdout). --write refreshes schemas/; --check fails (exit 1) when the committed copies are stale.",
    options: [
      option("--write", "write schemas/"),
      option("--check", "check that schemas/ is fresh (exit 1 when stale)"),
    ],
    run: (options, { root, io }) => {
      const write = flag(options, "write");
      const check = flag(options, "check");
      if (write && check) throw new UsageError("schema takes --write or --check, not both");
      return runSchema(root, { write, check }, io);
    },
  },
  {
    name: "diff",
    summary: "what the working tree changes in each environment: SAFE, REVIEW or BREAKING",
    details:
      "Compares the working tree's registry with the registry at --base, per environment, and prints Markdown for a pull-request comment, or JSON (stdout). Exit 1 when anything is BREAKING; 2 when the base cannot be read.",
    options: [BASE, JSON_OUTPUT],
    run: (options, { root, io }) => {
      const base = text(options, "base");
      if (base === undefined) throw new UsageError("diff needs --base <git-ref>");
      return runDiff(root, { base, json: flag(options, "json") }, io);
    },
  },
  {
    name: "docs",
    summary: "write the catalogue docs/scopes.md, or check it is fresh",
    details: "Writes the Markdown catalogue of every scope and client to docs/scopes.md under the registry root.",
    options: [CHECK],
    run: (options, { root, io }) => runDocs(root, { check: flag(options, "check") }, io),
  },
  {
    name: "codeowners",
    summary: "write the repository's .github/CODEOWNERS from owners, or check it is fresh",
    details:
      "Writes .github/CODEOWNERS at the repository root: each scope and client file is owned by its owners, everything else under the registry by registry.yaml's platformOwners. Patterns are anchored at the repository root (/registry/scopes/x.yaml in a monorepo). Only the part between its `# Generated by` and `# End of the part generated by` lines is written; the file's other lines are kept.",
    options: [CHECK, REPO_ROOT],
    run: (options, context) =>
      runCodeowners(
        context.root,
        { check: flag(options, "check"), layout: layoutOf(context, text(options, "repoRoot")) },
        context.io,
      ),
  },
  {
    name: "promotion",
    summary: "whether what the working tree promotes is approved by the approvers registry.yaml names",
    details:
      "Finds the environments the working tree promotes scopes and clients into (past the first), compared with --base, and whether each is approved by one of the approvers that registry.yaml names at the base, from the pull request's reviews (--reviews, as the code host's API lists them) and the approving teams' members (--teams). Prints Markdown or JSON (stdout). Exit 1 when something is not approved. --list-teams instead prints the teams whose members the check needs, one a line.",
    options: [
      BASE,
      option("--reviews <reviews.json>", "the pull request's reviews (a file)"),
      option("--teams <teams.json>", "the members of the approving teams (a file)"),
      option("--head-sha <sha>", "count only reviews of this commit"),
      JSON_OUTPUT,
      option("--list-teams", "print the teams whose members the check needs (with --base only)"),
    ],
    run: (options, { root, io, invokedFrom }) => {
      const base = text(options, "base");
      if (base === undefined) throw new UsageError("promotion needs --base <git-ref>");
      const listTeams = flag(options, "listTeams");
      const reviews = text(options, "reviews");
      const teams = text(options, "teams");
      const headSha = text(options, "headSha");
      const json = flag(options, "json");
      if (listTeams && (reviews !== undefined || teams !== undefined || headSha !== undefined || json)) {
        throw new UsageError("promotion --list-teams takes only --base");
      }
      if (!listTeams && reviews === undefined) {
        throw new UsageError("promotion needs --reviews <reviews.json> (or --list-teams)");
      }
      return runPromotion(root, { base, reviews, teams, headSha, json, listTeams }, io, invokedFrom);
    },
  },
  {
    name: "breaking-label",
    summary: "the pull-request label that acknowledges BREAKING changes, from registry.yaml",
    details: "Prints the label registry.yaml names (pullRequests.breakingLabel), at --base when given.",
    options: [BASE],
    run: (options, { root, io }) => runBreakingLabel(root, { base: text(options, "base") }, io),
  },
  {
    name: "verify",
    summary: "compare a live realm with the plan: MISSING, DIFFERS, EXTRA, ORPHAN",
    details:
      `Reads a live realm through Keycloak's admin API and compares it with the plan for the environment: one line per finding (stdout), then a summary (stderr). Exit 1 on any finding, 3 when Keycloak is unreachable or refuses.\n\n` +
      `The secret of the login client comes from ${SECRET_VARIABLE} or, with --client-secret-stdin, from the first line of standard input; never from an option, which any process list shows.`,
    options: [
      ENV,
      ...loginOptions("the realm to compare"),
      option("--tokens", "also compare each client's example tokens for --user with the plan's prediction"),
      option("--user <username>", "the user whose example tokens Keycloak evaluates (with --tokens)"),
      option(
        "--adopt <file>",
        "write an adoption file (relative to the project root) for what the realm already holds, unless something DIFFERS; the stack's adoptFile setting makes its next pulumi up import those objects",
      ),
      JSON_OUTPUT,
    ],
    run: (options, { root, io, projectRoot, defer }) => {
      const prepared = prepareVerify(
        {
          env: text(options, "env"),
          ...loginValues(options),
          json: flag(options, "json"),
          tokens: flag(options, "tokens"),
          user: text(options, "user"),
          adopt: text(options, "adopt"),
        },
        { projectRoot, root, io },
      );
      return deferred("verify", prepared, defer);
    },
  },
  {
    name: "import",
    summary: "write scopes/ and clients/ files from a live realm or a realm export",
    details:
      'Reads a live realm (the login of verify) or a Keycloak realm export (--realm-export) and writes scopes/<service>.yaml and clients/<client-id>.yaml into --out for one environment, merged into what an earlier import wrote there (a second environment adds to availability and environments). Prints one report line per thing the registry cannot express (stdout, or the file --report names), then a summary (stderr). Exit 0 when the result validates; 1 when a file is in the way (not written by import, without --force) or the result does not validate (its problems on stderr); 2 usage or an unreadable export; 3 Keycloak unreachable or refusing. See the README, "Adopting an existing realm".',
    options: [
      ENV,
      option("--out <dir>", "where scopes/ and clients/ are written (created if missing)"),
      option("--owner <team...>", "the owners every new file gets (@org/team); required"),
      option("--service <prefix=service...>", "scopes whose names start with prefix go to scopes/<service>.yaml"),
      option("--realm-export <file>", "read a realm export (kc.sh export, or the console's partial export)"),
      option("--report <file>", "write the report to this file instead of standard output"),
      option("--force", "merge into files in --out that import did not write"),
      ...loginOptions("the realm to import (with --realm-export: which realm of several)"),
    ],
    run: (options, { io, projectRoot, invokedFrom, defer }) => {
      const prepared = prepareImport(
        {
          env: text(options, "env"),
          out: text(options, "out"),
          owners: texts(options, "owner"),
          services: texts(options, "service"),
          realmExport: text(options, "realmExport"),
          report: text(options, "report"),
          force: flag(options, "force"),
          ...loginValues(options),
        },
        { projectRoot, invokedFrom, io },
      );
      return deferred("import", prepared, defer);
    },
  },
];

/** The registry root a command works on: --dir from where the command was run, holding scopes/ or clients/. */
export function registryRoot(dir: string | undefined, projectRoot: string, invokedFrom: string): string {
  const root = dir === undefined ? projectRoot : resolve(invokedFrom, dir);
  if (!existsSync(join(root, SCOPES_DIR)) && !existsSync(join(root, CLIENTS_DIR))) {
    throw new UsageError(`${root} holds neither ${SCOPES_DIR}/ nor ${CLIENTS_DIR}/: is --dir right?`);
  }
  return root;
}

/** Where the registry sits in its repository; --repo-root is taken from where the command was run. */
function layoutOf(context: CommandContext, repoRoot: string | undefined): RepositoryLayout {
  const given = repoRoot === undefined ? undefined : resolve(context.invokedFrom, repoRoot);
  if (given !== undefined) {
    try {
      realpathSync(given);
    } catch {
      throw new UsageError(`--repo-root ${given} does not exist`);
    }
  }
  try {
    return repositoryLayout(context.root, given);
  } catch (error) {
    if (error instanceof LayoutError) throw new UsageError(error.message);
    throw error;
  }
}

function text(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" ? value : undefined;
}

/** A repeatable option's values (`--owner a --owner b`, or `--owner a b`). */
function texts(options: OptionValues, name: string): string[] {
  const value = options[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function flag(options: OptionValues, name: string): boolean {
  return options[name] === true;
}
