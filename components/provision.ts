/**
 * The resource layer: turns one environment's plan into providers and components. It takes plain
 * settings (secrets as inputs), never reads config, and registers exactly what the plan says.
 */
import * as keycloak from "@pulumi/keycloak";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { NO_ADOPTION, type AdoptionSettings } from "./adoption";
import { RegisteredClient } from "./registered-client";
import { ServiceScopes } from "./service-scopes";
import type { EnvironmentPlan, PlannedScope } from "../src/registry";
import type { ProgramSettings } from "./config";
import { KEYCLOAK_PROVIDER_NAME, KUBERNETES_PROVIDER_NAME } from "./names";
import { stackOutputs, type StackOutputs } from "./outputs";
import { keycloakProviderArgs, kubernetesProviderArgs } from "./providers";

export type Settings = ProgramSettings<pulumi.Input<string>>;

/**
 * `opts` go to every component (not to the providers): a parent to embed the registry under, or
 * transformations, through which tests observe the options each resource gets.
 */
export function provision(
  plan: EnvironmentPlan,
  settings: Settings,
  opts: pulumi.ComponentResourceOptions = {},
  adoption: AdoptionSettings = NO_ADOPTION,
): StackOutputs {
  if (plan.environment !== settings.environment) {
    throw new Error(
      `the plan is for ${plan.environment}, but stack ${settings.stack} provisions ${settings.environment}`,
    );
  }
  const { realm } = settings.keycloak;
  const provider = new keycloak.Provider(KEYCLOAK_PROVIDER_NAME, keycloakProviderArgs(settings.keycloak));
  const kubernetesArgs = kubernetesProviderArgs(settings.kubernetes);
  const delivery = kubernetesArgs
    ? { provider: new k8s.Provider(KUBERNETES_PROVIDER_NAME, kubernetesArgs), issuerUrl: settings.keycloak.issuerUrl }
    : null;

  const clientScopes = new Map<string, pulumi.Resource>();
  for (const [componentName, scopes] of byService(plan.scopes)) {
    const component = new ServiceScopes(
      componentName,
      { realm, scopes, provider, protect: settings.protect, adoption },
      opts,
    );
    for (const [name, scope] of component.clientScopes) clientScopes.set(name, scope);
  }
  const clients = new Map<string, RegisteredClient>();
  for (const client of plan.clients) {
    clients.set(
      client.clientId,
      new RegisteredClient(
        client.clientId,
        { realm, client, provider, clientScopes, protect: settings.protect, delivery, adoption },
        opts,
      ),
    );
  }
  for (const client of clients.values()) client.holdRoles(clients);
  return stackOutputs(plan, { issuerUrl: settings.keycloak.issuerUrl, deliverCredentials: delivery !== null });
}

/** Scopes grouped by their service's component, in the plan's (sorted) order. */
function byService(scopes: readonly PlannedScope[]): Map<string, PlannedScope[]> {
  const groups = new Map<string, PlannedScope[]>();
  for (const scope of scopes) {
    const group = groups.get(scope.serviceResourceName);
    if (group) group.push(scope);
    else groups.set(scope.serviceResourceName, [scope]);
  }
  return groups;
}
