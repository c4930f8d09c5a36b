/**
 * A live realm as plain data: what verify reads from Keycloak's admin API, narrowed to the fields the
 * comparison looks at. Keycloak's representations (ClientScopeRepresentation, ClientRepresentation,
 * ProtocolMapperRepresentation) are untyped at runtime; admin.ts turns them into these shapes, so the
 * comparison (compare.ts) is pure and tested without Keycloak.
 */

/** A protocol mapper on a client scope or a client. `config` values as Keycloak stores them: strings. */
export interface LiveMapper {
  /** Keycloak's internal id, where the answer gave one (a realm export may not). */
  readonly id?: string;
  readonly name: string;
  readonly protocol: string;
  /** Keycloak's mapper type id, e.g. `oidc-usermodel-attribute-mapper`. */
  readonly protocolMapper: string;
  readonly config: Readonly<Record<string, string>>;
}

export interface LiveClientScope {
  readonly id: string;
  readonly name: string;
  readonly protocol: string;
  readonly description: string;
  /** `consent.screen.text`, `display.on.consent.screen`, `include.in.token.scope`, … */
  readonly attributes: Readonly<Record<string, string>>;
  readonly mappers: readonly LiveMapper[];
}

export interface LiveClient {
  /** Keycloak's internal id (a UUID), which the admin API addresses a client by. */
  readonly id: string;
  readonly clientId: string;
  readonly name: string;
  readonly description: string;
  readonly protocol: string;
  readonly enabled: boolean;
  readonly publicClient: boolean;
  readonly bearerOnly: boolean;
  readonly standardFlowEnabled: boolean;
  readonly implicitFlowEnabled: boolean;
  readonly directAccessGrantsEnabled: boolean;
  readonly serviceAccountsEnabled: boolean;
  readonly consentRequired: boolean;
  readonly fullScopeAllowed: boolean;
  readonly rootUrl: string;
  readonly baseUrl: string;
  readonly frontchannelLogout: boolean;
  readonly redirectUris: readonly string[];
  readonly webOrigins: readonly string[];
  /** `pkce.code.challenge.method`, `post.logout.redirect.uris`, `use.refresh.tokens`, … */
  readonly attributes: Readonly<Record<string, string>>;
  /** Mappers defined on the client itself (the plan defines none: claims come from client scopes). */
  readonly mappers: readonly LiveMapper[];
  /**
   * Names of the client scopes attached as default and optional scopes; null when they were not read
   * (a client the plan does not manage the lists of, or an orphan).
   */
  readonly defaultScopes: readonly string[] | null;
  readonly optionalScopes: readonly string[] | null;
  /**
   * Client settings the registry has no field for, as stored (only those present in the answer):
   * `adminUrl`, `authorizationServicesEnabled`, `clientAuthenticatorType`. verify does not compare
   * them; import reports what is not the default.
   */
  readonly unmanaged?: Readonly<Record<string, string | boolean>>;
}

export interface LiveRealm {
  readonly realm: string;
  readonly clientScopes: readonly LiveClientScope[];
  readonly clients: readonly LiveClient[];
}
