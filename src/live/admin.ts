/**
 * Reading a live realm through Keycloak's admin API (@keycloak/keycloak-admin-client), logged in with
 * client credentials. Few calls, whatever the realm's size: one listing of client scopes (their
 * protocol mappers come with it) and one of clients (with their mappers, attributes and, in Keycloak
 * 26, their attached scope names); per planned client at most the default- and optional-scope
 * listings the plan manages, when the clients listing lacks them. `adminCalls` counts them.
 *
 * Every failure that comes from reaching Keycloak (connection, timeout, login refused, an HTTP error
 * or an answer that is not the admin API's) is a KeycloakUnavailable with a one-line message naming
 * the URL and the call, never the secret: the command line exits 3 on it.
 *
 * The admin client is an ES module; this CommonJS project loads it through tsx and vitest as
 * e2e/keycloak.ts does. The command line imports this file only when verify runs, so other commands
 * never pay for loading it.
 */
import KcAdminClient, { NetworkError } from "@keycloak/keycloak-admin-client";
import type { ConnectionSettings } from "./connection";
import { KeycloakUnavailable } from "./errors";
import type { LiveClient, LiveRealm } from "./realm";
import { clientOf, clientScopeOf, list, record, text } from "./representations";
import type { ExampleTokens } from "./tokens";

/** Per call; a busy Keycloak on two cores answers a cold listing in a few seconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Which of a client's scope lists to read: only those the plan manages. */
export type ScopeListsWanted = (clientId: string) => { readonly default: boolean; readonly optional: boolean };

export class AdminSession {
  /** Admin API calls made so far (the login's token request is not one). */
  adminCalls = 0;

  private constructor(
    private readonly client: KcAdminClient,
    private readonly settings: ConnectionSettings,
    private readonly timeoutMs: number,
  ) {}

  /** Logs in to the admin realm with client credentials. */
  static async login(
    settings: ConnectionSettings,
    secret: string,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ): Promise<AdminSession> {
    const client = new KcAdminClient({ baseUrl: settings.url, realmName: settings.adminRealm, timeout: timeoutMs });
    try {
      await client.auth({ grantType: "client_credentials", clientId: settings.clientId, clientSecret: secret });
    } catch (error) {
      throw loginFailure(error, settings, timeoutMs);
    }
    return new AdminSession(client, settings, timeoutMs);
  }

  /**
   * The realm's client scopes and clients, with the scope lists the plan manages. Keycloak 26 lists
   * each client's attached scope names with the client, so two calls read everything; an answer
   * without them costs one call per list the plan manages.
   */
  async readRealm(wanted: ScopeListsWanted): Promise<LiveRealm> {
    const realm = this.settings.realm;
    const scopes = list(
      await this.call(`GET /admin/realms/${realm}/client-scopes`, () => this.client.clientScopes.find({ realm })),
      "client scopes",
    ).map(clientScopeOf);
    const listed = list(
      await this.call(`GET /admin/realms/${realm}/clients`, () => this.client.clients.find({ realm })),
      "clients",
    ).map(clientOf);
    // A login client that may list clients without viewing them (realm-management's query-clients
    // alone) gets 200 and empty lists; every realm holds its admin client, so its absence says so.
    const adminClient = realm === "master" ? "master-realm" : "realm-management";
    if (!listed.some((c) => c.clientId === adminClient)) {
      throw new KeycloakUnavailable(
        `Keycloak at ${this.settings.url} lists no ${adminClient} client in realm ${JSON.stringify(realm)}: client ${JSON.stringify(this.settings.clientId)} may not view this realm's clients (it needs realm-management's view-clients role)`,
      );
    }
    const clients = await inBatches(listed, async (client): Promise<LiveClient> => {
      const want = wanted(client.clientId);
      const names = async (kind: "default" | "optional"): Promise<string[]> => {
        const path = `GET /admin/realms/${realm}/clients/${client.id}/${kind}-client-scopes`;
        const attached = await this.call(path, () =>
          kind === "default"
            ? this.client.clients.listDefaultClientScopes({ realm, id: client.id })
            : this.client.clients.listOptionalClientScopes({ realm, id: client.id }),
        );
        return list(attached, `${kind} client scopes`).map((s) => text(record(s)["name"]));
      };
      const [defaultScopes, optionalScopes] = await Promise.all([
        want.default && client.defaultScopes === null ? names("default") : client.defaultScopes,
        want.optional && client.optionalScopes === null ? names("optional") : client.optionalScopes,
      ]);
      return { ...client, defaultScopes, optionalScopes };
    });
    return { realm, clientScopes: scopes, clients };
  }

  /**
   * The id of the user named exactly `username` in the realm, or null when there is none that the
   * login client can see (with query-users alone Keycloak lists no one).
   */
  async userId(username: string): Promise<string | null> {
    const realm = this.settings.realm;
    const users = list(
      await this.call(
        `GET /admin/realms/${realm}/users`,
        () => this.client.users.find({ realm, username, exact: true }),
        "view-users",
      ),
      "users",
    ).map(record);
    const user = users.find((u) => u["username"] === username.toLowerCase() || u["username"] === username);
    return user === undefined ? null : text(user["id"]) || null;
  }

  /**
   * The access token, ID token and /userinfo Keycloak would issue to a client for a user and a
   * `scope` parameter: its "evaluate scopes" examples (three calls), made without a login session.
   */
  async exampleTokens(clientUuid: string, userId: string, scope: string): Promise<ExampleTokens> {
    const realm = this.settings.realm;
    const path = (kind: string) =>
      `GET /admin/realms/${realm}/clients/${clientUuid}/evaluate-scopes/generate-example-${kind}`;
    const query = { realm, id: clientUuid, userId, scope };
    const [access, id, userinfo] = await Promise.all([
      this.call(
        path("access-token"),
        // The typed client requires an audience; an empty one asks for no extra audience.
        () => this.client.clients.evaluateGenerateAccessToken({ ...query, audience: "" }),
        "view-users",
      ),
      this.call(path("id-token"), () => this.client.clients.evaluateGenerateIdToken(query), "view-users"),
      this.call(path("userinfo"), () => this.client.clients.evaluateGenerateUserInfo(query), "view-users"),
    ]);
    return { access_token: record(access), id_token: record(id), userinfo: record(userinfo) };
  }

  /** One admin call: counted, bounded in time, and every failure told as KeycloakUnavailable. */
  async call<T>(what: string, request: () => Promise<T>, role: NeededRole = "view-clients"): Promise<T> {
    this.adminCalls += 1;
    try {
      return await request();
    } catch (error) {
      throw callFailure(error, what, role, this.settings, this.timeoutMs);
    }
  }
}

/** Keycloak answers a few requests at a time well; hundreds at once, on a small server, time out. */
const CONCURRENT_REQUESTS = 8;

async function inBatches<T, R>(items: readonly T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += CONCURRENT_REQUESTS / 2) {
    // Two calls per client (default and optional lists): half as many clients as requests at a time.
    results.push(...(await Promise.all(items.slice(start, start + CONCURRENT_REQUESTS / 2).map(each))));
  }
  return results;
}

function loginFailure(error: unknown, settings: ConnectionSettings, timeoutMs: number): Error {
  const where = `Keycloak at ${settings.url}`;
  if (error instanceof NetworkError) {
    const status = error.response.status;
    if (status === 404) {
      return new KeycloakUnavailable(
        `login refused: ${where} has no realm ${JSON.stringify(settings.adminRealm)} to log in to (HTTP 404 from its token endpoint)`,
      );
    }
    return new KeycloakUnavailable(
      `login refused: ${where} refused client ${JSON.stringify(settings.clientId)} in realm ${JSON.stringify(settings.adminRealm)} (HTTP ${status}${oauthError(error.responseData)})`,
    );
  }
  return transportFailure(error, where, timeoutMs) ?? unexpected(error, where);
}

/**
 * The realm-management role a call needs (checked against Keycloak 26: view-clients lists client
 * scopes and clients with everything verify compares; finding a user and evaluating tokens for them
 * takes view-users besides).
 */
type NeededRole = "view-clients" | "view-users";

function callFailure(
  error: unknown,
  what: string,
  role: NeededRole,
  settings: ConnectionSettings,
  timeoutMs: number,
): Error {
  const where = `Keycloak at ${settings.url}`;
  if (error instanceof NetworkError) {
    const status = error.response.status;
    const reason =
      status === 403
        ? `: client ${JSON.stringify(settings.clientId)} lacks realm-management's ${role} role`
        : status === 404
          ? `: no realm ${JSON.stringify(settings.realm)}?`
          : "";
    return new KeycloakUnavailable(`${where} refused ${what} (HTTP ${status})${reason}`);
  }
  return transportFailure(error, `${where} (${what})`, timeoutMs) ?? unexpected(error, where);
}

/** What undici's connection errors mean, by code. */
const TRANSPORT_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "unknown host",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed",
};

/**
 * Connection refused, unknown host, reset, timeout: undici's `fetch failed` with the reason as its
 * cause. A port on the Fetch standard's block list (1, 25, 6000, …) is refused before connecting.
 */
function transportFailure(error: unknown, where: string, timeoutMs: number): KeycloakUnavailable | null {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new KeycloakUnavailable(`cannot reach ${where}: no answer within ${Math.round(timeoutMs / 1000)} s`);
  }
  if (error instanceof TypeError && error.message === "fetch failed") {
    const cause: unknown = error.cause;
    const code = cause instanceof Error ? (cause as NodeJS.ErrnoException).code : undefined;
    const reason =
      code !== undefined
        ? `${TRANSPORT_ERRORS[code] ?? "network error"} (${code})`
        : cause instanceof Error && cause.message === "bad port"
          ? "fetch refuses to connect to that port (a blocked port)"
          : oneLine(cause instanceof Error ? cause.message : "network error");
    return new KeycloakUnavailable(`cannot reach ${where}: ${reason}`);
  }
  return null;
}

/** An answer that is not what the admin API sends (HTML from a proxy, say): not our bug, not Keycloak's API. */
function unexpected(error: unknown, where: string): Error {
  if (error instanceof SyntaxError) {
    return new KeycloakUnavailable(`${where} answered with something that is not JSON: is the URL Keycloak's?`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** `: invalid_client, Invalid client or Invalid client credentials`, from an OAuth error body. */
function oauthError(data: unknown): string {
  const body = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  const parts = [body["error"], body["error_description"]].filter((v): v is string => typeof v === "string");
  return parts.length > 0 ? `: ${oneLine(parts.join(", "))}` : "";
}

function oneLine(value: string): string {
  const line = value.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
