/**
 * A realm of the live tests' own on the local Keycloak, laid out through the admin API as `pulumi up`
 * would leave it for a plan (test/provider-representation.ts: the program's own resource arguments,
 * posted the way the provider posts them: scope, then each mapper; client, then its authoritative
 * lists). Plus what verify logs in with: a confidential service-account client holding only the
 * realm-management roles a test gives it. Logged in as the master realm's bootstrap admin.
 *
 * A fixture, not a provisioner: no diffing, no updates; a test edits the realm out of band through
 * `api` and puts it back.
 */
import type { EnvironmentPlan } from "../../src/registry";
import { planRepresentation } from "../provider-representation";

export interface KeycloakSettings {
  readonly url: string;
  readonly adminUser: string;
  readonly adminPassword: string;
}

/** The local Keycloak of scripts/keycloak.sh, with its local-only defaults. */
export function localKeycloak(): KeycloakSettings {
  return {
    url: `http://127.0.0.1:${process.env.KEYCLOAK_PORT ?? "18080"}`,
    adminUser: process.env.KC_BOOTSTRAP_ADMIN_USERNAME ?? "admin",
    adminPassword: process.env.KC_BOOTSTRAP_ADMIN_PASSWORD ?? "admin",
  };
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- Keycloak's representations, read by tests

export class RealmFixture {
  private token = "";
  private tokenExpires = 0;

  constructor(
    readonly keycloak: KeycloakSettings,
    readonly realm: string,
  ) {}

  /**
   * Calls the admin API's realms (`path` after /admin/realms) as the master admin; returns the parsed
   * body, or the new object's id on 201.
   */
  api(method: string, path: string, body?: unknown): Promise<Json> {
    return this.request(method, `/admin/realms${path}`, body);
  }

  /** /admin/serverinfo: the mapper types Keycloak knows, with their config properties. */
  serverInfo(): Promise<Json> {
    return this.request("GET", "/admin/serverinfo");
  }

  private async request(method: string, path: string, body?: unknown): Promise<Json> {
    if (Date.now() > this.tokenExpires) await this.login();
    const response = await fetch(`${this.keycloak.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    if (response.status === 201) return response.headers.get("location")?.split("/").pop();
    return text === "" ? null : JSON.parse(text);
  }

  private async login(): Promise<void> {
    const response = await fetch(`${this.keycloak.url}/realms/master/protocol/openid-connect/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "password",
        client_id: "admin-cli",
        username: this.keycloak.adminUser,
        password: this.keycloak.adminPassword,
      }),
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw new Error(`admin login failed: HTTP ${response.status}`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    this.token = body.access_token;
    this.tokenExpires = Date.now() + (body.expires_in - 10) * 1000;
  }

  /** Deletes the realm if it exists and creates it empty (Keycloak's built-ins only). */
  async recreate(): Promise<void> {
    await this.delete();
    await this.api("POST", "", { realm: this.realm, enabled: true });
  }

  async delete(): Promise<void> {
    try {
      await this.api("DELETE", `/${this.realm}`);
    } catch (error) {
      if (!String(error).includes("HTTP 404")) throw error;
    }
  }

  /** A confidential client with a service account holding exactly `roles` of realm-management. */
  async addLoginClient(clientId: string, secret: string, roles: readonly string[]): Promise<string> {
    const id = await this.api("POST", `/${this.realm}/clients`, {
      clientId,
      protocol: "openid-connect",
      publicClient: false,
      secret,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    await this.roles("POST", clientId, roles);
    return id as string;
  }

  /** Grants (POST) or takes back (DELETE) realm-management roles of a login client's service account. */
  async roles(method: "POST" | "DELETE", clientId: string, roles: readonly string[]): Promise<void> {
    if (roles.length === 0) return;
    const user = await this.api(
      "GET",
      `/${this.realm}/clients/${await this.clientUuid(clientId)}/service-account-user`,
    );
    const management = await this.clientUuid("realm-management");
    const representations = await Promise.all(
      roles.map((role) => this.api("GET", `/${this.realm}/clients/${management}/roles/${role}`)),
    );
    await this.api(method, `/${this.realm}/users/${user.id}/role-mappings/clients/${management}`, representations);
  }

  /** What `pulumi up` creates for the plan, in the order the provider creates it. */
  async provision(plan: EnvironmentPlan): Promise<void> {
    const { clientScopes, clients } = planRepresentation(plan);
    for (const { protocolMappers, ...scope } of clientScopes) {
      const id = await this.api("POST", `/${this.realm}/client-scopes`, scope);
      for (const mapper of protocolMappers) {
        await this.api("POST", `/${this.realm}/client-scopes/${id}/protocol-mappers/models`, mapper);
      }
    }
    const scopeIds = new Map<string, string>(
      (await this.api("GET", `/${this.realm}/client-scopes`)).map((s: Json) => [s.name, s.id]),
    );
    for (const { representation, defaultScopes, optionalScopes } of clients) {
      const secret = representation.publicClient || representation.bearerOnly ? {} : { secret: "not-used-by-verify" };
      const id = await this.api("POST", `/${this.realm}/clients`, { ...representation, ...secret });
      // Authoritative lists: detach what the client inherited and the plan does not list, then attach.
      const lists = { default: defaultScopes, optional: optionalScopes } as const;
      for (const kind of ["optional", "default"] as const) {
        const wanted = lists[kind];
        if (wanted === null) continue;
        for (const attached of await this.api("GET", `/${this.realm}/clients/${id}/${kind}-client-scopes`)) {
          if (!wanted.includes(attached.name)) {
            await this.api("DELETE", `/${this.realm}/clients/${id}/${kind}-client-scopes/${attached.id}`);
          }
        }
      }
      for (const kind of ["optional", "default"] as const) {
        for (const name of lists[kind] ?? []) {
          const scope = scopeIds.get(name);
          if (scope === undefined) throw new Error(`no client scope ${name} to attach`);
          await this.api("PUT", `/${this.realm}/clients/${id}/${kind}-client-scopes/${scope}`);
        }
      }
    }
  }

  /**
   * A user with a value for every claim source the fixture registry reads: e-mail and names, the
   * `department` attribute (the realm keeps unmanaged attributes), a group, a realm role and a role on
   * `live-api`. Returns the user's id.
   */
  async addUser(username: string): Promise<string> {
    const profile = await this.api("GET", `/${this.realm}/users/profile`);
    await this.api("PUT", `/${this.realm}/users/profile`, { ...profile, unmanagedAttributePolicy: "ENABLED" });
    await this.api("POST", `/${this.realm}/roles`, { name: "operator" });
    const group = await this.api("POST", `/${this.realm}/groups`, { name: "lab" });
    const api = await this.clientUuid("live-api");
    await this.api("POST", `/${this.realm}/clients/${api}/roles`, { name: "reader" });
    const id = await this.api("POST", `/${this.realm}/users`, {
      username,
      enabled: true,
      email: `${username}@live.test`,
      emailVerified: true,
      firstName: "Tess",
      lastName: "Live",
      attributes: { department: ["research"] },
    });
    await this.api("PUT", `/${this.realm}/users/${id}/groups/${group}`);
    const operator = await this.api("GET", `/${this.realm}/roles/operator`);
    await this.api("POST", `/${this.realm}/users/${id}/role-mappings/realm`, [operator]);
    const reader = await this.api("GET", `/${this.realm}/clients/${api}/roles/reader`);
    await this.api("POST", `/${this.realm}/users/${id}/role-mappings/clients/${api}`, [reader]);
    return id as string;
  }

  async clientUuid(clientId: string): Promise<string> {
    const [client] = await this.api("GET", `/${this.realm}/clients?clientId=${encodeURIComponent(clientId)}`);
    if (client === undefined) throw new Error(`no client ${clientId} in ${this.realm}`);
    return client.id as string;
  }

  async scope(name: string): Promise<Json> {
    const scope = (await this.api("GET", `/${this.realm}/client-scopes`)).find((s: Json) => s.name === name);
    if (scope === undefined) throw new Error(`no client scope ${name} in ${this.realm}`);
    return scope;
  }
}
