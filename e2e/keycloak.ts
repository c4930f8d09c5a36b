/**
 * Talking to the local Keycloak as an application and as an administrator: real tokens from the token
 * endpoint, /userinfo, Keycloak's own "evaluate scopes" example tokens, and admin reads through the
 * Keycloak admin client.
 */
import KcAdminClient from "@keycloak/keycloak-admin-client";
import type { KeycloakEnv } from "./harness";

export type Claims = Record<string, unknown>;

export function decodeJwt(token: string): Claims {
  const payload = token.split(".")[1];
  if (payload === undefined) throw new Error("not a JWT");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
}

export interface TokenResponse {
  readonly status: number;
  readonly body: { access_token?: string; id_token?: string; error?: string; error_description?: string };
}

export async function requestToken(keycloak: KeycloakEnv, form: Record<string, string>): Promise<TokenResponse> {
  const response = await fetch(`${keycloak.url}/realms/${keycloak.realm}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: (await response.json()) as TokenResponse["body"] };
}

/** The access token's claims; fails the test with Keycloak's error when no token is issued. */
export async function accessTokenClaims(keycloak: KeycloakEnv, form: Record<string, string>): Promise<Claims> {
  const { status, body } = await requestToken(keycloak, form);
  if (status !== 200 || body.access_token === undefined) {
    throw new Error(`token request failed (${status}): ${body.error}: ${body.error_description}`);
  }
  return decodeJwt(body.access_token);
}

/**
 * The token introspection response (RFC 7662) for the access token that `form` obtains, asked by the
 * same client with its own credentials.
 */
export async function introspection(keycloak: KeycloakEnv, form: Record<string, string>): Promise<Claims> {
  const { body } = await requestToken(keycloak, form);
  const response = await fetch(`${keycloak.url}/realms/${keycloak.realm}/protocol/openid-connect/token/introspect`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      token: body.access_token ?? "",
      client_id: form.client_id ?? "",
      client_secret: form.client_secret ?? "",
    }),
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status !== 200) throw new Error(`introspection failed (${response.status}): ${await response.text()}`);
  return (await response.json()) as Claims;
}

export async function userinfo(keycloak: KeycloakEnv, form: Record<string, string>): Promise<Claims> {
  const { body } = await requestToken(keycloak, form);
  const response = await fetch(`${keycloak.url}/realms/${keycloak.realm}/protocol/openid-connect/userinfo`, {
    headers: { authorization: `Bearer ${body.access_token}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status !== 200) throw new Error(`userinfo failed (${response.status}): ${await response.text()}`);
  return (await response.json()) as Claims;
}

export class KeycloakAdmin {
  private constructor(
    private readonly client: KcAdminClient,
    private readonly realm: string,
  ) {}

  static async connect(keycloak: KeycloakEnv): Promise<KeycloakAdmin> {
    const client = new KcAdminClient({ baseUrl: keycloak.url, realmName: "master" });
    await client.auth({
      grantType: "password",
      clientId: "admin-cli",
      username: keycloak.adminUser,
      password: keycloak.adminPassword,
    });
    return new KeycloakAdmin(client, keycloak.realm);
  }

  async clientScopeNames(): Promise<string[]> {
    const scopes = await this.client.clientScopes.find({ realm: this.realm });
    return scopes.map((s) => s.name!).sort();
  }

  async clientIds(): Promise<string[]> {
    const clients = await this.client.clients.find({ realm: this.realm });
    return clients.map((c) => c.clientId!).sort();
  }

  private async uuidOf(clientId: string): Promise<string> {
    const [client] = await this.client.clients.find({ realm: this.realm, clientId });
    if (client?.id === undefined) throw new Error(`no client ${clientId} in realm ${this.realm}`);
    return client.id;
  }

  async clientSecret(clientId: string): Promise<string> {
    const credential = await this.client.clients.getClientSecret({
      realm: this.realm,
      id: await this.uuidOf(clientId),
    });
    return credential.value!;
  }

  /** The names of the client's default and optional client scopes, as Keycloak has them. */
  async scopeLists(clientId: string): Promise<{ default: string[]; optional: string[] }> {
    const id = await this.uuidOf(clientId);
    const [defaults, optionals] = await Promise.all([
      this.client.clients.listDefaultClientScopes({ realm: this.realm, id }),
      this.client.clients.listOptionalClientScopes({ realm: this.realm, id }),
    ]);
    return { default: defaults.map((s) => s.name!).sort(), optional: optionals.map((s) => s.name!).sort() };
  }

  /** An out-of-band edit, as an admin would make it in the console: a hard-coded claim on a client scope. */
  async addHardcodedMapper(scopeName: string, claim: string, value: string): Promise<void> {
    const scope = (await this.client.clientScopes.find({ realm: this.realm })).find((s) => s.name === scopeName);
    if (scope?.id === undefined) throw new Error(`no client scope ${scopeName} in realm ${this.realm}`);
    await this.client.clientScopes.addProtocolMapper(
      { realm: this.realm, id: scope.id },
      {
        name: claim,
        protocol: "openid-connect",
        protocolMapper: "oidc-hardcoded-claim-mapper",
        config: {
          "claim.name": claim,
          "claim.value": value,
          "jsonType.label": "boolean",
          "access.token.claim": "true",
          "id.token.claim": "true",
          "userinfo.token.claim": "true",
        },
      },
    );
  }

  /** The client as Keycloak stores it (URLs, full scope, attributes). */
  async representation(clientId: string) {
    const client = await this.client.clients.findOne({ realm: this.realm, id: await this.uuidOf(clientId) });
    if (client === undefined) throw new Error(`no client ${clientId} in realm ${this.realm}`);
    return client;
  }

  async userId(username: string): Promise<string> {
    const [user] = await this.client.users.find({ realm: this.realm, username, exact: true });
    if (user?.id === undefined) throw new Error(`no user ${username}`);
    return user.id;
  }

  /** The access token Keycloak would issue to `clientId` for `username` with `scope` (admin "evaluate"). */
  async exampleAccessToken(clientId: string, username: string, scope: string): Promise<Claims> {
    const token = await this.client.clients.evaluateGenerateAccessToken({
      realm: this.realm,
      id: await this.uuidOf(clientId),
      userId: await this.userId(username),
      scope,
      // The typed client requires it; an empty audience means "no extra audience" to Keycloak.
      audience: "",
    });
    return token;
  }
}
