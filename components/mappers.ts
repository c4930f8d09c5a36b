/**
 * Which Keycloak protocol mapper releases each planned claim, and with which settings. Pure data: the
 * ServiceScopes component turns each spec into one typed `@pulumi/keycloak` mapper, adding only the
 * realm and the client scope it belongs to.
 *
 * Every spec sets `name` (the bridge would otherwise auto-name the mapper `<name>-abf8e`) and sets each
 * token flag explicitly, so what the registry says is what Keycloak stores, whatever the provider's
 * defaults are.
 */
import type { ClaimType, PlannedClaim, PlannedScope } from "../src/registry";
import { JSON_TYPE_LABELS, type JsonTypeLabel } from "../src/registry/keycloak-mappers";

/** Keycloak's `jsonType.label` values (terraform-provider-keycloak passes them through verbatim). */
export type ClaimValueType = JsonTypeLabel;

export function claimValueType(type: ClaimType): ClaimValueType {
  return JSON_TYPE_LABELS[type];
}

interface TokenFlags {
  readonly addToIdToken: boolean;
  readonly addToAccessToken: boolean;
  readonly addToUserinfo: boolean;
}

/**
 * The introspection switch, on the four mapper types whose provider resource has one. The others have
 * none, and Keycloak then puts their claim in the introspection response exactly when it is in the
 * access token, which is what the plan says for every claim (validate's introspection-placement rule
 * refuses asking otherwise).
 */
interface IntrospectionFlag {
  readonly addToTokenIntrospection: boolean;
}

interface Named {
  /** The mapper's name in Keycloak, as planned: unique within its client scope. */
  readonly name: string;
}

/** One mapper: `kind` is the `@pulumi/keycloak` class, `args` its arguments minus realm and scope. */
export type MapperSpec =
  | {
      readonly kind: "UserAttributeProtocolMapper";
      readonly args: Named &
        TokenFlags &
        IntrospectionFlag & {
          readonly claimName: string;
          readonly userAttribute: string;
          readonly claimValueType: ClaimValueType;
          readonly multivalued: boolean;
        };
    }
  | {
      readonly kind: "UserPropertyProtocolMapper";
      readonly args: Named &
        TokenFlags & {
          readonly claimName: string;
          readonly userProperty: string;
          readonly claimValueType: ClaimValueType;
        };
    }
  | {
      readonly kind: "GroupMembershipProtocolMapper";
      readonly args: Named &
        TokenFlags &
        IntrospectionFlag & { readonly claimName: string; readonly fullPath: boolean };
    }
  | {
      readonly kind: "UserRealmRoleProtocolMapper";
      readonly args: Named &
        TokenFlags &
        IntrospectionFlag & {
          readonly claimName: string;
          readonly claimValueType: ClaimValueType;
          readonly multivalued: boolean;
          readonly realmRolePrefix?: string;
        };
    }
  | {
      readonly kind: "UserClientRoleProtocolMapper";
      readonly args: Named &
        TokenFlags & {
          readonly claimName: string;
          readonly claimValueType: ClaimValueType;
          readonly multivalued: boolean;
          readonly clientIdForRoleMappings: string;
          readonly clientRolePrefix?: string;
        };
    }
  | {
      readonly kind: "HardcodedClaimProtocolMapper";
      readonly args: Named &
        TokenFlags & {
          readonly claimName: string;
          readonly claimValue: string;
          readonly claimValueType: ClaimValueType;
        };
    }
  | { readonly kind: "FullNameProtocolMapper"; readonly args: Named & TokenFlags }
  | {
      readonly kind: "UserSessionNoteProtocolMapper";
      readonly args: Named &
        TokenFlags &
        IntrospectionFlag & {
          readonly claimName: string;
          readonly sessionNote: string;
          readonly claimValueType: ClaimValueType;
        };
    };

function tokenFlags(claim: PlannedClaim): TokenFlags {
  return {
    addToIdToken: claim.in.includes("id_token"),
    addToAccessToken: claim.in.includes("access_token"),
    addToUserinfo: claim.in.includes("userinfo"),
  };
}

function text(claim: PlannedClaim, setting: string): string {
  const value = claim.settings[setting];
  if (typeof value !== "string") throw new Error(`claim ${claim.name} (${claim.from}) has no ${setting} setting`);
  return value;
}

/** An empty prefix is the same as none; leaving it out keeps the provider from diffing "" against null. */
function prefix(claim: PlannedClaim): string | undefined {
  const value = claim.settings["prefix"];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function mapperFor(claim: PlannedClaim): MapperSpec {
  const named = { name: claim.mapperName, ...tokenFlags(claim) };
  const introspected = { ...named, addToTokenIntrospection: claim.in.includes("introspection") };
  switch (claim.from) {
    case "attribute":
      return {
        kind: "UserAttributeProtocolMapper",
        args: {
          ...introspected,
          claimName: claim.name,
          userAttribute: text(claim, "attribute"),
          claimValueType: claimValueType(claim.type),
          multivalued: claim.multivalued,
        },
      };
    case "property":
      return {
        kind: "UserPropertyProtocolMapper",
        args: {
          ...named,
          claimName: claim.name,
          userProperty: text(claim, "property"),
          claimValueType: claimValueType(claim.type),
        },
      };
    case "groups":
      // fullPath is always set: the provider defaults it to true, the registry to false.
      return {
        kind: "GroupMembershipProtocolMapper",
        args: { ...introspected, claimName: claim.name, fullPath: claim.settings["fullPath"] === true },
      };
    case "realm-roles": {
      const realmRolePrefix = prefix(claim);
      return {
        kind: "UserRealmRoleProtocolMapper",
        args: {
          ...introspected,
          claimName: claim.name,
          claimValueType: claimValueType(claim.type),
          multivalued: claim.multivalued,
          ...(realmRolePrefix !== undefined ? { realmRolePrefix } : {}),
        },
      };
    }
    case "client-roles": {
      const clientRolePrefix = prefix(claim);
      return {
        kind: "UserClientRoleProtocolMapper",
        args: {
          ...named,
          claimName: claim.name,
          claimValueType: claimValueType(claim.type),
          multivalued: claim.multivalued,
          // Keycloak's `usermodel.clientRoleMapping.clientId` holds the client id, not the client's UUID.
          clientIdForRoleMappings: text(claim, "client"),
          ...(clientRolePrefix !== undefined ? { clientRolePrefix } : {}),
        },
      };
    }
    case "constant":
      return {
        kind: "HardcodedClaimProtocolMapper",
        args: {
          ...named,
          claimName: claim.name,
          claimValue: text(claim, "value"),
          claimValueType: claimValueType(claim.type),
        },
      };
    case "full-name":
      // Keycloak's FullNameMapper always writes the `name` claim; validate's full-name-claim rule rejects other names.
      return { kind: "FullNameProtocolMapper", args: named };
    case "session-note":
      return {
        kind: "UserSessionNoteProtocolMapper",
        args: {
          ...introspected,
          claimName: claim.name,
          sessionNote: text(claim, "note"),
          claimValueType: claimValueType(claim.type),
        },
      };
  }
}

export interface AudienceMapperArgs {
  readonly name: string;
  readonly includedCustomAudience: string;
  readonly addToAccessToken: boolean;
  readonly addToIdToken: boolean;
  readonly addToTokenIntrospection: boolean;
}

/**
 * The audience mapper of an API scope: adds the resource server's client id to the access token's
 * `aud`. A custom audience rather than `includedClientAudience`, so the mapper needs nothing from the
 * client resource and scopes never wait for clients. Not in the ID token, whose audience is the client
 * that logged in (OpenID Connect Core §2; extra audiences there make relying parties reject it).
 */
export function audienceMapperFor(scope: PlannedScope): AudienceMapperArgs | null {
  if (scope.audience === null || scope.audienceMapper === null) return null;
  return {
    name: scope.audienceMapper.name,
    includedCustomAudience: scope.audience,
    addToAccessToken: true,
    addToIdToken: false,
    addToTokenIntrospection: true,
  };
}
