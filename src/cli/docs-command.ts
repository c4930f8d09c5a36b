/** `docs [--check]`: write the Markdown catalogue to docs/scopes.md, or fail when the committed copy is stale. */
import { catalogue, DOCS_PATH } from "../report/docs";
import { writeOrCheck } from "./generated-file";
import type { Io } from "./io";
import { validRegistry } from "./valid-registry";

export function runDocs(root: string, options: { check: boolean }, io: Io): number {
  const registry = validRegistry(root, io);
  if (registry === null) return 1;
  const file = { path: DOCS_PATH, text: catalogue(registry), command: "npm run registry -- docs" };
  return writeOrCheck(root, file, options.check, io);
}
