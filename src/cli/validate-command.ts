/**
 * `validate [--format text|github|json|sarif]`: every problem of the registry at once. The problems are
 * the result (stdout); the one-line summary goes to stderr, so `--format json` and `--format sarif`
 * print one JSON document and nothing else on stdout. Exit 1 when there is an error.
 */
import { errorsIn, formatProblem, validateDir, type Problem } from "../registry";
import { paint } from "./colour";
import { formatAnnotation, printableText, summary } from "./format";
import type { Io } from "./io";
import { problemsJson, problemsSarif, type SarifTool } from "./machine-formats";
import { fromRepositoryRoot, type RepositoryLayout } from "./repository";

export const PROBLEM_FORMATS = ["text", "github", "json", "sarif"] as const;
export type ValidateFormat = (typeof PROBLEM_FORMATS)[number];

export function isValidateFormat(value: string): value is ValidateFormat {
  return (PROBLEM_FORMATS as readonly string[]).includes(value);
}

export interface ValidateOptions {
  readonly format: ValidateFormat;
  /** Where the registry sits in its repository: only the code host's formats (github, json, sarif) use it. */
  readonly layout: () => RepositoryLayout;
  readonly tool: SarifTool;
}

export function runValidate(root: string, options: ValidateOptions, io: Io): number {
  const { registry, problems } = validateDir(root);
  const failed = errorsIn(problems).length > 0;
  if (options.format === "text") {
    const colour = io.colour?.out ?? false;
    problems.forEach((problem) => io.out(textProblem(problem, colour)));
  } else {
    const layout = options.layout();
    const located = problems.map((p) => ({ ...p, file: fromRepositoryRoot(layout, p.file) }));
    if (options.format === "github") located.forEach((problem) => io.out(formatAnnotation(problem)));
    else {
      const document = options.format === "json" ? problemsJson(located) : problemsSarif(located, options.tool);
      io.out(printableText(JSON.stringify(document, null, 2)));
    }
  }
  const line = summary(registry, problems);
  io.err(io.colour?.err ? paint(line, failed ? "red" : "green", true) : line);
  return failed ? 1 : 0;
}

/** A problem as text (three printable lines); with colour, its severity in red or yellow. */
function textProblem(problem: Problem, colour: boolean): string {
  const text = formatProblem(problem);
  if (!colour) return text;
  // The first line ends with "<severity> <rule>", both fixed printable words: colour exactly that word.
  const [first, ...rest] = text.split("\n");
  const tail = ` ${problem.severity} ${problem.rule}`;
  if (!first.endsWith(tail)) return text;
  const severity = paint(problem.severity, problem.severity === "error" ? "red" : "yellow", true);
  return [`${first.slice(0, -tail.length)} ${severity} ${problem.rule}`, ...rest].join("\n");
}
