/**
 * What `pulumi up` stores in Keycloak for a plan, as admin-API representations: the Pulumi program's
 * own resource arguments (components/: mapperFor, audienceMapperFor, clientSpec, scopeAttachments),
 * translated the way terraform-provider-keycloak (under @pulumi/keycloak) translates them
 * (keycloak/protocol_mapper.go field names, each mapper's convertToGenericProtocolMapper,
 * openid_client.go's OpenidClient and openid_client_scope.go's OpenidClientScope).
 *
 * Tests only. It is built from the components, not from src/live/expected.ts, so that a test
 * comparing the two (verify on a realm made from this) would catch verify expecting something the
 * program does not provision. It is no second provisioner: the live tests use it to lay out the state
 * `pulumi up` would leave, without the Pulumi engine.
 */
import { clientSpec, scopeAttachments } from "../components/clients";
import { audienceMapperFor, mapperFor, type MapperSpec } from "../components/mappers";
import type { EnvironmentPlan, PlannedClient, PlannedScope } from "../src/registry";

export interface MapperRepresentation {
  readonly name: string;
  readonly protocol: "openid-connect";
  readonly protocolMapper: string;
  readonly config: Record<string, string>;
}

export interface ClientScopeRepresentation {
  readonly name: string;
  readonly description: string;
  readonly protocol: "openid-connect";
  readonly attributes: Record<string, string>;
  readonly protocolMappers: MapperRepresentation[];
}

export interface ClientRepresentation {
  readonly clientId: string;
  readonly name: string;
  readonly description: string;
  readonly protocol: "openid-connect";
  readonly enabled: boolean;
  readonly publicClient: boolean;
  readonly bearerOnly: boolean;
  readonly standardFlowEnabled: boolean;
  readonly implicitFlowEnabled: boolean;
  readonly directAccessGrantsEnabled: boolean;
  readonly serviceAccountsEnabled: boolean;
  readonly consentRequired: boolean;
  readonly fullScopeAllowed: boolean;
  readonly rootUrl?: string;
  readonly baseUrl: string;
  readonly frontchannelLogout: boolean;
  readonly redirectUris: string[];
  readonly webOrigins: string[];
  readonly attributes: Record<string, string>;
}

/** A client with the scope lists the program attaches (null: no list resource, Keycloak's defaults stay). */
export interface PlannedClientRepresentation {
  readonly representation: ClientRepresentation;
  readonly defaultScopes: string[] | null;
  readonly optionalScopes: string[] | null;
}

const bool = (value: boolean) => (value ? "true" : "false");

/** One claim mapper, as the provider posts it. */
export function mapperRepresentation(spec: MapperSpec): MapperRepresentation {
  const a = spec.args;
  const flags = {
    "id.token.claim": bool(a.addToIdToken),
    "access.token.claim": bool(a.addToAccessToken),
    "userinfo.token.claim": bool(a.addToUserinfo),
  };
  const mapper = (protocolMapper: string, config: Record<string, string>): MapperRepresentation => ({
    name: a.name,
    protocol: "openid-connect",
    protocolMapper,
    config: { ...flags, ...config },
  });
  switch (spec.kind) {
    case "UserAttributeProtocolMapper":
      return mapper("oidc-usermodel-attribute-mapper", {
        // The provider's aggregate_attributes default.
        "introspection.token.claim": bool(spec.args.addToTokenIntrospection),
        "user.attribute": spec.args.userAttribute,
        "claim.name": spec.args.claimName,
        "jsonType.label": spec.args.claimValueType,
        multivalued: bool(spec.args.multivalued),
        "aggregate.attrs": "false",
      });
    case "UserPropertyProtocolMapper":
      return mapper("oidc-usermodel-property-mapper", {
        "user.attribute": spec.args.userProperty,
        "claim.name": spec.args.claimName,
        "jsonType.label": spec.args.claimValueType,
      });
    case "GroupMembershipProtocolMapper":
      return mapper("oidc-group-membership-mapper", {
        "introspection.token.claim": bool(spec.args.addToTokenIntrospection),
        "claim.name": spec.args.claimName,
        "full.path": bool(spec.args.fullPath),
      });
    case "UserRealmRoleProtocolMapper":
      return mapper("oidc-usermodel-realm-role-mapper", {
        "introspection.token.claim": bool(spec.args.addToTokenIntrospection),
        "claim.name": spec.args.claimName,
        "jsonType.label": spec.args.claimValueType,
        multivalued: bool(spec.args.multivalued),
        "usermodel.realmRoleMapping.rolePrefix": spec.args.realmRolePrefix ?? "",
      });
    case "UserClientRoleProtocolMapper":
      return mapper("oidc-usermodel-client-role-mapper", {
        "claim.name": spec.args.claimName,
        "jsonType.label": spec.args.claimValueType,
        multivalued: bool(spec.args.multivalued),
        "usermodel.clientRoleMapping.clientId": spec.args.clientIdForRoleMappings,
        "usermodel.clientRoleMapping.rolePrefix": spec.args.clientRolePrefix ?? "",
      });
    case "HardcodedClaimProtocolMapper":
      return mapper("oidc-hardcoded-claim-mapper", {
        "claim.name": spec.args.claimName,
        "claim.value": spec.args.claimValue,
        "jsonType.label": spec.args.claimValueType,
      });
    case "FullNameProtocolMapper":
      return mapper("oidc-full-name-mapper", {});
    case "UserSessionNoteProtocolMapper":
      return mapper("oidc-usersessionmodel-note-mapper", {
        "introspection.token.claim": bool(spec.args.addToTokenIntrospection),
        "claim.name": spec.args.claimName,
        "user.session.note": spec.args.sessionNote,
        "jsonType.label": spec.args.claimValueType,
      });
  }
}

/** A client scope with its mappers, as components/service-scopes.ts declares it. */
export function clientScopeRepresentation(scope: PlannedScope): ClientScopeRepresentation {
  const mappers = scope.claims.map((claim) => mapperRepresentation(mapperFor(claim)));
  const audience = audienceMapperFor(scope);
  if (audience !== null) {
    mappers.push({
      name: audience.name,
      protocol: "openid-connect",
      protocolMapper: "oidc-audience-mapper",
      config: {
        "id.token.claim": bool(audience.addToIdToken),
        "access.token.claim": bool(audience.addToAccessToken),
        "introspection.token.claim": bool(audience.addToTokenIntrospection),
        "included.client.audience": "",
        "included.custom.audience": audience.includedCustomAudience,
      },
    });
  }
  return {
    name: scope.name,
    description: scope.description,
    protocol: "openid-connect",
    attributes: {
      "consent.screen.text": scope.consentText,
      // The bridge's schema: display_on_consent_screen is true exactly when consent_screen_text is set.
      "display.on.consent.screen": bool(scope.consentText !== ""),
      "include.in.token.scope": bool(scope.includeInTokenScope),
      "gui.order": "",
    },
    protocolMappers: mappers,
  };
}

/** A client as components/registered-client.ts declares it, and the lists it attaches. */
export function clientRepresentation(client: PlannedClient): PlannedClientRepresentation {
  const spec = clientSpec(client);
  const attributes: Record<string, string> = {
    "pkce.code.challenge.method": spec.pkceCodeChallengeMethod,
    "use.refresh.tokens": bool(spec.useRefreshTokens),
    "oauth2.device.authorization.grant.enabled": bool(spec.oauth2DeviceAuthorizationGrantEnabled),
    "frontchannel.logout.url": spec.frontchannelLogoutUrl,
    "backchannel.logout.url": spec.backchannelLogoutUrl,
    "access.token.lifespan": spec.accessTokenLifespan,
  };
  // `omitempty` in openid_client.go: an empty value is not sent.
  if (spec.clientSessionIdleTimeout !== "") attributes["client.session.idle.timeout"] = spec.clientSessionIdleTimeout;
  if (spec.clientSessionMaxLifespan !== "") attributes["client.session.max.lifespan"] = spec.clientSessionMaxLifespan;
  // `omitempty`: an empty list is not sent.
  if (spec.validPostLogoutRedirectUris.length > 0) {
    attributes["post.logout.redirect.uris"] = spec.validPostLogoutRedirectUris.join("##");
  }
  const lists = scopeAttachments(client);
  return {
    representation: {
      clientId: spec.clientId,
      name: spec.name,
      description: spec.description,
      protocol: "openid-connect",
      enabled: true,
      publicClient: spec.accessType === "PUBLIC",
      bearerOnly: spec.accessType === "BEARER-ONLY",
      standardFlowEnabled: spec.standardFlowEnabled,
      implicitFlowEnabled: spec.implicitFlowEnabled,
      directAccessGrantsEnabled: spec.directAccessGrantsEnabled,
      serviceAccountsEnabled: spec.serviceAccountsEnabled,
      consentRequired: spec.consentRequired,
      fullScopeAllowed: spec.fullScopeAllowed,
      ...(spec.rootUrl !== "" ? { rootUrl: spec.rootUrl } : {}),
      baseUrl: spec.baseUrl,
      frontchannelLogout: spec.frontchannelLogoutEnabled,
      redirectUris: spec.validRedirectUris,
      webOrigins: spec.webOrigins,
      attributes,
    },
    defaultScopes: lists.defaultScopes,
    optionalScopes: lists.optionalScopes,
  };
}

export function planRepresentation(plan: EnvironmentPlan): {
  readonly clientScopes: ClientScopeRepresentation[];
  readonly clients: PlannedClientRepresentation[];
} {
  return { clientScopes: plan.scopes.map(clientScopeRepresentation), clients: plan.clients.map(clientRepresentation) };
}
