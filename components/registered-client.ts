/**
 * RegisteredClient: one OIDC client with its authoritative default and optional scope lists and, for
 * a confidential client, its generated secret and the Kubernetes Secret that delivers it.
 */
import * as keycloak from "@pulumi/keycloak";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { PlannedClient } from "../src/registry";
import { clientSpec, scopeAttachments, secretSpec } from "./clients";
import { NO_ADOPTION, type AdoptionSettings } from "./adoption";
import { resourceOptionsFor } from "./options";

export interface CredentialDelivery {
  readonly provider: k8s.Provider;
  /** `${url}/realms/${realm}`: what the application configures as its issuer. */
  readonly issuerUrl: string;
}

export interface RegisteredClientArgs {
  readonly realm: string;
  readonly client: PlannedClient;
  readonly provider: keycloak.Provider;
  /**
   * The registry's client scopes by full name. Attachments depend on the ones they list, so a scope
   * exists before it is attached; built-ins are not in it (they already exist in every realm).
   */
  readonly clientScopes: ReadonlyMap<string, pulumi.Resource>;
  readonly protect: boolean;
  /** Null when credential delivery is off for this stack. */
  readonly delivery: CredentialDelivery | null;
  /** Whether the client already exists in the realm (imported, not created) and keeps its secret. */
  readonly adoption?: AdoptionSettings;
}

export class RegisteredClient extends pulumi.ComponentResource {
  readonly clientId: string;
  readonly keycloakClient: keycloak.openid.Client;
  /** The client roles it defines, by name. */
  readonly roles: ReadonlyMap<string, keycloak.Role>;
  private readonly planned: PlannedClient;
  private readonly realm: string;
  private readonly provider: keycloak.Provider;
  private readonly policy: { readonly protect: boolean };

  constructor(name: string, args: RegisteredClientArgs, opts?: pulumi.ComponentResourceOptions) {
    super("scope-registry:keycloak:RegisteredClient", name, {}, opts);
    const { realm, client, provider, delivery } = args;
    const policy = { protect: args.protect };
    const childName = client.resourceName;

    const adoption = args.adoption ?? NO_ADOPTION;
    // An adopted confidential client keeps the secret Keycloak holds, so running applications keep
    // working: the program generates none and sets none, and delivers the one Keycloak has.
    const keepsSecret = client.credentials !== null && adoption.keepsSecret(client.clientId);
    const password =
      client.credentials && !keepsSecret
        ? new random.RandomPassword(childName, secretSpec(client.credentials.rotation), {
            parent: this,
            ...resourceOptionsFor("client-secret", policy),
          })
        : undefined;
    // RandomPassword marks `result` secret in the engine; wrapping it again keeps it secret on every
    // path, including the mock monitor, which does not apply additionalSecretOutputs.
    const generated = password ? pulumi.secret(password.result) : undefined;

    const importId = adoption.importId("client", client.resourceName);
    const keycloakClient = new keycloak.openid.Client(
      childName,
      { realmId: realm, ...clientSpec(client), ...(generated ? { clientSecret: generated } : {}) },
      {
        parent: this,
        provider,
        ...resourceOptionsFor("client", policy),
        ...(importId !== undefined ? { import: importId } : {}),
      },
    );
    const clientSecret = generated ?? (keepsSecret ? pulumi.secret(keycloakClient.clientSecret) : undefined);

    const lists = scopeAttachments(client);
    const dependsOnScopes = (names: readonly string[]) =>
      names.flatMap((n) => {
        const scope = args.clientScopes.get(n);
        return scope ? [scope] : [];
      });
    const attachmentOptions = { parent: this, provider, ...resourceOptionsFor("scope-attachment", policy) };
    const optional =
      lists.optionalScopes === null
        ? null
        : new keycloak.openid.ClientOptionalScopes(
            childName,
            { realmId: realm, clientId: keycloakClient.id, optionalScopes: lists.optionalScopes },
            { ...attachmentOptions, dependsOn: dependsOnScopes(lists.optionalScopes) },
          );
    if (lists.defaultScopes !== null) {
      // The provider refuses to attach a scope that is attached as the other kind, and updates the two
      // lists independently (terraform-provider-keycloak #1212, #1270): a scope moving between them
      // would race. Updating the optional list first makes the common move, optional to default (a
      // SAFE promotion), apply in one update; default to optional (BREAKING) takes two, which `diff`
      // says, and the provider refuses the one-step version with a clear error.
      new keycloak.openid.ClientDefaultScopes(
        childName,
        { realmId: realm, clientId: keycloakClient.id, defaultScopes: lists.defaultScopes },
        { ...attachmentOptions, dependsOn: [...dependsOnScopes(lists.defaultScopes), ...(optional ? [optional] : [])] },
      );
    }

    if (client.credentials && clientSecret && delivery) {
      new k8s.core.v1.Secret(
        childName,
        {
          metadata: {
            name: client.credentials.secretName,
            namespace: client.credentials.namespace,
            labels: { "app.kubernetes.io/managed-by": "scope-registry" },
          },
          type: "Opaque",
          stringData: pulumi.secret({
            "client-id": client.clientId,
            "client-secret": clientSecret,
            "issuer-url": delivery.issuerUrl,
          }),
        },
        { parent: this, provider: delivery.provider, ...resourceOptionsFor("kubernetes-secret", policy) },
      );
    }

    this.roles = new Map(
      client.roles.map((role) => [
        role.name,
        new keycloak.Role(
          role.resourceName,
          { realmId: realm, clientId: keycloakClient.id, name: role.name, description: role.description },
          { parent: this, provider, ...resourceOptionsFor("client-role", policy) },
        ),
      ]),
    );
    this.clientId = client.clientId;
    this.keycloakClient = keycloakClient;
    this.planned = client;
    this.realm = realm;
    this.provider = provider;
    this.policy = policy;
    this.registerOutputs({ clientId: client.clientId });
  }

  /**
   * The roles the client's service account holds, granted once every client of the stack exists (a
   * client may hold a role of a client registered after it). With fullScopeAllowed off, each held role
   * is also in the client's role scope (a scope mapping), or its tokens would not carry it.
   */
  holdRoles(clients: ReadonlyMap<string, RegisteredClient>): void {
    const { planned, realm, provider } = this;
    const options = { parent: this, provider, ...resourceOptionsFor("role-grant", this.policy) };
    for (const held of planned.serviceAccountRoles) {
      let roleId: pulumi.Output<string>;
      if (held.client === null) {
        new keycloak.openid.ClientServiceAccountRealmRole(
          held.resourceName,
          { realmId: realm, serviceAccountUserId: this.keycloakClient.serviceAccountUserId, role: held.role },
          options,
        );
        roleId = keycloak.getRoleOutput({ realmId: realm, name: held.role }, { parent: this, provider }).id;
      } else {
        const owner = clients.get(held.client);
        const role = owner?.roles.get(held.role);
        if (owner === undefined || role === undefined) {
          throw new Error(`the plan holds role ${held.role} of ${held.client}, which this stack does not define`);
        }
        new keycloak.openid.ClientServiceAccountRole(
          held.resourceName,
          {
            realmId: realm,
            serviceAccountUserId: this.keycloakClient.serviceAccountUserId,
            clientId: owner.keycloakClient.id,
            role: role.name,
          },
          options,
        );
        roleId = role.id;
      }
      if (!planned.fullScopeAllowed) {
        new keycloak.GenericRoleMapper(
          held.resourceName,
          { realmId: realm, clientId: this.keycloakClient.id, roleId },
          options,
        );
      }
    }
  }
}
