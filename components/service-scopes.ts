/**
 * ServiceScopes: one service's client scopes (one scope file), each with one protocol mapper per claim
 * and, for an API scope with an audience, an audience mapper. The preview tree reads by service.
 */
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import type { ImportKind, PlannedScope } from "../src/registry";
import { NO_ADOPTION, type AdoptionSettings } from "./adoption";
import { audienceMapperFor, mapperFor, type MapperSpec } from "./mappers";
import { resourceOptionsFor } from "./options";

export interface ServiceScopesArgs {
  /** The realm the scopes live in (a realm's id is its name). */
  readonly realm: string;
  /** The service's scopes available in this environment, all from one scope file. */
  readonly scopes: readonly PlannedScope[];
  readonly provider: keycloak.Provider;
  readonly protect: boolean;
  /** Which scopes and mappers already exist in the realm and are imported, not created. */
  readonly adoption?: AdoptionSettings;
}

export class ServiceScopes extends pulumi.ComponentResource {
  /** Client scopes by full scope name, so that client attachments can depend on them. */
  readonly clientScopes: ReadonlyMap<string, keycloak.openid.ClientScope>;
  /** Full names of the scopes this component provisions. */
  readonly scopeNames: readonly string[];

  constructor(name: string, args: ServiceScopesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("scope-registry:keycloak:ServiceScopes", name, {}, opts);
    const { realm, provider } = args;
    const adoption = args.adoption ?? NO_ADOPTION;
    const adopted = (kind: ImportKind, logicalName: string) => {
      const id = adoption.importId(kind, logicalName);
      return id === undefined ? {} : { import: id };
    };
    const policy = { protect: args.protect };
    const clientScopes = new Map<string, keycloak.openid.ClientScope>();
    for (const scope of args.scopes) {
      const clientScope = new keycloak.openid.ClientScope(
        scope.resourceName,
        {
          realmId: realm,
          name: scope.name,
          description: scope.description,
          consentScreenText: scope.consentText,
          includeInTokenScope: scope.includeInTokenScope,
        },
        {
          parent: this,
          provider,
          ...resourceOptionsFor("client-scope", policy),
          ...adopted("client-scope", scope.resourceName),
        },
      );
      clientScopes.set(scope.name, clientScope);
      const mapperOptions = { parent: this, provider, ...resourceOptionsFor("protocol-mapper", policy) };
      for (const claim of scope.claims) {
        createMapper(
          claim.resourceName,
          mapperFor(claim),
          { realmId: realm, clientScopeId: clientScope.id },
          { ...mapperOptions, ...adopted("mapper", claim.resourceName) },
        );
      }
      const audience = audienceMapperFor(scope);
      if (audience !== null && scope.audienceMapper !== null) {
        new keycloak.openid.AudienceProtocolMapper(
          scope.audienceMapper.resourceName,
          { ...audience, realmId: realm, clientScopeId: clientScope.id },
          { ...mapperOptions, ...adopted("mapper", scope.audienceMapper.resourceName) },
        );
      }
    }
    this.clientScopes = clientScopes;
    this.scopeNames = args.scopes.map((s) => s.name);
    this.registerOutputs({ scopeNames: this.scopeNames });
  }
}

interface MapperTarget {
  readonly realmId: string;
  readonly clientScopeId: pulumi.Input<string>;
}

/** One typed mapper per claim source; the spec carries every argument but the realm and the scope. */
function createMapper(
  name: string,
  spec: MapperSpec,
  target: MapperTarget,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  switch (spec.kind) {
    case "UserAttributeProtocolMapper":
      return new keycloak.openid.UserAttributeProtocolMapper(name, { ...spec.args, ...target }, opts);
    case "UserPropertyProtocolMapper":
      return new keycloak.openid.UserPropertyProtocolMapper(name, { ...spec.args, ...target }, opts);
    case "GroupMembershipProtocolMapper":
      return new keycloak.openid.GroupMembershipProtocolMapper(name, { ...spec.args, ...target }, opts);
    case "UserRealmRoleProtocolMapper":
      return new keycloak.openid.UserRealmRoleProtocolMapper(name, { ...spec.args, ...target }, opts);
    case "UserClientRoleProtocolMapper":
      return new keycloak.openid.UserClientRoleProtocolMapper(name, { ...spec.args, ...target }, opts);
    case "HardcodedClaimProtocolMapper":
      return new keycloak.openid.HardcodedClaimProtocolMapper(name, { ...spec.args, ...target }, opts);
    case "FullNameProtocolMapper":
      return new keycloak.openid.FullNameProtocolMapper(name, { ...spec.args, ...target }, opts);
    case "UserSessionNoteProtocolMapper":
      return new keycloak.openid.UserSessionNoteProtocolMapper(name, { ...spec.args, ...target }, opts);
  }
}
