/**
 * `plan --json`: the plan as the README documents it. A contract for scripts, so it is written field by
 * field, in a fixed order, rather than dumped: fields the plan gains for the Pulumi program (logical
 * names, mapper names) stay out, and the flow switches keep their documented names.
 */
import { keycloakFlowSettings } from "../registry/flows";
import type { EnvironmentPlan, PlannedClaim, PlannedClient, PlannedScope } from "../registry/plan";

export function planJson(plan: EnvironmentPlan): object {
  return {
    environment: plan.environment,
    scopes: plan.scopes.map(scopeJson),
    clients: plan.clients.map(clientJson),
  };
}

function scopeJson(scope: PlannedScope): object {
  return {
    name: scope.name,
    service: scope.service,
    serviceName: scope.serviceName,
    id: scope.id,
    description: scope.description,
    consentText: scope.consentText,
    includeInTokenScope: scope.includeInTokenScope,
    audience: scope.audience,
    claims: scope.claims.map(claimJson),
    deprecated: scope.deprecated && { since: scope.deprecated.since, message: scope.deprecated.message },
    restricted: scope.restricted && {
      reason: scope.restricted.reason,
      allowedClients: [...scope.restricted.allowedClients],
    },
  };
}

function claimJson(claim: PlannedClaim): object {
  return {
    name: claim.name,
    from: claim.from,
    settings: claim.settings,
    type: claim.type,
    multivalued: claim.multivalued,
    in: [...claim.in],
  };
}

function clientJson(client: PlannedClient): object {
  const flows = keycloakFlowSettings(client.flows);
  return {
    clientId: client.clientId,
    name: client.name,
    description: client.description,
    type: client.type,
    standardFlow: flows.standardFlowEnabled,
    serviceAccounts: flows.serviceAccountsEnabled,
    directAccessGrants: flows.directAccessGrantsEnabled,
    deviceAuthorization: flows.oauth2DeviceAuthorizationGrantEnabled,
    refreshTokens: flows.useRefreshTokens,
    pkce: client.pkce,
    consentRequired: client.consentRequired,
    redirectUris: [...client.redirectUris],
    postLogoutRedirectUris: [...client.postLogoutRedirectUris],
    webOrigins: [...client.webOrigins],
    defaultScopes: [...client.defaultScopes],
    optionalScopes: [...client.optionalScopes],
    notYetAvailable: client.notYetAvailable.map((m) => ({ name: m.name, kind: m.kind })),
    claims: client.claims.map((c) => ({ name: c.name, scope: c.scope, kind: c.kind })),
    credentials: client.credentials && {
      namespace: client.credentials.namespace,
      secretName: client.credentials.secretName,
      rotation: client.credentials.rotation,
    },
    fullScopeAllowed: client.fullScopeAllowed,
    rootUrl: client.rootUrl,
    baseUrl: client.baseUrl,
    frontchannelLogoutUrl: client.frontchannelLogoutUrl,
    backchannelLogoutUrl: client.backchannelLogoutUrl,
    lifespans: { ...client.lifespans },
    roles: client.roles.map((r) => ({ name: r.name, description: r.description })),
    serviceAccountRoles: client.serviceAccountRoles.map((r) => ({ client: r.client, role: r.role })),
  };
}
