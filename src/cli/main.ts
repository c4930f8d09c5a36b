/**
 * The command line for PR authors and CI: `npm run registry -- <command> [options]`, or the
 * `scope-registry` bin (`npx scope-registry <command>`). Needs no Pulumi CLI, and no Keycloak except
 * `verify`. The commands and their options are listed once, in commands.ts; this file builds the
 * parser (commander: per-command help, suggestions, --version) from that list and runs it without
 * ever touching the process: output goes through `io`, and the parser never exits.
 *
 * Exit codes (EXIT): 0 success, 1 invalid registry (or stale, or BREAKING for diff, or drift for
 * verify), 2 usage error, 3 Keycloak unreachable or refused (verify), 4 internal failure.
 */
import { existsSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError, Help } from "commander";
import { printableLine } from "../registry/problems";
import { useColour } from "./colour";
import { COMMANDS, registryRoot, UsageError, type CommandSpec, type Defer } from "./commands";
import type { Io } from "./io";
import { SECRET_VARIABLE } from "./verify-command";

export type { Io } from "./io";
export { UsageError, type Defer } from "./commands";

/** The exit codes, as the help and the README list them. */
export const EXIT = { ok: 0, failed: 1, usage: 2, keycloak: 3, internal: 4 } as const;

/** The name the bin is installed under; `npm run registry --` runs the same program. */
const PROGRAM = "scope-registry";

/** The project's own version, from package.json (two folders up from src/cli/). */
export const VERSION = readVersion();

/** Help is wrapped at this width whatever the terminal: what it says does not depend on where it is read. */
const HELP_WIDTH = 100;

const EPILOGUE = `Help on one command: scope-registry <command> --help. From a clone of the project:
npm run registry -- <command> [options] runs the same program.

Output: results (problems, plans, reports, findings, JSON, SARIF, help) go to stdout; summaries,
progress, what was written or checked, errors, and the problems of a registry that a command refuses,
go to stderr. Colour only on a terminal, never with NO_COLOR set (FORCE_COLOR forces it).

Exit codes:
  0  success
  1  invalid registry, a stale generated file (--check), a refused write, a BREAKING change (diff),
     drift (verify), or a promotion not approved (promotion)
  2  usage error
  3  Keycloak unreachable, login refused, or an HTTP error from Keycloak (verify)
  4  internal failure (set SCOPE_REGISTRY_DEBUG=1 for the stack trace)`;

/** Every option some command takes, so that one given to another command is told apart from a typo. */
const KNOWN_OPTIONS = new Set(COMMANDS.flatMap((c) => c.options.map((o) => o.flags.split(" ")[0])));

/** The parser, built from COMMANDS; `onCommand` hears which command is being parsed. */
function program(io: Io, onCommand: (command: Command) => void, run: (spec: CommandSpec, command: Command) => void) {
  const root = new Command(PROGRAM)
    .description("Your organisation's OAuth 2.0 / OpenID Connect scopes, as code: check, plan, diff and verify them.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "print help")
    .option(
      "--dir <path>",
      "registry root holding scopes/ and clients/ (default: the project root; a relative path is taken from the directory the command was run in)",
    )
    .configureHelp({
      helpWidth: HELP_WIDTH,
      showGlobalOptions: true,
      formatHelp: (command, helper) =>
        Help.prototype.formatHelp.call(helper, command, helper) + (command.parent === null ? `\n${EPILOGUE}\n` : ""),
    })
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, "")),
      writeErr: (text) => io.err(text.replace(/\n$/, "")),
      // Errors are printed by `usageError`: one escaped line, then the help of the command concerned.
      outputError: () => undefined,
      getOutHasColors: () => io.colour?.out ?? false,
      getErrHasColors: () => io.colour?.err ?? false,
    })
    .exitOverride()
    .hook("preSubcommand", (_, command) => onCommand(command));
  for (const spec of COMMANDS) {
    const command = root.command(spec.name).summary(spec.summary).description(spec.details);
    for (const option of spec.options) command.option(option.flags, option.description);
    command.action((_, self: Command) => run(spec, self));
  }
  return root;
}

const processIo: Io = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
  colour: { out: useColour(process.stdout, process.env), err: useColour(process.stderr, process.env) },
};

/** The top-level help: what `--help` prints and what follows an error outside any command. */
export const USAGE = program(
  { out: () => undefined, err: () => undefined },
  () => undefined,
  () => undefined,
)
  .helpInformation()
  .replace(/\n$/, "");

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
  let current: Command | undefined;
  let code: number = EXIT.ok;
  const parser = program(
    io,
    (command) => {
      current = command;
    },
    (spec, command) => {
      const options = command.optsWithGlobals();
      const dir = typeof options.dir === "string" ? options.dir : undefined;
      const root = registryRoot(dir, projectRoot, invokedFrom);
      code = spec.run(command.opts(), {
        io,
        root,
        projectRoot,
        invokedFrom,
        defer,
        tool: { name: PROGRAM, version: VERSION },
      });
    },
  );
  try {
    parser.parse([...argv], { from: "user" });
    return code;
  } catch (error) {
    const command = current ?? parser;
    if (error instanceof CommanderError) return parserOutcome(error, command, io);
    if (error instanceof UsageError) return usageError(`error: ${error.message}`, command, io);
    return failure(error, io);
  }
}

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

/** What the parser stopped for: help or the version (printed, exit 0), or a usage error (exit 2). */
function parserOutcome(error: CommanderError, command: Command, io: Io): number {
  switch (error.code) {
    case "commander.helpDisplayed":
    case "commander.version":
      return EXIT.ok;
    case "commander.help":
      // No command: the help went to stderr. `help` on its own printed it to stdout, exit 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    case "commander.unknownOption":
      return usageError(unknownOption(error.message, command), command, io);
    default:
      return usageError(oneLine(error.message), command, io);
  }
}

/**
 * The parser's "unknown option" told for this command line: the flag without any `=value` (which could
 * be a secret), an option another command takes as "<command> does not take", and --client-secret as
 * the refusal it is.
 */
function unknownOption(message: string, command: Command): string {
  const match = /^error: unknown option '(.*)'(?:\n\(Did you mean (.+)\?\))?$/s.exec(message);
  if (match === null) return oneLine(message);
  const flag = match[1].replace(/=.*$/s, "");
  const suggestion = match[2] === undefined ? "" : ` (did you mean ${match[2]}?)`;
  const name = command.parent === null ? PROGRAM : command.name();
  if (flag === "--client-secret") {
    return (
      `error: ${name} takes no --client-secret: a secret never comes from an option value, which any process ` +
      `list shows; set ${SECRET_VARIABLE} or pass --client-secret-stdin`
    );
  }
  if (command.parent !== null && KNOWN_OPTIONS.has(flag)) return `error: ${name} does not take ${flag}${suggestion}`;
  return `error: unknown option '${flag}'${suggestion}`;
}

/** The parser's message on one line: its "(Did you mean …?)" joins the error. */
function oneLine(message: string): string {
  return message.replace(/\n\(Did you mean (.+)\?\)$/s, " (did you mean $1?)");
}

/** A usage error: the message on one escaped line, then the help of the command concerned; exit 2. */
function usageError(message: string, command: Command, io: Io): number {
  io.err(`${printableLine(message)}\n\n${command.helpInformation().replace(/\n$/, "")}`);
  return EXIT.usage;
}

/** An internal failure (exit 4), told in one line. */
function failure(error: unknown, io: Io): number {
  io.err(printableLine(`error: internal failure: ${describe(error)}`));
  if (process.env.SCOPE_REGISTRY_DEBUG === "1" && error instanceof Error && error.stack !== undefined) {
    error.stack.split("\n").forEach((line) => io.err(printableLine(line)));
  }
  return EXIT.internal;
}

/** What went wrong, in one line, whatever was thrown. */
function describe(error: unknown): string {
  try {
    return (error instanceof Error ? error.message || error.name : String(error)) || "unknown error";
  } catch {
    return "unknown error";
  }
}

function readVersion(): string {
  const path = join(__dirname, "..", "..", "package.json");
  const version: unknown = existsSync(path)
    ? (JSON.parse(readFileSync(path, "utf8")) as { version?: unknown }).version
    : undefined;
  return typeof version === "string" ? version : "unknown";
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

/** The process's entry point (`npm run registry --`, the bin): runs argv and sets the exit code. */
export function main(): Promise<void> {
  process.stdout.on("error", outputFailed);
  process.stderr.on("error", outputFailed);
  return runAsync(process.argv.slice(2)).then((code) => {
    // An output stream that failed meanwhile has set exit 4 (outputFailed): that stands.
    if (process.exitCode !== EXIT.internal) process.exitCode = code;
  });
}

if (require.main === module) void main();
