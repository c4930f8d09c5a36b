/**
 * The pull-request gates that take their decisions from the BASE revision's settings (registry.yaml),
 * never from the pull request itself:
 *
 * - `promotion --base <git-ref> --reviews <reviews.json> [--teams <teams.json>] [--head-sha <sha>] [--json]`:
 *   what the working tree promotes past the first environment, compared with the base, and whether
 *   each promoted environment is approved by one of the approvers the base names. Exit 0 when nothing
 *   needs approval or everything is approved, 1 when something is not (or the working tree does not
 *   validate), 2 for a usage error (an unknown base, an unreadable or malformed reviews or teams file).
 *   `--list-teams` prints instead the team handles whose members the check needs, one a line.
 * - `breaking-label [--base <git-ref>]`: the pull-request label that acknowledges BREAKING changes
 *   (`pullRequests.breakingLabel`, default `breaking-change`), at the base or in the working tree.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadRegistry, printableLine, validateDir, validateTexts, type RegistryText } from "../registry";
import { readRegistryAtRevision, RevisionError } from "../report/git-texts";
import { readSettingsAtRevision } from "../report/git-settings";
import {
  approverTeams,
  parseReviews,
  parseTeams,
  promotionDecision,
  promotionJson,
  promotionMarkdown,
  PromotionInputError,
} from "../report/promotion";
import { printableText } from "./format";
import { validRegistry } from "./valid-registry";
import type { Io } from "./io";

export const DEFAULT_BREAKING_LABEL = "breaking-change";

export interface PromotionOptions {
  readonly base: string;
  readonly reviews: string | undefined;
  readonly teams: string | undefined;
  readonly headSha: string | undefined;
  readonly json: boolean;
  readonly listTeams: boolean;
}

/** A file the command was given is missing or malformed: a usage error, told without a stack. */
class InputFileError extends Error {}

export function runPromotion(root: string, options: PromotionOptions, io: Io, invokedFrom: string): number {
  const base = baseRevision(root, options.base, io);
  if (typeof base === "number") return base;
  const head = validRegistry(root, io);
  if (head === null) return 1;
  // The base is compared even when it does not validate: files that fail to load there count as absent,
  // and a settings file that fails names no approvers (so nothing can be promoted until it is repaired).
  const baseRegistry = validateTexts([...base.texts, ...base.settings]).registry;
  if (options.listTeams) {
    for (const team of approverTeams(baseRegistry, head)) io.out(printableLine(team));
    return 0;
  }
  let reviews, teams;
  try {
    reviews = parseReviews(readJson(invokedFrom, options.reviews!, "--reviews"));
    teams = options.teams === undefined ? undefined : parseTeams(readJson(invokedFrom, options.teams, "--teams"));
  } catch (error) {
    if (!(error instanceof InputFileError || error instanceof PromotionInputError)) throw error;
    io.err(printableLine(`error: ${error.message}`));
    return 2;
  }
  const decision = promotionDecision({ base: baseRegistry, head, reviews, teams, headSha: options.headSha });
  const report = { base: options.base, baseCommit: base.commit, decision };
  io.out(printableText((options.json ? promotionJson(report) : promotionMarkdown(report)).trimEnd()));
  return decision.passed ? 0 : 1;
}

export function runBreakingLabel(root: string, options: { base: string | undefined }, io: Io): number {
  let settings;
  if (options.base === undefined) {
    settings = validateDir(root).registry.settings;
  } else {
    const base = baseRevision(root, options.base, io);
    if (typeof base === "number") return base;
    settings = loadRegistry(base.settings).settings;
  }
  io.out(printableLine(settings?.data.pullRequests?.breakingLabel ?? DEFAULT_BREAKING_LABEL));
  return 0;
}

/** The registry's files and its registry.yaml at the base revision; exit 2 when it cannot be read. */
function baseRevision(
  root: string,
  ref: string,
  io: Io,
): { commit: string; texts: readonly RegistryText[]; settings: readonly RegistryText[] } | number {
  let revision;
  try {
    revision = readRegistryAtRevision(root, ref);
  } catch (error) {
    if (!(error instanceof RevisionError)) throw error;
    io.err(printableLine(`error: ${error.message}`));
    return 2;
  }
  const settings = readSettingsAtRevision(root, revision.commit);
  return { commit: revision.commit, texts: revision.texts, settings: settings === undefined ? [] : [settings] };
}

function readJson(invokedFrom: string, path: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(invokedFrom, path), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new InputFileError(`${option} ${JSON.stringify(path)} cannot be read (${code})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InputFileError(`${option} ${JSON.stringify(path)} is not JSON`);
  }
}
