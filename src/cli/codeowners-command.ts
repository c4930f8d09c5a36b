/** `codeowners [--check]`: write .github/CODEOWNERS from the files' `owners`, or fail when it is stale. */
import { codeowners, CODEOWNERS_PATH } from "../report/codeowners";
import { writeOrCheck } from "./generated-file";
import { validRegistry } from "./valid-registry";
import type { Io } from "./io";

export function runCodeowners(root: string, options: { check: boolean }, io: Io): number {
  const registry = validRegistry(root, io);
  if (registry === null) return 1;
  const file = { path: CODEOWNERS_PATH, text: codeowners(registry), command: "npm run registry -- codeowners" };
  return writeOrCheck(root, file, options.check, io);
}
