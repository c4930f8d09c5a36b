/**
 * `validate --format json` and `--format sarif`: the problems for programs. File paths are relative to
 * the repository root (see repository.ts), as the code host needs them.
 *
 * JSON (stable; fields are only ever added):
 *   { "valid": bool, "errors": n, "warnings": n,
 *     "problems": [{ "file", "line", "column", "rule", "severity", "message", "fix" }] }
 * with `line` and `column` 1-based, `severity` "error" or "warning", `rule` an id of the rule catalogue.
 *
 * SARIF 2.1.0 (OASIS; what GitHub code scanning uploads): one run whose tool lists the whole rule
 * catalogue, and one result per problem with its rule, level, message (the fix included) and location.
 */
import { errorsIn, type Problem } from "../registry/problems";
import { RULES, type RuleId } from "../registry/rules";

export function problemsJson(problems: readonly Problem[]): unknown {
  const errors = errorsIn(problems).length;
  return {
    valid: errors === 0,
    errors,
    warnings: problems.length - errors,
    problems: problems.map(({ file, line, column, rule, severity, message, fix }) => ({
      file,
      line,
      column,
      rule,
      severity,
      message,
      fix,
    })),
  };
}

export interface SarifTool {
  readonly name: string;
  readonly version: string;
}

/** The published schema of SARIF 2.1.0, as `$schema` names it. */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export function problemsSarif(problems: readonly Problem[], tool: SarifTool): unknown {
  const ids = Object.keys(RULES) as RuleId[];
  const index = new Map(ids.map((id, i) => [id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            rules: ids.map((id) => {
              const entry = RULES[id];
              const level = entry.severity === "error" || entry.severity === "warning" ? entry.severity : undefined;
              return {
                id,
                shortDescription: { text: entry.checks },
                help: { text: `Fix: ${entry.fix}` },
                // A rule whose level depends on the environment (password-flow) has none by default;
                // each of its results says which.
                ...(level === undefined ? {} : { defaultConfiguration: { level } }),
              };
            }),
          },
        },
        // Columns count UTF-16 code units, as the loader's positions do.
        columnKind: "utf16CodeUnits",
        results: problems.map((problem) => ({
          ruleId: problem.rule,
          ruleIndex: index.get(problem.rule),
          level: problem.severity,
          message: { text: `${problem.message}. Fix: ${problem.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(problem.file), uriBaseId: "%SRCROOT%" },
                region: { startLine: problem.line, startColumn: problem.column },
              },
            },
          ],
        })),
      },
    ],
  };
}

/** A relative path as a URI reference: each segment percent-encoded, so any file name stays one path. */
function uriOf(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
