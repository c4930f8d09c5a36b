/**
 * `diff --base <git-ref> [--json]`: what the working tree's registry changes in each environment
 * compared with the registry at a git revision. Exit 0 when nothing is BREAKING (REVIEW items alone
 * do not fail it), 1 when something is (or the working tree does not validate), 2 when the base cannot
 * be read.
 *
 * The working tree must validate: a diff of a registry that `pulumi up` would refuse means nothing.
 * The base is compared even when it does not validate (a PR that repairs a broken main still deserves
 * a diff); the report says so, and files that failed to load there count as absent.
 */
import { errorsIn, printableLine, validateTexts } from "../registry";
import { diffRegistries, isBreaking } from "../report/diff";
import { diffJson, diffMarkdown } from "../report/diff-format";
import { readRegistryAtRevision, RevisionError } from "../report/git-texts";
import { printableText } from "./format";
import { validRegistry } from "./valid-registry";
import type { Io } from "./io";

export function runDiff(root: string, options: { base: string; json: boolean }, io: Io): number {
  let revision;
  try {
    revision = readRegistryAtRevision(root, options.base);
  } catch (error) {
    if (!(error instanceof RevisionError)) throw error;
    io.err(printableLine(`error: ${error.message}`));
    return 2;
  }
  const head = validRegistry(root, io);
  if (head === null) return 1;
  const base = validateTexts(revision.texts);
  const changes = diffRegistries(base.registry, head);
  const report = {
    base: options.base,
    baseCommit: revision.commit,
    baseErrors: errorsIn(base.problems).length,
    changes,
  };
  // Registry strings reach both formats: every line is made printable (JSON stays valid and equal).
  io.out(printableText((options.json ? diffJson(report) : diffMarkdown(report)).trimEnd()));
  return isBreaking(changes) ? 1 : 0;
}
