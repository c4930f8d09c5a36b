/**
 * Reading registry files from disk as hostile input. A pull request can put anything into scopes/ or
 * clients/: a symbolic link to a secret outside the registry or to /dev/zero, a named pipe that never
 * ends, a multi-gigabyte file, bytes that are not text. Nothing here follows a link, blocks, reads more
 * than MAX_FILE_BYTES + 1 bytes, or throws: each such entry becomes one problem at the entry, and the
 * other files are still read. A link's target is never read and never named in a message.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { positionOf } from "./characters";
import { MAX_FILE_BYTES } from "./limits";
import { problemAt, type Problem } from "./problems";

const AT_START = { line: 1, column: 1 };

/**
 * O_NOFOLLOW: if the entry was swapped for a link since it was listed, opening fails (ELOOP) instead
 * of following it. O_NONBLOCK: if it was swapped for a named pipe, opening returns at once instead of
 * waiting for a writer (the fstat below then refuses it). Both are 0 where the platform lacks them.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** What an entry that is not a regular file is, for a message; undefined for a regular file. */
export function irregularKind(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/** An entry of scopes/ or clients/ (or registry.yaml) that is not a regular file. */
export function irregularEntry(path: string, kind: string): Problem {
  const fix =
    kind === "a symbolic link"
      ? "replace the link with the file itself: links are never followed, so no file can pull in content from elsewhere"
      : kind === "a folder"
        ? "move its files directly into the registry folder (sub-folders are not read), or remove it"
        : "remove it: only regular files are read";
  return problemAt(path, AT_START, {
    rule: "not-a-regular-file",
    message: `${path} is ${kind}, not a regular file`,
    fix,
  });
}

/** scopes/ or clients/ itself is not a folder (a link to one is refused: nothing under it is read). */
export function irregularFolder(path: string, kind: string): Problem {
  return problemAt(path, AT_START, {
    rule: "not-a-regular-file",
    message: `${path} is ${kind}, not a folder`,
    fix:
      kind === "a symbolic link"
        ? `replace the link with a real ${path} folder: links are never followed`
        : `make ${path} a folder holding the registry's files`,
  });
}

const ERRNO: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ELOOP: "it is a symbolic link, or became one while being read",
  ENOENT: "it disappeared while being read",
  EISDIR: "it is a folder",
  ENOTDIR: "it is not a folder",
  EMFILE: "too many files open in this process",
  ENFILE: "too many files open in the system",
  EIO: "input/output error",
  EAGAIN: "it is not ready to be read",
  EBUSY: "it is busy",
  ENAMETOOLONG: "its name is too long",
  ENXIO: "no such device",
};

/**
 * A file-system error, placed at the entry, naming the error code: never the error's own message, which
 * could name a link's target.
 */
export function fileSystemProblem(path: string, error: unknown, doing: "read" | "list"): Problem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "an unknown error";
  const why = ERRNO[code];
  return problemAt(path, AT_START, {
    rule: "unreadable-file",
    message: `cannot ${doing} ${path}: ${code}${why === undefined ? "" : ` (${why})`}`,
    fix:
      code === "ENOTDIR"
        ? `make ${path} a folder holding the registry's files`
        : code === "EACCES" || code === "EPERM"
          ? `make ${path} readable by the user that runs the registry commands`
          : "check the file and run the command again",
  });
}

/** The file is larger than MAX_FILE_BYTES; the same problem whether it was read from disk or from git. */
export function tooLarge(path: string): Problem {
  return problemAt(path, AT_START, {
    rule: "file-too-large",
    message: `${path} is larger than 1 MiB (${MAX_FILE_BYTES.toLocaleString("en-US")} bytes), the most a registry file may hold`,
  });
}

/**
 * One registry file's text, or the problem that stops it from being read. `buffer` holds
 * MAX_FILE_BYTES + 1 bytes and is reused from file to file.
 */
export function readRegistryFile(absolute: string, path: string, buffer: Buffer): { text: string } | Problem {
  let fd: number;
  try {
    fd = openSync(absolute, OPEN_FLAGS);
  } catch (error) {
    return fileSystemProblem(path, error, "read");
  }
  try {
    const stats = fstatSync(fd);
    const kind = irregularKind(stats);
    if (kind !== undefined) return irregularEntry(path, kind);
    if (stats.size > MAX_FILE_BYTES) return tooLarge(path);
    // Read to the end, or one byte past the cap: the file may have grown since fstat.
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > MAX_FILE_BYTES) return tooLarge(path);
    return decodeUtf8(path, buffer.subarray(0, length));
  } catch (error) {
    return fileSystemProblem(path, error, "read");
  } finally {
    closeSync(fd);
  }
}

/**
 * Decodes UTF-8 strictly: an invalid byte is a problem at the line and column where it stands, never a
 * silent U+FFFD. A leading byte order mark is kept, as git's copy of the text keeps it.
 */
export function decodeUtf8(path: string, bytes: Uint8Array): { text: string } | Problem {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(0, bad));
    const shown: string[] = [];
    // The bad byte and the continuation bytes after it (at most four in all): the sequence that failed.
    for (let i = bad; i < Math.min(bad + 4, bytes.length); i++) {
      if (i > bad && (bytes[i] & 0xc0) !== 0x80) break;
      shown.push(`0x${bytes[i].toString(16).toUpperCase().padStart(2, "0")}`);
    }
    return problemAt(path, positionOf(before, before.length), {
      rule: "invalid-utf8",
      message: `the file is not valid UTF-8: byte${shown.length > 1 ? "s" : ""} ${shown.join(" ")} ${shown.length > 1 ? "do" : "does"} not form a character`,
    });
  }
}

/**
 * The offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode §3.9, table
 * 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or the length when all are.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b === 0xe0) [need, low] = [2, 0xa0];
    else if (b === 0xed) [need, high] = [2, 0x9f];
    else if (b >= 0xe1 && b <= 0xef) need = 2;
    else if (b === 0xf0) [need, low] = [3, 0x90];
    else if (b === 0xf4) [need, high] = [3, 0x8f];
    else if (b >= 0xf1 && b <= 0xf3) need = 3;
    else return i;
    const second = bytes[i + 1];
    if (second === undefined || second < low || second > high) return i;
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += need + 1;
  }
  return i;
}
