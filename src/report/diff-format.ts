/**
 * The diff for people (Markdown to paste into a pull request comment) and for tools (JSON). Each line
 * stands alone: its label, its environment and its sentence, so a reviewer can quote one.
 */
import { ENVIRONMENTS, plural } from "../registry";
import type { Change } from "./change";
import { isBreaking } from "./diff";
import { code, table } from "./markdown";

export interface DiffReport {
  /** The base as the user named it, e.g. `origin/main`. */
  readonly base: string;
  readonly baseCommit: string;
  /** Errors in the base registry: files that failed to load count as absent there. */
  readonly baseErrors: number;
  readonly changes: readonly Change[];
}

export function diffMarkdown(report: DiffReport): string {
  const { changes } = report;
  const breaking = changes.filter((c) => c.impact === "BREAKING").length;
  const lines = [`## Scope registry changes against ${code(report.base)} (${report.baseCommit.slice(0, 12)})`, ""];
  if (report.baseErrors > 0) {
    lines.push(
      `> The base does not validate (${plural(report.baseErrors, "error")}): files that failed to load there are compared as if absent.`,
      "",
    );
  }
  if (changes.length === 0) {
    lines.push("No change to any environment.");
    return lines.join("\n") + "\n";
  }
  lines.push(
    breaking > 0
      ? `**BREAKING**: ${plural(breaking, "breaking change")}, ${plural(changes.length - breaking, "safe change")}.`
      : `**SAFE**: ${plural(changes.length, "change")}, none breaking.`,
    "",
  );
  lines.push(
    ...table(
      ["Environment", "Breaking", "Safe"],
      ENVIRONMENTS.map((environment) => {
        const here = changes.filter((c) => c.environment === environment);
        const broken = here.filter((c) => c.impact === "BREAKING").length;
        return [environment, String(broken), String(here.length - broken)];
      }),
    ),
    "",
  );
  for (const change of changes) {
    lines.push(`- ${change.impact === "BREAKING" ? "**BREAKING**" : "SAFE"} ${change.text}`);
  }
  return lines.join("\n") + "\n";
}

export function diffJson(report: DiffReport): string {
  return (
    JSON.stringify(
      {
        base: report.base,
        baseCommit: report.baseCommit,
        baseErrors: report.baseErrors,
        breaking: isBreaking(report.changes),
        changes: report.changes,
      },
      null,
      2,
    ) + "\n"
  );
}
