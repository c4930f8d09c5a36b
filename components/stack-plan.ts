/** The registry as the program sees it: validated and planned for one environment. */
import {
  errorsIn,
  formatProblem,
  planEnvironment,
  RegistryError,
  validateDir,
  type Environment,
  type EnvironmentPlan,
  type Problem,
} from "../src/registry";

/**
 * The plan of one environment for the registry under `root`, after every check the command line runs.
 * Throws a RegistryError (the command line's messages) on any error, before anything is registered;
 * returns the warnings for the program to log.
 */
export function planForStack(root: string, environment: Environment): { plan: EnvironmentPlan; warnings: Problem[] } {
  const { registry, problems } = validateDir(root);
  if (errorsIn(problems).length > 0) throw new RegistryError(problems);
  return { plan: planEnvironment(registry, environment), warnings: problems.filter((p) => p.severity === "warning") };
}

/** How many warnings of one rule a preview shows in full; beyond that, one line for the rule. */
export const WARNINGS_IN_FULL = 2;

/**
 * The warnings a stack's preview shows: only those that concern its environment, and for a rule with
 * many, one line with the count and the first few places, so that the diff reviewers read is not buried
 * under the registry's warnings for every environment (`validate` lists each in full).
 */
export function stackWarningLines(warnings: readonly Problem[], environment: Environment): string[] {
  const byRule = new Map<string, Problem[]>();
  for (const warning of warnings) {
    if (warning.environments !== undefined && !warning.environments.includes(environment)) continue;
    const group = byRule.get(warning.rule);
    if (group) group.push(warning);
    else byRule.set(warning.rule, [warning]);
  }
  return [...byRule.entries()].flatMap(([rule, group]) => {
    if (group.length <= WARNINGS_IN_FULL) return group.map(formatProblem);
    const places = group.slice(0, 3).map((p) => `${p.file}:${p.line}:${p.column}`);
    return [
      `${group.length} warnings ${rule} in ${environment}: ${places.join(", ")} and ${group.length - places.length} more; \`npm run registry -- validate\` lists each with its fix`,
    ];
  });
}
