/** `docs [--check]`: write the Markdown catalogue to docs/scopes.md, or fail when the committed copy is stale. */
import { errorsIn, validateDir, type Registry } from "../registry";
import { catalogue, DOCS_PATH } from "../report/docs";
import { writeOrCheck } from "../report/generated-file";
import { formatProblems, summary } from "./format";
import type { Io } from "./main";

export function runDocs(root: string, options: { check: boolean }, io: Io): number {
  const registry = validRegistry(root, io);
  if (registry === null) return 1;
  const file = { path: DOCS_PATH, text: catalogue(registry), command: "npm run registry -- docs" };
  return writeOrCheck(root, file, options.check, io);
}

/**
 * The registry under `root` when it has no errors; otherwise prints them and returns null. Nothing is
 * generated from a registry that `pulumi up` would refuse.
 */
export function validRegistry(root: string, io: Io): Registry | null {
  const { registry, problems } = validateDir(root);
  const errors = errorsIn(problems);
  if (errors.length === 0) return registry;
  formatProblems(errors, "text").forEach((line) => io.err(line));
  io.err(summary(registry, problems));
  return null;
}
