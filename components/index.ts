/**
 * The Pulumi side of the project, in one folder: the components (one per service, one per client) and
 * everything only they use (stack config, providers, resource options, outputs); logical names come
 * with the plan. `index.ts` at the project root reads the stack's config and calls `provision`;
 * nothing under `src/` imports from here.
 */
export { ServiceScopes, type ServiceScopesArgs } from "./service-scopes";
export { RegisteredClient, type RegisteredClientArgs, type CredentialDelivery } from "./registered-client";
export { provision, type Settings } from "./provision";
export { planForStack, stackWarningLines } from "./stack-plan";
export { CONFIG_NAMESPACE, PLAIN_KEYS, REGISTRY_DIR_VARIABLE, SECRET_KEYS, parseConfig, registryRoot } from "./config";
export { useV8StackTraces } from "./stack-traces";
export { readAdoption, AdoptionError, NO_ADOPTION, type AdoptionSettings } from "./adoption";
