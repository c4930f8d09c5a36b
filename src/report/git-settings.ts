/**
 * The registry's settings file (registry.yaml) as it was at a git revision, read from the object
 * store like `readRegistryAtRevision` reads scopes/ and clients/ (the working tree is never touched).
 * The pull-request checks take their decisions from the base's settings: who approves a promotion,
 * which label acknowledges a BREAKING change. A pull request cannot change them for itself.
 */
import { execFileSync } from "node:child_process";
import { SETTINGS_FILE, type RegistryText } from "../registry";

/**
 * registry.yaml at `commit` (a full commit id, as `readRegistryAtRevision` resolved it), relative to
 * the registry root; undefined when the revision has none. Anything but a regular file there (a
 * symbolic link) counts as none, as the working tree's reader refuses it.
 */
export function readSettingsAtRevision(root: string, commit: string): RegistryText | undefined {
  // Run from the registry root: the path is relative to it, as in readRegistryAtRevision.
  const listing = git(root, ["ls-tree", "-z", commit, "--", SETTINGS_FILE]).toString("utf8");
  const match = /^100(?:644|755) blob ([0-9a-f]+)\t/.exec(listing);
  if (match === null) return undefined;
  return { path: SETTINGS_FILE, text: git(root, ["cat-file", "blob", match[1]]).toString("utf8") };
}

function git(cwd: string, args: readonly string[]): Buffer {
  return execFileSync("git", [...args], { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 * 1024 * 1024 });
}
