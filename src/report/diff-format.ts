/**
 * The diff for people (Markdown to paste into a pull request comment) and for tools (JSON). Each line
 * stands alone: its label (BREAKING, 🔎 REVIEW or SAFE), its environment and its sentence, so a
 * reviewer can quote one.
 */
import { ENVIRONMENTS, plural } from "../registry";
import type { Change, Impact } from "./change";
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

/** How each label is shown at the start of an item. */
const MARKER: Readonly<Record<Impact, string>> = {
  BREAKING: "**BREAKING**",
  REVIEW: "🔎 **REVIEW**",
  SAFE: "SAFE",
};

function count(changes: readonly Change[], impact: Impact): number {
  return changes.filter((c) => c.impact === impact).length;
}

export function diffMarkdown(report: DiffReport): string {
  const { changes } = report;
  const breaking = count(changes, "BREAKING");
  const review = count(changes, "REVIEW");
  const safe = count(changes, "SAFE");
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
  const toReview = review > 0 ? `${plural(review, "change")} to review, ` : "";
  lines.push(
    breaking > 0
      ? `**BREAKING**: ${plural(breaking, "breaking change")}, ${toReview}${plural(safe, "safe change")}.`
      : review > 0
        ? `🔎 **REVIEW**: ${toReview}${plural(safe, "safe change")}, none breaking.`
        : `**SAFE**: ${plural(changes.length, "change")}, none breaking.`,
    "",
  );
  if (review > 0) {
    lines.push(
      "> 🔎 **REVIEW** breaks no application, but widens what tokens say, where they are valid or who can obtain " +
        "them, moves a secret or who approves a file, or makes Pulumi re-create or rename something: read each one " +
        "before approving.",
      "",
    );
  }
  lines.push(
    ...table(
      ["Environment", "Breaking", "Review", "Safe"],
      ENVIRONMENTS.map((environment) => {
        const here = changes.filter((c) => c.environment === environment);
        return [environment, ...(["BREAKING", "REVIEW", "SAFE"] as const).map((i) => String(count(here, i)))];
      }),
    ),
    "",
  );
  for (const change of changes) {
    lines.push(`- ${MARKER[change.impact]} ${change.text}`);
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
        review: report.changes.some((c) => c.impact === "REVIEW"),
        counts: {
          breaking: count(report.changes, "BREAKING"),
          review: count(report.changes, "REVIEW"),
          safe: count(report.changes, "SAFE"),
        },
        // Each change's label as `label`; `impact`, the same value, is kept for consumers that read it.
        changes: report.changes.map((change) => ({ label: change.impact, ...change })),
      },
      null,
      2,
    ) + "\n"
  );
}
