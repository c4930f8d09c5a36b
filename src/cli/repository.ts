/**
 * Where the registry sits in its repository. Paths that the code host reads (annotations, SARIF, JSON,
 * CODEOWNERS) are relative to the repository root, which is the registry root only when the registry
 * is the whole repository; in a monorepo (`--dir registry/`) they carry the registry's folder.
 */
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";

export interface RepositoryLayout {
  /** The repository root (real path). */
  readonly root: string;
  /** The registry root relative to the repository root, with forward slashes; "" when they are one. */
  readonly prefix: string;
}

/** The registry root is not inside the repository root it was given. */
export class LayoutError extends Error {}

/**
 * The repository that holds `registryRoot`: `repoRoot` when given (`--repo-root`), else what
 * `git rev-parse --show-toplevel` says from the registry root, else (not in a git work tree, or no git)
 * the registry root itself.
 */
export function repositoryLayout(registryRoot: string, repoRoot?: string): RepositoryLayout {
  const registry = realpathSync(registryRoot);
  const root = repoRoot === undefined ? (gitTopLevel(registry) ?? registry) : realpathSync(repoRoot);
  const path = relative(root, registry);
  if (path === ".." || path.startsWith(`..${sep}`) || isAbsolute(path)) {
    throw new LayoutError(`the registry root ${registryRoot} is not inside the repository root ${repoRoot ?? root}`);
  }
  return { root, prefix: path.split(sep).join("/") };
}

/** `path` (relative to the registry root) relative to the repository root. */
export function fromRepositoryRoot(layout: RepositoryLayout, path: string): string {
  return layout.prefix === "" ? path : `${layout.prefix}/${path}`;
}

function gitTopLevel(cwd: string): string | undefined {
  try {
    const top = execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).replace(/\n$/, "");
    return top === "" ? undefined : realpathSync(top);
  } catch {
    // Not a git work tree, or git is not installed: the registry root is the repository root.
    return undefined;
  }
}
