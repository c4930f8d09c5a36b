/**
 * `codeowners [--check]`: write the generated part of the repository's .github/CODEOWNERS from the
 * files' `owners` (the repository's own lines around it are kept), or fail when it is stale. The file
 * is at the repository root, with patterns from there, as the code host reads it: in a monorepo
 * (`--dir registry`) that is the repository's file, not one under registry/.
 */
import { printableLine } from "../registry/problems";
import {
  codeowners,
  codeownersCommand,
  CodeownersLayoutError,
  CODEOWNERS_PATH,
  mergeCodeowners,
} from "../report/codeowners";
import { RefusedPath, writeOrCheck } from "./generated-file";
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
  const command = codeownersCommand(prefix);
  const text = codeowners(registry, prefix);
  const merge = (existing: string | null) => {
    try {
      return mergeCodeowners(existing, text, prefix);
    } catch (error) {
      if (error instanceof CodeownersLayoutError) throw new RefusedPath(`${CODEOWNERS_PATH}: ${error.message}`);
      throw error;
    }
  };
  return writeOrCheck(options.layout.root, { path: CODEOWNERS_PATH, text, command, merge }, options.check, io);
}
