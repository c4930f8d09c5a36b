/**
 * A problem found in the registry: where it is, what is wrong (with the offending value) and how to fix
 * it. Every command and the Pulumi program report problems in this one shape.
 */
import { RULES, type RuleId } from "./rules";
import type { Environment } from "./environments";
import type { Position } from "./source";

export type Severity = "error" | "warning";

export interface Problem {
  readonly severity: Severity;
  /** The rule's id in the catalogue (rules.ts), e.g. `unknown-environment`; its fixture is named after it. */
  readonly rule: RuleId;
  /** Path relative to the registry root, with forward slashes. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** What is wrong, naming the offending value. Never contains a secret. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /**
   * The environments a warning concerns, when it concerns only some (a scope not yet available in
   * production); absent when it concerns every environment the file's object exists in. A stack's
   * preview shows only its own environment's warnings.
   */
  readonly environments?: readonly Environment[];
}

/** What a check found, before it is placed in a file: the rule, what is wrong and, where it helps, a fix. */
export interface Finding {
  readonly rule: RuleId;
  readonly message: string;
  /** Defaults to the rule's usual fix in the catalogue. */
  readonly fix?: string;
  /** Only for a rule whose severity depends on the environment; otherwise the catalogue's. */
  readonly severity?: Severity;
  readonly environments?: readonly Environment[];
}

/** The one way a problem is made: a finding, placed at a position of a file. */
export function problemAt(file: string, position: Position, finding: Finding): Problem {
  const entry = RULES[finding.rule];
  const severity =
    finding.severity ?? (entry.severity === "error" || entry.severity === "warning" ? entry.severity : undefined);
  if (severity === undefined) throw new Error(`rule ${finding.rule} needs a severity: ${entry.severity}`);
  return {
    severity,
    rule: finding.rule,
    file,
    line: position.line,
    column: position.column,
    message: finding.message,
    fix: finding.fix ?? entry.fix,
    ...(finding.environments !== undefined ? { environments: [...finding.environments] } : {}),
  };
}

/** Orders problems by file, position, then rule, so output is stable whatever the file system lists. */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.message, b.message)
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function errorsIn(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === "error");
}

/** Quotes a value for a message, shortened so that a pasted blob cannot flood the report. */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `1 error`, `2 errors`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Formats a list for a message: `a, b or c`. */
export function listOf(values: readonly string[], conjunction = "or"): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} ${conjunction} ${values[values.length - 1]}`;
}

/**
 * Characters a terminal, a log viewer or a code review page acts on instead of showing: C0 and C1
 * controls and DEL (a CR rewinds the line, ESC starts a terminal sequence, LF starts a new line), the
 * line and paragraph separators, and the bidirectional embeddings, overrides and isolates that reorder
 * what is shown (U+202A–U+202E, U+2066–U+2069).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the registry (file names, values, messages that quote them) made safe to print: each
 * character of UNPRINTABLE becomes a `\uXXXX` escape, so what is printed is what the file says, on one
 * line. Idempotent. Every text output passes what it prints through this.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * One output line, printable, that a CI runner cannot read as a workflow command: GitHub's runner
 * takes any line that starts with `::` after leading white space as one, so such a line's first colon
 * is escaped as `\u003a`.
 */
export function printableLine(text: string): string {
  return printable(text).replace(/^(\s*):(?=:)/u, "$1\\u003a");
}

/**
 * One problem for a person, as `validate` prints it: position, severity and rule, then what and the fix.
 * Every field is printable, so each problem is exactly three lines whatever the registry holds.
 */
export function formatProblem(problem: Problem): string {
  return [
    `${problem.file}:${problem.line}:${problem.column}: ${problem.severity} ${problem.rule}`,
    `  ${problem.message}`,
    `  fix: ${problem.fix}`,
  ]
    .map(printableLine)
    .join("\n");
}

/** The registry failed validation: carries every problem, for callers that must stop (the Pulumi program). */
export class RegistryError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `the registry is invalid (${errorsIn(problems).length} error(s)):\n` +
        errorsIn(problems).map(formatProblem).join("\n"),
    );
    this.name = "RegistryError";
  }
}
