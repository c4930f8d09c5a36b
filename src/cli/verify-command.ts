/**
 * `verify --env <environment>`: compares a live realm with the plan for that environment. Exit 0 in
 * sync, 1 drift or orphans (or an invalid registry), 2 usage error, 3 Keycloak unreachable, login
 * refused or an HTTP error from Keycloak.
 *
 * It logs in with the stack's own admin client (client credentials): `--stack <name>` reads URL,
 * realm, client id and admin realm from `Pulumi.<name>.yaml`, and `--url`, `--realm`, `--client-id`,
 * `--admin-realm` override them. The secret comes from KEYCLOAK_CLIENT_SECRET or, with
 * `--client-secret-stdin`, from the first line of standard input; never from an option, which any
 * process list would show. No output line ever holds it.
 *
 * With `--tokens --user <username>`, it also compares the claims of each client's tokens, as Keycloak's
 * "evaluate scopes" examples for that user show them, with the plan's prediction (src/live/tokens.ts).
 *
 * Everything that can be checked without Keycloak (options, stack file, registry) is checked first,
 * synchronously; the part that talks to Keycloak is returned as a job that the command line awaits.
 */
import { basename, dirname, isAbsolute } from "node:path";
import { adoptionFor } from "../live/adopt";
import { compareRealm, countFindings, formatFinding, type Finding, type IgnoreLists } from "../live/compare";
import {
  connectionSettings,
  readStackSettings,
  SettingsError,
  type ConnectionSettings,
  type StackSettings,
} from "../live/connection";
import { KeycloakUnavailable } from "../live/errors";
import { expectedClient } from "../live/expected";
import type { LiveRealm } from "../live/realm";
import { compareTokens, scopeParameter, tokenRequests, type ExampleTokens, type TokenSample } from "../live/tokens";
import { ENVIRONMENTS, isEnvironment, type Environment } from "../registry/environments";
import { planEnvironment, type EnvironmentPlan } from "../registry/plan";
import { printableLine } from "../registry/problems";
import type { Registry } from "../registry/registry";
import { printableText } from "./format";
import { RefusedPath, writeGenerated } from "./generated-file";
import type { Io } from "./io";
import { validRegistry } from "./valid-registry";

/** The environment variable verify reads the login client's secret from. */
export const SECRET_VARIABLE = "KEYCLOAK_CLIENT_SECRET";

export interface VerifyOptions {
  readonly env?: string;
  readonly stack?: string;
  readonly url?: string;
  readonly realm?: string;
  readonly clientId?: string;
  readonly adminRealm?: string;
  readonly clientSecretStdin: boolean;
  readonly json: boolean;
  /** Also compare the claims of each client's example tokens for this user with the plan's prediction. */
  readonly tokens: boolean;
  readonly user?: string;
  /**
   * Write the adoption file here (relative to the project root) for what already exists, unless
   * something DIFFERS: the stack's next `pulumi up` then imports those objects instead of creating them.
   */
  readonly adopt?: string;
}

/** The part of verify that talks to Keycloak: resolves to the exit code, never rejects on Keycloak's account. */
export type VerifyJob = () => Promise<number>;

export interface VerifyContext {
  /** The project root: where `Pulumi.<stack>.yaml` files are. */
  readonly projectRoot: string;
  /** The registry root (`--dir`). */
  readonly root: string;
  readonly io: Io;
  readonly environment?: NodeJS.ProcessEnv;
  /** Standard input's first line, for --client-secret-stdin. */
  readonly readSecretLine?: () => Promise<string>;
}

/** The checks that need no Keycloak. Returns an exit code when verify stops there, else the job. */
export function prepareVerify(options: VerifyOptions, context: VerifyContext): number | VerifyJob {
  const { io } = context;
  const variables = context.environment ?? process.env;
  let settings: ConnectionSettings;
  let environment: Environment;
  try {
    const stack: StackSettings =
      options.stack === undefined ? {} : readStackSettings(context.projectRoot, options.stack);
    environment = environmentOf(options, stack);
    settings = connectionSettings(stack, options);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    io.err(printableLine(`error: ${error.message}`));
    return 2;
  }
  if (options.tokens !== (options.user !== undefined)) {
    io.err(
      options.tokens
        ? "error: verify --tokens needs --user <username>: the user whose example tokens Keycloak evaluates"
        : "error: --user goes with --tokens",
    );
    return 2;
  }
  if (options.adopt !== undefined && (options.tokens || options.json)) {
    io.err("error: verify --adopt writes the adoption file: it takes neither --tokens nor --json");
    return 2;
  }
  const fromVariable = variables[SECRET_VARIABLE];
  if (!options.clientSecretStdin && (fromVariable === undefined || fromVariable === "")) {
    io.err(`error: verify needs the login client's secret: set ${SECRET_VARIABLE} or pass --client-secret-stdin`);
    return 2;
  }
  const registry = validRegistry(context.root, io);
  if (registry === null) return 1;
  const plan = planEnvironment(registry, environment);
  const readSecret = async (): Promise<string> =>
    options.clientSecretStdin ? (context.readSecretLine ?? readFirstLine)() : fromVariable!;
  return async () => {
    const secret = await readSecret();
    const safe = withoutSecret(io, secret);
    if (secret === "") {
      safe.err("error: no secret on standard input (--client-secret-stdin reads its first line)");
      return 2;
    }
    try {
      return await check(plan, registry, settings, secret, options, safe, context.projectRoot);
    } catch (error) {
      if (error instanceof KeycloakUnavailable) {
        safe.err(printableLine(`error: ${scrub(error.message, secret)}`));
        return 3;
      }
      throw scrubbedError(error, secret);
    }
  };
}

/** The environment: --env, or the stack's; both must agree. Shared with import. */
export function environmentOf(
  options: { readonly env?: string; readonly stack?: string },
  stack: StackSettings,
  command = "verify",
): Environment {
  const name = options.env ?? stack.environment;
  if (name === undefined) throw new SettingsError(`${command} needs --env <environment> (or --stack <name>)`);
  if (!isEnvironment(name)) {
    throw new SettingsError(`unknown environment ${JSON.stringify(name)}; use one of ${ENVIRONMENTS.join(", ")}`);
  }
  if (options.env !== undefined && stack.environment !== undefined && options.env !== stack.environment) {
    throw new SettingsError(
      `stack ${options.stack!} provisions ${stack.environment}, not ${options.env}: leave out --env or pick the stack of ${options.env}`,
    );
  }
  return name;
}

async function check(
  plan: EnvironmentPlan,
  registry: Registry,
  settings: ConnectionSettings,
  secret: string,
  options: VerifyOptions,
  io: Io,
  projectRoot: string,
): Promise<number> {
  // Loaded here, not at the top: the admin client takes most of a second to load, and only verify needs it.
  const { AdminSession } = await import("../live/admin");
  const session = await AdminSession.login(settings, secret);
  const planned = new Map(plan.clients.map((c) => [c.clientId, expectedClient(c)]));
  const realm = await session.readRealm((clientId) => {
    const client = planned.get(clientId);
    return { default: client?.managesDefaultScopes ?? false, optional: client?.managesOptionalScopes ?? false };
  });
  const findings = compareRealm(plan, realm, {
    ignore: ignoreLists(registry),
    loginClientId: settings.adminRealm === settings.realm ? settings.clientId : null,
    elsewhere: elsewhere(registry, plan),
  });
  if (options.user !== undefined) {
    const userId = await session.userId(options.user);
    if (userId === null) {
      io.err(
        printableLine(
          `error: no user ${JSON.stringify(options.user)} in realm ${settings.realm} that client ${JSON.stringify(settings.clientId)} can see (--user; --tokens needs realm-management's view-users role)`,
        ),
      );
      return 2;
    }
    findings.push(...compareTokens(plan, await tokenSamples(plan, realm, userId, session)));
  }
  if (options.adopt !== undefined) return writeAdoption(plan, realm, findings, options, projectRoot, io);
  const report = { plan, settings, findings, adminCalls: session.adminCalls };
  if (options.json) io.out(printableText(JSON.stringify(verifyJson(report), null, 2)));
  else {
    // The findings are the result (stdout); the summary line, the last, goes to stderr.
    const lines = verifyText(report).map(printableLine);
    lines.slice(0, -1).forEach((line) => io.out(line));
    io.err(lines[lines.length - 1]);
  }
  return findings.length === 0 ? 0 : 1;
}

/**
 * Keycloak's example tokens for every planned client that obtains tokens and exists as such in the
 * realm (one that does not is already a finding): with its default scopes, then each optional scope.
 */
async function tokenSamples(
  plan: EnvironmentPlan,
  realm: LiveRealm,
  userId: string,
  session: { exampleTokens(client: string, user: string, scope: string): Promise<ExampleTokens> },
): Promise<TokenSample[]> {
  const live = new Map(realm.clients.map((c) => [c.clientId, c]));
  const samples: TokenSample[] = [];
  for (const client of plan.clients) {
    const existing = live.get(client.clientId);
    if (client.type === "bearer-only" || existing === undefined || existing.bearerOnly) continue;
    for (const requested of tokenRequests(client)) {
      const tokens = await session.exampleTokens(existing.id, userId, scopeParameter(requested));
      samples.push({ client, requested, tokens });
    }
  }
  return samples;
}

interface VerifyReport {
  readonly plan: EnvironmentPlan;
  readonly settings: ConnectionSettings;
  readonly findings: readonly Finding[];
  readonly adminCalls: number;
}

/** One line per finding, then the summary. */
export function verifyText({ plan, settings, findings }: VerifyReport): string[] {
  const where = `realm ${settings.realm} at ${settings.url}`;
  const size = `${plural(plan.scopes.length, "scope")}, ${plural(plan.clients.length, "client")}`;
  if (findings.length === 0) return [`in sync: ${where} matches the plan for ${plan.environment} (${size})`];
  const counts = Object.entries(countFindings(findings))
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");
  return [
    ...findings.map(formatFinding),
    `${plural(findings.length, "finding")} (${counts}): ${where} against the plan for ${plan.environment} (${size})`,
  ];
}

export function verifyJson({ plan, settings, findings, adminCalls }: VerifyReport): unknown {
  return {
    environment: plan.environment,
    url: settings.url,
    realm: settings.realm,
    inSync: findings.length === 0,
    counts: countFindings(findings),
    findings: findings.map((finding) => ({ ...finding, text: formatFinding(finding) })),
    adminCalls,
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** `verify.ignore` from registry.yaml: `{ clients: [client ids], scopes: [scope names] }`, both optional. */
export function ignoreLists(registry: Registry): IgnoreLists {
  const ignore = registry.settings?.data.verify?.ignore;
  return { clients: [...(ignore?.clients ?? [])], scopes: [...(ignore?.scopes ?? [])] };
}

/** What the registry defines for other environments only, so an orphan can say where it belongs. */
function elsewhere(registry: Registry, plan: EnvironmentPlan) {
  const scopes = new Map<string, Environment[]>();
  for (const [name, scope] of registry.scopes) {
    if (!scope.definition.availability.includes(plan.environment)) scopes.set(name, [...scope.definition.availability]);
  }
  const clients = new Map<string, Environment[]>();
  for (const [id, client] of registry.clients) {
    const environments = ENVIRONMENTS.filter((e) => client.definition.environments[e] !== undefined);
    if (!environments.includes(plan.environment)) clients.set(id, environments);
  }
  return { scopes, clients };
}

/** Standard input's first line, without its line ending; "" at end of input. */
export function readFirstLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const done = (line: string) => {
      process.stdin.off("data", onData);
      process.stdin.off("end", onEnd);
      process.stdin.off("error", reject);
      process.stdin.pause();
      resolve(line.replace(/\r$/, ""));
    };
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const end = buffer.indexOf("\n");
      if (end >= 0) done(buffer.slice(0, end));
    };
    const onEnd = () => done(buffer);
    process.stdin.on("data", onData);
    process.stdin.on("end", onEnd);
    process.stdin.on("error", reject);
  });
}

/**
 * Replaces every occurrence of the secret: a defence in depth, since no message is built from it. A
 * secret shorter than 8 characters is left alone: it would turn every "x" of a host name into "***",
 * and text that short says nothing about the secret.
 */
export function scrub(text: string, secret: string): string {
  return secret.length < 8 ? text : text.split(secret).join("***");
}

export function withoutSecret(io: Io, secret: string): Io {
  return { out: (line) => io.out(scrub(line, secret)), err: (line) => io.err(scrub(line, secret)) };
}

export function scrubbedError(error: unknown, secret: string): Error {
  const message = scrub(error instanceof Error ? error.message : String(error), secret);
  const scrubbed = new Error(message);
  scrubbed.stack = error instanceof Error && error.stack !== undefined ? scrub(error.stack, secret) : undefined;
  return scrubbed;
}

/**
 * `verify --adopt <file>`: the adoption file for what the realm already holds, written as generated
 * files are (temporary file, then rename; never through a link). Refused (exit 1, nothing written)
 * while anything that exists DIFFERS from the plan, since Pulumi imports an object only when the
 * program's inputs match it; what is MISSING is created by the next up, EXTRA and ORPHAN objects stay.
 */
function writeAdoption(
  plan: EnvironmentPlan,
  realm: LiveRealm,
  findings: readonly Finding[],
  options: VerifyOptions,
  projectRoot: string,
  io: Io,
): number {
  const { adoption, blocking } = adoptionFor(plan, realm, findings);
  if (blocking.length > 0) {
    blocking.forEach((finding) => io.out(printableLine(formatFinding(finding))));
    io.err(
      `error: not adopted: ${plural(blocking.length, "object")} of realm ${realm.realm} ${blocking.length === 1 ? "differs" : "differ"} from the plan; make the registry say what the realm holds (registry import), or fix the realm, then adopt again`,
    );
    return 1;
  }
  const path = options.adopt!;
  try {
    writeGenerated(isAbsolute(path) ? dirname(path) : projectRoot, {
      path: isAbsolute(path) ? basename(path) : path,
      text: JSON.stringify(adoption, null, 2) + "\n",
      command: "npm run registry -- verify --adopt",
    });
  } catch (error) {
    if (!(error instanceof RefusedPath)) throw error;
    io.err(printableLine(`error: ${error.message}`));
    return 1;
  }
  const imported = Object.keys(adoption.imports).length;
  io.err(
    printableLine(
      `wrote ${path}: ${plural(imported, "object")} to import, ${plural(adoption.keptSecrets.length, "client")} keeping the secret Keycloak holds; ` +
        `then: pulumi config set${options.stack ? ` --stack ${options.stack}` : ""} scope-registry:adoptFile ${path}`,
    ),
  );
  return 0;
}
