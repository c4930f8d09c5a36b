/** The registry as the program sees it: validated and planned for one environment. */
import {
  errorsIn,
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
