/** The components the program is built from: one per service (its scopes), one per client. */
export { ServiceScopes, type ServiceScopesArgs } from "./service-scopes";
export { RegisteredClient, type RegisteredClientArgs, type CredentialDelivery } from "./registered-client";
