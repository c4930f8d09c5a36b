/**
 * The registry's files as they were at a git revision, read straight from the object store so the
 * working tree is never touched (no checkout, no stash). Paths are relative to the registry root,
 * exactly as `readRegistryDir` gives them for the working tree, so both sides load identically.
 */
import { execFileSync } from "node:child_process";
import { CLIENTS_DIR, isRegistryFileName, SCOPES_DIR, type RegistryText } from "../registry";

/** The revision cannot be used: not a git repository, or a ref git does not know. A usage error. */
export class RevisionError extends Error {}

export interface RevisionTexts {
  /** The full commit id the ref resolved to, so a report says exactly what it compared against. */
  readonly commit: string;
  readonly texts: RegistryText[];
}

/** Same selection as `readRegistryDir`: registry files directly in scopes/ and clients/. */
function isRegistryPath(path: string): boolean {
  const [dir, name, ...rest] = path.split("/");
  return (
    (dir === SCOPES_DIR || dir === CLIENTS_DIR) && name !== undefined && rest.length === 0 && isRegistryFileName(name)
  );
}

export function readRegistryAtRevision(root: string, ref: string): RevisionTexts {
  // A ref that starts with "-" would be read by git as an option.
  if (ref === "" || ref.startsWith("-")) throw new RevisionError(`${JSON.stringify(ref)} is not a git revision`);
  try {
    git(root, ["rev-parse", "--git-dir"]);
  } catch {
    throw new RevisionError("--dir is not inside a git repository, so there is no base revision to compare with");
  }
  let commit: string;
  try {
    commit = git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])
      .toString("utf8")
      .trim();
  } catch {
    throw new RevisionError(`${JSON.stringify(ref)} names no commit in this repository`);
  }
  // Run from the registry root: pathspecs and the listed paths are relative to it, so a registry that
  // lives in a subdirectory of its repository works too.
  const listing = git(root, ["ls-tree", "-r", "-z", commit, "--", SCOPES_DIR, CLIENTS_DIR]).toString("utf8");
  const entries: { oid: string; path: string }[] = [];
  for (const record of listing.split("\0")) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(record);
    if (match && isRegistryPath(match[2])) entries.push({ oid: match[1], path: match[2] });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { commit, texts: readBlobs(root, entries) };
}

/** One `git cat-file --batch` for every file, rather than a process per file. */
function readBlobs(root: string, entries: readonly { oid: string; path: string }[]): RegistryText[] {
  if (entries.length === 0) return [];
  const output = git(root, ["cat-file", "--batch"], entries.map((e) => e.oid).join("\n") + "\n");
  const texts: RegistryText[] = [];
  let offset = 0;
  for (const { path } of entries) {
    const headerEnd = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, headerEnd).toString("utf8");
    const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1] ?? NaN);
    if (!Number.isInteger(size)) throw new Error(`unexpected git cat-file output for ${path}: ${header}`);
    const start = headerEnd + 1;
    texts.push({ path, text: output.subarray(start, start + size).toString("utf8") });
    offset = start + size + 1;
  }
  return texts;
}

function git(cwd: string, args: readonly string[], input?: string): Buffer {
  return execFileSync("git", [...args], {
    cwd,
    input,
    stdio: ["pipe", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
}
