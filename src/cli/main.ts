/**
 * The command line for PR authors and CI: `npm run registry -- <command> [options]`. Needs no
 * Keycloak and no Pulumi CLI. Exit codes: 0 success, 1 invalid registry (or BREAKING for diff), 2 usage
 * error.
 */
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { runSchema } from "./schema-command";
import { runDiff } from "./diff-command";
import { runDocs } from "./docs-command";
import { runCodeowners } from "./codeowners-command";
import { formatPlan, formatProblems, summary, type ProblemFormat } from "./format";
import { planJson } from "./plan-json";
import type { Io } from "./io";
import { validRegistry } from "./valid-registry";
import { ENVIRONMENTS, isEnvironment } from "../registry/environments";
import { planEnvironment } from "../registry/plan";
import { errorsIn } from "../registry/problems";
import { CLIENTS_DIR, SCOPES_DIR, validateDir } from "../registry";

export const USAGE = `usage: npm run registry -- <command> [options]

commands:
  validate [--format text|github]   check every file; every error and warning at once
  plan --env <environment> [--json] what one environment contains (${ENVIRONMENTS.join(", ")})
  schema [--write | --check]        JSON Schemas of the two file kinds (print, write or check schemas/)
  diff --base <git-ref> [--json]    what the working tree changes in each environment, SAFE or BREAKING
                                    (Markdown for a PR comment; exit 1 when anything is BREAKING)
  docs [--check]                    write the catalogue docs/scopes.md, or check it is fresh
  codeowners [--check]              write .github/CODEOWNERS from owners, or check it is fresh

options:
  --dir <path>   registry root holding scopes/ and clients/ (default: the project root; a relative
                 path is taken from the directory the command was run in)
  --help         this text`;

/** The options each command accepts, besides --dir and --help. */
const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  validate: ["format"],
  plan: ["env", "json"],
  schema: ["write", "check"],
  diff: ["base", "json"],
  docs: ["check"],
  codeowners: ["check"],
};

export class UsageError extends Error {}

export type { Io } from "./io";

const processIo: Io = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
};

/**
 * Runs one command; returns the exit code. Never calls process.exit, so tests can drive it.
 * `projectRoot` is the default registry root; a relative --dir is resolved from `invokedFrom` (npm
 * runs scripts in the project root and passes the caller's directory as INIT_CWD).
 */
export function run(
  argv: readonly string[],
  io: Io = processIo,
  projectRoot = process.cwd(),
  invokedFrom = process.env.INIT_CWD ?? projectRoot,
): number {
  try {
    return dispatch(argv, io, projectRoot, invokedFrom);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      // node's parseArgs appends advice about positionals that does not apply to this command line.
      const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
      io.err(`error: ${message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

function dispatch(argv: readonly string[], io: Io, projectRoot: string, invokedFrom: string): number {
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
    },
  });
  const [command, ...extra] = positionals;
  if (values.help || command === undefined) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const allowed = COMMAND_OPTIONS[command];
  if (allowed === undefined) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  for (const option of Object.keys(values)) {
    if (option !== "dir" && option !== "help" && !allowed.includes(option)) {
      throw new UsageError(`${command} does not take --${option}`);
    }
  }
  if (values.write && values.check) throw new UsageError("schema takes --write or --check, not both");
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
      io.out(values.json ? JSON.stringify(planJson(plan), null, 2) : formatPlan(plan));
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

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
