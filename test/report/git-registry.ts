/**
 * A throwaway git repository holding a registry, committed once, for driving `diff --base` over real
 * history: the fixture texts a test gives (path relative to the registry root → text), or a copy of
 * the fixture registry (test/fixtures/registry) when it gives none. Git runs with no global or system config, so a developer's
 * signing or hook settings cannot change what the tests see.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { run, type Io } from "../../src/cli/main";
import { FIXTURE_REGISTRY } from "../fixture-registry";

export const PROJECT_ROOT = join(__dirname, "..", "..");

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Registry Test",
  GIT_AUTHOR_EMAIL: "registry-test@example.org",
  GIT_COMMITTER_NAME: "Registry Test",
  GIT_COMMITTER_EMAIL: "registry-test@example.org",
};

export class GitRegistry {
  /** The repository's top directory. */
  readonly top: string;
  /** The registry root inside it (the repository top, or a subdirectory). */
  readonly root: string;

  /** `git: false` leaves the copy outside any repository. */
  constructor(options: { subdirectory?: string; git?: boolean; files?: Readonly<Record<string, string>> } = {}) {
    this.top = mkdtempSync(join(tmpdir(), "scope-registry-diff-"));
    this.root = options.subdirectory ? join(this.top, options.subdirectory) : this.top;
    mkdirSync(this.root, { recursive: true });
    if (options.files !== undefined) {
      for (const [path, text] of Object.entries(options.files)) this.write(path, text);
    } else {
      for (const dir of ["scopes", "clients"]) {
        cpSync(join(FIXTURE_REGISTRY, dir), join(this.root, dir), { recursive: true });
      }
    }
    if (options.git === false) return;
    this.git("init", "-q");
    this.commit("the registry");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.top, env: GIT_ENV, stdio: ["ignore", "pipe", "pipe"] }).toString(
      "utf8",
    );
  }

  commit(message: string): void {
    this.git("add", "-A");
    this.git("commit", "-q", "--no-verify", "-m", message);
  }

  read(path: string): string {
    return readFileSync(join(this.root, path), "utf8");
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.root, path)), { recursive: true });
    writeFileSync(join(this.root, path), text);
  }

  /** Replaces exactly one occurrence of `from`, so a test's edit cannot silently miss. */
  edit(path: string, from: string, to: string): void {
    const text = this.read(path);
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0)
      throw new Error(`${path}: expected exactly one ${JSON.stringify(from)}`);
    this.write(path, text.slice(0, at) + to + text.slice(at + from.length));
  }

  remove(path: string): void {
    rmSync(join(this.root, path));
  }

  /** Renames a file in the working tree (not in git's index: `diff` reads the working tree). */
  rename(from: string, to: string): void {
    this.write(to, this.read(from));
    this.remove(from);
  }

  /** Runs the command line with --dir pointing at the registry root. */
  cli(...argv: string[]): { code: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
    const code = run([...argv, "--dir", this.root], io, PROJECT_ROOT);
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  dispose(): void {
    rmSync(this.top, { recursive: true, force: true });
  }
}
