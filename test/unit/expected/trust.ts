/**
 * Trust between teams: what a team may not do with its own files alone (forged identity and roles,
 * other teams' clients, Secrets and namespaces, Keycloak's own clients and scopes).
 */
import type { Expected } from "./expected";

export const TRUST: Record<string, Expected[]> = {
  "invalid/claim-name": [
    {
      at: "scopes/base.yaml:9:15",
      severity: "error",
      rule: "claim-name",
      message: 'claim name "b/c" has characters other than letters, digits, _ and -',
      fix: "use letters, digits, _ and -, starting with a letter or _",
    },
    {
      at: "scopes/base.yaml:12:15",
      severity: "error",
      rule: "claim-name",
      message:
        'claim name "team.lead" has characters other than letters, digits, _ and - (Keycloak would write a nested claim at each dot)',
      fix: "use letters, digits, _ and -, starting with a letter or _",
    },
  ],
  "invalid/reserved-claim-path": [
    {
      at: "scopes/base.yaml:9:15",
      severity: "error",
      rule: "reserved-claim",
      message:
        'claim "realm_access.roles" writes into "realm_access", which Keycloak or the token format sets (Keycloak reads each dot in a claim name as a path into a nested claim)',
      fix: "choose another claim name",
    },
    {
      at: "scopes/base.yaml:13:15",
      severity: "error",
      rule: "reserved-claim",
      message:
        'claim "resource_access.app.roles" writes into "resource_access", which Keycloak or the token format sets (Keycloak reads each dot in a claim name as a path into a nested claim)',
      fix: "choose another claim name",
    },
    {
      at: "scopes/base.yaml:17:15",
      severity: "error",
      rule: "reserved-claim",
      message:
        'claim "Sub" is "sub" in another case, which Keycloak or the token format sets; a consumer comparing names without case would read it as that',
      fix: "choose another claim name",
    },
    {
      at: "scopes/base.yaml:20:15",
      severity: "error",
      rule: "reserved-claim",
      message:
        'claim "azp.x" writes into "azp", which Keycloak or the token format sets (Keycloak reads each dot in a claim name as a path into a nested claim)',
      fix: "choose another claim name",
    },
  ],
  "invalid/identity-claim": [
    {
      at: "scopes/base.yaml:9:15",
      severity: "error",
      rule: "identity-claim",
      message:
        'claim "email" says who the user is or what they may do, and here it comes from constant "admin@example.org"; resource servers would trust a forged value',
      fix: "release email only as from: property email (or through Keycloak's built-in scope), or choose a claim name of this service's own",
    },
    {
      at: "scopes/base.yaml:12:15",
      severity: "error",
      rule: "identity-claim",
      message:
        'claim "preferred_username" says who the user is or what they may do, and here it comes from attribute "nick"; resource servers would trust a forged value',
      fix: "release preferred_username only as from: property username (or through Keycloak's built-in scope), or choose a claim name of this service's own",
    },
    {
      at: "scopes/base.yaml:15:15",
      severity: "error",
      rule: "identity-claim",
      message:
        'claim "groups" says who the user is or what they may do, and here it comes from constant "[\\"admins\\"]"; resource servers would trust a forged value',
      fix: "release groups only as from: groups (or through Keycloak's built-in scope), or choose a claim name of this service's own",
    },
    {
      at: "scopes/base.yaml:19:15",
      severity: "error",
      rule: "identity-claim",
      message:
        'claim "Email_verified" is the identity claim "email_verified" in another case; a consumer comparing names without case would trust it as that',
      fix: "release email_verified only as from: property emailVerified (or through Keycloak's built-in scope), or choose a claim name of this service's own",
    },
    {
      at: "scopes/base.yaml:22:15",
      severity: "error",
      rule: "identity-claim",
      message:
        'claim "roles" says who the user is or what they may do, and here it comes from session-note "clientHost"; resource servers would trust a forged value',
      fix: "release roles only as from: realm-roles or from: client-roles (or through Keycloak's built-in scope), or choose a claim name of this service's own",
    },
  ],
  "invalid/session-note": [
    {
      at: "scopes/base.yaml:11:15",
      severity: "error",
      rule: "session-note",
      message:
        'session note "FEDERATED_ACCESS_TOKEN" is not one a claim may release; a user session also holds secrets, such as a brokered login\'s upstream tokens',
      fix: 'use one of "clientHost", "clientAddress", "client_id", "identity_provider" or "identity_provider_identity", or ask the platform team to allow another',
    },
  ],
  "invalid/sensitive-attribute": [
    {
      at: "scopes/base.yaml:11:20",
      severity: "error",
      rule: "sensitive-attribute",
      message: 'user attribute "password" holds credentials or user-storage internals and is never released in a token',
      fix: "release another attribute",
    },
    {
      at: "scopes/base.yaml:14:20",
      severity: "error",
      rule: "sensitive-attribute",
      message:
        'user attribute "LDAP_ENTRY_DN" holds credentials or user-storage internals and is never released in a token',
      fix: "release another attribute",
    },
    {
      at: "scopes/base.yaml:17:20",
      severity: "error",
      rule: "sensitive-attribute",
      message: 'user attribute "totp" holds credentials or user-storage internals and is never released in a token',
      fix: "release another attribute",
    },
  ],
  "invalid/foreign-audience": [
    {
      at: "clients/api.yaml:8:46",
      severity: "error",
      rule: "unknown-scope",
      message: 'trustedScopes.audience lists "https://example.org/base/gone", which is not defined in the registry',
      fix: "list the full name of a scope defined in scopes/ (namespace + id)",
    },
    {
      at: "scopes/base.yaml:8:15",
      severity: "error",
      rule: "foreign-audience",
      message:
        'audience "api" is a client of @example/api, and clients/api.yaml does not trust scope "https://example.org/base/read" to put it in a token\'s audience',
      fix: 'ask the owners of clients/api.yaml to add "https://example.org/base/read" under trustedScopes.audience',
    },
  ],
  "invalid/foreign-client-roles": [
    {
      at: "scopes/base.yaml:11:17",
      severity: "error",
      rule: "foreign-client-roles",
      message:
        "client-roles of \"realm-management\", one of Keycloak's own clients, are the realm's administration permissions and are never released by a registry scope",
      fix: "release the roles of a client of this service's own",
    },
    {
      at: "scopes/base.yaml:14:17",
      severity: "error",
      rule: "foreign-client-roles",
      message:
        'client-roles of "api", a client of @example/api, and clients/api.yaml does not trust scope "https://example.org/base/read" to release its roles',
      fix: 'ask the owners of clients/api.yaml to add "https://example.org/base/read" under trustedScopes.clientRoles',
    },
    {
      at: "scopes/base.yaml:20:17",
      severity: "error",
      rule: "unknown-client",
      message: 'client-roles names "ghost", which is not a registered client',
      fix: "name the client id of a registered client (clients/<client-id>.yaml)",
    },
  ],
  "invalid/reserved-client": [
    {
      at: "clients/master-realm.yaml:1:11",
      severity: "error",
      rule: "reserved-client",
      message:
        'client id "master-realm" is the form of the master realm\'s client for a realm, which the registry never defines',
      fix: "choose another client id",
    },
    {
      at: "clients/realm-management.yaml:1:11",
      severity: "error",
      rule: "reserved-client",
      message: 'client id "realm-management" is one of Keycloak\'s own clients, which the registry never defines',
      fix: "choose another client id",
    },
  ],
  "invalid/reserved-scope-variant": [
    {
      at: "scopes/base.yaml:4:9",
      severity: "error",
      rule: "reserved-scope",
      message: 'scope "Profile" is a Keycloak built-in scope (as "profile") and cannot be defined here',
      fix: "remove it; clients reference profile by name without defining it",
    },
    {
      at: "scopes/base.yaml:7:9",
      severity: "error",
      rule: "reserved-scope",
      message: 'scope "openid/" is reserved by OpenID Connect (as "openid") and cannot be defined here',
      fix: "remove it; clients reference openid by name without defining it",
    },
    {
      at: "scopes/base.yaml:10:9",
      severity: "error",
      rule: "reserved-scope",
      message: 'scope "role_list" is a Keycloak built-in scope and cannot be defined here',
      fix: "remove it; clients reference role_list by name without defining it",
    },
  ],
  "invalid/kubernetes-name": [
    {
      at: "clients/app.yaml:9:28",
      severity: "error",
      rule: "kubernetes-name",
      message:
        'namespace "Bad_NS" is not a valid Kubernetes namespace name (RFC 1123 label: lower-case letters, digits and -, at most 63)',
      fix: "write the namespace as Kubernetes names it",
    },
    {
      at: "clients/app.yaml:9:48",
      severity: "error",
      rule: "kubernetes-name",
      message:
        'secretName "app..oidc" is not a valid Kubernetes Secret name (RFC 1123 subdomain: lower-case letters, digits, - and ., at most 253)',
      fix: "use a name such as app-oidc",
    },
  ],
  "invalid/kubernetes-namespace": [
    {
      at: "clients/app.yaml:9:28",
      severity: "error",
      rule: "kubernetes-namespace",
      message: 'namespace "kube-system" belongs to Kubernetes itself; no client secret is delivered there',
      fix: "deliver the secret into the namespace where the application runs",
    },
    {
      at: "clients/cart.yaml:9:28",
      severity: "error",
      rule: "kubernetes-namespace",
      message: 'namespace "shop" already receives the secret of clients/billing.yaml, whose owners differ',
      fix: "deliver into a namespace of this client's owners, or map namespaces to owners under kubernetes.namespaces in registry.yaml",
    },
  ],
  "invalid/kubernetes-namespace-settings": [
    {
      at: "clients/cart.yaml:9:28",
      severity: "error",
      rule: "kubernetes-namespace",
      message:
        'namespace "shop" is given to @example/billing in registry.yaml, and this client\'s owners (@example/cart) are not all among them',
      fix: "deliver into a namespace of @example/cart, or ask the platform team to give shop to them",
    },
    {
      at: "clients/search.yaml:9:28",
      severity: "error",
      rule: "kubernetes-namespace",
      message: 'namespace "search" is not given to any owners in registry.yaml',
      fix: "ask the platform team to add search under kubernetes.namespaces in registry.yaml",
    },
  ],

  "invalid/duplicate-secret": [
    {
      at: "clients/other.yaml:9:46",
      severity: "error",
      rule: "duplicate-secret",
      message:
        'Secret "apps/shared-oidc" already holds the credentials of clients/app.yaml; both clients would overwrite each other\'s',
      fix: "give this client a Secret of its own, e.g. other-oidc",
    },
  ],
};
