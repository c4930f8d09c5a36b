/** The registry core: load → validate → plan. Everything else consumes this module. */
export * from "./environments";
export * from "./builtins";
export * from "./problems";
export * from "./rules";
export * from "./schema";
export * from "./source";
export * from "./load";
export * from "./registry";
export * from "./validate";
export * from "./plan";
export * from "./flows";
export * from "./claims";
export { closest, didYouMean } from "./suggest";
export { LOOPBACK_HOSTS } from "./checks/redirects";

import { loadRegistry, loadRegistryDir, type RegistryText } from "./load";
import { validate, type Validation } from "./validate";

export function validateDir(root: string): Validation {
  return validate(loadRegistryDir(root));
}

export function validateTexts(texts: readonly RegistryText[]): Validation {
  return validate(loadRegistry(texts));
}
export * from "./predict";
export * from "./adoption";
