/**
 * Provider arguments from the stack's settings, as plain data. Every resource names its provider
 * explicitly, and these arguments leave the provider nothing to take from the operator's environment.
 *
 * terraform-provider-keycloak fills every login field that is not set from a `KEYCLOAK_*` variable
 * (provider/provider.go: `EnvDefaultFunc("KEYCLOAK_USER")`, `KEYCLOAK_PASSWORD`,
 * `KEYCLOAK_CLIENT_SECRET`, `KEYCLOAK_ACCESS_TOKEN`, ...), and it prefers a password login when a user
 * name and password are present. So the login method not chosen is set to "" rather than left out: an
 * operator with `KEYCLOAK_USER` exported must not turn the production stack's client-credentials login
 * into a login as themselves.
 */
import type { ProgramSettings } from "./config";

export interface KeycloakProviderArgs<S> {
  readonly url: string;
  /** Empty: the admin API is under `url`; otherwise `KEYCLOAK_ADMIN_URL` could redirect it. */
  readonly adminUrl: "";
  /** Keycloak 17+ serves everything at the root (no `/auth`); a wrong base path gives 404s. */
  readonly basePath: "";
  /** The realm the admin client logs in to (not the realm provisioned). */
  readonly realm: string;
  readonly clientId: string;
  readonly clientSecret: S | "";
  readonly username: string;
  readonly password: S | "";
  readonly accessToken: "";
  readonly jwtTokenFile: "";
  /**
   * Seconds per admin API request. The Terraform provider's own default is 15 (provider.go); the
   * Pulumi SDK's fallback is 5, short for a busy production server.
   */
  readonly clientTimeout: number;
}

export function keycloakProviderArgs<S>(keycloak: ProgramSettings<S>["keycloak"]): KeycloakProviderArgs<S> {
  const { login } = keycloak;
  const common = {
    url: keycloak.url,
    adminUrl: "",
    basePath: "",
    realm: keycloak.adminRealm,
    clientId: login.clientId,
    accessToken: "",
    jwtTokenFile: "",
    clientTimeout: 15,
  } as const;
  return login.kind === "client-credentials"
    ? { ...common, clientSecret: login.clientSecret, username: "", password: "" }
    : { ...common, clientSecret: "", username: login.username, password: login.password };
}

export interface KubernetesProviderArgs<S> {
  readonly context?: string;
  readonly kubeconfig?: S;
}

/**
 * Null when credential delivery is off: then no Kubernetes provider is created at all. The context is
 * named explicitly (parseConfig requires it or a kubeconfig), so the operator's currently selected
 * context never decides which cluster receives the secrets; without a kubeconfig, the file itself is
 * found the usual way (`KUBECONFIG`, then ~/.kube/config).
 */
export function kubernetesProviderArgs<S>(
  kubernetes: ProgramSettings<S>["kubernetes"],
): KubernetesProviderArgs<S> | null {
  if (!kubernetes.deliverCredentials) return null;
  return {
    ...(kubernetes.context !== null ? { context: kubernetes.context } : {}),
    ...(kubernetes.kubeconfig !== null ? { kubeconfig: kubernetes.kubeconfig } : {}),
  };
}
