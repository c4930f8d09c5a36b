/** Collects problems for the cross-file rules, each located through its file's source positions. */
import type { Problem, Severity } from "./problems";
import type { SourceFile, ValuePath } from "./source";

export class Reporter {
  readonly problems: Problem[] = [];
  add(severity: Severity, rule: string, source: SourceFile, path: ValuePath, message: string, fix: string, at: "key" | "value" = "value") {
    this.problems.push({ severity, rule, file: source.path, ...source.locate(path, at), message, fix });
  }
  error(rule: string, source: SourceFile, path: ValuePath, message: string, fix: string, at: "key" | "value" = "value") {
    this.add("error", rule, source, path, message, fix, at);
  }
  warn(rule: string, source: SourceFile, path: ValuePath, message: string, fix: string) {
    this.add("warning", rule, source, path, message, fix);
  }
}
