/**
 * Files generated from the registry and committed (docs/scopes.md, .github/CODEOWNERS): checked byte
 * for byte, so CI fails when a PR forgets to regenerate them.
 *
 * A generated file is never written or read through a symbolic link: a pull request could otherwise
 * commit `docs/scopes.md` (or `docs/`) as a link to any file the person or job running the command may
 * write, and have it overwritten. The file is written to a temporary file beside it (created
 * exclusively, so never through a link either), then renamed over the target, which replaces a name
 * and never follows one.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Io } from "./io";

export interface GeneratedFile {
  /** Relative to the registry root, forward slashes. */
  readonly path: string;
  readonly text: string;
  /**
   * For a file the registry owns only part of (.github/CODEOWNERS): the whole file to write, from what
   * is there now (null: no file). Throws RefusedPath when the file cannot be merged safely.
   */
  readonly merge?: (existing: string | null) => string;
  /** The command that regenerates it, for the stale message. */
  readonly command: string;
}

/** Why a generated file cannot be read or written safely: said to the user, exit code 1. */
export class RefusedPath extends Error {}

/**
 * Writes the file, or with `check` compares it with what is on disk; returns the exit code. What it did
 * is a status line on stderr, as every summary is: stdout carries results only.
 */
export function writeOrCheck(root: string, file: GeneratedFile, check: boolean, io: Io): number {
  try {
    const existing = check || file.merge !== undefined ? readGenerated(root, file) : null;
    const text = file.merge === undefined ? file.text : file.merge(existing);
    if (check) {
      if (existing === text) {
        io.err(`${file.path} is fresh`);
        return 0;
      }
      io.err(`${file.path} is stale: run ${file.command}`);
      return 1;
    }
    writeGenerated(root, { ...file, text });
    io.err(`wrote ${file.path}`);
    return 0;
  } catch (error) {
    if (!(error instanceof RefusedPath)) throw error;
    io.err(`error: ${error.message}`);
    return 1;
  }
}

/** The file's text, or null when it (or a folder on its way) does not exist. Never follows a link. */
function readGenerated(root: string, file: GeneratedFile): string | null {
  const target = join(root, file.path);
  for (const folder of foldersOf(file.path)) {
    const stats = lstatOrNull(join(root, folder));
    if (stats === null) return null;
    refuseUnlessFolder(folder, stats, file);
  }
  const stats = lstatOrNull(target);
  if (stats === null) return null;
  refuseUnlessRegularFile(stats, file);
  // O_NOFOLLOW and O_NONBLOCK: should the name change between lstat and open, a link is still not
  // followed and a FIFO does not block; fstat then checks what was actually opened.
  let fd: number;
  try {
    fd = openSync(target, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") throw symbolicLink(file.path, file);
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    refuseUnlessRegularFile(fstatSync(fd), file);
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates the folders on the way (none may be a link), then writes a temporary file and renames it.
 * Throws RefusedPath when a link or a non-folder is in the way. `import` writes its files with it too.
 */
export function writeGenerated(root: string, file: GeneratedFile): void {
  const target = join(root, file.path);
  for (const folder of foldersOf(file.path)) {
    const path = join(root, folder);
    const stats = lstatOrNull(path);
    if (stats === null) mkdirSync(path);
    else refuseUnlessFolder(folder, stats, file);
  }
  const stats = lstatOrNull(target);
  if (stats !== null) refuseUnlessRegularFile(stats, file);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  // "wx": O_CREAT | O_EXCL, which fails on any existing name, a link included.
  const fd = openSync(temporary, "wx", 0o644);
  try {
    try {
      fchmodSync(fd, 0o644);
      const bytes = Buffer.from(file.text, "utf8");
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never written: nothing left behind either way.
    }
    throw error;
  }
}

/** `docs/scopes.md` → [`docs`]; `.github/CODEOWNERS` → [`.github`]; relative to the root, outermost first. */
function foldersOf(path: string): string[] {
  const parts = path.split("/").slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function refuseUnlessFolder(folder: string, stats: Stats, file: GeneratedFile): void {
  if (stats.isSymbolicLink()) throw symbolicLink(folder, file);
  if (!stats.isDirectory()) {
    throw new RefusedPath(`${folder} is not a folder, so ${file.path} cannot be written: remove ${folder}`);
  }
}

function refuseUnlessRegularFile(stats: Stats, file: GeneratedFile): void {
  if (stats.isSymbolicLink()) throw symbolicLink(file.path, file);
  if (!stats.isFile()) {
    throw new RefusedPath(`${file.path} is not a regular file: remove it, then run ${file.command}`);
  }
}

function symbolicLink(path: string, file: GeneratedFile): RefusedPath {
  return new RefusedPath(
    `${path} is a symbolic link; generated files are never read or written through one: ` +
      `replace ${path} with a regular ${path === file.path ? "file" : "folder"}, then run ${file.command}`,
  );
}
