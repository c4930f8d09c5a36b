/**
 * Claim sources in Keycloak's words, both ways: which protocol mapper type and config keys each claim
 * source becomes (what `pulumi up` stores and verify expects: src/live/expected.ts builds its mappers
 * from this table, components/mappers.ts takes its `jsonType.label` values from it), and which claim a
 * stored mapper is (what `import` reads back). One table, so the two directions cannot drift apart;
 * test/unit/import.test.ts maps every source there and back.
 */
import {
  TOKENS,
  USER_PROPERTIES,
  type Claim,
  type ClaimSource,
  type ClaimType,
  type Placement,
  type TokenKind,
} from "./schema";
import { constantFitsType, type ClaimDefinition } from "./claims";

/** Keycloak's `jsonType.label` for each registry claim type. */
export const JSON_TYPE_LABELS = {
  string: "String",
  json: "JSON",
  long: "long",
  integer: "int",
  boolean: "boolean",
} as const satisfies Readonly<Record<ClaimType, string>>;

export type JsonTypeLabel = (typeof JSON_TYPE_LABELS)[ClaimType];

/** The mapper config key of each token flag. */
export const TOKEN_FLAGS = {
  id_token: "id.token.claim",
  access_token: "access.token.claim",
  userinfo: "userinfo.token.claim",
} as const satisfies Readonly<Record<TokenKind, string>>;

/** How one claim source is stored as a protocol mapper. */
export interface SourceMapper {
  /** Keycloak's mapper type id. */
  readonly type: string;
  /** Whether the mapper stores `claim.name` (the full-name mapper always writes `name`). */
  readonly claimName: boolean;
  /** Whether it stores `jsonType.label`, and `multivalued`. */
  readonly jsonType: boolean;
  readonly multivalued: boolean;
  /**
   * Whether the registry sets its introspection switch (`introspection.token.claim`): the four types
   * whose provider resource has one. The others put their claim in the introspection response exactly
   * when it is in the access token (components/mappers.ts IntrospectionFlag).
   */
  readonly introspection: boolean;
  /** Each source setting (ClaimDefinition.settings) and the config key that holds it. */
  readonly settings: Readonly<Record<string, string>>;
}

export const CLAIM_MAPPERS: Readonly<Record<ClaimSource, SourceMapper>> = {
  attribute: {
    type: "oidc-usermodel-attribute-mapper",
    claimName: true,
    jsonType: true,
    multivalued: true,
    introspection: true,
    settings: { attribute: "user.attribute" },
  },
  property: {
    type: "oidc-usermodel-property-mapper",
    claimName: true,
    jsonType: true,
    multivalued: false,
    introspection: false,
    settings: { property: "user.attribute" },
  },
  groups: {
    type: "oidc-group-membership-mapper",
    claimName: true,
    jsonType: false,
    multivalued: false,
    introspection: true,
    settings: { fullPath: "full.path" },
  },
  "realm-roles": {
    type: "oidc-usermodel-realm-role-mapper",
    claimName: true,
    jsonType: true,
    multivalued: true,
    introspection: true,
    settings: { prefix: "usermodel.realmRoleMapping.rolePrefix" },
  },
  "client-roles": {
    type: "oidc-usermodel-client-role-mapper",
    claimName: true,
    jsonType: true,
    multivalued: true,
    introspection: false,
    settings: { client: "usermodel.clientRoleMapping.clientId", prefix: "usermodel.clientRoleMapping.rolePrefix" },
  },
  constant: {
    type: "oidc-hardcoded-claim-mapper",
    claimName: true,
    jsonType: true,
    multivalued: false,
    introspection: false,
    settings: { value: "claim.value" },
  },
  "full-name": {
    type: "oidc-full-name-mapper",
    claimName: false,
    jsonType: false,
    multivalued: false,
    introspection: false,
    settings: {},
  },
  "session-note": {
    type: "oidc-usersessionmodel-note-mapper",
    claimName: true,
    jsonType: true,
    multivalued: false,
    introspection: true,
    settings: { note: "user.session.note" },
  },
};

/** The introspection switch's config key. */
export const INTROSPECTION_FLAG = "introspection.token.claim";

/** The mapper type that adds an API scope's audience. */
export const AUDIENCE_MAPPER_TYPE = "oidc-audience-mapper";

const bool = (value: boolean): string => (value ? "true" : "false");

/** A claim's mapper: its type and the config keys the registry decides, as Keycloak stores them. */
export function claimMapperConfig(claim: ClaimDefinition & { readonly in: readonly Placement[] }): {
  readonly protocolMapper: string;
  readonly config: Readonly<Record<string, string>>;
} {
  const mapper = CLAIM_MAPPERS[claim.from];
  const config: Record<string, string> = {};
  for (const token of TOKENS) config[TOKEN_FLAGS[token]] = bool(claim.in.includes(token));
  if (mapper.introspection) config[INTROSPECTION_FLAG] = bool(claim.in.includes("introspection"));
  if (mapper.claimName) config["claim.name"] = claim.name;
  for (const [setting, key] of Object.entries(mapper.settings)) {
    const value = claim.settings[setting];
    config[key] = typeof value === "boolean" ? bool(value) : (value ?? "");
  }
  if (mapper.jsonType) config["jsonType.label"] = JSON_TYPE_LABELS[claim.type];
  if (mapper.multivalued) config["multivalued"] = bool(claim.multivalued);
  return { protocolMapper: mapper.type, config };
}

/** A protocol mapper as stored: type id and config (strings). */
export interface StoredMapper {
  readonly name: string;
  readonly protocol: string;
  readonly protocolMapper: string;
  readonly config: Readonly<Record<string, string>>;
}

/**
 * What reading a mapper back gives: the claim it releases, with what `pulumi up` would store
 * differently (`changes`, each a reason the registry cannot say it), or why it is not a claim the
 * registry can express at all (`unsupported`).
 */
export type MapperReading =
  | { readonly kind: "claim"; readonly claim: Claim; readonly changes: readonly string[] }
  | { readonly kind: "unsupported"; readonly reason: string };

/**
 * Config keys Keycloak or the provider store on their own, with the value that changes nothing: any
 * other value is a setting the registry has no field for.
 */
const NEUTRAL_CONFIG: Readonly<Record<string, string>> = {
  [INTROSPECTION_FLAG]: "true",
  "lightweight.claim": "false",
  "aggregate.attrs": "false",
};

const SOURCE_BY_TYPE: ReadonlyMap<string, ClaimSource> = new Map(
  (Object.entries(CLAIM_MAPPERS) as [ClaimSource, SourceMapper][]).map(([source, m]) => [m.type, source]),
);

const TYPE_BY_LABEL: ReadonlyMap<string, ClaimType> = new Map(
  (Object.entries(JSON_TYPE_LABELS) as [ClaimType, string][]).map(([type, label]) => [label, type]),
);

/** The claim a stored mapper releases: the inverse of `claimMapperConfig`. */
export function claimFromMapper(mapper: StoredMapper): MapperReading {
  const source = SOURCE_BY_TYPE.get(mapper.protocolMapper);
  if (mapper.protocol !== "" && mapper.protocol !== "openid-connect") {
    return { kind: "unsupported", reason: `a ${mapper.protocol} mapper; the registry releases OpenID Connect claims` };
  }
  if (source === undefined) {
    return { kind: "unsupported", reason: `the registry has no claim source for mapper type ${mapper.protocolMapper}` };
  }
  const shape = CLAIM_MAPPERS[source];
  const config = mapper.config;
  const changes: string[] = [];
  const used = new Set<string>([...Object.values(TOKEN_FLAGS), ...Object.values(shape.settings)]);
  const value = (key: string): string => config[key] ?? "";

  const tokens = TOKENS.filter((token) => {
    const stored = config[TOKEN_FLAGS[token]];
    // An absent userinfo flag follows the ID token's (Keycloak's backwards compatibility rule).
    return (stored ?? (token === "userinfo" ? config[TOKEN_FLAGS.id_token] : undefined)) === "true";
  });
  // Absent, the introspection switch follows the access token (OIDCAttributeMapperHelper).
  const introspected = (config[INTROSPECTION_FLAG] ?? (tokens.includes("access_token") ? "true" : "false")) === "true";
  const placed: Placement[] = [...tokens];
  if (shape.introspection) {
    used.add(INTROSPECTION_FLAG);
    if (introspected && !tokens.includes("access_token")) placed.push("introspection");
    if (!introspected && tokens.includes("access_token")) {
      changes.push("not in the introspection response although in the access token; the registry puts it there");
    }
  }
  if (placed.length === 0) {
    return {
      kind: "unsupported",
      reason: shape.introspection
        ? "in no token and not in introspection; a claim is placed somewhere"
        : "in no token (the registry places this mapper type's claim in the introspection response only with the access token)",
    };
  }
  let name = "name";
  if (shape.claimName) {
    used.add("claim.name");
    name = value("claim.name");
    if (name === "") return { kind: "unsupported", reason: "no claim.name" };
  }
  const expectedType = fixedType(source, config);
  let type: ClaimType = expectedType ?? "string";
  if (shape.jsonType) {
    used.add("jsonType.label");
    const label = value("jsonType.label");
    const read = TYPE_BY_LABEL.get(label);
    if (expectedType !== undefined) {
      if (label !== JSON_TYPE_LABELS[expectedType]) {
        changes.push(`jsonType.label ${quoted(label)}: the registry releases it as ${JSON_TYPE_LABELS[expectedType]}`);
      }
    } else if (label === "") {
      changes.push(`no jsonType.label: imported as string (pulumi up stores ${JSON_TYPE_LABELS.string})`);
    } else if (read === undefined) {
      return { kind: "unsupported", reason: `jsonType.label ${quoted(label)} is not one the registry knows` };
    } else type = read;
  }
  let multivalued = false;
  if (shape.multivalued) {
    used.add("multivalued");
    multivalued = value("multivalued") === "true";
    if (source !== "attribute" && !multivalued) {
      changes.push("multivalued off: the registry releases roles as a list");
    }
  }
  // Every token (and so introspection too) is the default: `in` is left out.
  const base = { name, ...(tokens.length === TOKENS.length ? {} : { in: placed }) };
  let claim: Claim;
  switch (source) {
    case "attribute": {
      const attribute = value("user.attribute");
      if (attribute === "") return { kind: "unsupported", reason: "no user.attribute" };
      claim = {
        ...base,
        from: "attribute",
        attribute,
        ...(multivalued ? { multivalued } : {}),
        ...(type !== "string" ? { type } : {}),
      };
      break;
    }
    case "property": {
      const property = value("user.attribute");
      if (!(USER_PROPERTIES as readonly string[]).includes(property)) {
        return {
          kind: "unsupported",
          reason: `user property ${quoted(property)} is not one the registry releases (${USER_PROPERTIES.join(", ")})`,
        };
      }
      claim = { ...base, from: "property", property: property as (typeof USER_PROPERTIES)[number] };
      break;
    }
    case "groups":
      claim = { ...base, from: "groups", ...(value("full.path") === "true" ? { fullPath: true } : {}) };
      break;
    case "realm-roles": {
      const prefix = value("usermodel.realmRoleMapping.rolePrefix");
      claim = { ...base, from: "realm-roles", ...(prefix !== "" ? { prefix } : {}) };
      break;
    }
    case "client-roles": {
      const client = value("usermodel.clientRoleMapping.clientId");
      if (client === "") {
        return { kind: "unsupported", reason: "releases the roles of every client; the registry names one client" };
      }
      const prefix = value("usermodel.clientRoleMapping.rolePrefix");
      claim = { ...base, from: "client-roles", client, ...(prefix !== "" ? { prefix } : {}) };
      break;
    }
    case "constant":
      claim = {
        ...base,
        from: "constant",
        value: typedConstant(value("claim.value"), type),
        ...(type !== "string" ? { type } : {}),
      };
      break;
    case "full-name":
      claim = { ...base, from: "full-name" };
      break;
    case "session-note": {
      const note = value("user.session.note");
      if (note === "") return { kind: "unsupported", reason: "no user.session.note" };
      claim = { ...base, from: "session-note", note, ...(type !== "string" ? { type } : {}) };
      break;
    }
  }
  for (const [key, stored] of Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (used.has(key) || stored === "" || NEUTRAL_CONFIG[key] === stored) continue;
    changes.push(`config ${key} = ${quoted(stored)} has no field in the registry`);
  }
  return { kind: "claim", claim, changes };
}

/** Sources whose type the registry derives rather than declares. */
function fixedType(source: ClaimSource, config: Readonly<Record<string, string>>): ClaimType | undefined {
  if (source === "property") return config["user.attribute"] === "emailVerified" ? "boolean" : "string";
  if (source === "realm-roles" || source === "client-roles") return "string";
  return undefined;
}

/** A constant as the registry writes it: a whole number or boolean as such when its type says so. */
function typedConstant(text: string, type: ClaimType): string | number | boolean {
  if ((type === "integer" || type === "long") && constantFitsType(text, type)) {
    const number = Number(text);
    if (Number.isSafeInteger(number) && String(number) === text) return number;
  }
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

/**
 * An audience mapper read back: the audience the registry's `audience` field gives (a custom
 * audience in the access token and introspection, never the ID token), with what differs.
 */
export function audienceFromMapper(
  mapper: StoredMapper,
): { readonly audience: string; readonly changes: readonly string[] } | { readonly unsupported: string } {
  const config = mapper.config;
  const custom = config["included.custom.audience"] ?? "";
  const client = config["included.client.audience"] ?? "";
  if ((custom === "") === (client === "")) {
    return { unsupported: "an audience mapper with no single audience" };
  }
  const changes: string[] = [];
  if (client !== "") {
    changes.push(`adds client ${quoted(client)} (included.client.audience); the registry adds it as a custom audience`);
  }
  if (config["access.token.claim"] !== "true") changes.push("not in the access token; the registry puts it there");
  if (config["id.token.claim"] === "true") changes.push("in the ID token; the registry never puts an audience there");
  if (config["introspection.token.claim"] === "false") {
    changes.push("not in introspection; the registry puts it there");
  }
  const known = new Set([
    "included.custom.audience",
    "included.client.audience",
    "access.token.claim",
    "id.token.claim",
    "introspection.token.claim",
  ]);
  for (const [key, stored] of Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (known.has(key) || stored === "" || NEUTRAL_CONFIG[key] === stored) continue;
    changes.push(`config ${key} = ${quoted(stored)} has no field in the registry`);
  }
  return { audience: client !== "" ? client : custom, changes };
}

function quoted(text: string): string {
  return JSON.stringify(text);
}
