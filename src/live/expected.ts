/**
 * The plan in Keycloak's own words: which protocol mapper type and config keys each planned claim
 * becomes, which attributes a client scope and a client carry. This is what `pulumi up` stores through
 * @pulumi/keycloak (terraform-provider-keycloak's `convertToGenericProtocolMapper`, `OpenidClient` and
 * `OpenidClientScope` representations), read back as the admin API returns it.
 *
 * components/mappers.ts and components/clients.ts say the same in the provider's argument names;
 * test/unit/verify.test.ts checks the two against each other for every claim source, so they cannot
 * drift apart. Only what the plan decides is listed: keys Keycloak or the provider fill in on their own
 * (`aggregate.attrs`, `gui.order`, `lightweight.claim`, …) are not compared.
 */
import { keycloakFlowSettings, type ClientType, type PlannedClaim, type PlannedClient } from "../registry";
import { AUDIENCE_MAPPER_TYPE, claimMapperConfig, TOKEN_FLAGS } from "../registry/keycloak-mappers";
import type { PlannedScope } from "../registry";

/** How a config value is read when comparing: booleans by meaning, strings with "absent" = "". */
export type ConfigKind = "string" | "boolean";

export interface ExpectedMapper {
  readonly name: string;
  /** Keycloak's mapper type id. */
  readonly protocolMapper: string;
  /** The config keys the plan decides, with the value Keycloak stores ("true"/"false" for booleans). */
  readonly config: Readonly<Record<string, string>>;
}

/** The token flags' config keys (the table in src/registry/keycloak-mappers.ts). */
export { TOKEN_FLAGS };

/** Config keys that hold booleans; every other key is compared as a string. */
export const BOOLEAN_CONFIG_KEYS: ReadonlySet<string> = new Set([
  ...Object.values(TOKEN_FLAGS),
  "introspection.token.claim",
  "multivalued",
  "full.path",
]);

function bool(value: boolean): string {
  return value ? "true" : "false";
}

/** The mapper type and decided config of one planned claim, from the table both directions share. */
export function expectedMapper(claim: PlannedClaim): ExpectedMapper {
  return { name: claim.mapperName, ...claimMapperConfig(claim) };
}

/**
 * The audience mapper of an API scope: a custom audience in the access token and introspection, never
 * in the ID token (components/mappers.ts audienceMapperFor says why).
 */
export function expectedAudienceMapper(scope: PlannedScope): ExpectedMapper | null {
  if (scope.audience === null || scope.audienceMapper === null) return null;
  return {
    name: scope.audienceMapper.name,
    protocolMapper: AUDIENCE_MAPPER_TYPE,
    config: {
      "included.custom.audience": scope.audience,
      "included.client.audience": "",
      "access.token.claim": "true",
      "id.token.claim": "false",
      "introspection.token.claim": "true",
    },
  };
}

/** Every mapper the plan puts on a client scope, by name. */
export function expectedMappers(scope: PlannedScope): ExpectedMapper[] {
  const audience = expectedAudienceMapper(scope);
  return [...scope.claims.map(expectedMapper), ...(audience ? [audience] : [])];
}

/** A client scope's attributes as the plan decides them (openid_client_scope.go). */
export function expectedScopeAttributes(scope: PlannedScope): Readonly<Record<string, string>> {
  return {
    "consent.screen.text": scope.consentText,
    // The provider turns display-on-consent on exactly when there is consent text.
    "display.on.consent.screen": bool(scope.consentText !== ""),
    "include.in.token.scope": bool(scope.includeInTokenScope),
  };
}

/**
 * The boolean client-scope and client attributes the plan decides, with what Keycloak assumes when one
 * is not stored at all (ClientScopeModel: display-on-consent and include-in-token-scope default to
 * true; OIDCAdvancedConfigWrapper: refresh tokens are on unless `use.refresh.tokens` is "false").
 */
export const BOOLEAN_ATTRIBUTE_DEFAULTS: Readonly<Record<string, string>> = {
  "display.on.consent.screen": "true",
  "include.in.token.scope": "true",
  "use.refresh.tokens": "true",
  "oauth2.device.authorization.grant.enabled": "false",
};

/** The settings of one planned client that verify compares, in Keycloak's field and attribute names. */
export interface ExpectedClient {
  readonly type: ClientType;
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
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
  /** Client attributes, as strings. `post.logout.redirect.uris` is compared as a list (see below). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly postLogoutRedirectUris: readonly string[];
  /**
   * Whether the default and optional lists are authoritative here. A bearer-only client gets no list
   * resource for an empty list (components/clients.ts scopeAttachments), so Keycloak keeps whatever
   * the realm's defaults attached to it, and verify leaves those lists alone.
   */
  readonly managesDefaultScopes: boolean;
  readonly managesOptionalScopes: boolean;
}

export function expectedClient(client: PlannedClient): ExpectedClient {
  const flows = keycloakFlowSettings(client.flows);
  const manages = (scopes: readonly string[]) => !(client.type === "bearer-only" && scopes.length === 0);
  return {
    type: client.type,
    name: client.name,
    description: client.description,
    enabled: true,
    standardFlowEnabled: flows.standardFlowEnabled,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: flows.directAccessGrantsEnabled,
    serviceAccountsEnabled: flows.serviceAccountsEnabled,
    consentRequired: client.consentRequired,
    fullScopeAllowed: client.fullScopeAllowed,
    rootUrl: client.rootUrl ?? "",
    baseUrl: client.baseUrl ?? "",
    frontchannelLogout: client.frontchannelLogoutUrl !== null,
    redirectUris: client.redirectUris,
    webOrigins: client.webOrigins,
    attributes: {
      "oauth2.device.authorization.grant.enabled": bool(flows.oauth2DeviceAuthorizationGrantEnabled),
      "use.refresh.tokens": bool(flows.useRefreshTokens),
      "pkce.code.challenge.method": client.pkce ?? "",
      "frontchannel.logout.url": client.frontchannelLogoutUrl ?? "",
      "backchannel.logout.url": client.backchannelLogoutUrl ?? "",
      "access.token.lifespan": seconds(client.lifespans.accessToken),
      "client.session.idle.timeout": seconds(client.lifespans.clientSessionIdle),
      "client.session.max.lifespan": seconds(client.lifespans.clientSessionMax),
    },
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    managesDefaultScopes: manages(client.defaultScopes),
    managesOptionalScopes: manages(client.optionalScopes),
  };
}

function seconds(value: number | null): string {
  return value === null ? "" : String(value);
}

/** `post.logout.redirect.uris` holds its URIs joined with `##` (KeycloakSliceHashDelimited). */
export function splitPostLogoutRedirectUris(value: string | undefined): string[] {
  return (value ?? "").split("##").filter((uri) => uri !== "");
}

/** A client's type, read back from Keycloak's two switches. */
export function clientTypeOf(client: { readonly publicClient: boolean; readonly bearerOnly: boolean }): ClientType {
  if (client.bearerOnly) return "bearer-only";
  return client.publicClient ? "public" : "confidential";
}
