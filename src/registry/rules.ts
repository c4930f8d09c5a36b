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
  "mapper-name-collision": rule(
    "error",
    "no two claims of a file spell the same mapper name",
    "rename one of the claims",
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
  "constant-type": rule("error", "a constant claim's value reads as its type", "write a value of the claim's type"),
  "unknown-audience": rule("error", "an audience names a registered client", "name a registered resource server"),
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
  // Redirect URIs and web origins
  // Trust between teams
  // Warnings
  "deprecated-scope": rule("warning", "a client uses no deprecated scope", "stop using it before its owners remove it"),
  "not-yet-available": rule(
    "warning",
    "a client's scopes are available wherever the client exists",
    "promote the scope",
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
