/**
 * Provider arguments from the stack's settings, as plain data. Every resource names its provider
 * explicitly, and these arguments are complete, so nothing falls back to ambient configuration
 * (`KEYCLOAK_*` variables, the operator's current kubeconfig context).
 */
import type { ProgramSettings } from "./config";

export interface KeycloakProviderArgs<S> {
  readonly url: string;
  /** The realm the admin client logs in to (not the realm provisioned). */
  readonly realm: string;
  readonly clientId: string;
  readonly clientSecret?: S;
  readonly username?: string;
  readonly password?: S;
  /** Keycloak 17+ serves the admin API at the root; the provider's historical default is "/auth". */
  readonly basePath: "";
}

export function keycloakProviderArgs<S>(keycloak: ProgramSettings<S>["keycloak"]): KeycloakProviderArgs<S> {
  const { login } = keycloak;
  const common = { url: keycloak.url, realm: keycloak.adminRealm, clientId: login.clientId, basePath: "" as const };
  return login.kind === "client-credentials"
    ? { ...common, clientSecret: login.clientSecret }
    : { ...common, username: login.username, password: login.password };
}

export interface KubernetesProviderArgs<S> {
  readonly context?: string;
  readonly kubeconfig?: S;
}

/** Null when credential delivery is off: then no Kubernetes provider is created at all. */
export function kubernetesProviderArgs<S>(kubernetes: ProgramSettings<S>["kubernetes"]): KubernetesProviderArgs<S> | null {
  if (!kubernetes.deliverCredentials) return null;
  return {
    ...(kubernetes.context !== null ? { context: kubernetes.context } : {}),
    ...(kubernetes.kubeconfig !== null ? { kubeconfig: kubernetes.kubeconfig } : {}),
  };
}
