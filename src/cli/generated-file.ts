/**
 * Files generated from the registry and committed (docs/scopes.md, .github/CODEOWNERS): checked byte
 * for byte, so CI fails when a PR forgets to regenerate them.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Io } from "./io";

export interface GeneratedFile {
  /** Relative to the registry root, forward slashes. */
  readonly path: string;
  readonly text: string;
  /** The command that regenerates it, for the stale message. */
  readonly command: string;
}

/** Writes the file, or with `check` compares it with what is on disk; returns the exit code. */
export function writeOrCheck(root: string, file: GeneratedFile, check: boolean, io: Io): number {
  const target = join(root, file.path);
  if (check) {
    if (readOrNull(target) === file.text) {
      io.out(`${file.path} is fresh`);
      return 0;
    }
    io.err(`${file.path} is stale: run ${file.command}`);
    return 1;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.text);
  io.out(`wrote ${file.path}`);
  return 0;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
