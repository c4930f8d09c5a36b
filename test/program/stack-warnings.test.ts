/**
 * What a stack's preview shows of the registry's warnings: its own environment's only, and a rule with
 * many warnings as one line (issue: hundreds of lines, other environments' included, buried the diff).
 */
import { describe, expect, test } from "vitest";
import { stackWarningLines } from "../../components/stack-plan";
import { problemAt, type Problem } from "../../src/registry";

const notYet = (file: string, line: number, environments: ("staging" | "production")[]): Problem =>
  problemAt(
    file,
    { line, column: 7 },
    {
      rule: "not-yet-available",
      message: `scope "s" is not yet available in ${environments.join(" and ")}; the client is provisioned there without it`,
      fix: "promote it",
      environments,
    },
  );

const password = problemAt(
  "clients/tester.yaml",
  { line: 8, column: 9 },
  {
    rule: "password-flow",
    message: "the password flow exposes user passwords",
    fix: "use it for test clients only",
    severity: "warning",
    environments: ["development"],
  },
);
const justification = problemAt(
  "clients/app.yaml",
  { line: 3, column: 3 },
  { rule: "unused-justification", message: "unused", fix: "remove it" },
);

describe("stackWarningLines", () => {
  test("a stack sees the warnings of its own environment and those of every environment, in full", () => {
    const warnings = [notYet("clients/a.yaml", 14, ["production"]), password, justification];
    expect(stackWarningLines(warnings, "development")).toEqual([
      "clients/tester.yaml:8:9: warning password-flow\n  the password flow exposes user passwords\n  fix: use it for test clients only",
      "clients/app.yaml:3:3: warning unused-justification\n  unused\n  fix: remove it",
    ]);
    expect(stackWarningLines(warnings, "production")).toEqual([
      'clients/a.yaml:14:7: warning not-yet-available\n  scope "s" is not yet available in production; the client is provisioned there without it\n  fix: promote it',
      "clients/app.yaml:3:3: warning unused-justification\n  unused\n  fix: remove it",
    ]);
  });

  test("a rule with many warnings is one line: the count, the first three places, and where to see each", () => {
    const many = ["a", "b", "c", "d", "e"].map((name, i) =>
      notYet(`clients/${name}.yaml`, 10 + i, ["staging", "production"]),
    );
    expect(stackWarningLines(many, "staging")).toEqual([
      "5 warnings not-yet-available in staging: clients/a.yaml:10:7, clients/b.yaml:11:7, clients/c.yaml:12:7 and 2 more; `npm run registry -- validate` lists each with its fix",
    ]);
    expect(stackWarningLines(many, "development")).toEqual([]);
  });
});
