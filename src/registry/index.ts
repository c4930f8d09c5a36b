/** The registry core: load → validate → plan. Everything else consumes this module. */
export * from "./environments";
export * from "./builtins";
export * from "./problems";
export * from "./schema";
export * from "./source";
export * from "./load";
export * from "./registry";
export * from "./validate";
export * from "./plan";
export * from "./claims";
export { closest, didYouMean } from "./suggest";

import type { Environment } from "./environments";
import { loadRegistry, loadRegistryDir, type RegistryText } from "./load";
import { planEnvironment, type EnvironmentPlan } from "./plan";
import { errorsIn, RegistryError } from "./problems";
import { validate, type Validation } from "./validate";

export function validateDir(root: string): Validation {
  return validate(loadRegistryDir(root));
}

export function validateTexts(texts: readonly RegistryText[]): Validation {
  return validate(loadRegistry(texts));
}

/**
 * The plan of one environment for the registry under `root`; throws a RegistryError carrying every
 * problem when the registry has errors, so nothing is planned from bad input.
 */
export function planDir(root: string, environment: Environment): { plan: EnvironmentPlan; validation: Validation } {
  const validation = validateDir(root);
  if (errorsIn(validation.problems).length > 0) throw new RegistryError(validation.problems);
  return { plan: planEnvironment(validation.registry, environment), validation };
}
