/**
 * Validate: build the model from everything that loaded, then run every check over it, collecting
 * every problem before anything fails. Each problem names its rule in the catalogue (rules.ts).
 * Warnings (a deprecated scope in use, a scope not yet available where a client exists) are reported
 * without failing.
 */
import { checkClientSettings } from "./checks/client-settings";
import { checkClients } from "./checks/clients";
import { checkScopes } from "./checks/scopes";
import { checkTrust } from "./checks/trust";
import type { LoadedRegistry } from "./load";
import { capProblemsPerFile } from "./limits";
import { buildModel, type Model } from "./model";
import { compareProblems, type Problem } from "./problems";
import type { Registry } from "./registry";
import { Reporter } from "./reporter";

export interface Validation {
  readonly registry: Registry;
  /** Load and validation problems, sorted by file and position. */
  readonly problems: readonly Problem[];
}

/** The checks, run in this order over the model; each reports through the one reporter. */
const CHECKS: readonly ((model: Model, report: Reporter) => void)[] = [
  checkScopes,
  checkClients,
  checkClientSettings,
  checkTrust,
];

export function validate(loaded: LoadedRegistry): Validation {
  const report = new Reporter();
  const model = buildModel(loaded, report);
  for (const check of CHECKS) check(model, report);
  return {
    registry: model.registry,
    problems: capProblemsPerFile([...loaded.problems, ...report.problems].sort(compareProblems)),
  };
}
