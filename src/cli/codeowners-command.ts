/**
 * `codeowners [--check]`: write the repository's .github/CODEOWNERS from the files' `owners`, or fail
 * when it is stale. The file is at the repository root, with patterns from there, as the code host
 * reads it: in a monorepo (`--dir registry`) that is the repository's file, not one under registry/.
 */
import { printableLine } from "../registry/problems";
import { codeowners, CODEOWNERS_PATH } from "../report/codeowners";
import { writeOrCheck } from "./generated-file";
import type { RepositoryLayout } from "./repository";
import { validRegistry } from "./valid-registry";
import type { Io } from "./io";

export function runCodeowners(root: string, options: { check: boolean; layout: RepositoryLayout }, io: Io): number {
  const registry = validRegistry(root, io);
  if (registry === null) return 1;
  const { prefix } = options.layout;
  if (!/^[A-Za-z0-9._/-]*$/.test(prefix)) {
    // A space ends a CODEOWNERS pattern, `#` starts a comment, and * ? [ ! \ are pattern syntax.
    io.err(
      printableLine(
        `error: the registry's folder ${JSON.stringify(prefix)} holds characters that a CODEOWNERS pattern reads as syntax: rename it to letters, digits, . _ - and /`,
      ),
    );
    return 1;
  }
  const command = `npm run registry -- codeowners${prefix === "" ? "" : ` --dir ${prefix}`}`;
  const file = { path: CODEOWNERS_PATH, text: codeowners(registry, prefix), command };
  return writeOrCheck(options.layout.root, file, options.check, io);
}
