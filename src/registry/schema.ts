/**
 * The two file kinds teams write, as zod schemas. They are the single source of truth: TypeScript types
 * come from `z.infer`, the JSON Schemas editors use are generated from them (`registry schema`), and the
 * loader checks every file against them. Every object is strict: an unknown field is an error.
 *
 * Cross-field and cross-file rules (a scope token's characters, namespace ownership, references between
 * files) live in `validate.ts`, where they can report every problem at once with a precise fix.
 */
import { z } from "zod";
import { ENVIRONMENTS } from "./environments";

export const environmentSchema = z
  .enum(ENVIRONMENTS)
  .meta({ description: "An environment, in promotion order: development, staging, production." });

/**
 * A non-empty string, taken exactly as written: surrounding whitespace is an error, not trimmed away,
 * so what a reviewer reads is what Keycloak gets.
 */
const nonEmpty = (what: string) =>
  z
    .string()
    .min(1, { message: `${what} must not be empty` })
    .refine((value) => value.trim() === value, { message: `${what} must not start or end with whitespace` });

/**
 * An owner as CODEOWNERS takes one (GitHub's "About code owners"; GitLab's "Code Owners"): a user
 * `@user`, a team `@org/team` (GitLab's nested groups: `@group/subgroup/team`), or an e-mail address.
 * Nothing else: a space would end the CODEOWNERS entry and `#` start a comment.
 */
const OWNER_HANDLE = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9._-]+)*$/;
const OWNER_EMAIL =
  /^[A-Za-z0-9.!$%&'*+=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export const ownerSchema = z
  .string()
  .regex(new RegExp(`${OWNER_HANDLE.source}|${OWNER_EMAIL.source}`), {
    message: "an owner is a user (@user), a team (@org/team) or an e-mail address, as CODEOWNERS takes them",
  })
  .meta({
    description: "A user (@user), a team (@org/team, @group/subgroup) or an e-mail address, as in CODEOWNERS.",
    examples: ["@fedora-infra/bodhi"],
  });

const ownersSchema = z
  .array(ownerSchema)
  .min(1, { message: "owners must name at least one team" })
  .meta({
    description: "Teams that approve changes to this file (written to CODEOWNERS).",
    examples: [["@fedora-infra/bodhi"]],
  });

export const TOKENS = ["id_token", "access_token", "userinfo"] as const;

/**
 * Where a claim may be placed: the three token kinds, and the token introspection response (RFC 7662),
 * which describes an access token and so always holds the claims the access token carries.
 */
export const PLACEMENTS = [...TOKENS, "introspection"] as const;

export const CLAIM_TYPES = ["string", "integer", "long", "boolean", "json"] as const;
const claimTypeSchema = z
  .enum(CLAIM_TYPES)
  .meta({ description: "JSON type of the claim value.", examples: ["string"] });

export const USER_PROPERTIES = ["email", "emailVerified", "firstName", "lastName", "username"] as const;

const claimBase = {
  name: nonEmpty("a claim name").meta({ description: "Claim name in the token and at /userinfo.", examples: ["cla"] }),
  in: z
    .array(z.enum(PLACEMENTS))
    .min(1, { message: "in must list at least one of id_token, access_token, userinfo, introspection" })
    .optional()
    .meta({
      description:
        "Where the claim is placed: id_token, access_token, userinfo, introspection; default all four. A claim in the access token is always in its introspection response too.",
      examples: [["access_token", "userinfo"]],
    }),
};

export const claimSchema = z.discriminatedUnion("from", [
  z.strictObject({
    ...claimBase,
    from: z.literal("attribute").meta({ description: "Where the claim comes from; the other fields depend on it." }),
    attribute: nonEmpty("attribute").meta({ description: "User attribute name.", examples: ["cla"] }),
    multivalued: z
      .boolean()
      .optional()
      .meta({ description: "Release every value as an array.", examples: [true] }),
    type: claimTypeSchema.optional(),
  }),
  z.strictObject({
    ...claimBase,
    from: z.literal("property").meta({ description: "Where the claim comes from; the other fields depend on it." }),
    property: z.enum(USER_PROPERTIES).meta({ description: "User model property.", examples: ["email"] }),
  }),
  z.strictObject({
    ...claimBase,
    from: z.literal("groups").meta({ description: "Where the claim comes from; the other fields depend on it." }),
    fullPath: z
      .boolean()
      .optional()
      .meta({ description: "Release /parent/child paths; default false.", examples: [false] }),
  }),
  z.strictObject({
    ...claimBase,
    from: z.literal("realm-roles").meta({ description: "Where the claim comes from; the other fields depend on it." }),
    prefix: z
      .string()
      .optional()
      .meta({ description: "Prefix added to each role name.", examples: ["bodhi:"] }),
  }),
  z.strictObject({
    ...claimBase,
    from: z.literal("client-roles").meta({ description: "Where the claim comes from; the other fields depend on it." }),
    client: nonEmpty("client").meta({ description: "Client id whose roles are released.", examples: ["bodhi"] }),
    prefix: z
      .string()
      .optional()
      .meta({ description: "Prefix added to each role name.", examples: ["bodhi:"] }),
  }),
  z.strictObject({
    ...claimBase,
    from: z.literal("constant").meta({ description: "Where the claim comes from; the other fields depend on it." }),
    value: z.union([z.string(), z.number(), z.boolean()]).meta({
      description:
        "The value every user gets: text, or a YAML number (type integer or long) or boolean (type boolean) written as such.",
      examples: ["Europe/Paris", 42, true],
    }),
    type: claimTypeSchema.optional(),
  }),
  z.strictObject({
    ...claimBase,
    from: z.literal("full-name").meta({ description: "Where the claim comes from; the other fields depend on it." }),
  }),
  z.strictObject({
    ...claimBase,
    from: z.literal("session-note").meta({ description: "Where the claim comes from; the other fields depend on it." }),
    note: nonEmpty("note").meta({ description: "User session note name.", examples: ["clientAddress"] }),
    type: claimTypeSchema.optional(),
  }),
]);

export const scopeSchema = z.strictObject({
  id: nonEmpty("id").meta({ description: "Scope id; namespace + id is the full scope name.", examples: ["comment"] }),
  summary: nonEmpty("summary").meta({
    description: "What the scope permits; default consent text.",
    examples: ["Post new comments and votes"],
  }),
  availability: z
    .array(environmentSchema)
    .min(1, { message: "availability must list at least one environment" })
    .meta({
      description: "Environments where the scope is live. Promote by adding one.",
      examples: [["development", "staging"]],
    }),
  audience: nonEmpty("audience")
    .optional()
    .meta({
      description:
        "Added to the token audience: the client id of a registered resource server, or an absolute URI (https://…, urn:…) that registry.yaml lists under audiences.",
      examples: ["bodhi", "https://api.example.org"],
    }),
  consentText: nonEmpty("consentText")
    .optional()
    .meta({ description: "Consent screen text; default summary.", examples: ["Post comments and votes in your name"] }),
  includeInTokenScope: z
    .boolean()
    .optional()
    .meta({ description: "List the scope in the token's scope claim; default true.", examples: [true] }),
  restricted: z
    .strictObject({
      reason: nonEmpty("reason").meta({
        description: "Why only the listed clients may use the scope.",
        examples: ["Grants administrative access to every update"],
      }),
      allowedClients: z
        .array(nonEmpty("a client id"))
        .min(1, { message: "allowedClients must name at least one client" })
        .meta({
          description: "Client ids that may use the scope; each gives its reason under justifications.",
          examples: [["bodhi"]],
        }),
    })
    .optional()
    .meta({
      description: "Only the named clients may use this scope, each with a justification.",
      examples: [{ reason: "Grants administrative access", allowedClients: ["bodhi"] }],
    }),
  deprecated: z
    .strictObject({
      since: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "since must be a date such as 2024-01-31" })
        .meta({ description: "The date the scope was deprecated (YYYY-MM-DD).", examples: ["2024-01-31"] }),
      message: nonEmpty("message").meta({
        description: "What clients should use instead, shown in their warnings.",
        examples: ["Use https://example.org/oidc/read instead"],
      }),
    })
    .optional()
    .meta({
      description: "Clients still using the scope are warned.",
      examples: [{ since: "2024-01-31", message: "Use https://example.org/oidc/read instead" }],
    }),
  claims: z
    .array(claimSchema)
    .optional()
    .meta({
      description: "Claims the scope releases.",
      examples: [[{ name: "cla", from: "attribute", attribute: "cla", multivalued: true }]],
    }),
});

export const scopeFileSchema = z
  .strictObject({
    service: nonEmpty("service").meta({ description: "Display name of the service.", examples: ["Bodhi"] }),
    namespace: nonEmpty("namespace")
      .optional()
      .meta({
        description: "Base namespace; full scope name = namespace + id. Omitted: ids are full names.",
        examples: ["https://github.com/fedora-infra/bodhi/oidc/"],
      }),
    owners: ownersSchema,
    description: z
      .string()
      .optional()
      .meta({ description: "What the service is, for the catalogue.", examples: ["The Fedora update system."] }),
    scopes: z
      .array(scopeSchema)
      .min(1, { message: "scopes must list at least one scope" })
      .meta({
        description: "The scopes of this service.",
        examples: [[{ id: "comment", summary: "Post new comments and votes", availability: ["development"] }]],
      }),
  })
  .meta({ title: "scope-registry scope file", description: "scopes/<service>.yaml: one service namespace." });

export const FLOWS = ["authorization_code", "client_credentials", "device_code", "refresh_token", "password"] as const;
export const CLIENT_TYPES = ["confidential", "public", "bearer-only"] as const;

/** Where a confidential client's secret is delivered: a Kubernetes Secret. */
const kubernetesTargetSchema = z.strictObject({
  namespace: nonEmpty("namespace").meta({ description: "Namespace the Secret is written to.", examples: ["bodhi"] }),
  secretName: nonEmpty("secretName").meta({ description: "Name of the Secret.", examples: ["bodhi-oidc"] }),
});

const clientEnvironmentSchema = z.strictObject({
  redirectUris: z
    .array(nonEmpty("a redirect URI"))
    .optional()
    .meta({
      description: "Where authorization codes and tokens may be sent in this environment: exact URIs.",
      examples: [["https://app.example.org/oidc/callback"]],
    }),
  postLogoutRedirectUris: z
    .array(nonEmpty("a post-logout redirect URI"))
    .optional()
    .meta({
      description: "Where users may be sent after signing out in this environment.",
      examples: [["https://app.example.org/"]],
    }),
  webOrigins: z
    .array(nonEmpty("a web origin"))
    .optional()
    .meta({
      description:
        "Origins whose scripts may call Keycloak for this client (CORS): scheme://host[:port], or + for the redirect URIs' origins.",
      examples: [["https://app.example.org"]],
    }),
  consentRequired: z
    .boolean()
    .optional()
    .meta({ description: "Overrides the client's consentRequired here.", examples: [false] }),
  rootUrl: nonEmpty("rootUrl")
    .optional()
    .meta({
      description: "The application's root URL in this environment (Keycloak's Root URL).",
      examples: ["https://bodhi.example.org"],
    }),
  baseUrl: nonEmpty("baseUrl")
    .optional()
    .meta({
      description: "Where Keycloak links to the application (Home URL): absolute, or a path under rootUrl.",
      examples: ["/"],
    }),
  frontchannelLogoutUrl: nonEmpty("frontchannelLogoutUrl")
    .optional()
    .meta({
      description: "OpenID Connect front-channel logout: the page the browser loads when the user logs out.",
      examples: ["https://bodhi.example.org/logout/frontchannel"],
    }),
  backchannelLogoutUrl: nonEmpty("backchannelLogoutUrl")
    .optional()
    .meta({
      description:
        "OpenID Connect back-channel logout: where Keycloak POSTs a logout token when the user's session ends.",
      examples: ["https://bodhi.example.org/logout/backchannel"],
    }),
  credentials: z
    .strictObject({
      kubernetes: kubernetesTargetSchema.partial().meta({
        description: "Namespace, Secret name or both in this environment.",
        examples: [{ namespace: "bodhi-dev" }],
      }),
    })
    .optional()
    .meta({
      description: "Overrides credentials.kubernetes (namespace, secretName or both) in this environment.",
      examples: [{ kubernetes: { namespace: "bodhi-dev" } }],
    }),
});

/** Client roles: a role name as Keycloak stores it and a reviewer reads it. */
const roleNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, {
    message: "a role name is letters, digits, _ . : and -, starting with a letter or digit",
  })
  .meta({ description: "A role name.", examples: ["packager"] });

/** Lifespans in seconds, as Keycloak's client settings take them: at least a second, at most a year. */
const seconds = (description: string, example: number) =>
  z
    .number()
    .int({ message: "a lifespan is a whole number of seconds" })
    .min(1, { message: "a lifespan is at least 1 second" })
    .max(31_536_000, { message: "a lifespan is at most 31536000 seconds (a year)" })
    .optional()
    .meta({ description, examples: [example] });

export const clientFileSchema = z
  .strictObject({
    clientId: nonEmpty("clientId").meta({
      description: "Unique client id; the file is clients/<clientId>.yaml.",
      examples: ["bodhi"],
    }),
    name: nonEmpty("name").meta({ description: "Display name of the client.", examples: ["Bodhi"] }),
    owners: ownersSchema,
    description: z
      .string()
      .optional()
      .meta({
        description: "What the client is, for reviewers.",
        examples: ["The Fedora update system's web application."],
      }),
    type: z.enum(CLIENT_TYPES).meta({
      description:
        "confidential (keeps a secret), public (a browser or native app) or bearer-only (a resource server that only accepts tokens).",
      examples: ["confidential"],
    }),
    flows: z
      .array(z.enum(FLOWS))
      .optional()
      .meta({ description: "Grant types; default none.", examples: [["authorization_code", "refresh_token"]] }),
    consentRequired: z
      .boolean()
      .optional()
      .meta({
        description: "Ask users to consent to the scopes; default false; overridable per environment.",
        examples: [true],
      }),
    scopes: z
      .strictObject({
        default: z
          .array(nonEmpty("a scope name"))
          .optional()
          .meta({
            description: "Full scope names granted in every token (built-ins such as profile by name).",
            examples: [["profile"]],
          }),
        optional: z
          .array(nonEmpty("a scope name"))
          .optional()
          .meta({ description: "Full scope names granted only when requested.", examples: [["offline_access"]] }),
        omitBaseline: z
          .array(z.enum(["basic", "acr", "web-origins", "service_account"]))
          .optional()
          .meta({ description: "Baseline default scopes this client opts out of.", examples: [["acr"]] }),
      })
      .optional()
      .meta({
        description: "The scopes the client gets: default ones always, optional ones when requested.",
        examples: [{ default: ["profile"], optional: ["offline_access"] }],
      }),
    justifications: z
      .record(z.string(), nonEmpty("a justification"))
      .optional()
      .meta({
        description: "Why the client needs each restricted scope it uses, keyed by full scope name.",
        examples: [{ "https://example.org/oidc/admin": "Moderates comments" }],
      }),
    environments: z.partialRecord(environmentSchema, clientEnvironmentSchema).meta({
      description: "The client exists only in the environments listed here.",
      examples: [{ development: { redirectUris: ["http://localhost:6543/oidc/authorize"] } }],
    }),
    trustedScopes: z
      .strictObject({
        audience: z
          .array(nonEmpty("a scope name"))
          .optional()
          .meta({
            description: "Other teams' scopes that may add this client to a token's audience.",
            examples: [["https://example.org/oidc/read"]],
          }),
        clientRoles: z
          .array(nonEmpty("a scope name"))
          .optional()
          .meta({
            description: "Other teams' scopes that may release this client's roles as a claim.",
            examples: [["https://example.org/oidc/roles"]],
          }),
      })
      .optional()
      .meta({
        description:
          "Scopes of other teams that may name this client, by full scope name. Scopes whose file has exactly this client's owners need no entry.",
        examples: [{ audience: ["https://example.org/oidc/read"] }],
      }),
    fullScopeAllowed: z
      .boolean()
      .optional()
      .meta({
        description:
          "Whether tokens may carry every role the user holds (Keycloak's Full scope allowed). Default false: only the client's own roles, the roles its service account holds and the roles its scopes map.",
        examples: [true],
      }),
    roles: z
      .array(
        z.strictObject({
          name: roleNameSchema,
          description: z
            .string()
            .optional()
            .meta({ description: "What the role permits.", examples: ["Pushes updates"] }),
        }),
      )
      .optional()
      .meta({
        description: "Client roles this client defines (for example the permissions of a resource server).",
        examples: [[{ name: "packager", description: "Pushes updates" }]],
      }),
    serviceAccount: z
      .strictObject({
        realmRoles: z
          .array(roleNameSchema)
          .optional()
          .meta({
            description:
              "Realm roles the service account holds; registry.yaml serviceAccounts.realmRoles must allow each.",
            examples: [["reporting"]],
          }),
        clientRoles: z
          .record(z.string(), z.array(roleNameSchema).min(1, { message: "list at least one role" }))
          .optional()
          .meta({
            description: "Client id of a registered client → roles of it the service account holds.",
            examples: [{ bodhi: ["packager"] }],
          }),
      })
      .optional()
      .meta({
        description: "Roles the client's own service account holds (client_credentials clients).",
        examples: [{ clientRoles: { bodhi: ["packager"] } }],
      }),
    trustedClients: z
      .strictObject({
        serviceAccountRoles: z
          .array(nonEmpty("a client id"))
          .optional()
          .meta({
            description: "Other teams' clients whose service accounts may hold this client's roles.",
            examples: [["odcs-compose-bot"]],
          }),
      })
      .optional()
      .meta({
        description:
          "Clients of other teams that may hold this client's roles. Clients with exactly this client's owners need no entry.",
        examples: [{ serviceAccountRoles: ["odcs-compose-bot"] }],
      }),
    lifespans: z
      .strictObject({
        accessToken: seconds("Access-token lifespan in seconds; default the realm's.", 300),
        clientSessionIdle: seconds("Client session idle timeout in seconds; default the realm's.", 1800),
        clientSessionMax: seconds("Client session maximum lifespan in seconds; default the realm's.", 36000),
      })
      .optional()
      .meta({
        description: "Token and session lifespans of this client, overriding the realm's.",
        examples: [{ accessToken: 300 }],
      }),
    credentials: z
      .strictObject({
        kubernetes: kubernetesTargetSchema.meta({
          description: "The Kubernetes Secret that receives client-id, client-secret and issuer-url.",
          examples: [{ namespace: "bodhi", secretName: "bodhi-oidc" }],
        }),
        rotation: z
          .number()
          .int()
          .min(0)
          .optional()
          .meta({ description: "Bump to rotate the secret.", examples: [1] }),
      })
      .optional()
      .meta({
        description: "Confidential clients: where the generated secret is delivered.",
        examples: [{ kubernetes: { namespace: "bodhi", secretName: "bodhi-oidc" }, rotation: 0 }],
      }),
  })
  .meta({ title: "scope-registry client file", description: "clients/<clientId>.yaml: one registered client." });

/**
 * `registry.yaml` at the registry root: what the platform team decides for every team. Optional; a
 * registry without it gets no catch-all CODEOWNERS entry, and each Kubernetes namespace belongs to the
 * owners of the clients that deliver secrets into it.
 */
export const settingsFileSchema = z
  .strictObject({
    platformOwners: ownersSchema.meta({
      description:
        "Owners of everything outside scopes/ and clients/: stack files, code, schemas, workflows, this file.",
    }),
    kubernetes: z
      .strictObject({
        namespaces: z.record(z.string(), ownersSchema).meta({
          description: "Namespace → the owners whose clients may deliver secrets into it.",
          examples: [{ bodhi: ["@fedora-infra/bodhi"] }],
        }),
      })
      .optional()
      .meta({
        description: "Where clients may deliver their secrets.",
        examples: [{ namespaces: { bodhi: ["@fedora-infra/bodhi"] } }],
      }),
    promotion: z
      .strictObject({
        approvers: z.partialRecord(environmentSchema, ownersSchema).meta({
          description:
            "Environment → who may approve a pull request that promotes a scope or client into it (past the first environment).",
          examples: [{ production: ["@example/platform"] }],
        }),
      })
      .optional()
      .meta({
        description: "Who approves promotions, per environment.",
        examples: [{ approvers: { production: ["@example/platform"] } }],
      }),
    pullRequests: z
      .strictObject({
        breakingLabel: nonEmpty("a label")
          .optional()
          .meta({
            description: "Pull-request label that acknowledges BREAKING changes; default breaking-change.",
            examples: ["breaking-change"],
          }),
      })
      .optional()
      .meta({ description: "How pull requests are checked.", examples: [{ breakingLabel: "breaking-change" }] }),
    audiences: z
      .record(z.string(), ownersSchema)
      .optional()
      .meta({
        description:
          "Custom audience (an absolute URI naming a resource server outside the registry) → the owners whose scopes may put it in a token's audience.",
        examples: [{ "https://api.example.org": ["@example/api"] }],
      }),
    serviceAccounts: z
      .strictObject({
        realmRoles: z.array(roleNameSchema).meta({
          description: "Realm roles a client's service account may hold (serviceAccount.realmRoles).",
          examples: [["reporting"]],
        }),
      })
      .optional()
      .meta({
        description: "What clients' service accounts may hold. Without it, no realm role.",
        examples: [{ realmRoles: ["reporting"] }],
      }),
    verify: z
      .strictObject({
        ignore: z
          .strictObject({
            clients: z
              .array(nonEmpty("a client id"))
              .optional()
              .meta({
                description: "Client ids in the realm that verify does not report as orphans.",
                examples: [["legacy-portal"]],
              }),
            scopes: z
              .array(nonEmpty("a scope name"))
              .optional()
              .meta({
                description: "Client scope names in the realm that verify does not report as orphans.",
                examples: [["legacy-scope"]],
              }),
          })
          .optional()
          .meta({
            description: "Objects in the realm that verify does not report as orphans, by exact name.",
            examples: [{ clients: ["legacy-portal"] }],
          }),
      })
      .optional()
      .meta({
        description: "What `verify` leaves out: objects in the realm that the registry does not manage.",
        examples: [{ ignore: { clients: ["legacy-portal"] } }],
      }),
  })
  .meta({ title: "scope-registry settings", description: "registry.yaml: decisions of the platform team." });

export type ScopeFile = z.infer<typeof scopeFileSchema>;
export type SettingsFile = z.infer<typeof settingsFileSchema>;
export type ScopeDefinition = z.infer<typeof scopeSchema>;
export type Claim = z.infer<typeof claimSchema>;
export type ClaimSource = Claim["from"];
export type ClaimType = (typeof CLAIM_TYPES)[number];
export type TokenKind = (typeof TOKENS)[number];
export type Placement = (typeof PLACEMENTS)[number];
export type ClientFile = z.infer<typeof clientFileSchema>;
export type ClientType = (typeof CLIENT_TYPES)[number];
export type Flow = (typeof FLOWS)[number];
