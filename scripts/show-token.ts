/**
 * After `npm run local:up`: asks the local Keycloak for one real token, a service-account token of
 * odcs-compose-bot with ODCS's optional new-compose scope, and prints its decoded claims. The client
 * secret is read through the admin API and never printed.
 */
import { keycloakEnv } from "../e2e/harness";
import { accessTokenClaims, KeycloakAdmin } from "../e2e/keycloak";

async function main() {
  const keycloak = keycloakEnv();
  const admin = await KeycloakAdmin.connect(keycloak);
  const claims = await accessTokenClaims(keycloak, {
    grant_type: "client_credentials",
    client_id: "odcs-compose-bot",
    client_secret: await admin.clientSecret("odcs-compose-bot"),
    scope: "https://pagure.io/odcs/new-compose",
  });
  console.log("claims of a real access token for odcs-compose-bot, scope https://pagure.io/odcs/new-compose:");
  console.log(JSON.stringify(claims, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
