/** The registry as the program sees it: validated, checked for provisioning, planned for one environment. */
import {
  compareProblems,
  errorsIn,
  planEnvironment,
  RegistryError,
  validateDir,
  type Environment,
  type EnvironmentPlan,
  type Problem,
} from "../registry";
import { provisioningProblems } from "./checks";

/**
 * The plan of one environment for the registry under `root`, after every check the command line runs
 * and the provisioning checks above. Throws a RegistryError (the command line's messages) on any error,
 * before anything is registered; returns the warnings for the program to log.
 */
export function planForStack(root: string, environment: Environment): { plan: EnvironmentPlan; warnings: Problem[] } {
  const validation = validateDir(root);
  const problems = [...validation.problems, ...provisioningProblems(validation.registry)].sort(compareProblems);
  if (errorsIn(problems).length > 0) throw new RegistryError(problems);
  return { plan: planEnvironment(validation.registry, environment), warnings: problems.filter((p) => p.severity === "warning") };
}

/** A warning as the command line prints it. */
export function formatWarning(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.severity} ${problem.rule}\n  ${problem.message}\n  fix: ${problem.fix}`;
}
