/**
 * One must-fail fixture per rule (test/fixtures/invalid/<rule>/, a small registry that breaks it) and
 * one fixture per warning (test/fixtures/warning/<rule>/). Each asserts the exact problems: position,
 * severity, rule, message and fix. The coverage test below enumerates the rule catalogue
 * (src/registry/rules.ts): a rule without a fixture that reports it fails it.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES, validateDir } from "../../src/registry";

const FIXTURES = join(__dirname, "..", "fixtures");

import { type Expected } from "./expected/expected";
import { CLIENT_MODEL } from "./expected/client-model";
import { HOSTILE_INPUT } from "./expected/hostile-input";
import { MODEL } from "./expected/model";
import { TRUST } from "./expected/trust";
import { URIS } from "./expected/uris";

const CORE: Record<string, Expected[]> = {
  "invalid/alias-bomb": [
    {
      at: "scopes/base.yaml:1:7",
      severity: "error",
      rule: "yaml-anchor",
      message: "YAML anchors and aliases are not allowed (found &a and 80 more)",
      fix: "write every value out in full: a registry file must say exactly what it means where it says it",
    },
  ],
  "invalid/claim-collision": [
    {
      at: "clients/app.yaml:8:14",
      severity: "error",
      rule: "claim-collision",
      message:
        'scopes "https://example.org/base/read" and "https://example.org/base/write" both release claim "team", differently: groups (string, multivalued) vs attribute team (string, multivalued)',
      fix: "use only one of the two scopes on this client, or make the two claims identical",
    },
  ],
  "invalid/claim-collision-in-scope": [
    {
      at: "scopes/base.yaml:11:15",
      severity: "error",
      rule: "claim-collision",
      message: 'scope "https://example.org/base/read" releases claim "team" twice (also claims[0])',
      fix: "keep one definition of the claim",
    },
  ],
  "invalid/constant-type": [
    {
      at: "scopes/base.yaml:11:16",
      severity: "error",
      rule: "constant-type",
      message: 'constant "high" of claim "level" is not an integer',
      fix: "write an integer value as text, or change the claim's type",
    },
  ],
  "invalid/default-and-optional": [
    {
      at: "clients/app.yaml:8:14",
      severity: "error",
      rule: "default-and-optional",
      message: 'scope "https://example.org/base/read" is listed both as default and as optional',
      fix: "keep it in one list: default scopes are always granted, optional ones only when requested",
    },
  ],
  "invalid/duplicate-client": [
    {
      at: "clients/app-copy.yaml:1:11",
      severity: "error",
      rule: "duplicate-client",
      message: 'client id "app" is already registered by clients/app.yaml',
      fix: "choose another client id: each client id is registered once",
    },
    {
      at: "clients/app-copy.yaml:1:11",
      severity: "error",
      rule: "file-name",
      message: 'clientId "app" does not match the file name clients/app-copy.yaml',
      fix: "rename the file to clients/app.yaml, or set clientId: app-copy",
    },
  ],
  "invalid/duplicate-key": [
    {
      at: "scopes/base.yaml:7:5",
      severity: "error",
      rule: "duplicate-key",
      message: 'duplicate key "summary" (first at line 6)',
      fix: "keep one of the two: YAML would silently use only one of them",
    },
  ],
  "invalid/duplicate-scope": [
    {
      at: "scopes/base.yaml:8:9",
      severity: "error",
      rule: "duplicate-scope",
      message: 'scope "https://example.org/base/read" is already defined in scopes/base.yaml:5',
      fix: "remove one of the two definitions, or give this scope another id",
    },
  ],
  "invalid/duplicate-scope-reference": [
    {
      at: "clients/app.yaml:7:44",
      severity: "error",
      rule: "duplicate-scope-reference",
      message: 'scope "https://example.org/base/read" is listed twice in scopes.default',
      fix: "list it once",
    },
  ],
  "invalid/empty-availability": [
    {
      at: "scopes/base.yaml:7:19",
      severity: "error",
      rule: "empty-availability",
      message: "scopes[0].availability is empty: the scope would exist nowhere",
      fix: "list at least one environment (development, staging or production), or delete the scope",
    },
  ],
  "invalid/empty-file": [
    {
      at: "scopes/base.yaml:1:1",
      severity: "error",
      rule: "empty-file",
      message: "the file is empty",
      fix: "write the file's fields, or delete it",
    },
  ],
  "invalid/empty-value": [
    {
      at: "scopes/base.yaml:6:14",
      severity: "error",
      rule: "empty-value",
      message: "scopes[0].summary is empty",
      fix: "give scopes[0].summary a value",
    },
  ],
  "invalid/file-name": [
    {
      at: "clients/app.yaml:1:11",
      severity: "error",
      rule: "file-name",
      message: 'clientId "web-app" does not match the file name clients/app.yaml',
      fix: "rename the file to clients/web-app.yaml, or set clientId: app",
    },
  ],
  "invalid/flow-client-type": [
    {
      at: "clients/api.yaml:5:9",
      severity: "error",
      rule: "flow-client-type",
      message: 'a bearer-only client accepts tokens and obtains none, but flows lists "authorization_code"',
      fix: "remove flows, or make the client confidential or public",
    },
    {
      at: "clients/app.yaml:5:29",
      severity: "error",
      rule: "flow-client-type",
      message: "refresh_token needs a flow that issues refresh tokens (authorization_code, device_code or password)",
      fix: "add the flow that obtains the first token, or remove refresh_token",
    },
    {
      at: "clients/cli.yaml:5:9",
      severity: "error",
      rule: "flow-client-type",
      message: "client_credentials (a service account) needs a client secret, which a public client cannot keep",
      fix: "make the client confidential, or remove client_credentials",
    },
  ],
  "invalid/insecure-redirect-uri": [
    {
      at: "clients/app.yaml:10:20",
      severity: "error",
      rule: "insecure-redirect-uri",
      message: 'production redirect URI "http://app.example.org/callback" uses http, not https',
      fix: "use https (plain http and custom schemes are allowed only for public native apps)",
    },
    {
      at: "clients/app.yaml:10:53",
      severity: "error",
      rule: "insecure-redirect-uri",
      message: 'production redirect URI "https://*.example.org/callback" contains a wildcard',
      fix: "list every redirect URI exactly",
    },
    {
      at: "clients/app.yaml:10:85",
      severity: "error",
      rule: "insecure-redirect-uri",
      message: 'production redirect URI "http://127.0.0.1:8080/cb" uses http, not https',
      fix: "use https (plain http and custom schemes are allowed only for public native apps)",
    },
  ],

  "invalid/insecure-web-origin": [
    {
      at: "clients/app.yaml:11:18",
      severity: "error",
      rule: "invalid-web-origin",
      message: 'production web origin "*" allows cross-origin requests from every web site',
      fix: "list each origin exactly, as scheme://host[:port], or + for the origins of the redirect URIs",
    },
    {
      at: "clients/app.yaml:11:23",
      severity: "error",
      rule: "insecure-web-origin",
      message: 'production web origin "http://app.example.org" must be an exact https origin',
      fix: "write it as https://host[:port], without wildcards",
    },
  ],
  "invalid/invalid-redirect-uri": [
    {
      at: "clients/app.yaml:10:20",
      severity: "error",
      rule: "invalid-redirect-uri",
      message: 'redirect URI "/callback" is not an absolute URI',
      fix: "write the full URI, e.g. https://app.example.org/oidc/callback",
    },
    {
      at: "clients/app.yaml:10:31",
      severity: "error",
      rule: "invalid-redirect-uri",
      message: 'redirect URI "http://localhost:8080/cb#top" contains a fragment (#), which RFC 6749 §3.1.2 forbids',
      fix: "remove the fragment",
    },
  ],
  "invalid/invalid-scope-token": [
    {
      at: "scopes/base.yaml:5:9",
      severity: "error",
      rule: "invalid-scope-token",
      message: 'scope name "https://example.org/base/read all" is not a valid OAuth scope token (RFC 6749 §3.3)',
      fix: 'use printable ASCII without spaces, double quotes (") or backslashes (\\) in namespace and id',
    },
  ],
  "invalid/many-errors": [
    {
      at: "clients/app.yaml:5:9",
      severity: "error",
      rule: "flow-client-type",
      message: "client_credentials (a service account) needs a client secret, which a public client cannot keep",
      fix: "make the client confidential, or remove client_credentials",
    },
    {
      at: "clients/app.yaml:5:29",
      severity: "error",
      rule: "password-flow",
      message: "the password flow (resource owner password credentials) is not allowed in production",
      fix: "use authorization_code (with PKCE) or device_code; keep password only for test clients outside production",
    },
    {
      at: "clients/app.yaml:7:13",
      severity: "error",
      rule: "unknown-scope",
      message: 'scope "https://example.org/bsae/read" is not defined in the registry',
      fix: "use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
    },
    {
      at: "clients/app.yaml:12:3",
      severity: "error",
      rule: "unexpected-credentials",
      message: 'public client "app" has no secret, but credentials are given',
      fix: "remove credentials, or make the client confidential",
    },
    {
      at: "clients/broken.yaml:3:1",
      severity: "error",
      rule: "yaml-syntax",
      message: "Flow sequence in block collection must be sufficiently indented and end with a ]",
      fix: "fix the YAML syntax at this spot",
    },
    {
      at: "scopes/base.yaml:7:20",
      severity: "error",
      rule: "unknown-environment",
      message: 'availability lists "dev", which is not an environment (did you mean "development"?)',
      fix: "use one of development, staging or production",
    },
    {
      at: "scopes/base.yaml:8:5",
      severity: "error",
      rule: "unknown-field",
      message: 'unknown field "colour" in scopes[0]',
      fix: "remove it or use one of the allowed fields: id, summary, availability, audience, consentText, includeInTokenScope, restricted, deprecated, claims",
    },
    {
      at: "scopes/base.yaml:9:5",
      severity: "error",
      rule: "missing-field",
      message: 'scopes[1] is missing the required field "summary"',
      fix: "add summary: <string>",
    },
    {
      at: "scopes/base.yaml:10:19",
      severity: "error",
      rule: "empty-availability",
      message: "scopes[1].availability is empty: the scope would exist nowhere",
      fix: "list at least one environment (development, staging or production), or delete the scope",
    },
  ],
  "invalid/missing-credentials": [
    {
      at: "clients/app.yaml:4:7",
      severity: "error",
      rule: "missing-credentials",
      message: 'confidential client "app" does not say where its secret is delivered',
      fix: "add credentials: { kubernetes: { namespace: <namespace>, secretName: app-oidc } }",
    },
  ],
  "invalid/missing-field": [
    {
      at: "scopes/base.yaml:5:5",
      severity: "error",
      rule: "missing-field",
      message: 'scopes[0] is missing the required field "summary"',
      fix: "add summary: <string>",
    },
  ],
  "invalid/missing-justification": [
    {
      at: "clients/app.yaml:7:13",
      severity: "error",
      rule: "missing-justification",
      message: 'scope "https://example.org/base/read" is restricted and this client gives no justification for it',
      fix: 'add under justifications: "https://example.org/base/read": <why this client needs it>',
    },
  ],
  "invalid/missing-redirect-uri": [
    {
      at: "clients/app.yaml:9:12",
      severity: "error",
      rule: "missing-redirect-uri",
      message: 'client "app" uses authorization_code but has no redirectUris in staging',
      fix: "add redirectUris under environments.staging",
    },
  ],
  "invalid/namespace-conflict": [
    {
      at: "scopes/copy.yaml:2:12",
      severity: "error",
      rule: "namespace-conflict",
      message: 'namespace "https://example.org/base/" is already declared by scopes/base.yaml',
      fix: "add these scopes to scopes/base.yaml, or choose a namespace of this service's own",
    },
    {
      at: "scopes/nested.yaml:2:12",
      severity: "error",
      rule: "namespace-conflict",
      message:
        'namespace "https://example.org/base/nested/" lies inside namespace "https://example.org/base/" of scopes/base.yaml',
      fix: "add these scopes to scopes/base.yaml, or choose a namespace outside https://example.org/base/",
    },
    {
      at: "scopes/nested.yaml:2:12",
      severity: "error",
      rule: "namespace-conflict",
      message:
        'namespace "https://example.org/base/nested/" lies inside namespace "https://example.org/base/" of scopes/copy.yaml',
      fix: "add these scopes to scopes/copy.yaml, or choose a namespace outside https://example.org/base/",
    },
    {
      at: "scopes/stray.yaml:4:9",
      severity: "error",
      rule: "namespace-conflict",
      message:
        'scope "https://example.org/base/stray" falls inside namespace "https://example.org/base/" of scopes/base.yaml',
      fix: "define it in scopes/base.yaml, or give it a name outside https://example.org/base/",
    },
    {
      at: "scopes/stray.yaml:4:9",
      severity: "error",
      rule: "namespace-conflict",
      message:
        'scope "https://example.org/base/stray" falls inside namespace "https://example.org/base/" of scopes/copy.yaml',
      fix: "define it in scopes/copy.yaml, or give it a name outside https://example.org/base/",
    },
  ],
  "invalid/no-environment": [
    {
      at: "clients/app.yaml:8:15",
      severity: "error",
      rule: "no-environment",
      message: 'client "app" lists no environment, so it would exist nowhere',
      fix: "add at least one of development, staging or production under environments",
    },
  ],
  "invalid/password-flow": [
    {
      at: "clients/app.yaml:5:29",
      severity: "error",
      rule: "password-flow",
      message: "the password flow (resource owner password credentials) is not allowed in production",
      fix: "use authorization_code (with PKCE) or device_code; keep password only for test clients outside production",
    },
    {
      at: "clients/tester.yaml:5:9",
      severity: "warning",
      rule: "password-flow",
      message: "the password flow (resource owner password credentials) exposes user passwords to the client",
      fix: "use it only for test clients; it is refused in production",
    },
  ],
  "invalid/reserved-claim": [
    {
      at: "scopes/base.yaml:9:15",
      severity: "error",
      rule: "reserved-claim",
      message: 'claim "sub" is set by Keycloak or the token format and cannot be released by a scope',
      fix: "choose another claim name",
    },
  ],
  "invalid/reserved-scope": [
    {
      at: "scopes/base.yaml:4:9",
      severity: "error",
      rule: "reserved-scope",
      message: 'scope "profile" is a Keycloak built-in scope and cannot be defined here',
      fix: "remove it; clients reference profile by name without defining it",
    },
  ],
  "invalid/restricted-scope": [
    {
      at: "clients/app.yaml:7:13",
      severity: "error",
      rule: "restricted-scope",
      message:
        'scope "https://example.org/base/read" is restricted (Legal identity is personal data.) and "app" is not among its allowedClients',
      fix: "ask the owners of scopes/base.yaml to add app to restricted.allowedClients, and add a justification here",
    },
  ],
  "invalid/secret-in-yaml": [
    {
      at: "clients/app.yaml:13:1",
      severity: "error",
      rule: "secret-in-yaml",
      message: "clientSecret looks like a secret; secrets never belong in the registry (value not shown)",
      fix: "delete the field and rotate that secret, since it is now in Git history; client secrets are generated and kept as Pulumi secrets",
    },
  ],
  "invalid/unexpected-credentials": [
    {
      at: "clients/app.yaml:12:3",
      severity: "error",
      rule: "unexpected-credentials",
      message: 'public client "app" has no secret, but credentials are given',
      fix: "remove credentials, or make the client confidential",
    },
  ],
  "invalid/unknown-audience": [
    {
      at: "scopes/base.yaml:8:15",
      severity: "error",
      rule: "unknown-audience",
      message: 'audience "ap" names no registered client (did you mean "app"?)',
      fix: "name the client id of a registered resource server (clients/<client-id>.yaml)",
    },
  ],
  "invalid/unknown-claim-source": [
    {
      at: "scopes/base.yaml:10:15",
      severity: "error",
      rule: "unknown-claim-source",
      message:
        'scopes[0].claims[0].from is "group", which is not one of attribute, property, groups, realm-roles, client-roles, constant, full-name or session-note (did you mean "groups"?)',
      fix: "use one of attribute, property, groups, realm-roles, client-roles, constant, full-name or session-note",
    },
  ],
  "invalid/unknown-client": [
    {
      at: "scopes/base.yaml:10:29",
      severity: "error",
      rule: "unknown-client",
      message: 'allowedClients lists "registrar", which is not a registered client',
      fix: "list the client ids of registered clients",
    },
  ],
  "invalid/unknown-environment": [
    {
      at: "clients/app.yaml:9:3",
      severity: "error",
      rule: "unknown-environment",
      message: 'environments lists "prod", which is not an environment (did you mean "production"?)',
      fix: "use one of development, staging or production",
    },
    {
      at: "scopes/base.yaml:7:33",
      severity: "error",
      rule: "unknown-environment",
      message: 'availability lists "prod", which is not an environment (did you mean "production"?)',
      fix: "use one of development, staging or production",
    },
  ],
  "invalid/unknown-field": [
    {
      at: "scopes/base.yaml:6:5",
      severity: "error",
      rule: "unknown-field",
      message: 'unknown field "sumary" in scopes[0] (did you mean "summary"?)',
      fix: "remove it or use one of the allowed fields: id, summary, availability, audience, consentText, includeInTokenScope, restricted, deprecated, claims",
    },
  ],
  "invalid/unknown-field-in-claim": [
    {
      at: "scopes/base.yaml:11:9",
      severity: "error",
      rule: "unknown-field",
      message: 'unknown field "fullpath" in scopes[0].claims[0] (did you mean "fullPath"?)',
      fix: "remove it or use one of the allowed fields: name, in, from, fullPath",
    },
  ],
  "invalid/unknown-scope": [
    {
      at: "clients/app.yaml:7:22",
      severity: "error",
      rule: "unknown-scope",
      message:
        'scope "https://example.org/base/raed" is not defined in the registry (did you mean "https://example.org/base/read"?)',
      fix: "use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
    },
    {
      at: "clients/app.yaml:7:53",
      severity: "error",
      rule: "unknown-scope",
      message: 'scope "https://nowhere.example/zzz" is not defined in the registry',
      fix: "use the full name of a scope defined in scopes/ (namespace + id) or of a built-in scope",
    },
  ],
  "invalid/wrong-type": [
    {
      at: "scopes/base.yaml:7:19",
      severity: "error",
      rule: "wrong-type",
      message: 'scopes[0].availability must be an array, not a string "development"',
      fix: "write scopes[0].availability as an array",
    },
  ],
  "invalid/wrong-type-null": [
    {
      at: "clients/app.yaml:9:14",
      severity: "error",
      rule: "wrong-type",
      message: "environments.production is empty, but must be an object",
      fix: "write environments.production: {} for no settings, or fill it in",
    },
  ],
  "invalid/wrong-value": [
    {
      at: "clients/app.yaml:4:7",
      severity: "error",
      rule: "wrong-value",
      message:
        'type is "confidental", which is not one of confidential, public or bearer-only (did you mean "confidential"?)',
      fix: "use one of confidential, public or bearer-only",
    },
  ],
  "invalid/wrong-value-owner": [
    {
      at: "scopes/base.yaml:3:10",
      severity: "error",
      rule: "wrong-value",
      message:
        'owners[0] is "example/base": an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them',
      fix: "change the value so that an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them",
    },
  ],
  // What CODEOWNERS does not take: an empty team, an address without a dotted domain, a space, a
  // handle starting with a hyphen, a handle with an address, a comment sign.
  "invalid/wrong-value-owner-forms": [
    {
      at: "scopes/base.yaml:3:10",
      severity: "error",
      rule: "wrong-value",
      message:
        'owners[0] is "@org/": an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them',
      fix: "change the value so that an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them",
    },
    {
      at: "scopes/base.yaml:3:19",
      severity: "error",
      rule: "wrong-value",
      message:
        'owners[1] is "ops@example": an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them',
      fix: "change the value so that an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them",
    },
    {
      at: "scopes/base.yaml:3:34",
      severity: "error",
      rule: "wrong-value",
      message:
        'owners[2] is "@org team": an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them',
      fix: "change the value so that an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them",
    },
    {
      at: "scopes/base.yaml:3:47",
      severity: "error",
      rule: "wrong-value",
      message:
        'owners[3] is "@-user": an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them',
      fix: "change the value so that an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them",
    },
    {
      at: "scopes/base.yaml:3:57",
      severity: "error",
      rule: "wrong-value",
      message:
        'owners[4] is "@user@example.org": an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them',
      fix: "change the value so that an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them",
    },
    {
      at: "scopes/base.yaml:3:78",
      severity: "error",
      rule: "wrong-value",
      message:
        'owners[5] is "ops#1@example.org": an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them',
      fix: "change the value so that an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them",
    },
  ],
  "invalid/yaml-anchor": [
    {
      at: "scopes/base.yaml:4:12",
      severity: "error",
      rule: "yaml-anchor",
      message: "YAML anchors and aliases are not allowed (found &a and 1 more)",
      fix: "write every value out in full: a registry file must say exactly what it means where it says it",
    },
  ],
  "invalid/yaml-syntax": [
    {
      at: "scopes/base.yaml:3:1",
      severity: "error",
      rule: "yaml-syntax",
      message: "Flow sequence in block collection must be sufficiently indented and end with a ]",
      fix: "fix the YAML syntax at this spot",
    },
  ],
  "warning/deprecated-scope": [
    {
      at: "clients/app.yaml:7:13",
      severity: "warning",
      rule: "deprecated-scope",
      message:
        'scope "https://example.org/base/read" is deprecated since 2022-11-01: Users now choose whether their picture is public.',
      fix: "stop using it before its owners remove it",
    },
  ],
  "warning/not-yet-available": [
    {
      at: "clients/app.yaml:7:13",
      severity: "warning",
      rule: "not-yet-available",
      message:
        'scope "https://example.org/base/read" is not yet available in staging and production; the client is provisioned there without it',
      fix: "promote it by adding staging and production to its availability in scopes/base.yaml",
    },
  ],
  "warning/password-flow-outside-production": [
    {
      at: "clients/tester.yaml:5:9",
      severity: "warning",
      rule: "password-flow",
      message: "the password flow (resource owner password credentials) exposes user passwords to the client",
      fix: "use it only for test clients; it is refused in production",
    },
  ],
  "warning/unused-justification": [
    {
      at: "clients/app.yaml:9:34",
      severity: "warning",
      rule: "unused-justification",
      message:
        'justification for "https://example.org/base/read", which this client does not use as a restricted scope',
      fix: "remove the justification",
    },
  ],
  "invalid/full-name-claim": [
    {
      at: "scopes/base.yaml:9:15",
      severity: "error",
      rule: "full-name-claim",
      message:
        'claim "display_name" comes from full-name, but Keycloak\'s full-name mapper always writes the claim "name"',
      fix: 'name the claim "name", or release the name another way (e.g. from: attribute)',
    },
  ],
  "invalid/audience-mapper-name": [
    {
      at: "scopes/base.yaml:10:15",
      severity: "error",
      rule: "audience-mapper-name",
      message:
        'scope "https://example.org/base/read" has an audience, whose mapper is named "audience", and also releases a claim of that name',
      fix: "rename the claim, or move it to another scope",
    },
  ],
  "invalid/insecure-post-logout-redirect-uri": [
    {
      at: "clients/app.yaml:10:54",
      severity: "error",
      rule: "dangerous-redirect-uri",
      message:
        'production redirect URI "javascript:alert(1)" uses the javascript: scheme, which runs the rest of the URI as script in the browser',
      fix: "redirect to the application's own https callback (a loopback or private-use URI for a native app)",
    },
    {
      at: "clients/app.yaml:10:75",
      severity: "error",
      rule: "insecure-redirect-uri",
      message: 'production redirect URI "com.example.app:/cb" uses com.example.app, not https',
      fix: "use https (plain http and custom schemes are allowed only for public native apps)",
    },
    {
      at: "clients/app.yaml:11:30",
      severity: "error",
      rule: "insecure-redirect-uri",
      message: 'production post-logout redirect URI "http://*.example.org/bye" contains a wildcard',
      fix: "list every redirect URI exactly",
    },
  ],
  "invalid/surrounding-whitespace": [
    {
      at: "scopes/base.yaml:5:9",
      severity: "error",
      rule: "surrounding-whitespace",
      message: 'scopes[0].id is " read", with whitespace around it',
      fix: "remove the whitespace: values are used exactly as written",
    },
  ],
};

/** Every fixture's exact problems: the core rules here, each group of later rules in its own file. */
const EXPECTED: Record<string, Expected[]> = {
  ...CORE,
  ...HOSTILE_INPUT,
  ...TRUST,
  ...URIS,
  ...MODEL,
  ...CLIENT_MODEL,
};

function fixtureFolders(): string[] {
  return ["invalid", "warning"].flatMap((group) =>
    readdirSync(join(FIXTURES, group)).map((name) => `${group}/${name}`),
  );
}

function problemsOf(fixture: string): Expected[] {
  return validateDir(join(FIXTURES, fixture)).problems.map((p) => ({
    at: `${p.file}:${p.line}:${p.column}`,
    severity: p.severity,
    rule: p.rule,
    message: p.message,
    fix: p.fix,
  }));
}

describe("must-fail fixtures", () => {
  it.each(Object.keys(EXPECTED).filter((k) => k.startsWith("invalid/")))(
    "%s reports exactly its problems",
    (fixture) => {
      const problems = problemsOf(fixture);
      expect(problems).toEqual(EXPECTED[fixture]);
      expect(problems.some((p) => p.severity === "error")).toBe(true);
    },
  );

  it.each(Object.keys(EXPECTED).filter((k) => k.startsWith("warning/")))("%s warns without failing", (fixture) => {
    const problems = problemsOf(fixture);
    expect(problems).toEqual(EXPECTED[fixture]);
    expect(problems.map((p) => p.severity)).toEqual(problems.map(() => "warning"));
  });

  it("every fixture folder is asserted", () => {
    expect(fixtureFolders().sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(RULES))("rule %s has a must-fail fixture that reports it", (rule, entry) => {
    const groups =
      entry.severity === "error" ? ["invalid"] : entry.severity === "warning" ? ["warning"] : ["invalid", "warning"];
    for (const group of groups) {
      const fixtures = Object.keys(EXPECTED).filter((k) => k.startsWith(`${group}/${rule}`));
      expect(fixtures, `no test/fixtures/${group}/${rule}*/ fixture`).not.toEqual([]);
      expect(
        fixtures.some((k) => EXPECTED[k].some((p) => p.rule === rule)),
        `no ${group} fixture reports ${rule}`,
      ).toBe(true);
    }
  });
  it("a file with many errors reports all of them in one run", () => {
    const problems = problemsOf("invalid/many-errors");
    expect(new Set(problems.map((p) => p.at.split(":")[0])).size).toBe(3);
    expect(problems.length).toBe(9);
  });
});
