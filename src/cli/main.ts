/**
 * The command line for PR authors and CI: `npm run registry -- <command> [options]`. Needs no Pulumi
 * CLI, and no Keycloak except `verify`. Exit codes (EXIT): 0 success, 1 invalid registry (or stale, or
 * BREAKING for diff, or drift for verify), 2 usage error, 3 Keycloak unreachable or refused (verify), 4
 * internal failure.
 */
import { parseArgs } from "node:util";
import { existsSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { runSchema } from "./schema-command";
import { runDiff } from "./diff-command";
import { runDocs } from "./docs-command";
import { runCodeowners } from "./codeowners-command";
import { prepareVerify } from "./verify-command";
import { prepareImport } from "./import-command";
import { runBreakingLabel, runPromotion } from "./promotion-command";
import { formatPlan, formatProblems, printableText, summary, type ProblemFormat } from "./format";
import { planJson } from "./plan-json";
import type { Io } from "./io";
import { validRegistry } from "./valid-registry";
import { ENVIRONMENTS, isEnvironment } from "../registry/environments";
import { planEnvironment } from "../registry/plan";
import { errorsIn, printableLine } from "../registry/problems";
import { CLIENTS_DIR, SCOPES_DIR, validateDir } from "../registry";

export const USAGE = `usage: npm run registry -- <command> [options]

commands:
  validate [--format text|github]   check every file; every error and warning at once
  plan --env <environment> [--json] what one environment contains (${ENVIRONMENTS.join(", ")})
  schema [--write | --check]        JSON Schemas of the two file kinds (print, write or check schemas/)
  diff --base <git-ref> [--json]    what the working tree changes in each environment: SAFE, REVIEW or BREAKING
                                    (Markdown for a PR comment; exit 1 when anything is BREAKING)
  docs [--check]                    write the catalogue docs/scopes.md, or check it is fresh
  codeowners [--check]              write .github/CODEOWNERS from owners, or check it is fresh
  promotion --base <git-ref> --reviews <reviews.json> [--teams <teams.json>] [--head-sha <sha>] [--json]
                                    whether the environments the working tree promotes into (past the
                                    first) are approved by the approvers registry.yaml names at the base
                                    (exit 1 when not); --list-teams instead of --reviews prints the teams
                                    whose members the check needs
  breaking-label [--base <git-ref>] the pull-request label that acknowledges BREAKING changes, from
                                    registry.yaml (at the base revision when given)
  verify --env <environment> | --stack <name> [--url <url>] [--realm <realm>] [--client-id <id>]
         [--admin-realm <realm>] [--client-secret-stdin] [--tokens --user <username>] [--json]
                                    compare a live realm with the plan: MISSING, DIFFERS, EXTRA,
                                    ORPHAN (secret from KEYCLOAK_CLIENT_SECRET or standard input);
                                    --tokens: also each client's example tokens for that user
  import --env <environment> --out <dir> --owner <@org/team> [--service <prefix>=<service>]...
         (--realm-export <realm.json> [--realm <realm>] | the connection options of verify)
         [--report <file>] [--force]
                                    write scopes/ and clients/ files from a live realm or a realm
                                    export, merged into an earlier import's; report what the
                                    registry cannot express (see README, "Adopting an existing realm")

options:
  --dir <path>   registry root holding scopes/ and clients/ (default: the project root; a relative
                 path is taken from the directory the command was run in)
  --help         this text

exit codes:
  0  success
  1  invalid registry, a stale generated file (--check), a refused write, a BREAKING change (diff),
     drift (verify), or a promotion not approved (promotion)
  2  usage error
  3  Keycloak unreachable, login refused, or an HTTP error from Keycloak (verify, import)
  4  internal failure (set SCOPE_REGISTRY_DEBUG=1 for the stack trace)`;

/** The exit codes, as USAGE and the README list them. */
export const EXIT = { ok: 0, failed: 1, usage: 2, keycloak: 3, internal: 4 } as const;

/**
 * The options each command accepts, besides --dir and --help. Looked up with Object.hasOwn only: a
 * command such as `toString` or `__proto__` must not find Object.prototype's members.
 */
const COMMAND_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  validate: ["format"],
  plan: ["env", "json"],
  schema: ["write", "check"],
  diff: ["base", "json"],
  docs: ["check"],
  codeowners: ["check"],
  promotion: ["base", "reviews", "teams", "head-sha", "json", "list-teams"],
  "breaking-label": ["base"],
  verify: ["env", "stack", "url", "realm", "client-id", "admin-realm", "client-secret-stdin", "json", "tokens", "user"],
  import: [
    "env",
    "out",
    "owner",
    "service",
    "realm-export",
    "report",
    "force",
    "stack",
    "url",
    "realm",
    "client-id",
    "admin-realm",
    "client-secret-stdin",
  ],
};

export class UsageError extends Error {}

export type { Io } from "./io";

const processIo: Io = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
};

/**
 * Runs one command; returns the exit code. Never calls process.exit and never throws, so tests can
 * drive it. `projectRoot` is the default registry root; a relative --dir is resolved from `invokedFrom`
 * (npm runs scripts in the project root and passes the caller's directory as INIT_CWD).
 *
 * A failure that is not a usage error (an unexpected file system error, a bug) is an internal failure:
 * one line on stderr, exit 4; the stack trace only with SCOPE_REGISTRY_DEBUG=1.
 */
export function run(
  argv: readonly string[],
  io: Io = processIo,
  projectRoot = process.cwd(),
  invokedFrom = process.env.INIT_CWD ?? projectRoot,
  defer?: Defer,
): number {
  try {
    return dispatch(argv, io, projectRoot, invokedFrom, defer);
  } catch (error) {
    return failure(error, io);
  }
}

/**
 * Where a command that talks to Keycloak (verify) leaves the part that must wait for it, once every
 * check that needs no network has passed. `run` alone cannot wait: without `defer`, verify stops with
 * a usage error after those checks. `runAsync` passes one and awaits the job.
 */
export type Defer = (job: () => Promise<number>) => void;

/** As `run`, and waits for a command that talks to Keycloak. What the command line's entry point calls. */
export async function runAsync(
  argv: readonly string[],
  io: Io = processIo,
  projectRoot = process.cwd(),
  invokedFrom = process.env.INIT_CWD ?? projectRoot,
): Promise<number> {
  let job: (() => Promise<number>) | undefined;
  const code = run(argv, io, projectRoot, invokedFrom, (deferred) => {
    job = deferred;
  });
  if (job === undefined) return code;
  try {
    return await job();
  } catch (error) {
    return failure(error, io);
  }
}

/** A usage error (exit 2) or an internal failure (exit 4), told in one line. */
function failure(error: unknown, io: Io): number {
  if (isUsageError(error)) {
    // node's parseArgs appends advice about positionals that does not apply to this command line.
    const message = error.message.replace(/\. To specify a positional argument.*$/s, "");
    io.err(`${printableLine(`error: ${message}`)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  io.err(printableLine(`error: internal failure: ${describe(error)}`));
  if (process.env.SCOPE_REGISTRY_DEBUG === "1" && error instanceof Error && error.stack !== undefined) {
    error.stack.split("\n").forEach((line) => io.err(printableLine(line)));
  }
  return EXIT.internal;
}

function isUsageError(error: unknown): error is Error {
  if (error instanceof UsageError) return true;
  const code: unknown = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

/** What went wrong, in one line, whatever was thrown. */
function describe(error: unknown): string {
  try {
    return (error instanceof Error ? error.message || error.name : String(error)) || "unknown error";
  } catch {
    return "unknown error";
  }
}

function dispatch(
  argv: readonly string[],
  io: Io,
  projectRoot: string,
  invokedFrom: string,
  defer: Defer | undefined,
): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      dir: { type: "string" },
      env: { type: "string" },
      json: { type: "boolean" },
      format: { type: "string" },
      write: { type: "boolean" },
      check: { type: "boolean" },
      base: { type: "string" },
      help: { type: "boolean" },
      stack: { type: "string" },
      url: { type: "string" },
      realm: { type: "string" },
      "client-id": { type: "string" },
      "admin-realm": { type: "string" },
      "client-secret-stdin": { type: "boolean" },
      tokens: { type: "boolean" },
      user: { type: "string" },
      reviews: { type: "string" },
      teams: { type: "string" },
      "head-sha": { type: "string" },
      "list-teams": { type: "boolean" },
      out: { type: "string" },
      owner: { type: "string", multiple: true },
      service: { type: "string", multiple: true },
      "realm-export": { type: "string" },
      report: { type: "string" },
      force: { type: "boolean" },
    },
  });
  const [command, ...extra] = positionals;
  if (values.help || command === undefined) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (!Object.hasOwn(COMMAND_OPTIONS, command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  const allowed = COMMAND_OPTIONS[command];
  for (const option of Object.keys(values)) {
    if (option !== "dir" && option !== "help" && !allowed.includes(option)) {
      throw new UsageError(`${command} does not take --${option}`);
    }
  }
  if (values.write && values.check) throw new UsageError("schema takes --write or --check, not both");
  if (command === "import" && values.dir !== undefined)
    throw new UsageError("import writes into --out; it takes no --dir");
  const root = values.dir === undefined ? projectRoot : resolve(invokedFrom, values.dir);
  if (!existsSync(join(root, SCOPES_DIR)) && !existsSync(join(root, CLIENTS_DIR))) {
    throw new UsageError(`${root} holds neither ${SCOPES_DIR}/ nor ${CLIENTS_DIR}/: is --dir right?`);
  }
  switch (command) {
    case "validate": {
      const format = values.format ?? "text";
      if (format !== "text" && format !== "github") {
        throw new UsageError(`--format must be text or github, not ${JSON.stringify(format)}`);
      }
      return validateCommand(root, format, io);
    }
    case "plan": {
      if (values.env === undefined) throw new UsageError("plan needs --env <environment>");
      if (!isEnvironment(values.env)) {
        throw new UsageError(
          `unknown environment ${JSON.stringify(values.env)}; use one of ${ENVIRONMENTS.join(", ")}`,
        );
      }
      const registry = validRegistry(root, io);
      if (registry === null) return 1;
      const plan = planEnvironment(registry, values.env);
      io.out(values.json ? printableText(JSON.stringify(planJson(plan), null, 2)) : formatPlan(plan));
      return 0;
    }
    case "schema":
      return runSchema(root, { write: values.write ?? false, check: values.check ?? false }, io);
    case "diff":
      if (values.base === undefined) throw new UsageError("diff needs --base <git-ref>");
      return runDiff(root, { base: values.base, json: values.json ?? false }, io);
    case "docs":
      return runDocs(root, { check: values.check ?? false }, io);
    case "codeowners":
      return runCodeowners(root, { check: values.check ?? false }, io);
    case "promotion": {
      if (values.base === undefined) throw new UsageError("promotion needs --base <git-ref>");
      const listTeams = values["list-teams"] ?? false;
      if (listTeams && (values.reviews ?? values.teams ?? values["head-sha"] ?? values.json) !== undefined) {
        throw new UsageError("promotion --list-teams takes only --base");
      }
      if (!listTeams && values.reviews === undefined) {
        throw new UsageError("promotion needs --reviews <reviews.json> (or --list-teams)");
      }
      return runPromotion(
        root,
        {
          base: values.base,
          reviews: values.reviews,
          teams: values.teams,
          headSha: values["head-sha"],
          json: values.json ?? false,
          listTeams,
        },
        io,
        invokedFrom,
      );
    }
    case "breaking-label":
      return runBreakingLabel(root, { base: values.base }, io);
    case "verify": {
      const prepared = prepareVerify(
        {
          env: values.env,
          stack: values.stack,
          url: values.url,
          realm: values.realm,
          clientId: values["client-id"],
          adminRealm: values["admin-realm"],
          clientSecretStdin: values["client-secret-stdin"] ?? false,
          json: values.json ?? false,
          tokens: values.tokens ?? false,
          user: values.user,
        },
        { projectRoot, root, io },
      );
      if (typeof prepared === "number") return prepared;
      if (defer === undefined)
        throw new UsageError("verify talks to Keycloak: run it from the command line (runAsync)");
      defer(prepared);
      return EXIT.ok;
    }
    case "import": {
      const prepared = prepareImport(
        {
          env: values.env,
          out: values.out,
          owners: values.owner ?? [],
          services: values.service ?? [],
          realmExport: values["realm-export"],
          report: values.report,
          force: values.force ?? false,
          stack: values.stack,
          url: values.url,
          realm: values.realm,
          clientId: values["client-id"],
          adminRealm: values["admin-realm"],
          clientSecretStdin: values["client-secret-stdin"] ?? false,
        },
        { projectRoot, invokedFrom, io },
      );
      if (typeof prepared === "number") return prepared;
      if (defer === undefined)
        throw new UsageError("import talks to Keycloak: run it from the command line (runAsync)");
      defer(prepared);
      return EXIT.ok;
    }
    default:
      throw new Error(`command ${command} is listed in COMMAND_OPTIONS but not dispatched`);
  }
}

function validateCommand(root: string, format: ProblemFormat, io: Io): number {
  const { registry, problems } = validateDir(root);
  formatProblems(problems, format).forEach((line) => io.out(line));
  const failed = errorsIn(problems).length > 0;
  (failed ? io.err : io.out)(summary(registry, problems));
  return failed ? 1 : 0;
}

/**
 * A write to stdout or stderr that fails (a full disk, a closed descriptor) fails asynchronously, as an
 * 'error' event on the stream, which without a listener ends node with a stack trace. It is an internal
 * failure like any other: one line, exit 4. A reader that went away (`… | head -1`, EPIPE) is not a
 * failure: the rest of the output is dropped and the exit code stays the command's.
 */
function outputFailed(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
  process.exitCode = EXIT.internal;
  try {
    writeSync(2, printableLine(`error: internal failure: ${describe(error)}`) + "\n");
  } catch {
    // stderr itself is what failed: the exit code says it.
  }
}

if (require.main === module) {
  process.stdout.on("error", outputFailed);
  process.stderr.on("error", outputFailed);
  void runAsync(process.argv.slice(2)).then((code) => {
    // An output stream that failed meanwhile has set exit 4 (outputFailed): that stands.
    if (process.exitCode !== EXIT.internal) process.exitCode = code;
  });
}
