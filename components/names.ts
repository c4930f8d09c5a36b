/**
 * The providers' Pulumi logical names. Every other logical name comes with the plan
 * (src/registry/plan.ts), which derives them from registry keys only.
 */
export const KEYCLOAK_PROVIDER_NAME = "keycloak";
export const KUBERNETES_PROVIDER_NAME = "kubernetes";
