/**
 * The client and claim model real clients need: application URLs, roles and what service accounts
 * hold, audiences outside the registry and in every environment, per-environment credential targets,
 * introspection placement, and a file that does not parse reported once, without cascading.
 */
import type { Expected } from "./expected";

export const CLIENT_MODEL: Record<string, Expected[]> = {
  "invalid/audience-unavailable": [
    {
      at: "scopes/base.yaml:8:15",
      severity: "error",
      rule: "audience-unavailable",
      message:
        'audience "api" does not exist in staging and production, where scope "https://example.org/base/read" is available: its tokens would name a client no one there answers to',
      fix: "add staging and production to the environments of clients/api.yaml, or remove them from this scope's availability",
    },
  ],
  "invalid/unknown-audience-custom": [
    {
      at: "scopes/base.yaml:12:15",
      severity: "error",
      rule: "unknown-audience",
      message:
        'custom audience "https://api.example.org/v2" is not listed in registry.yaml (did you mean "https://api.example.org"?)',
      fix: "ask the platform team to add https://api.example.org/v2 with its owners under audiences in registry.yaml, or name a registered client",
    },
    {
      at: "scopes/base.yaml:16:15",
      severity: "error",
      rule: "foreign-audience",
      message:
        'audience "https://other.example.org" is given to @example/other in registry.yaml, and this scope\'s owners (@example/base) are not all among them',
      fix: "ask the platform team to give https://other.example.org to this scope's owners in registry.yaml, or use an audience of their own",
    },
    {
      at: "scopes/base.yaml:20:15",
      severity: "error",
      rule: "unknown-audience",
      message: 'audience "ap" names no registered client (did you mean "apx"?)',
      fix: "name the client id of a registered resource server (clients/<client-id>.yaml)",
    },
    {
      at: "scopes/base.yaml:24:15",
      severity: "error",
      rule: "unknown-audience",
      message: 'audience "api: v2" is neither a client id nor an absolute URI',
      fix: "name the client id of a registered resource server, or a URI such as https://api.example.org",
    },
  ],
  "invalid/invalid-client-url": [
    {
      at: "clients/app.yaml:12:28",
      severity: "error",
      rule: "invalid-client-url",
      message: 'frontchannelLogoutUrl "http://localhost:8080/logout#now" in development has a fragment (#…)',
      fix: "remove the fragment",
    },
    {
      at: "clients/app.yaml:15:14",
      severity: "error",
      rule: "invalid-client-url",
      message: 'baseUrl "/home" in staging is a path, but the client has no rootUrl there to resolve it against',
      fix: "add rootUrl under environments.staging, or write an absolute URL",
    },
    {
      at: "clients/app.yaml:16:27",
      severity: "error",
      rule: "invalid-client-url",
      message:
        'backchannelLogoutUrl "ftp://app.stg.example.org/logout" in staging has the scheme "ftp"; Keycloak calls or links to http(s) URLs only',
      fix: "write an https URL",
    },
    {
      at: "clients/app.yaml:19:14",
      severity: "error",
      rule: "invalid-client-url",
      message: 'rootUrl "http://app.example.org" in production uses plain http',
      fix: "use https://app.example.org/",
    },
    {
      at: "clients/app.yaml:21:14",
      severity: "error",
      rule: "invalid-client-url",
      message: 'baseUrl "https://app.example.org/*" in production holds a *, which is not a wildcard here',
      fix: "write the one exact URL",
    },
    {
      at: "clients/app.yaml:22:28",
      severity: "error",
      rule: "invalid-client-url",
      message:
        'frontchannelLogoutUrl "https://user:pw@app.example.org/logout" in production carries a user name or password',
      fix: "remove the credentials: the URL is stored and shown in clear",
    },
    {
      at: "clients/app.yaml:23:27",
      severity: "error",
      rule: "invalid-client-url",
      message: 'backchannelLogoutUrl "app.example.org/logout" in production is not an absolute URL',
      fix: "write the full URL, such as https://app.example.org/",
    },
  ],
  "invalid/duplicate-role": [
    {
      at: "clients/api.yaml:9:11",
      severity: "error",
      rule: "duplicate-role",
      message: 'role "reader" is defined twice',
      fix: "define each role once",
    },
    {
      at: "clients/robot.yaml:8:27",
      severity: "error",
      rule: "duplicate-role",
      message: 'role "reader" of "api" is listed twice',
      fix: "list it once",
    },
  ],
  "invalid/service-account-without-flow": [
    {
      at: "clients/app.yaml:9:3",
      severity: "error",
      rule: "service-account-without-flow",
      message:
        'client "app" gives roles to a service account, but it has none: its flows do not include client_credentials',
      fix: "add client_credentials to flows, or remove serviceAccount",
    },
  ],
  "invalid/unknown-role": [
    {
      at: "clients/robot.yaml:8:11",
      severity: "error",
      rule: "unknown-role",
      message: '"api" defines no role "readers" (did you mean "reader"?)',
      fix: "name a role listed under roles in clients/api.yaml, or ask its owners to define readers",
    },
    {
      at: "clients/robot.yaml:9:13",
      severity: "error",
      rule: "unknown-role",
      message: '"plain" defines no role "reader" (it defines no roles)',
      fix: "name a role listed under roles in clients/plain.yaml, or ask its owners to define reader",
    },
    {
      at: "clients/robot.yaml:10:24",
      severity: "error",
      rule: "unknown-role",
      message:
        "roles of \"realm-management\", one of Keycloak's own clients, are the realm's administration permissions and are never granted by the registry",
      fix: "hold roles of a registered client; an administrator grants Keycloak's own roles by hand, if ever",
    },
    {
      at: "clients/robot.yaml:11:15",
      severity: "error",
      rule: "unknown-client",
      message: 'serviceAccount.clientRoles names "nowhere", which is not a registered client',
      fix: "name the client id of a registered client (clients/<client-id>.yaml) that defines the role",
    },
  ],
  "invalid/role-unavailable": [
    {
      at: "clients/robot.yaml:8:11",
      severity: "error",
      rule: "role-unavailable",
      message:
        '"api" does not exist in staging and production, where "robot" exists, so its role "reader" cannot be held there',
      fix: "add staging and production to the environments of clients/api.yaml, or remove them from this client",
    },
  ],
  "invalid/foreign-service-account-roles": [
    {
      at: "clients/api.yaml:9:40",
      severity: "error",
      rule: "unknown-client",
      message: 'trustedClients.serviceAccountRoles lists "gone", which is not a registered client',
      fix: "list the client ids of registered clients",
    },
    {
      at: "clients/robot.yaml:8:11",
      severity: "error",
      rule: "foreign-service-account-roles",
      message:
        'role "admin" belongs to "api", a client of @example/api, and clients/api.yaml does not trust "robot" to hold its roles',
      fix: "ask the owners of clients/api.yaml to add robot under trustedClients.serviceAccountRoles",
    },
  ],
  "invalid/realm-role-not-allowed": [
    {
      at: "clients/robot.yaml:7:27",
      severity: "error",
      rule: "realm-role-not-allowed",
      message: 'realm role "reportin" is not one the platform lets service accounts hold (did you mean "reporting"?)',
      fix: "ask the platform team to add reportin under serviceAccounts.realmRoles in registry.yaml, or hold a role of a registered client instead",
    },
    {
      at: "clients/robot.yaml:7:37",
      severity: "error",
      rule: "realm-role-not-allowed",
      message: 'realm role "admin" is not one the platform lets service accounts hold',
      fix: "ask the platform team to add admin under serviceAccounts.realmRoles in registry.yaml, or hold a role of a registered client instead",
    },
  ],
  "invalid/realm-role-not-allowed-no-settings": [
    {
      at: "clients/robot.yaml:7:16",
      severity: "error",
      rule: "realm-role-not-allowed",
      message:
        'realm role "offline_access" is not one the platform lets service accounts hold (registry.yaml allows none)',
      fix: "ask the platform team to add offline_access under serviceAccounts.realmRoles in registry.yaml, or hold a role of a registered client instead",
    },
  ],
  "invalid/duplicate-secret-per-environment": [
    {
      at: "clients/one.yaml:13:33",
      severity: "error",
      rule: "kubernetes-name",
      message:
        'secretName "Shared_Secret" is not a valid Kubernetes Secret name (RFC 1123 subdomain: lower-case letters, digits, - and ., at most 253)',
      fix: "use a name such as one-oidc",
    },
    {
      at: "clients/two.yaml:9:54",
      severity: "error",
      rule: "duplicate-secret",
      message:
        'Secret "team-dev/one-oidc" already holds the credentials of clients/one.yaml in development; both clients would overwrite each other\'s',
      fix: "give this client a Secret of its own, e.g. two-oidc",
    },
  ],
  "invalid/root-url-without-uris": [
    {
      at: "clients/app.yaml:8:14",
      severity: "error",
      rule: "root-url-without-uris",
      message:
        "rootUrl in development comes without webOrigins, which Keycloak then fills in itself (the root's origin)",
      fix: 'list webOrigins under environments.development (web origins may be ["+"]), or remove rootUrl',
    },
    {
      at: "clients/robot.yaml:8:14",
      severity: "error",
      rule: "root-url-without-uris",
      message:
        'rootUrl in development comes without redirectUris and webOrigins, which Keycloak then fills in itself ("http://localhost:9090/*", any page of the host; the root\'s origin)',
      fix: 'list redirectUris and webOrigins under environments.development (web origins may be ["+"]), or remove rootUrl',
    },
  ],
  "invalid/introspection-placement": [
    {
      at: "scopes/base.yaml:12:13",
      severity: "error",
      rule: "introspection-placement",
      message:
        'claim "tier" from constant is listed for introspection but not for the access token; Keycloak\'s constant mapper puts it in the introspection response exactly when the access token carries it',
      fix: "add access_token to in, or remove introspection",
    },
  ],
  "invalid/yaml-syntax-cascade": [
    {
      at: "clients/api.yaml:7:3",
      severity: "error",
      rule: "unknown-environment",
      message: 'environments lists "bogus", which is not an environment',
      fix: "use one of development, staging or production",
    },
    {
      at: "clients/app.yaml:7:44",
      severity: "error",
      rule: "unknown-scope",
      message:
        'scope "https://example.org/other/x" is not defined in the registry, unless in scopes/broken.yaml, which could not be read',
      fix: "use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
    },
    {
      at: "scopes/base.yaml:6:14",
      severity: "error",
      rule: "yaml-syntax",
      message: "Nested mappings are not allowed in compact mappings",
      fix: "fix the YAML syntax at this spot",
    },
    {
      at: "scopes/base.yaml:8:1",
      severity: "error",
      rule: "yaml-syntax",
      message: "Flow sequence in block collection must be sufficiently indented and end with a ]",
      fix: "fix the YAML syntax at this spot",
    },
    {
      at: "scopes/broken.yaml:2:1",
      severity: "error",
      rule: "yaml-syntax",
      message: "Flow sequence in block collection must be sufficiently indented and end with a ]",
      fix: "fix the YAML syntax at this spot",
    },
  ],
  "warning/roles-claim-limited": [
    {
      at: "clients/app.yaml:9:13",
      severity: "warning",
      rule: "roles-claim-limited",
      message:
        'scope "https://example.org/base/roles" releases the user\'s realm roles as claim "realm_roles_list", but with fullScopeAllowed off this client\'s tokens carry only its own roles and those its service account holds',
      fix: "set fullScopeAllowed: true in clients/app.yaml if the claim must list the user's realm roles",
    },
    {
      at: "clients/app.yaml:9:13",
      severity: "warning",
      rule: "roles-claim-limited",
      message:
        'scope "https://example.org/base/roles" releases the user\'s roles of "api" as claim "api_roles", but with fullScopeAllowed off this client\'s tokens carry only its own roles and those its service account holds',
      fix: 'set fullScopeAllowed: true in clients/app.yaml if the claim must list the user\'s roles of "api"',
    },
  ],
};
