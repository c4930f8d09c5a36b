/** Pure tests: which protocol mapper each claim source becomes, with exact arguments. */
import { describe, expect, test } from "vitest";
import type { PlannedClaim, PlannedScope } from "../../src/registry";
import { audienceMapperFor, claimValueType, mapperFor, type MapperSpec } from "../../components/mappers";

const ALL = ["id_token", "access_token", "userinfo", "introspection"] as const;
const everywhere = { addToIdToken: true, addToAccessToken: true, addToUserinfo: true };
/** The four mapper types with an introspection switch set it; the others follow the access token. */
const introspected = { ...everywhere, addToTokenIntrospection: true };

function claim(partial: Partial<PlannedClaim> & Pick<PlannedClaim, "name" | "from" | "settings">): PlannedClaim {
  return {
    type: "string",
    multivalued: false,
    in: ALL,
    mapperName: partial.name,
    resourceName: `svc/scope/${partial.name}`,
    ...partial,
  };
}

describe("claimValueType", () => {
  test.each([
    ["string", "String"],
    ["json", "JSON"],
    ["long", "long"],
    ["integer", "int"],
    ["boolean", "boolean"],
  ] as const)("%s → %s", (type, expected) => {
    expect(claimValueType(type)).toBe(expected);
  });
});

describe("mapperFor", () => {
  test.each<[string, PlannedClaim, MapperSpec]>([
    [
      "attribute",
      claim({ name: "cla", from: "attribute", settings: { attribute: "cla" }, multivalued: true }),
      {
        kind: "UserAttributeProtocolMapper",
        args: {
          name: "cla",
          claimName: "cla",
          userAttribute: "cla",
          claimValueType: "String",
          multivalued: true,
          ...introspected,
        },
      },
    ],
    [
      "attribute of type json, access token (and so introspection) only",
      claim({
        name: "address",
        from: "attribute",
        settings: { attribute: "addr" },
        type: "json",
        in: ["access_token", "introspection"],
      }),
      {
        kind: "UserAttributeProtocolMapper",
        args: {
          name: "address",
          claimName: "address",
          userAttribute: "addr",
          claimValueType: "JSON",
          multivalued: false,
          addToIdToken: false,
          addToAccessToken: true,
          addToUserinfo: false,
          addToTokenIntrospection: true,
        },
      },
    ],
    [
      "property",
      claim({ name: "email_verified", from: "property", settings: { property: "emailVerified" }, type: "boolean" }),
      {
        kind: "UserPropertyProtocolMapper",
        args: {
          name: "email_verified",
          claimName: "email_verified",
          userProperty: "emailVerified",
          claimValueType: "boolean",
          ...everywhere,
        },
      },
    ],
    [
      "groups, short names (fullPath false is set, against the provider's default of true)",
      claim({ name: "groups", from: "groups", settings: { fullPath: false }, multivalued: true }),
      {
        kind: "GroupMembershipProtocolMapper",
        args: { name: "groups", claimName: "groups", fullPath: false, ...introspected },
      },
    ],
    [
      "groups, full paths, userinfo only",
      claim({ name: "group_paths", from: "groups", settings: { fullPath: true }, multivalued: true, in: ["userinfo"] }),
      {
        kind: "GroupMembershipProtocolMapper",
        args: {
          name: "group_paths",
          claimName: "group_paths",
          fullPath: true,
          addToIdToken: false,
          addToAccessToken: false,
          addToUserinfo: true,
          addToTokenIntrospection: false,
        },
      },
    ],
    [
      "realm roles without a prefix",
      claim({ name: "roles", from: "realm-roles", settings: { prefix: "" }, multivalued: true }),
      {
        kind: "UserRealmRoleProtocolMapper",
        args: { name: "roles", claimName: "roles", claimValueType: "String", multivalued: true, ...introspected },
      },
    ],
    [
      "realm roles with a prefix",
      claim({ name: "roles", from: "realm-roles", settings: { prefix: "realm:" }, multivalued: true }),
      {
        kind: "UserRealmRoleProtocolMapper",
        args: {
          name: "roles",
          claimName: "roles",
          claimValueType: "String",
          multivalued: true,
          realmRolePrefix: "realm:",
          ...introspected,
        },
      },
    ],
    [
      "client roles",
      claim({
        name: "bodhi_roles",
        from: "client-roles",
        settings: { client: "bodhi", prefix: "" },
        multivalued: true,
      }),
      {
        kind: "UserClientRoleProtocolMapper",
        args: {
          name: "bodhi_roles",
          claimName: "bodhi_roles",
          claimValueType: "String",
          multivalued: true,
          clientIdForRoleMappings: "bodhi",
          ...everywhere,
        },
      },
    ],
    [
      "client roles with a prefix",
      claim({ name: "r", from: "client-roles", settings: { client: "odcs", prefix: "odcs-" }, multivalued: true }),
      {
        kind: "UserClientRoleProtocolMapper",
        args: {
          name: "r",
          claimName: "r",
          claimValueType: "String",
          multivalued: true,
          clientIdForRoleMappings: "odcs",
          clientRolePrefix: "odcs-",
          ...everywhere,
        },
      },
    ],
    [
      "constant",
      claim({ name: "zoneinfo", from: "constant", settings: { value: "Europe/Paris" } }),
      {
        kind: "HardcodedClaimProtocolMapper",
        args: {
          name: "zoneinfo",
          claimName: "zoneinfo",
          claimValue: "Europe/Paris",
          claimValueType: "String",
          ...everywhere,
        },
      },
    ],
    [
      "constant of type integer",
      claim({ name: "level", from: "constant", settings: { value: "3" }, type: "integer" }),
      {
        kind: "HardcodedClaimProtocolMapper",
        args: { name: "level", claimName: "level", claimValue: "3", claimValueType: "int", ...everywhere },
      },
    ],
    [
      "full name (Keycloak's mapper has no claim name: it always writes `name`)",
      claim({ name: "name", from: "full-name", settings: {} }),
      { kind: "FullNameProtocolMapper", args: { name: "name", ...everywhere } },
    ],
    [
      "session note of type long",
      claim({
        name: "login_time",
        from: "session-note",
        settings: { note: "AUTH_TIME" },
        type: "long",
        in: ["id_token"],
      }),
      {
        kind: "UserSessionNoteProtocolMapper",
        args: {
          name: "login_time",
          claimName: "login_time",
          sessionNote: "AUTH_TIME",
          claimValueType: "long",
          addToIdToken: true,
          addToAccessToken: false,
          addToUserinfo: false,
          addToTokenIntrospection: false,
        },
      },
    ],
  ])("%s", (_, input, expected) => {
    expect(mapperFor(input)).toEqual(expected);
  });

  test("the mapper takes the name the plan gives it", () => {
    expect(
      mapperFor(claim({ name: "cla", mapperName: "cla-mapper", from: "attribute", settings: { attribute: "cla" } }))
        .args.name,
    ).toBe("cla-mapper");
  });

  test("a claim whose source setting is missing is a programming error, reported by name", () => {
    expect(() => mapperFor(claim({ name: "cla", from: "attribute", settings: {} }))).toThrow(
      "claim cla (attribute) has no attribute setting",
    );
  });
});

describe("audienceMapperFor", () => {
  const scope = (audience: string | null): PlannedScope => ({
    name: "https://example.org/oidc/write",
    service: "example",
    serviceResourceName: "example",
    resourceName: "example/write",
    serviceName: "Example",
    id: "write",
    description: "Write",
    consentText: "Write",
    includeInTokenScope: true,
    audience,
    audienceMapper: audience === null ? null : { name: "audience", resourceName: "example/write/audience" },
    claims: [],
    deprecated: null,
    restricted: null,
  });

  test("an API scope adds its resource server to the access token's audience only", () => {
    expect(audienceMapperFor(scope("bodhi"))).toEqual({
      name: "audience",
      includedCustomAudience: "bodhi",
      addToAccessToken: true,
      addToIdToken: false,
      addToTokenIntrospection: true,
    });
  });

  test("a scope without an audience has no audience mapper", () => {
    expect(audienceMapperFor(scope(null))).toBeNull();
  });
});
