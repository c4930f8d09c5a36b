/** How the command line prints problems and plans. Pure functions: tested without a terminal. */
import { errorsIn, formatProblem, plural, printable, printableLine, type Problem } from "../registry/problems";
import type { EnvironmentPlan, PlannedClient, PlannedScope } from "../registry/plan";
import type { Flow } from "../registry/schema";
import type { Registry } from "../registry/registry";

export type ProblemFormat = "text" | "github";

/**
 * One problem as a GitHub Actions workflow command, which the code host shows inline on the pull
 * request's diff. Every value is made printable first (no control or bidi character reaches the log,
 * the annotation or the page), then escaped as the runner expects (%, CR, LF; and , : in properties).
 */
export function formatAnnotation(problem: Problem): string {
  const data = (s: string) => printable(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const property = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const command = problem.severity === "error" ? "error" : "warning";
  return (
    `::${command} file=${property(problem.file)},line=${problem.line},col=${problem.column},` +
    `title=${property(problem.rule)}::${data(`${problem.message}. Fix: ${problem.fix}`)}`
  );
}

export function formatProblems(problems: readonly Problem[], format: ProblemFormat): string[] {
  return problems.map(format === "github" ? formatAnnotation : formatProblem);
}

/**
 * Text of several lines (Markdown, pretty-printed JSON) made printable line by line: line feeds stay,
 * everything else UNPRINTABLE is escaped. JSON stays valid and means the same: its line feeds are
 * between tokens (JSON.stringify escapes those in strings), and the other characters only occur inside
 * strings, where a `\uXXXX` escape reads back as the character itself.
 */
export function printableText(text: string): string {
  return text.split("\n").map(printableLine).join("\n");
}

/** The one-line summary of `validate`. */
export function summary(registry: Registry, problems: readonly Problem[]): string {
  return printableLine(summaryText(registry, problems));
}

function summaryText(registry: Registry, problems: readonly Problem[]): string {
  const errors = errorsIn(problems).length;
  const warnings = problems.length - errors;
  const counts = `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
  if (errors > 0) {
    const files = new Set(errorsIn(problems).map((p) => p.file)).size;
    return `registry invalid: ${counts} in ${plural(files, "file")}`;
  }
  return (
    `registry valid: ${plural(registry.scopes.size, "scope")} in ${plural(registry.scopeFiles.length, "scope file")}, ` +
    `${plural(registry.clients.size, "client")}; ${counts}`
  );
}

/**
 * `plan --env` for a person: scopes with their claims, then each client's lists and claims. Each line
 * is made printable as a whole, so no registry string (a name, a URI, a service name) can break a line,
 * move the cursor or start a workflow command.
 */
export function formatPlan(plan: EnvironmentPlan): string {
  const lines = [`environment: ${plan.environment}`, "", `scopes (${plan.scopes.length}):`];
  for (const scope of plan.scopes) lines.push(...scopeLines(scope));
  lines.push("", `clients (${plan.clients.length}):`);
  for (const client of plan.clients) lines.push(...clientLines(client, plan.environment));
  return lines.map(printableLine).join("\n");
}

function scopeLines(scope: PlannedScope): string[] {
  const flags = [
    scope.audience ? `audience ${scope.audience}` : "",
    scope.restricted ? "restricted" : "",
    scope.deprecated ? `deprecated since ${scope.deprecated.since}` : "",
  ].filter(Boolean);
  const lines = [`  ${scope.name}  (${scope.serviceName}${flags.length ? `; ${flags.join("; ")}` : ""})`];
  for (const claim of scope.claims) {
    lines.push(
      `    claim ${claim.name}: ${claim.from}${claim.multivalued ? ", multivalued" : ""} → ${claim.in.join(", ")}`,
    );
  }
  return lines;
}

/**
 * The grants `plan` prints, in the order it has always printed them (people and scripts read this
 * output); refresh_token is not among them.
 */
const PRINTED_GRANTS: readonly Flow[] = ["authorization_code", "device_code", "client_credentials", "password"];

function clientLines(client: PlannedClient, environment: string): string[] {
  const grants = PRINTED_GRANTS.filter((flow) => client.flows.includes(flow)).map((flow) =>
    flow === "authorization_code" && client.pkce ? `${flow} (PKCE ${client.pkce})` : flow,
  );
  const lines = [`  ${client.clientId}  (${client.type}${grants.length ? `; ${grants.join(", ")}` : ""})`];
  lines.push(`    default: ${client.defaultScopes.join(", ") || "(none)"}`);
  lines.push(`    optional: ${client.optionalScopes.join(", ") || "(none)"}`);
  for (const missing of client.notYetAvailable) {
    lines.push(`    not yet available in ${environment}: ${missing.name} (${missing.kind})`);
  }
  if (client.claims.length > 0) {
    lines.push(`    claims: ${client.claims.map((c) => `${c.name} (${c.kind}, ${c.scope})`).join("; ")}`);
  }
  if (client.redirectUris.length > 0) lines.push(`    redirect URIs: ${client.redirectUris.join(", ")}`);
  const urls = (["rootUrl", "baseUrl", "frontchannelLogoutUrl", "backchannelLogoutUrl"] as const)
    .filter((field) => client[field] !== null)
    .map((field) => `${field} ${client[field]}`);
  if (urls.length > 0) lines.push(`    URLs: ${urls.join("; ")}`);
  if (client.fullScopeAllowed) lines.push("    full scope: tokens carry every role the user holds");
  if (client.roles.length > 0) lines.push(`    roles: ${client.roles.map((r) => r.name).join(", ")}`);
  if (client.serviceAccountRoles.length > 0) {
    const held = client.serviceAccountRoles.map((r) =>
      r.client === null ? `realm ${r.role}` : `${r.client} ${r.role}`,
    );
    lines.push(`    service account holds: ${held.join(", ")}`);
  }
  const lifespans = Object.entries(client.lifespans)
    .filter(([, seconds]) => seconds !== null)
    .map(([what, seconds]) => `${what} ${seconds} s`);
  if (lifespans.length > 0) lines.push(`    lifespans: ${lifespans.join(", ")}`);
  return lines;
}
