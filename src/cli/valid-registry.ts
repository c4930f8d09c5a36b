import { errorsIn, validateDir, type Registry } from "../registry";
import { formatProblems, summary } from "./format";
import type { Io } from "./io";

/**
 * The registry under `root` when it has no errors; otherwise prints them and returns null. Nothing is
 * planned or generated from a registry that `pulumi up` would refuse.
 */
export function validRegistry(root: string, io: Io): Registry | null {
  const { registry, problems } = validateDir(root);
  const errors = errorsIn(problems);
  if (errors.length === 0) return registry;
  formatProblems(errors, "text").forEach((line) => io.err(line));
  io.err(summary(registry, problems));
  return null;
}
