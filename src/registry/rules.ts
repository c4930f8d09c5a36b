/**
 * The rule catalogue: every problem the registry can report, one entry per rule. A problem names its
 * rule, and its severity comes from here; each rule has a must-fail fixture named after it
 * (test/fixtures/invalid/<rule>/, or test/fixtures/warning/<rule>/ for a warning), which the coverage
 * test checks by enumerating this catalogue.
 */
import type { Severity } from "./problems";

export interface RuleEntry {
  /**
   * The severity of the rule. `password-flow` is the one rule with two: an error in production, a
   * warning elsewhere; its problems state which.
   */
  readonly severity: Severity | "error in production, warning elsewhere";
  /** What the rule checks, in one line. */
  readonly checks: string;
  /** The usual fix; a problem may give a more specific one that names files and values. */
  readonly fix: string;
}

const rule = (severity: RuleEntry["severity"], checks: string, fix: string): RuleEntry => ({ severity, checks, fix });

export const RULES = {
  // Files and YAML
  "file-name": rule(
    "error",
    "a file's name is a lower-case registry key ending in .yaml, and matches the clientId it holds",
    "rename the file",
  ),
  "empty-file": rule("error", "a file holds a YAML mapping", "write the file's fields, or delete it"),
  "yaml-syntax": rule(
    "error",
    "a file is one well-formed YAML document without custom tags",
    "fix the YAML syntax at this spot",
  ),
  "duplicate-key": rule(
    "error",
    "no mapping repeats a key",
    "keep one of the two: YAML would silently use only one of them",
  ),
  "yaml-anchor": rule(
    "error",
    "no anchors or aliases",
    "write every value out in full: a registry file must say exactly what it means where it says it",
  ),
  // The schema of each file kind
  "missing-field": rule("error", "every required field is present", "add the field"),
  "unknown-field": rule(
    "error",
    "no field outside the file kind's schema",
    "remove it or use one of the allowed fields",
  ),
  "secret-in-yaml": rule("error", "no field that holds a credential", "delete the field and rotate that secret"),
  "wrong-type": rule("error", "every value has its field's type", "write a value of the field's type"),
  "wrong-value": rule("error", "every value is one the field accepts", "use a value the field accepts"),
  "empty-value": rule("error", "text fields are not empty", "give the field a value"),
  "surrounding-whitespace": rule("error", "no value starts or ends with white space", "remove the white space"),
  "unknown-environment": rule(
    "error",
    "environments are development, staging or production",
    "use a known environment",
  ),
  "empty-availability": rule("error", "a scope is available somewhere", "list at least one environment"),
  "unknown-claim-source": rule("error", "a claim's `from` is a known source", "use a known claim source"),
  // Scopes
  "invalid-scope-token": rule(
    "error",
    "namespace + id is an RFC 6749 scope token",
    "use printable ASCII without spaces, quotes or backslashes",
  ),
  "reserved-scope": rule(
    "error",
    "no file defines OpenID Connect's or Keycloak's built-in scopes",
    "remove it; clients reference built-ins by name",
  ),
  "duplicate-scope": rule("error", "each full scope name is defined once", "remove one of the two definitions"),
  "namespace-conflict": rule(
    "error",
    "a namespace belongs to one file, and no scope falls inside another file's namespace",
    "choose a namespace of this service's own",
  ),
  "reserved-claim": rule("error", "no claim that Keycloak or the token format sets", "choose another claim name"),
  "full-name-claim": rule("error", "a full-name claim is named `name`", 'name the claim "name"'),
  "audience-mapper-name": rule(
    "error",
    "a scope with an audience releases no claim named `audience`",
    "rename the claim",
  ),
  "claim-collision": rule(
    "error",
    "a scope, and the scopes of one client, release each claim one way",
    "make the two claims identical",
  ),
  "introspection-placement": rule(
    "error",
    "a claim whose mapper has no introspection switch is introspected exactly when it is in the access token",
    "list access_token too, or leave introspection out",
  ),
  "constant-type": rule("error", "a constant claim's value reads as its type", "write a value of the claim's type"),
  "unknown-audience": rule(
    "error",
    "an audience names a registered client, or a custom audience (an absolute URI) registry.yaml lists",
    "name a registered resource server, or ask the platform team to list the custom audience",
  ),
  "audience-unavailable": rule(
    "error",
    "an audience client exists in every environment where its scope is available",
    "add the environments to the audience client, or remove them from the scope's availability",
  ),
  "unknown-client": rule("error", "allowedClients names registered clients", "list registered client ids"),
  // Clients
  "duplicate-client": rule("error", "each client id is registered once", "choose another client id"),
  "no-environment": rule("error", "a client exists in at least one environment", "add an environment"),
  "flow-client-type": rule(
    "error",
    "flows fit the client type, and refresh_token has a flow that issues refresh tokens",
    "change the flows or the client type",
  ),
  "password-flow": rule(
    "error in production, warning elsewhere",
    "the password flow is for test clients outside production",
    "use authorization_code (with PKCE) or device_code",
  ),
  "missing-redirect-uri": rule(
    "error",
    "a client using authorization_code has a redirect URI in each environment",
    "add redirectUris",
  ),
  "invalid-redirect-uri": rule("error", "redirect URIs are absolute URIs without a fragment", "write the full URI"),
  "insecure-redirect-uri": rule(
    "error",
    "production redirect URIs are exact https URIs (loopback or private-use schemes for native apps)",
    "use https",
  ),
  "insecure-web-origin": rule(
    "error",
    "production web origins are exact https origins",
    "write it as https://host[:port]",
  ),
  "missing-credentials": rule("error", "a confidential client says where its secret goes", "add credentials"),
  "unexpected-credentials": rule("error", "only confidential clients have credentials", "remove credentials"),
  "unknown-scope": rule(
    "error",
    "a client lists scopes that are defined or built in",
    "use the full name of a defined or built-in scope",
  ),
  "duplicate-scope-reference": rule("error", "a client lists each scope once per list", "list it once"),
  "default-and-optional": rule("error", "a scope is default or optional, not both", "keep it in one list"),
  "restricted-scope": rule(
    "error",
    "a restricted scope is used only by the clients it allows",
    "ask its owners to allow the client",
  ),
  "missing-justification": rule("error", "a client justifies each restricted scope it uses", "add a justification"),
  // Hostile input (files, bytes, sizes)
  "not-a-regular-file": rule(
    "error",
    "scopes/ and clients/ are folders holding regular files: no link (never followed), folder, pipe, socket or device",
    "replace it with a regular file, or remove it",
  ),
  "unreadable-file": rule(
    "error",
    "every registry file and folder can be read",
    "check the file and run the command again",
  ),
  "file-too-large": rule(
    "error",
    "a registry file holds at most 1 MiB",
    "split the file, or remove what does not belong in it",
  ),
  "invalid-utf8": rule("error", "a registry file is UTF-8 text", "save the file as UTF-8"),
  "control-character": rule(
    "error",
    "no control or bidirectional-override character in a file, and no line break or tab in a name",
    "delete the character (retype the line if you cannot see it)",
  ),
  "value-too-long": rule(
    "error",
    "names (and namespace + id) fit Keycloak's 255 characters; free text stays under 2000",
    "shorten the value",
  ),
  "too-deeply-nested": rule(
    "error",
    "YAML collections nest at most 32 levels deep",
    "flatten the structure: no registry field nests this deep",
  ),
  "too-many-problems": rule(
    "error",
    "one file lists at most 200 problems; one more problem counts the rest (a warning if they all are)",
    "fix the problems listed, then run validate again to see the rest",
  ),
  // Redirect URIs and web origins
  "dangerous-redirect-uri": rule(
    "error",
    "no redirect URI uses a scheme the browser handles itself (javascript, data, file, vbscript, blob, about) or a * that reaches other hosts",
    "redirect to the application's own https callback (a loopback or private-use URI for a native app)",
  ),
  "ambiguous-redirect-uri": rule(
    "error",
    "redirect URIs mean as written what browsers read: no userinfo, backslash, dot-segment, hidden character, missing or rewritten host, or * before the end",
    "write the URI exactly as browsers read it",
  ),
  "wildcard-redirect-uri": rule(
    "warning",
    "outside production, a redirect URI ending in * accepts any path on its host",
    "list each redirect URI exactly; production refuses wildcards",
  ),
  "invalid-web-origin": rule(
    "error",
    "web origins are exactly scheme://host[:port] (or +), never *",
    "write it as scheme://host[:port], or + for the origins of the redirect URIs",
  ),
  "invalid-client-url": rule(
    "error",
    "a client's root, home and logout URLs are absolute http(s) URLs (https in production), or a home path under rootUrl",
    "write the exact URL",
  ),
  "root-url-without-uris": rule(
    "error",
    "a client with a rootUrl lists its redirect URIs and web origins there (Keycloak would fill them in, with a wildcard)",
    "list redirectUris and webOrigins, or remove rootUrl",
  ),
  "duplicate-role": rule("error", "a client defines, and a service account holds, each role once", "list it once"),
  "service-account-without-flow": rule(
    "error",
    "only a client with client_credentials has a service account to give roles to",
    "add client_credentials to flows, or remove serviceAccount",
  ),
  "unknown-role": rule(
    "error",
    "a service account holds roles that a registered client defines, never Keycloak's own clients' roles",
    "name a role the client defines under roles",
  ),
  "role-unavailable": rule(
    "error",
    "a client whose roles a service account holds exists wherever the holder exists",
    "add the environments to the role's client, or remove them from the holder",
  ),
  // Trust between teams
  "reserved-client": rule("error", "no file defines one of Keycloak's own clients", "choose another client id"),
  "claim-name": rule(
    "error",
    "claim names use letters, digits, _ and - (a dot makes Keycloak write a nested claim)",
    "use letters, digits, _ and -",
  ),
  "identity-claim": rule(
    "error",
    "claims that say who the user is (email, preferred_username, name, groups, roles…) come only from their true source",
    "release the claim from its true source, or choose another name",
  ),
  "session-note": rule("error", "a session-note claim releases only an allowed note", "use an allowed session note"),
  "sensitive-attribute": rule(
    "error",
    "no claim releases a credential or user-storage attribute",
    "release another attribute",
  ),
  "foreign-audience": rule(
    "error",
    "an audience is a client of the scope's owners, or one whose file trusts the scope",
    "ask the client's owners to trust the scope under trustedScopes.audience",
  ),
  "foreign-client-roles": rule(
    "error",
    "client-roles release roles of the scope's owners' clients, or of one whose file trusts the scope; never Keycloak's own",
    "ask the client's owners to trust the scope under trustedScopes.clientRoles",
  ),
  "foreign-service-account-roles": rule(
    "error",
    "a service account holds roles of its owners' clients, or of one whose file trusts it",
    "ask the client's owners to trust the holder under trustedClients.serviceAccountRoles",
  ),
  "realm-role-not-allowed": rule(
    "error",
    "a service account holds only realm roles registry.yaml allows (serviceAccounts.realmRoles)",
    "ask the platform team to allow the realm role, or hold a client role instead",
  ),
  "kubernetes-name": rule(
    "error",
    "credentials name a valid Kubernetes namespace and Secret",
    "write names as Kubernetes does",
  ),
  "kubernetes-namespace": rule(
    "error",
    "a secret goes only into a namespace of the client's owners, never Kubernetes' own",
    "deliver into a namespace of the client's owners",
  ),
  "duplicate-secret": rule(
    "error",
    "each Kubernetes Secret holds one client's credentials",
    "give the client a Secret of its own",
  ),
  // Warnings
  "deprecated-scope": rule("warning", "a client uses no deprecated scope", "stop using it before its owners remove it"),
  "not-yet-available": rule(
    "warning",
    "a client's scopes are available wherever the client exists",
    "promote the scope",
  ),
  "roles-claim-limited": rule(
    "warning",
    "a client that receives a claim of the user's realm roles or another client's roles has full scope",
    "set fullScopeAllowed: true, or accept that the claim lists only the roles in the client's role scope",
  ),
  "unused-justification": rule(
    "warning",
    "every justification is for a restricted scope the client uses",
    "remove the justification",
  ),
} as const satisfies Record<string, RuleEntry>;

export type RuleId = keyof typeof RULES;

export function isRuleId(value: string): value is RuleId {
  return Object.hasOwn(RULES, value);
}
