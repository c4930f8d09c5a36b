/**
 * Keycloak could not be reached, refused the login, or answered a call with an error. Its message is
 * one line naming the URL and the call, never the secret; the command line exits 3 on it. Kept apart
 * from admin.ts so that the command line can recognise it without loading the admin client.
 */
export class KeycloakUnavailable extends Error {}
