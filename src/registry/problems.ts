/**
 * A problem found in the registry: where it is, what is wrong (with the offending value) and how to fix
 * it. Every command and the Pulumi program report problems in this one shape.
 */
export type Severity = "error" | "warning";

export interface Problem {
  readonly severity: Severity;
  /** Stable rule name, e.g. `unknown-environment`; fixtures and docs are named after it. */
  readonly rule: string;
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
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
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

/** One problem for a person, as `validate` prints it: position, severity and rule, then what and the fix. */
export function formatProblem(problem: Problem): string {
  return (
    `${problem.file}:${problem.line}:${problem.column}: ${problem.severity} ${problem.rule}\n` +
    `  ${problem.message}\n` +
    `  fix: ${problem.fix}`
  );
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
