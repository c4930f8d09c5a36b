/**
 * Promotion approval: what a pull request promotes past the first environment, and whether the
 * people the registry's settings name for each of those environments have approved it. Pure: two
 * registries, the pull request's reviews and the members of the approving teams in; a decision and
 * its report out. The command line (`promotion`) and the workflow fetch the inputs.
 *
 * A promotion is an environment that is new in a scope's `availability` or in a client's
 * `environments`, compared with the base: a scope or client that moves on, and equally one that is new
 * to the registry and starts past the first environment (otherwise a new file would skip approval). A
 * namespace change gives scopes new names, so their environments count as new too. The first
 * environment (development) needs no approval.
 *
 * The approvers are always those of the BASE registry's settings (`promotion.approvers` in
 * registry.yaml as the base revision has it), never the head's: a pull request must not be able to
 * name its own approvers. Changing them is a pull request of its own, approved by the platform owners
 * (CODEOWNERS), before the promotion that relies on them.
 */
import { ENVIRONMENTS, plural, type Environment, type Registry } from "../registry";
import { code, codeList } from "./markdown";

/** One pull-request review, as `GET /repos/{owner}/{repo}/pulls/{number}/reviews` lists it (the fields used). */
export interface Review {
  readonly id: number;
  /** Null for a deleted account. */
  readonly user: { readonly login: string } | null;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING. */
  readonly state: string;
  /** Absent for a PENDING review. */
  readonly submitted_at?: string | null;
  /** The commit the review was given on. */
  readonly commit_id?: string | null;
}

/**
 * Team handle (`@org/team` or `org/team`) → the logins of its members, as
 * `GET /orgs/{org}/teams/{team_slug}/members` lists them. Teams absent here have unknown members.
 */
export type TeamMembers = Readonly<Record<string, readonly string[]>>;

export interface Promotion {
  readonly environment: Environment;
  readonly kind: "scope" | "client";
  /** Full scope name or client id. */
  readonly name: string;
  /** The environments it had at the base; empty when it is new to the registry. */
  readonly from: readonly Environment[];
}

export interface Approval {
  /** The reviewer's login, as GitHub spells it. */
  readonly login: string;
  /** The approver handle that admits the reviewer: `@login` itself or a team they belong to. */
  readonly as: string;
}

export interface EnvironmentDecision {
  readonly environment: Environment;
  readonly promotions: readonly Promotion[];
  /** Handles from the base's `promotion.approvers[environment]`; empty when none are configured. */
  readonly approvers: readonly string[];
  readonly approvedBy: readonly Approval[];
  readonly passed: boolean;
}

export interface PromotionDecision {
  readonly passed: boolean;
  /** Only environments past the first that the pull request promotes into, in promotion order. */
  readonly environments: readonly EnvironmentDecision[];
  /** What a reviewer should know about reviews that did not count, and teams whose members are unknown. */
  readonly notes: readonly string[];
}

export interface PromotionInput {
  /** The registry at the base revision: its settings name the approvers. */
  readonly base: Registry;
  /** The registry the pull request proposes. */
  readonly head: Registry;
  readonly reviews: readonly Review[];
  readonly teams?: TeamMembers;
  /**
   * The pull request's head commit. When given, an approval counts only if it was given on this
   * commit: a push after the approval (which might promote more) needs a new one.
   */
  readonly headSha?: string;
}

const FIRST: Environment = ENVIRONMENTS[0];

/** Every environment past the first that the head adds to a scope or a client, in promotion order. */
export function promotions(base: Registry, head: Registry): Promotion[] {
  const found: Promotion[] = [];
  for (const [name, scope] of head.scopes) {
    const before = base.scopes.get(name)?.definition.availability ?? [];
    for (const environment of scope.definition.availability) {
      if (environment !== FIRST && !before.includes(environment))
        found.push({ environment, kind: "scope", name, from: ordered(before) });
    }
  }
  for (const [clientId, client] of head.clients) {
    const before = environmentsOf(base.clients.get(clientId)?.definition.environments);
    for (const environment of environmentsOf(client.definition.environments)) {
      if (environment !== FIRST && !before.includes(environment))
        found.push({ environment, kind: "client", name: clientId, from: before });
    }
  }
  const rank = (p: Promotion) => ENVIRONMENTS.indexOf(p.environment) * 2 + (p.kind === "scope" ? 0 : 1);
  return found.sort((a, b) => rank(a) - rank(b) || compare(a.name, b.name));
}

function environmentsOf(environments: Partial<Record<Environment, unknown>> | undefined): Environment[] {
  return ENVIRONMENTS.filter((environment) => environments?.[environment] !== undefined);
}

function ordered(environments: readonly Environment[]): Environment[] {
  return ENVIRONMENTS.filter((environment) => environments.includes(environment));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A team key or handle compared as GitHub does: without the `@`, in any case. */
function teamKey(handle: string): string {
  return handle.replace(/^@/, "").toLowerCase();
}

const isTeam = (handle: string) => handle.includes("/");

/** The states that set a reviewer's verdict; COMMENTED and PENDING reviews leave it as it was. */
const VERDICTS = new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

interface Verdict {
  readonly login: string;
  readonly state: string;
  readonly commit: string | null;
}

/**
 * Each reviewer's verdict as GitHub keeps it: their latest review that approves, requests changes or
 * was dismissed. A later CHANGES_REQUESTED or a dismissal cancels an earlier approval; comments do not.
 */
function verdicts(reviews: readonly Review[]): Verdict[] {
  const latest = new Map<string, { review: Review; at: number; order: number }>();
  reviews.forEach((review, order) => {
    if (review.user === null || !VERDICTS.has(review.state)) return;
    const at = Date.parse(review.submitted_at ?? "");
    if (Number.isNaN(at)) return;
    const key = review.user.login.toLowerCase();
    const previous = latest.get(key);
    const later =
      previous === undefined ||
      at > previous.at ||
      (at === previous.at &&
        (review.id > previous.review.id || (review.id === previous.review.id && order > previous.order)));
    if (later) latest.set(key, { review, at, order });
  });
  return [...latest.values()]
    .map(({ review }) => ({ login: review.user!.login, state: review.state, commit: review.commit_id ?? null }))
    .sort((a, b) => compare(a.login.toLowerCase(), b.login.toLowerCase()));
}

export function promotionDecision(input: PromotionInput): PromotionDecision {
  const { base, head, reviews, headSha } = input;
  const teams = new Map<string, Set<string>>();
  for (const [team, logins] of Object.entries(input.teams ?? {})) {
    const members = teams.get(teamKey(team)) ?? new Set<string>();
    for (const login of logins) members.add(login.toLowerCase());
    teams.set(teamKey(team), members);
  }
  // Approvers of the BASE registry: a pull request cannot name its own (see the module comment).
  const configured = base.settings?.data.promotion?.approvers ?? {};
  const all = promotions(base, head);
  const every = verdicts(reviews);
  const approving = every.filter((v) => v.state === "APPROVED" && (headSha === undefined || v.commit === headSha));
  const notes: string[] = [];
  const unknownTeams = new Set<string>();

  const environments = ENVIRONMENTS.filter((environment) => all.some((p) => p.environment === environment)).map(
    (environment): EnvironmentDecision => {
      const approvers = [...(configured[environment] ?? [])];
      const approvedBy: Approval[] = [];
      for (const verdict of approving) {
        const login = verdict.login.toLowerCase();
        const as = approvers.find((handle) =>
          isTeam(handle) ? teams.get(teamKey(handle))?.has(login) === true : teamKey(handle) === login,
        );
        if (as !== undefined) approvedBy.push({ login: verdict.login, as });
      }
      const passed = approvedBy.length > 0;
      if (!passed) {
        for (const handle of approvers) if (isTeam(handle) && !teams.has(teamKey(handle))) unknownTeams.add(handle);
      }
      return {
        environment,
        promotions: all.filter((p) => p.environment === environment),
        approvers,
        approvedBy,
        passed,
      };
    },
  );

  if (environments.length > 0) {
    const approvers = new Set(environments.flatMap((e) => e.approvedBy.map((a) => a.login.toLowerCase())));
    for (const verdict of every) {
      const who = code(`@${verdict.login}`);
      if (verdict.state === "CHANGES_REQUESTED") {
        notes.push(`${who} requested changes in their latest review: an earlier approval of theirs does not count.`);
      } else if (verdict.state === "DISMISSED") {
        notes.push(`${who}'s latest review was dismissed: it does not count.`);
      } else if (headSha !== undefined && verdict.commit !== headSha) {
        notes.push(
          `${who} approved an earlier commit (${code((verdict.commit ?? "unknown").slice(0, 12))}), not the head ` +
            `${code(headSha.slice(0, 12))}: approve again for it to count.`,
        );
      } else if (!approvers.has(verdict.login.toLowerCase())) {
        notes.push(`${who} approved, but is not an approver of any environment this pull request promotes into.`);
      }
    }
    for (const team of [...unknownTeams].sort(compare)) {
      notes.push(
        `The members of ${code(team)} were not fetched (no team data given): approvals from its members cannot be recognised.`,
      );
    }
  }
  return { passed: environments.every((e) => e.passed), environments, notes };
}

/** Team handles among the approvers of the environments the pull request promotes into: whose members to fetch. */
export function approverTeams(base: Registry, head: Registry): string[] {
  const configured = base.settings?.data.promotion?.approvers ?? {};
  const environments = new Set(promotions(base, head).map((p) => p.environment));
  const teams = new Map<string, string>();
  for (const environment of environments) {
    for (const handle of configured[environment] ?? []) if (isTeam(handle)) teams.set(teamKey(handle), handle);
  }
  return [...teams.values()].sort(compare);
}

export interface PromotionReport {
  /** The base as the user named it, e.g. `origin/main`. */
  readonly base: string;
  readonly baseCommit: string;
  readonly decision: PromotionDecision;
}

function promotionLine(promotion: Promotion): string {
  const what = `${promotion.kind} ${code(promotion.name)}`;
  if (promotion.from.length === 0)
    return `${promotion.environment}: ${what} is new, and starts in ${promotion.environment}`;
  return `${promotion.environment}: ${what} is promoted (it was in ${promotion.from.join(", ")})`;
}

function counted(promotions: readonly Promotion[]): string {
  const scopes = promotions.filter((p) => p.kind === "scope").length;
  const clients = promotions.length - scopes;
  return [scopes > 0 ? plural(scopes, "scope") : "", clients > 0 ? plural(clients, "client") : ""]
    .filter((part) => part !== "")
    .join(", ");
}

function approvedByCell(decision: EnvironmentDecision): string {
  if (decision.approvers.length === 0) return "no approvers configured";
  if (decision.approvedBy.length === 0) return "nobody yet";
  return decision.approvedBy
    .map(({ login, as }) =>
      teamKey(as) === login.toLowerCase() ? code(`@${login}`) : `${code(`@${login}`)} (${code(as)})`,
    )
    .join(", ");
}

/** The report for a pull request comment or the job summary. */
export function promotionMarkdown(report: PromotionReport): string {
  const { decision } = report;
  const lines = [`## Promotion approval against ${code(report.base)} (${report.baseCommit.slice(0, 12)})`, ""];
  if (decision.environments.length === 0) {
    lines.push(`**PASS**: nothing is promoted past ${FIRST}, so no promotion approval is needed.`);
    return lines.join("\n") + "\n";
  }
  const waiting = decision.environments.filter((e) => !e.passed).map((e) => e.environment);
  lines.push(
    decision.passed
      ? `**APPROVED**: every environment this pull request promotes into is approved by one of its approvers.`
      : `**NOT APPROVED**: ${waiting.join(" and ")} still ${waiting.length === 1 ? "needs" : "need"} an approval from ${waiting.length === 1 ? "its" : "their"} approvers.`,
    "",
    "> The approvers are those of `promotion.approvers` in `registry.yaml` at the base revision: a pull request " +
      "cannot name its own. Handles are matched against the reviewers' latest reviews.",
    "",
    "| Environment | Promotes | Who must approve | Approved by | Status |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const e of decision.environments) {
    const must = e.approvers.length > 0 ? codeList(e.approvers) : "—";
    lines.push(
      `| ${e.environment} | ${counted(e.promotions)} | ${must} | ${approvedByCell(e)} | ${e.passed ? "✅" : "❌"} |`,
    );
  }
  lines.push("");
  for (const e of decision.environments) for (const p of e.promotions) lines.push(`- ${promotionLine(p)}`);
  const missing = decision.environments.filter((e) => e.approvers.length === 0);
  if (missing.length > 0 || decision.notes.length > 0) lines.push("");
  for (const e of missing) {
    lines.push(
      `- ${e.environment}: no approvers are configured, so nothing can be promoted into it. Name them in ` +
        `${code(`promotion.approvers.${e.environment}`)} in ${code("registry.yaml")}, in a pull request of its own.`,
    );
  }
  for (const note of decision.notes) lines.push(`- ${note}`);
  return lines.join("\n") + "\n";
}

export function promotionJson(report: PromotionReport): string {
  const { decision } = report;
  return (
    JSON.stringify(
      {
        base: report.base,
        baseCommit: report.baseCommit,
        passed: decision.passed,
        environments: decision.environments,
        notes: decision.notes,
      },
      null,
      2,
    ) + "\n"
  );
}

/** Input that is not what the GitHub API returns: the caller's usage error. */
export class PromotionInputError extends Error {}

/** Reviews as the API returns them; every review needs an id, a state and a user (or null). */
export function parseReviews(json: unknown): Review[] {
  if (!Array.isArray(json)) throw new PromotionInputError("the reviews must be a JSON array, as the API lists them");
  return json.map((item: unknown, index): Review => {
    const where = `review ${index}`;
    if (typeof item !== "object" || item === null) throw new PromotionInputError(`${where} is not an object`);
    const review = item as Record<string, unknown>;
    const user = review.user;
    const login = typeof user === "object" && user !== null ? (user as Record<string, unknown>).login : undefined;
    if (user !== null && typeof login !== "string") throw new PromotionInputError(`${where} has no user.login`);
    if (typeof review.id !== "number") throw new PromotionInputError(`${where} has no numeric id`);
    if (typeof review.state !== "string") throw new PromotionInputError(`${where} has no state`);
    const optional = (key: string) => {
      const value = review[key];
      if (value === undefined || value === null) return null;
      if (typeof value !== "string") throw new PromotionInputError(`${where}: ${key} is not a string`);
      return value;
    };
    return {
      id: review.id,
      user: user === null ? null : { login: login as string },
      state: review.state,
      submitted_at: optional("submitted_at"),
      commit_id: optional("commit_id"),
    };
  });
}

/**
 * Team members: an object mapping each team handle to the API's member list (user objects with a
 * `login`) or to plain logins.
 */
export function parseTeams(json: unknown): Record<string, string[]> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new PromotionInputError('the teams must be a JSON object: { "@org/team": [members] }');
  }
  // Built with fromEntries: a key such as "__proto__" stays a key and never sets a prototype.
  return Object.fromEntries(
    Object.entries(json as Record<string, unknown>).map(([team, members]): [string, string[]] => {
      if (!Array.isArray(members))
        throw new PromotionInputError(`team ${JSON.stringify(team)}: members must be an array`);
      const logins = members.map((member: unknown) => {
        if (typeof member === "string") return member;
        const login =
          typeof member === "object" && member !== null ? (member as Record<string, unknown>).login : undefined;
        if (typeof login !== "string")
          throw new PromotionInputError(`team ${JSON.stringify(team)}: a member has no login`);
        return login;
      });
      return [team, logins];
    }),
  );
}
