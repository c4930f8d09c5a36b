/** Runs the command line in-process, capturing what it writes: the one helper every CLI test uses. */
import { run, type Io } from "../src/cli/main";

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * `run(argv)` with `projectRoot` as the default registry root and as the directory the command was
 * invoked from (what npm passes as INIT_CWD).
 */
export function runCli(projectRoot: string, ...argv: string[]): CliResult {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = run(argv, io, projectRoot, projectRoot);
  return { code, out: out.join("\n"), err: err.join("\n") };
}
