/**
 * Stack outputs: what the environment contains, for operators and for `pulumi stack output`. Built
 * from the plan and plain settings only, so no secret can reach them.
 */
import type { EnvironmentPlan } from "../src/registry";

export interface ClientOutput {
  readonly type: string;
  readonly defaultScopes: readonly string[];
  readonly optionalScopes: readonly string[];
  /** Scopes the client lists that this environment does not have yet. */
  readonly notYetAvailable: readonly string[];
  /** Where the client's credentials are delivered (`<namespace>/<secret name>`); null when nowhere. */
  readonly credentials: string | null;
}

export interface StackOutputs {
  readonly environment: string;
  readonly issuerUrl: string;
  readonly scopes: readonly string[];
  readonly clients: Readonly<Record<string, ClientOutput>>;
}

export function stackOutputs(
  plan: EnvironmentPlan,
  stack: { readonly issuerUrl: string; readonly deliverCredentials: boolean },
): StackOutputs {
  const { issuerUrl, deliverCredentials } = stack;
  return {
    environment: plan.environment,
    issuerUrl,
    scopes: plan.scopes.map((s) => s.name),
    clients: Object.fromEntries(
      plan.clients.map((c) => [
        c.clientId,
        {
          type: c.type,
          defaultScopes: [...c.defaultScopes],
          optionalScopes: [...c.optionalScopes],
          notYetAvailable: c.notYetAvailable.map((s) => s.name),
          credentials:
            c.credentials && deliverCredentials ? `${c.credentials.namespace}/${c.credentials.secretName}` : null,
        },
      ]),
    ),
  };
}
