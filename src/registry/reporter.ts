/** Collects problems for the cross-file rules, each located through its file's source positions. */
import { problemAt, type Finding, type Problem } from "./problems";
import type { SourceFile, ValuePath } from "./source";

export class Reporter {
  readonly problems: Problem[] = [];

  /** Reports `finding` at the value at `path` in `source` (or at its key, for a key that is wrong). */
  report(source: SourceFile, path: ValuePath, finding: Finding, at: "key" | "value" = "value"): void {
    this.problems.push(problemAt(source.path, source.locate(path, at), finding));
  }
}
